"""
A chart of a proposal's category scores, as geometry for an inline SVG drawn on the server
(scoring/_score_chart.html), so the same markup serves the HTML page and the PDF pack.

All the arithmetic is here, in Python, with coordinates rounded to one decimal: the template only
places what it is given. Per category: the governing score (the mean, or the moderated score
where one is recorded) as a bar on a 0 to 5 axis, the range of the assessors' scores as a thin
whisker beneath it, a diamond where a moderated score governs, and the value printed as text.
"""

from dataclasses import dataclass, field
from fractions import Fraction

from .aggregation import display

AXIS_MAX = 5

WIDTH = 660
PADDING = 8
LABEL_X = PADDING
LABEL_CHARS = 28  # characters per line of a category name
LABEL_LINES = 3  # at most; a longer name is cut short with an ellipsis (the description has it whole)
PLOT_LEFT = 236
PLOT_WIDTH = 300  # 60 units a point
PLOT_RIGHT = PLOT_LEFT + PLOT_WIDTH

FONT_SIZE = 14
SMALL_FONT_SIZE = 12
LINE_HEIGHT = 18
BASELINE_SHIFT = 5  # from the middle of a line of 14px text down to its baseline

MIN_ROW_HEIGHT = 48
ROW_PADDING = 18  # above and below a wrapped name, together

BAR_HEIGHT = 14
BAR_OFFSET = -13  # bar top, from the row's centre
WHISKER_OFFSET = 9  # whisker line, from the row's centre
CAP_HALF = 5  # half the height of the whisker's end caps
MARKER_HALF = 8  # half the diagonal of the moderated diamond
VALUE_GAP = 6

LEGEND_GAP = 24
SWATCH_WIDTH = 20
CHAR_WIDTH = 0.55  # of the font size: a generous estimate of Arial's average character


def _r(value):
    return round(float(value), 1)


def _points(cx, cy, half):
    """A diamond (a square on its corner) about (cx, cy), as the points of an SVG polygon."""
    corners = [(cx, cy - half), (cx + half, cy), (cx, cy + half), (cx - half, cy)]
    return " ".join(f"{_r(x):.1f},{_r(y):.1f}" for x, y in corners)


def x_for(score):
    """The x of a score on the 0 to 5 axis (clamped to the axis)."""
    score = min(max(Fraction(score), Fraction(0)), Fraction(AXIS_MAX))
    return _r(PLOT_LEFT + score * PLOT_WIDTH / AXIS_MAX)


def wrap(text, width=LABEL_CHARS, max_lines=LABEL_LINES):
    """Split text on words into lines of at most width characters; at most max_lines of them."""
    lines, current = [], ""
    for word in str(text).split():
        while len(word) > width:  # a word longer than a line is broken where it must be
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:width])
            word = word[width:]
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= width:
            current = f"{current} {word}"
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        rest = " ".join(lines[max_lines - 1:])
        lines = lines[:max_lines - 1] + [rest[:width - 1].rstrip() + "…"]
    return lines or [""]


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Whisker:
    x1: float  # the lowest assessor's score
    x2: float  # the highest
    y: float
    cap_top: float
    cap_bottom: float


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    points: str  # an SVG polygon's points: a diamond


@dataclass(frozen=True)
class Line:
    text: str
    y: float  # baseline


@dataclass(frozen=True)
class Tick:
    value: int
    label: str
    x: float


@dataclass(frozen=True)
class Row:
    name: str
    y: float  # top
    height: float
    centre: float
    label_lines: list
    scored: bool
    moderated: bool
    bar: Bar | None
    whisker: Whisker | None
    marker: Marker | None
    value_text: str
    value_x: float
    value_y: float


@dataclass(frozen=True)
class LegendItem:
    kind: str  # "bar", "whisker" or "marker"
    text: str
    text_x: float
    text_y: float
    bar: Bar | None = None
    whisker: Whisker | None = None
    marker: Marker | None = None


@dataclass(frozen=True)
class ScoreChart:
    width: float
    height: float
    title: str
    description: str
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    rows: list
    ticks: list
    tick_label_y: float
    axis_label: str
    axis_label_x: float
    axis_label_y: float
    legend: list = field(default_factory=list)
    label_x: float = LABEL_X
    font_family: str = "Arial, Helvetica, sans-serif"
    font_size: int = FONT_SIZE
    small_font_size: int = SMALL_FONT_SIZE


