"""
Scoring rules that span models: assigning assessors, recording scores and the one
aggregation that pages, board packs, the API and the life cycle's guards all use.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from proposals.enums import ProposalState

from .enums import AssessmentStatus
from .models import Assessment, CategoryScore, RubricVersion


def _display(value):
    if value is None:
        return "–"
    number = Decimal(value.numerator) / Decimal(value.denominator)
    return str(number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize())


@dataclass
class AssessorScore:
    assessor: object
    score: int
    rationale: str


@dataclass
class CategorySummary:
    category: object
    scores: list = field(default_factory=list)

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
        # Assessors two or more points apart should agree a score before it governs.
        return bool(self.scores) and self.spread >= 2

    @property
    def weighted_mean(self):
        mean = self.mean
        return None if mean is None else mean * Fraction(self.category.weight)

    @property
    def mean_display(self):
        return _display(self.mean)


@dataclass
class ScoreSummary:
    rubric: object
    categories: list
    assigned_count: int
    submitted_count: int

    @property
    def complete(self):
        return self.assigned_count > 0 and self.submitted_count == self.assigned_count

    @property
    def total(self):
        """Sum of the category means (weighted), exact; None until every category has a score."""
        means = [c.weighted_mean for c in self.categories]
        if not means or any(m is None for m in means):
            return None
        return sum(means, Fraction(0))

    @property
    def threshold(self):
        return Fraction(self.rubric.threshold) if self.rubric else None

    @property
    def eligible(self):
        total = self.total
        return self.complete and total is not None and total >= self.threshold

    @property
    def total_display(self):
        return _display(self.total)

    @property
    def threshold_display(self):
        return _display(self.threshold)


def summarise(proposal):
    """Aggregate the submitted assessments of a proposal. Issues a fixed number of queries."""
    assessments = list(
        Assessment.objects.filter(proposal=proposal)
        .select_related("assessor", "rubric")
        .prefetch_related("scores")
    )
    rubric = assessments[0].rubric if assessments else RubricVersion.objects.filter(is_active=True).first()
    categories = list(rubric.categories.all()) if rubric else []
    by_category = {c.pk: CategorySummary(category=c) for c in categories}
    submitted = [a for a in assessments if a.status == AssessmentStatus.SUBMITTED]
    for assessment in submitted:
        for score in assessment.scores.all():
            if score.category_id in by_category:
                by_category[score.category_id].scores.append(
                    AssessorScore(assessment.assessor, score.score, score.rationale)
                )
    return ScoreSummary(
        rubric=rubric,
        categories=[by_category[c.pk] for c in categories],
        assigned_count=len(assessments),
        submitted_count=len(submitted),
    )


def assign_assessor(proposal, assessor, *, by):
    """Assign an assessor to a proposal in assessment, against the proposal's rubric version."""
    from proposals.rules import is_proposal_author

    if not by.has_perm("proposals.decide_proposal", proposal):
        raise PermissionDenied("Only the secretary of the assessing body can assign assessors.")
    if proposal.state != ProposalState.ASSESSMENT:
        raise ValidationError("Assessors can only be assigned while the proposal is in assessment.")
    if is_proposal_author(assessor, proposal):
        raise ValidationError(f"{assessor.get_full_name() or assessor} is an author of this proposal and cannot assess it.")
    existing = proposal.assessments.select_related("rubric").first()
    rubric = existing.rubric if existing else RubricVersion.objects.active()
    assessment, _ = Assessment.objects.get_or_create(
        proposal=proposal, assessor=assessor, defaults={"rubric": rubric, "assigned_by": by}
    )
    return assessment


@transaction.atomic
def record_scores(assessment, scores, *, by, submit=False):
    """
    Save an assessor's scores: `scores` maps RubricCategory to (score, rationale).
    With submit=True every category must be scored with a rationale, and the assessment locks.
    """
    assessment = Assessment.objects.select_for_update(of=("self",)).select_related("proposal", "rubric").get(pk=assessment.pk)
    if by.pk != assessment.assessor_id:
        raise PermissionDenied("Only the assigned assessor can score this assessment.")
    if assessment.status == AssessmentStatus.SUBMITTED:
        raise ValidationError("This assessment has been submitted and is locked.")
    if assessment.proposal.state != ProposalState.ASSESSMENT:
        raise ValidationError("This proposal has moved on from assessment; scores can no longer be changed.")
    categories = {c.pk: c for c in assessment.rubric.categories.all()}
    for category, (score, rationale) in scores.items():
        if category.pk not in categories:
            raise ValidationError(f"{category} is not part of rubric {assessment.rubric}.")
        if score not in range(1, 6):
            raise ValidationError(f"{category}: the score must be between 1 and 5.")
        CategoryScore.objects.update_or_create(
            assessment=assessment, category=category, defaults={"score": score, "rationale": rationale.strip()}
        )
    if submit:
        saved = {s.category_id: s for s in assessment.scores.all()}
        missing = [c.name for pk, c in categories.items() if pk not in saved or not saved[pk].rationale]
        if missing:
            raise ValidationError("Score every category and give a rationale for each: " + ", ".join(missing) + ".")
        assessment.status = AssessmentStatus.SUBMITTED
        assessment.submitted_at = timezone.now()
    else:
        assessment.status = AssessmentStatus.DRAFT
    assessment.save(update_fields=["status", "submitted_at"])
    return assessment
