"""Properties of the one aggregation, over any scores, weights and moderation (hypothesis)."""

from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from scoring.aggregation import aggregate, display

weights = st.lists(st.sampled_from([Decimal("0.5"), Decimal("1"), Decimal("1.5"), Decimal("2")]), min_size=5,
                   max_size=5)
score = st.integers(min_value=1, max_value=5)


def categories_for(weight_list):
    return [SimpleNamespace(pk=i, name=f"Category {i}", weight=w) for i, w in enumerate(weight_list, start=1)]


@st.composite
def scoring(draw, weight_list=None):
    weight_list = weight_list or [Decimal("1")] * 5
    categories = categories_for(weight_list)
    assessors = draw(st.integers(min_value=1, max_value=6))
    submitted = [
        (f"assessor {a}", {c.pk: (draw(score), "rationale") for c in categories}) for a in range(assessors)
    ]
    return categories, submitted


def summary_of(categories, submitted, moderated=None, threshold=15, assigned=None):
    rubric = SimpleNamespace(threshold=threshold, number=1)
    return aggregate(rubric, categories, submitted, moderated or {},
                     assigned_count=len(submitted) if assigned is None else assigned)


@given(scoring())
def test_the_total_is_always_between_5_and_25(case):
    categories, submitted = case
    total = summary_of(categories, submitted).total
    assert 5 <= total <= 25


@given(weights.flatmap(lambda w: scoring(w)))
def test_with_weights_the_total_is_between_the_weighted_bounds(case):
    categories, submitted = case
    weight_sum = sum(Fraction(c.weight) for c in categories)
    summary = summary_of(categories, submitted)
    assert weight_sum * 1 <= summary.total <= weight_sum * 5 == summary.maximum


@given(scoring(), st.integers(min_value=5, max_value=25))
def test_eligibility_flips_exactly_at_the_threshold(case, threshold):
    categories, submitted = case
    summary = summary_of(categories, submitted, threshold=threshold)
    assert summary.eligible == (summary.total >= threshold)
    exactly = summary_of(categories, submitted, threshold=summary.total)
    assert exactly.eligible
    just_above = summary_of(categories, submitted, threshold=summary.total + Fraction(1, 100))
    assert not just_above.eligible


@given(scoring(), st.data())
def test_a_moderated_score_overrides_the_mean(case, data):
    categories, submitted = case
    category = data.draw(st.sampled_from(categories))
    agreed = data.draw(st.sampled_from([Decimal("1"), Decimal("2.5"), Decimal("3"), Decimal("4.5"), Decimal("5")]))
    plain = summary_of(categories, submitted)
    moderated = summary_of(categories, submitted, moderated={category.pk: (agreed, "agreed")})
    row = next(c for c in moderated.categories if c.category is category)
    assert row.governing == Fraction(agreed) and row.mean == next(
        c.mean for c in plain.categories if c.category is category
    )
    assert moderated.total == plain.total - next(
        c.mean for c in plain.categories if c.category is category
    ) + Fraction(agreed)
    assert not row.needs_moderation


@given(scoring())
def test_mean_and_spread_describe_the_scores(case):
    categories, submitted = case
    for row in summary_of(categories, submitted).categories:
        values = [s.score for s in row.scores]
        assert row.low <= row.mean <= row.high
        assert row.spread == max(values) - min(values)
        assert row.needs_moderation == (row.spread >= 2)


@given(scoring())
def test_nothing_is_eligible_until_every_assessor_has_submitted(case):
    categories, submitted = case
    summary = summary_of(categories, submitted, threshold=5, assigned=len(submitted) + 1)
    assert not summary.complete and not summary.eligible


def test_display_rounds_half_up_to_two_places():
    assert display(Fraction(46, 3)) == "15.33"
    assert display(Fraction(29, 2)) == "14.5"
    assert display(Fraction(15)) == "15"
    assert display(None) == "–"