def _row(summary, top):
    lines = wrap(summary.category.name)
    height = max(MIN_ROW_HEIGHT, len(lines) * LINE_HEIGHT + ROW_PADDING)
    centre = top + height / 2
    first_baseline = centre - (len(lines) - 1) * LINE_HEIGHT / 2 + BASELINE_SHIFT
    label_lines = [Line(text, _r(first_baseline + i * LINE_HEIGHT)) for i, text in enumerate(lines)]

    governing = summary.governing
    moderated = summary.moderated is not None
    bar = whisker = marker = None
    if governing is None:
        value_text, value_x, value_y = "not yet scored", _r(PLOT_LEFT + VALUE_GAP), _r(centre + BASELINE_SHIFT)
    else:
        bar_top = centre + BAR_OFFSET
        bar_middle = bar_top + BAR_HEIGHT / 2
        end = x_for(governing)
        bar = Bar(x=PLOT_LEFT, y=_r(bar_top), width=_r(end - PLOT_LEFT), height=BAR_HEIGHT)
        if moderated:
            marker = Marker(x=end, y=_r(bar_middle), points=_points(end, bar_middle, MARKER_HALF))
        if summary.scores:
            y = centre + WHISKER_OFFSET
            whisker = Whisker(x1=x_for(summary.low), x2=x_for(summary.high), y=_r(y),
                              cap_top=_r(y - CAP_HALF), cap_bottom=_r(y + CAP_HALF))
        value_text = f"{summary.governing_display} (moderated)" if moderated else summary.governing_display
        value_x = _r(end + (MARKER_HALF if moderated else 0) + VALUE_GAP)
        value_y = _r(bar_middle + BASELINE_SHIFT)
    return Row(
        name=str(summary.category.name), y=_r(top), height=_r(height), centre=_r(centre), label_lines=label_lines,
        scored=governing is not None, moderated=moderated, bar=bar, whisker=whisker, marker=marker,
        value_text=value_text, value_x=value_x, value_y=value_y,
    )


def _described(category):
    name = str(category.category.name)
    if category.governing is None:
        return f"{name} not yet scored"
    scores = category.scores
    if not scores:
        spread = "no assessor scores"
    elif len(scores) == 1:
        spread = f"one assessor scored {category.low}"
    elif category.low == category.high:
        everyone = "both" if len(scores) == 2 else f"all {len(scores)}"
        spread = f"{everyone} assessors scored {category.low}"
    elif category.moderated is not None:
        spread = f"assessors' mean {category.mean_display}, scores ranged from {category.low} to {category.high}"
    else:
        spread = f"assessors' scores ranged from {category.low} to {category.high}"
    if category.moderated is not None:
        return f"{name} {category.governing_display}, moderated ({spread})"
    return f"{name} {category.governing_display} ({spread})"


def _description(summary):
    parts = "; ".join(_described(c) for c in summary.categories) or "none"
    threshold = summary.threshold
    if summary.total is None:
        total = "Weighted total not yet available"
        if threshold is not None:
            total += f" (threshold {summary.threshold_display})"
    else:
        total = f"Weighted total {summary.total_display} out of {display(summary.maximum)}"
        if threshold is not None:
            meets = "meets" if summary.total >= threshold else "is below"
            total += f" against a threshold of {summary.threshold_display}: it {meets} the threshold"
    return f"Scores by category: {parts}. {total}."


def _legend(top, any_moderated):
    wanted = [
        ("bar", "Mean score, or moderated score"),
        ("whisker", "Range of assessors' scores"),
    ]
    if any_moderated:
        wanted.append(("marker", "Moderated score"))
    items, x, line_top = [], LABEL_X, top
    for kind, text in wanted:
        item_width = SWATCH_WIDTH + VALUE_GAP + len(text) * SMALL_FONT_SIZE * CHAR_WIDTH
        if x > LABEL_X and x + item_width > WIDTH - PADDING:
            x, line_top = LABEL_X, line_top + LINE_HEIGHT + 6
        middle = line_top + LINE_HEIGHT / 2
        item = {"kind": kind, "text": text, "text_x": _r(x + SWATCH_WIDTH + VALUE_GAP),
                "text_y": _r(middle + BASELINE_SHIFT - 1)}
        if kind == "bar":
            item["bar"] = Bar(x=_r(x), y=_r(middle - 6), width=SWATCH_WIDTH, height=12)
        elif kind == "whisker":
            item["whisker"] = Whisker(x1=_r(x + 1), x2=_r(x + SWATCH_WIDTH - 1), y=_r(middle),
                                      cap_top=_r(middle - CAP_HALF), cap_bottom=_r(middle + CAP_HALF))
        else:
            centre = x + SWATCH_WIDTH / 2
            item["marker"] = Marker(x=_r(centre), y=_r(middle), points=_points(centre, middle, MARKER_HALF - 1))
        items.append(LegendItem(**item))
        x += item_width + LEGEND_GAP
    return items, line_top + LINE_HEIGHT


def score_chart(summary):
    """The geometry of the chart of a ScoreSummary (scoring.aggregation), for scoring/_score_chart.html."""
    plot_top = PADDING
    rows, top = [], plot_top
    for category in summary.categories:
        row = _row(category, top)
        rows.append(row)
        top += row.height
    plot_bottom = top
    ticks = [Tick(value=v, label=str(v), x=x_for(v)) for v in range(AXIS_MAX + 1)]
    tick_label_y = plot_bottom + 18
    axis_label_y = tick_label_y + 18
    legend, legend_bottom = _legend(axis_label_y + 14, any(r.moderated for r in rows))
    return ScoreChart(
        width=WIDTH,
        height=_r(legend_bottom + PADDING),
        title="Scores by category",
        description=_description(summary),
        plot_left=PLOT_LEFT,
        plot_right=PLOT_RIGHT,
        plot_top=_r(plot_top),
        plot_bottom=_r(plot_bottom),
        rows=rows,
        ticks=ticks,
        tick_label_y=_r(tick_label_y),
        axis_label="Score (0 to 5)",
        axis_label_x=_r(PLOT_LEFT + PLOT_WIDTH / 2),
        axis_label_y=_r(axis_label_y),
        legend=legend,
    )
