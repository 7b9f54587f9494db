"""The chart of category scores: geometry in Python (scoring.charts), inline SVG from the template."""

import xml.etree.ElementTree as ET
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string

from scoring.aggregation import aggregate
from scoring.charts import PLOT_LEFT, PLOT_WIDTH, score_chart, wrap

SVG = "{http://www.w3.org/2000/svg}"
LONG_NAME = "Working at ICS scale would deliver significant finance & efficiency gains"


def summary_of(names, submitted, moderated=None, threshold=15):
    """names: one per category (pk 1, 2, ...); submitted: one {pk: score} per assessor."""
    categories = [SimpleNamespace(pk=i, name=name, weight=Decimal("1")) for i, name in enumerate(names, start=1)]
    rubric = SimpleNamespace(threshold=Decimal(threshold), number=1)
    scores = [(f"assessor {a}", {pk: (s, "rationale") for pk, s in each.items()}) for a, each in enumerate(submitted)]
    return aggregate(rubric, categories, scores, moderated or {}, assigned_count=len(submitted))


def render(summary, **extra):
    return render_to_string("scoring/_score_chart.html", {"chart": score_chart(summary), **extra})


def parse(svg):
    return ET.fromstring(svg.strip())


def parts(element, part):
    return [e for e in element.iter() if e.get("data-part") == part]


def rows(root):
    return parts(root, "row")


def x_of(score):
    return PLOT_LEFT + score * PLOT_WIDTH / 5


def text_of(element):
    return "".join(element.itertext())


@pytest.fixture
def mixed():
    """A: 2 and 3 (mean 2.5); B: 5 and 5; C: 1 and 5, moderated to 4; D: nobody has scored it."""
    return summary_of(
        ["Alpha", "Bravo", "Charlie", "Delta"],
        [{1: 2, 2: 5, 3: 1}, {1: 3, 2: 5, 3: 5}],
        moderated={3: (4, "Agreed at the moderation meeting")},
    )


def test_the_output_is_well_formed_svg_that_scales(mixed):
    root = parse(render(mixed))
    chart = score_chart(mixed)
    assert root.tag == f"{SVG}svg"
    assert root.get("width") == "100%"
    assert root.get("viewBox") == f"0 0 {chart.width} {chart.height}"
    assert root.get("role") == "img"
    assert root.get("font-family") == "Arial, Helvetica, sans-serif"


def test_the_markup_works_in_a_pdf_too(mixed):
    svg = render(mixed)
    for forbidden in ("<script", "foreignObject", "<style", " style=", " class=", "href", "@import", "url("):
        assert forbidden not in svg


def test_one_bar_per_scored_category_its_width_proportional_to_the_governing_score(mixed):
    chart = score_chart(mixed)
    alpha, bravo, charlie, delta = chart.rows
    assert alpha.bar.width * 2 == bravo.bar.width == PLOT_WIDTH  # 2.5 is half of 5
    assert charlie.bar.width == PLOT_WIDTH * 4 / 5  # the moderated 4 governs, not the mean of 3
    assert delta.bar is None

    root = parse(render(mixed))
    bars = parts(root, "bar")
    assert len(bars) == 3
    assert [float(b.get("width")) for b in bars] == [PLOT_WIDTH / 2, PLOT_WIDTH, PLOT_WIDTH * 4 / 5]
    assert {float(b.get("x")) for b in bars} == {PLOT_LEFT}
    assert {b.get("fill") for b in bars} == {"#005eb8"}


def test_the_value_is_printed_at_the_end_of_each_bar(mixed):
    root = parse(render(mixed))
    values = parts(root, "value")
    assert [v.text for v in values] == ["2.5", "5", "4 (moderated)"]
    for value, bar in zip(values, parts(root, "bar"), strict=True):
        assert float(value.get("x")) > float(bar.get("x")) + float(bar.get("width"))


def test_the_whisker_spans_the_lowest_to_the_highest_assessor_score(mixed):
    chart = score_chart(mixed)
    assert (chart.rows[0].whisker.x1, chart.rows[0].whisker.x2) == (x_of(2), x_of(3))
    assert (chart.rows[2].whisker.x1, chart.rows[2].whisker.x2) == (x_of(1), x_of(5))

    root = parse(render(mixed))
    whiskers = [parts(row, "whisker") for row in rows(root)]
    assert [len(w) for w in whiskers] == [1, 1, 1, 0]
    span = whiskers[2][0].find(f"{SVG}line")
    assert (float(span.get("x1")), float(span.get("x2"))) == (x_of(1), x_of(5))
    # Thinner than the bar and dark, so the two differ in shape in black and white too.
    assert whiskers[2][0].get("stroke") == "#212b32"
    assert float(whiskers[2][0].get("stroke-width")) < float(parts(root, "bar")[0].get("height"))


