"""
The one aggregation of scores into a summary: per category each assessor's score, the mean and
spread, a moderated score where the secretary recorded one (it then governs), the weighted total
and eligibility. Pure: it takes plain values, so pages, packs, the API, the life cycle's guard and
the property tests all read the same figures.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cached_property

# Assessors this many points apart on a category should agree a moderated score.
MODERATION_SPREAD = 2


def display(value):
    """A Fraction as people read it: at most two decimals, no trailing zeros."""
    if value is None:
        return "–"
    number = Decimal(value.numerator) / Decimal(value.denominator)
    return f"{number.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP).normalize():f}"


@dataclass
class AssessorScore:
    assessor: object
    score: int
    rationale: str


@dataclass
class CategorySummary:
    category: object  # anything with .pk, .name and .weight
    scores: list = field(default_factory=list)
    moderated: Fraction | None = None
    moderation_reason: str = ""

    @property
    def mean(self):
        if not self.scores:
            return None
        return Fraction(sum(s.score for s in self.scores), len(self.scores))

    @property
    def low(self):
        return min((s.score for s in self.scores), default=None)

    @property
    def high(self):
        return max((s.score for s in self.scores), default=None)

    @property
    def spread(self):
        return None if not self.scores else self.high - self.low

    @property
    def needs_moderation(self):
        return bool(self.scores) and self.spread >= MODERATION_SPREAD and self.moderated is None

    @property
    def governing(self):
        """The score that counts: the moderated one where recorded, else the assessors' mean."""
        return self.moderated if self.moderated is not None else self.mean

    @property
    def weighted(self):
        value = self.governing
        return None if value is None else value * Fraction(self.category.weight)

    @property
    def mean_display(self):
        return display(self.mean)

    @property
    def governing_display(self):
        return display(self.governing)


@dataclass
class ScoreSummary:
    rubric: object  # anything with .threshold and .number
    categories: list
    assessors: list  # those who submitted, in the order of each category's scores
    assigned_count: int
    submitted_count: int

    @property
    def complete(self):
        return self.assigned_count > 0 and self.submitted_count == self.assigned_count

    @cached_property  # a summary is made whole by aggregate(), then only read (a list reads it thrice a row)
    def total(self):
        """Sum of the governing category scores, weighted; None until every category has one."""
        values = [c.weighted for c in self.categories]
        if not values or any(v is None for v in values):
            return None
        return sum(values, Fraction(0))

    @property
    def threshold(self):
        return Fraction(self.rubric.threshold) if self.rubric else None

    @property
    def eligible(self):
        total = self.total
        return self.complete and total is not None and total >= self.threshold

    @property
    def needs_moderation(self):
        return [c for c in self.categories if c.needs_moderation]

    @property
    def total_display(self):
        return display(self.total)

    @property
    def threshold_display(self):
        return display(self.threshold)

    @property
    def maximum(self):
        return sum((Fraction(c.category.weight) * 5 for c in self.categories), Fraction(0))


def aggregate(rubric, categories, submitted, moderated, assigned_count):
    """
    rubric, categories: the rubric version and its categories, in order.
    submitted: (assessor, {category pk: (score, rationale)}) for each submitted assessment.
    moderated: {category pk: (score, reason)}.
    assigned_count: assessors expected to score (not counting those who declared an interest).
    """
    summaries = {
        c.pk: CategorySummary(
            category=c,
            moderated=Fraction(moderated[c.pk][0]) if c.pk in moderated else None,
            moderation_reason=moderated[c.pk][1] if c.pk in moderated else "",
        )
        for c in categories
    }
    for assessor, scores in submitted:
        for category_pk, (score, rationale) in scores.items():
            if category_pk in summaries:
                summaries[category_pk].scores.append(AssessorScore(assessor, score, rationale))
    return ScoreSummary(
        rubric=rubric,
        categories=[summaries[c.pk] for c in categories],
        assessors=[assessor for assessor, _ in submitted],
        assigned_count=assigned_count,
        submitted_count=len(submitted),
    )
