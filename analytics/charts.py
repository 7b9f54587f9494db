"""
The stays a stage saw end each month, as geometry for an inline SVG drawn on the server
(analytics/_throughput_chart.html), as the score chart is: the arithmetic here, the template only
places what it is given, and its title and description say the figures in words.
"""

from dataclasses import dataclass

WIDTH = 660
PLOT_LEFT = 48
PLOT_RIGHT = WIDTH - 12
PLOT_TOP = 24
PLOT_BOTTOM = 200
HEIGHT = 244
FONT_SIZE = 13
SMALL_FONT_SIZE = 11
BAR_GAP = 0.25  # of each month's width, between bars


def _r(value):
    return round(float(value), 1)


@dataclass(frozen=True)
class MonthBar:
    month: object
    count: int
    x: float
    y: float
    width: float
    height: float
    label: str
    label_x: float
    value_y: float


@dataclass(frozen=True)
class Tick:
    value: int
    y: float
    label_y: float


@dataclass(frozen=True)
class ThroughputChart:
    title: str
    description: str
    bars: list
    ticks: list
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = PLOT_LEFT
    plot_right: int = PLOT_RIGHT
    plot_top: int = PLOT_TOP
    plot_bottom: int = PLOT_BOTTOM
    tick_label_x: int = PLOT_LEFT - 6
    label_y: int = PLOT_BOTTOM + 18
    year_y: int = PLOT_BOTTOM + 34
    font_family: str = "Arial, Helvetica, sans-serif"
    font_size: int = FONT_SIZE
    small_font_size: int = SMALL_FONT_SIZE


def nice_top(highest):
    """The axis's top: the highest count rounded up to 1, 2 or 5 times a power of ten (at least 1)."""
    top, scale = 1, 1
    while top < highest:
        for step in (1, 2, 5):
            top = step * scale
            if top >= highest:
                break
        scale *= 10
    return top


def throughput_chart(stage_label, months):
    """months: {first day of the month: stays ended}, in order."""
    top = nice_top(max(months.values(), default=0))
    slot = (PLOT_RIGHT - PLOT_LEFT) / max(len(months), 1)
    bars = []
    for i, (month, count) in enumerate(months.items()):
        height = (PLOT_BOTTOM - PLOT_TOP) * count / top
        x = PLOT_LEFT + i * slot + slot * BAR_GAP / 2
        bars.append(MonthBar(
            month=month, count=count, x=_r(x), y=_r(PLOT_BOTTOM - height), width=_r(slot * (1 - BAR_GAP)),
            height=_r(height), label=f"{month:%b}", label_x=_r(x + slot * (1 - BAR_GAP) / 2),
            value_y=_r(PLOT_BOTTOM - height - 4),
        ))
    ticks = []
    for value in sorted({0, top // 2, top}):
        y = _r(PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * value / top)
        ticks.append(Tick(value=value, y=y, label_y=_r(y + 4)))
    words = "; ".join(f"{month:%B %Y}: {count}" for month, count in months.items())
    return ThroughputChart(
        title=f"{stage_label}: proposals that left the stage each month",
        description=f"Proposals that left the stage, by month. {words}.",
        bars=bars, ticks=ticks,
    )
