"""
Scoring rules that span models: assigning assessors, declarations of interest, recording and
reopening scores, moderation, releasing scores to the authors, and `summarise`, which feeds the
one aggregation (scoring.aggregation) from the database.
"""

from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from governance.enums import ASSESSING_BODY_KINDS, MembershipRole
from governance.models import Membership
from notifications.services import notify
from proposals import services as proposal_services
from proposals.enums import EventKind, ProposalState
from proposals.rules import is_proposal_author

from .aggregation import aggregate
from .enums import AssessmentStatus
from .models import Assessment, CategoryScore, ModeratedScore, RubricVersion, ScoreRelease

MANAGE = "proposals.decide_proposal"  # the secretary of the assessing body, or an admin


@transaction.atomic
def copy_rubric(rubric, *, name=None):
    """A new, inactive rubric version with the same categories, weights, descriptors and threshold,
    to edit and then activate. Scores already made stay tied to the version they were made on."""
    from .models import RubricCategory, RubricLevel

    number = (RubricVersion.objects.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    copy = RubricVersion.objects.create(
        number=number, name=name or f"{rubric.name} (revised)", threshold=rubric.threshold, is_active=False,
        notes=f"Copied from version {rubric.number}.",
    )
    for category in rubric.categories.prefetch_related("levels"):
        new_category = RubricCategory.objects.create(
            rubric=copy, order=category.order, key=category.key, name=category.name,
            guidance=category.guidance, weight=category.weight,
        )
        RubricLevel.objects.bulk_create(
            RubricLevel(category=new_category, score=level.score, descriptor=level.descriptor)
            for level in category.levels.all()
        )
    return copy


@transaction.atomic
def activate_rubric(rubric):
    """Make this version the one new assessments use; only one is active at a time."""
    RubricVersion.objects.filter(is_active=True).exclude(pk=rubric.pk).update(is_active=False)
    RubricVersion.objects.filter(pk=rubric.pk).update(is_active=True)


def summarise(proposal):
    """The score summary of a proposal, in a fixed number of queries whatever the number of assessors."""
    return summarise_many([proposal])[proposal.pk]


def summarise_many(proposals):
    """{proposal pk: ScoreSummary} for many proposals, the same as `summarise` gives for each, in at
    most five queries however many proposals and assessors there are (for lists and exports)."""
    pks = [proposal.pk for proposal in proposals]
    if not pks:
        return {}
    assessments = defaultdict(list)
    for assessment in Assessment.objects.filter(proposal_id__in=pks).select_related("assessor"):
        assessments[assessment.proposal_id].append(assessment)
    # The scores as plain values: a page of 50 proposals has hundreds, and they are only read.
    scores = defaultdict(dict)
    for assessment, category, score, rationale in CategoryScore.objects.filter(
        assessment__proposal_id__in=pks
    ).order_by().values_list("assessment_id", "category_id", "score", "rationale"):
        scores[assessment][category] = (score, rationale)
    moderated = defaultdict(dict)
    for score in ModeratedScore.objects.filter(proposal_id__in=pks):
        moderated[score.proposal_id][score.category_id] = (score.score, score.reason)
    # The rubric versions scored against, and the active one for proposals nobody has scored yet.
    rubric_ids = {a.rubric_id for group in assessments.values() for a in group}
    rubrics = {
        rubric.pk: rubric
        for rubric in RubricVersion.objects.filter(Q(pk__in=rubric_ids) | Q(is_active=True)).prefetch_related(
            "categories"
        )
    }
    active = next((rubric for rubric in rubrics.values() if rubric.is_active), None)

    summaries = {}
    for pk in pks:
        group = assessments[pk]
        rubric = rubrics[group[0].rubric_id] if group else active
        submitted = [
            (a.assessor, scores[a.pk]) for a in group if a.status == AssessmentStatus.SUBMITTED
        ]
        expected = [a for a in group if a.status != AssessmentStatus.CONFLICTED]
        categories = list(rubric.categories.all()) if rubric else []
        summaries[pk] = aggregate(rubric, categories, submitted, moderated[pk], assigned_count=len(expected))
    return summaries


def _may_manage(by, proposal):
    return proposal.state == ProposalState.ASSESSMENT and by.has_perm(MANAGE, proposal)


def _event(proposal, *, by, kind, comment):
    return proposal_services.record_event(
        proposal, by=by, kind=kind, comment=comment, may_act=lambda current: _may_manage(by, current)
    )


def assessor_candidates(proposal, people=None):
    """
    [(person, reason)] for everyone who assesses for an assessing body (or the people given):
    reason is None when they may be assigned, else why not. Three queries, however many people.
    """
    from django.contrib.auth import get_user_model

    if people is None:
        people = get_user_model().objects.filter(
            memberships__role=MembershipRole.ASSESSOR, memberships__body__kind__in=ASSESSING_BODY_KINDS
        ).distinct().order_by("last_name", "first_name")
    people = list(people)
    authors = {proposal.lead_author_id, *proposal.co_authors.values_list("pk", flat=True)}
    interested = set(
        Assessment.objects.filter(proposal=proposal, has_interest=True).values_list("assessor_id", flat=True)
    )
    assessors = set(
        Membership.objects.filter(
            user__in=people, role=MembershipRole.ASSESSOR, body__kind__in=ASSESSING_BODY_KINDS
        ).values_list("user_id", flat=True)
    )

    def reason(person):
        name = person.get_full_name() or person.username
        if person.pk in authors:
            return f"{name} is an author of this proposal and cannot assess it."
        if person.pk in interested:
            return f"{name} has declared an interest in this proposal and cannot assess it."
        if person.pk not in assessors:
            return f"{name} is not an assessor of an assessing body."
        return None

    return [(person, reason(person)) for person in people]


def why_not_assessor(proposal, person):
    """The reason a person may not assess a proposal, or None if they may."""
    return assessor_candidates(proposal, [person])[0][1]


@transaction.atomic
def assign_assessor(proposal, assessor, *, by):
    """Assign an assessor to a proposal in assessment, against the proposal's rubric version."""
    if not by.has_perm(MANAGE, proposal):
        raise PermissionDenied("Only the secretary of the assessing body can assign assessors.")
    if proposal.state != ProposalState.ASSESSMENT:
        raise ValidationError("Assessors can only be assigned while the proposal is in assessment.")
    reason = why_not_assessor(proposal, assessor)
    if reason:
        raise ValidationError(reason)
    existing = proposal.assessments.select_related("rubric").first()
    rubric = existing.rubric if existing else RubricVersion.objects.active()
    assessment, created = Assessment.objects.get_or_create(
        proposal=proposal, assessor=assessor, defaults={"rubric": rubric, "assigned_by": by}
    )
    if created:
        _event(proposal, by=by, kind=EventKind.ASSESSOR_ASSIGNED,
               comment=f"{assessor.get_full_name() or assessor.username} assigned to assess.")
        notify(
            [assessor], key=f"assessor-assigned:{assessment.pk}", kind="assessor_assigned",
            subject=f"Please score {proposal.reference}: {proposal.title}",
            message=f"You have been asked to assess {proposal.reference} “{proposal.title}” against the published "
                    "criteria.\n\nFirst declare any interest you have in it; then score each category and submit.",
            action="Score the proposal", url=reverse("scoring:assessment", kwargs={"pk": assessment.pk}),
        )
    return assessment


def _lock_assessment(assessment):
    return Assessment.objects.select_for_update(of=("self",)).select_related("proposal", "rubric").get(pk=assessment.pk)


@transaction.atomic
def declare_interest(assessment, *, by, has_interest, details=""):
    """Before scoring, the assessor declares any interest; with one, they do not score."""
    assessment = _lock_assessment(assessment)
    if by.pk != assessment.assessor_id:
        raise PermissionDenied("Only the assigned assessor can declare their interests.")
    if assessment.status == AssessmentStatus.SUBMITTED:
        raise ValidationError("This assessment has been submitted and is locked.")
    if has_interest and not details.strip():
        raise ValidationError("Describe the interest you are declaring.")
    assessment.has_interest = has_interest
    assessment.interest_details = details.strip() if has_interest else ""
    assessment.interest_declared_at = timezone.now()
    if has_interest:
        assessment.status = AssessmentStatus.CONFLICTED
        assessment.scores.all().delete()
    assessment.save()
    return assessment


@transaction.atomic
def record_scores(assessment, scores, *, by, submit=False):
    """
    Save an assessor's scores: `scores` maps RubricCategory to (score, rationale).
    With submit=True every category must be scored with a rationale, and the assessment locks.
    """
    assessment = _lock_assessment(assessment)
    if by.pk != assessment.assessor_id:
        raise PermissionDenied("Only the assigned assessor can score this assessment.")
    if assessment.has_interest is None:
        raise ValidationError("Declare any interest in this proposal before scoring it.")
    if assessment.has_interest or is_proposal_author(by, assessment.proposal):
        raise PermissionDenied("You have an interest in this proposal, so you cannot score it.")
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


@transaction.atomic
def reopen_assessment(assessment, *, by, reason):
    """The secretary unlocks a submitted assessment so the assessor can change it (audited)."""
    assessment = _lock_assessment(assessment)
    if not _may_manage(by, assessment.proposal):
        raise PermissionDenied("Only the secretary of the assessing body can reopen an assessment.")
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise ValidationError("Only a submitted assessment can be reopened.")
    if not reason.strip():
        raise ValidationError("Give the reason for reopening the assessment.")
    assessment.status = AssessmentStatus.DRAFT
    assessment.submitted_at = None
    assessment.save(update_fields=["status", "submitted_at"])
    name = assessment.assessor.get_full_name() or assessment.assessor.username
    _event(assessment.proposal, by=by, kind=EventKind.ASSESSMENT_REOPENED,
           comment=f"{name}'s assessment reopened: {reason.strip()}")
    return assessment


@transaction.atomic
def moderate(proposal, category, *, score, reason, by):
    """Record the agreed score for a category; it then governs the total and eligibility."""
    if not _may_manage(by, proposal):
        raise PermissionDenied("Only the secretary of the assessing body can moderate scores.")
    if not category.rubric.assessments.filter(proposal=proposal).exists():
        raise ValidationError(f"{category} is not part of the rubric this proposal is scored against.")
    if not (1 <= score <= 5):
        raise ValidationError("A moderated score must be between 1 and 5.")
    if not reason.strip():
        raise ValidationError("Give the reason for the moderated score.")
    moderated, _ = ModeratedScore.objects.update_or_create(
        proposal=proposal, category=category,
        defaults={"score": score, "reason": reason.strip(), "recorded_by": by, "recorded_at": timezone.now()},
    )
    _event(proposal, by=by, kind=EventKind.SCORE_MODERATED,
           comment=f"{category.name}: moderated score {moderated.score}. {reason.strip()}")
    return moderated


@transaction.atomic
def release_scores(proposal, *, by):
    """Let the authors see their scores and the assessors' rationales."""
    if not _may_manage(by, proposal):
        raise PermissionDenied("Only the secretary of the assessing body can release scores.")
    release, created = ScoreRelease.objects.get_or_create(proposal=proposal, defaults={"released_by": by})
    if created:
        _event(proposal, by=by, kind=EventKind.SCORES_RELEASED, comment="Scores and rationales released to the authors.")
    return release


@transaction.atomic
def return_with_scores(proposal, *, by, reasons):
    """A proposal below the threshold goes back to its authors with its scores and rationales."""
    release_scores(proposal, by=by)
    return proposal_services.return_for_revision(proposal, by=by, reasons=reasons)


def scores_released(proposal):
    return ScoreRelease.objects.filter(proposal=proposal).exists()