def test_the_moderated_marker_appears_only_where_a_moderated_score_governs(mixed):
    root = parse(render(mixed))
    markers = [parts(row, "moderated-marker") for row in rows(root)]
    assert [len(m) for m in markers] == [0, 0, 1, 0]
    diamond = markers[2][0]
    assert diamond.tag == f"{SVG}polygon" and len(diamond.get("points").split()) == 4
    assert (diamond.get("fill"), diamond.get("stroke")) == ("#ffb81c", "#000000")
    assert score_chart(mixed).rows[2].marker.x == x_of(4)
    assert "Charlie 4, moderated (assessors' mean 3, scores ranged from 1 to 5)" in score_chart(mixed).description


def test_without_moderation_there_is_no_diamond_even_in_the_legend():
    root = parse(render(summary_of(["Alpha"], [{1: 3}, {1: 5}])))
    assert not root.findall(f".//{SVG}polygon")
    assert "Moderated score" not in text_of(root)


def test_a_long_category_name_wraps_onto_up_to_three_lines_and_the_row_grows():
    summary = summary_of(["Short", LONG_NAME], [{1: 3, 2: 4}])
    chart = score_chart(summary)
    short, long = chart.rows
    assert [line.text for line in long.label_lines] == [
        "Working at ICS scale would", "deliver significant finance", "& efficiency gains",
    ]
    assert long.height > short.height
    assert long.y == short.y + short.height

    root = parse(render(summary))
    label = parts(rows(root)[1], "label")[0]
    lines = label.findall(f"{SVG}tspan")
    assert len(lines) == 3
    assert " ".join(line.text for line in lines) == LONG_NAME
    assert len({line.get("y") for line in lines}) == 3


def test_wrapping_breaks_on_words_and_cuts_short_what_does_not_fit():
    assert wrap("Contracting & Procurement") == ["Contracting & Procurement"]
    lines = wrap("word " * 30)
    assert len(lines) == 3 and all(len(line) <= 28 for line in lines) and lines[-1].endswith("…")
    assert wrap("x" * 40) == ["x" * 28, "x" * 12]


def test_the_title_and_description_read_out_the_scores_and_the_total_against_the_threshold():
    summary = summary_of(["Alpha", "Bravo"], [{1: 2, 2: 4}, {1: 3, 2: 4}], moderated={2: (5, "Agreed")})
    root = parse(render(summary))
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title.text == "Scores by category"
    assert desc.text == (
        "Scores by category: Alpha 2.5 (assessors' scores ranged from 2 to 3); "
        "Bravo 5, moderated (both assessors scored 4). "
        "Weighted total 7.5 out of 10 against a threshold of 15: it is below the threshold."
    )
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}" == "score-chart-title score-chart-desc"


def test_the_description_says_when_the_total_meets_the_threshold():
    summary = summary_of(["Alpha", "Bravo"], [{1: 5, 2: 4}], threshold=9)
    assert score_chart(summary).description.endswith(
        "Weighted total 9 out of 10 against a threshold of 9: it meets the threshold."
    )


def test_the_ids_follow_the_chart_id_so_two_charts_can_share_a_page(mixed):
    root = parse(render(mixed, chart_id="proposal-7-scores"))
    assert root.find(f"{SVG}title").get("id") == "proposal-7-scores-title"
    assert root.find(f"{SVG}desc").get("id") == "proposal-7-scores-desc"
    assert root.get("aria-labelledby") == "proposal-7-scores-title proposal-7-scores-desc"


def test_an_unscored_category_says_not_yet_scored(mixed):
    root = parse(render(mixed))
    delta = rows(root)[3]
    assert [e.text for e in parts(delta, "not-scored")] == ["not yet scored"]
    assert not parts(delta, "bar") and not parts(delta, "whisker") and not parts(delta, "value")
    description = score_chart(mixed).description
    assert "Delta not yet scored" in description
    assert "Weighted total not yet available (threshold 15)" in description


def test_category_names_are_escaped():
    name = "<script>alert('x')</script> Finance & Efficiency"
    svg = render(summary_of([name], [{1: 3}]))
    assert "<script>" not in svg and "</script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "Finance &amp; Efficiency" in svg
    root = parse(svg)  # well formed: no bare & or <
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    label = parts(rows(root)[0], "label")[0]
    assert " ".join(t.text for t in label.findall(f"{SVG}tspan")) == name
    assert name in root.find(f"{SVG}desc").text


def test_the_chart_id_is_escaped_too(mixed):
    root = parse(render(mixed, chart_id='x" onload="alert(1)'))
    assert root.get("onload") is None


def test_coordinates_are_not_localised(settings):
    settings.USE_THOUSAND_SEPARATOR = True
    summary = summary_of([f"Category {i}" for i in range(30)], [{}])  # taller than 1,000
    chart = score_chart(summary)
    root = parse(render(summary))
    assert chart.height > 1000
    assert root.get("viewBox") == f"0 0 {chart.width} {chart.height}"
