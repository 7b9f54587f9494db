"""
Scoring rules that span models: assigning assessors, declarations of interest, recording and
reopening scores, moderation, releasing scores to the authors, and completing the assessment.
Reading scores is scoring.summary's. Every refusal is an ActionRefused (ics_commissioning.errors).
"""

from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from governance.enums import MembershipRole
from governance.models import Membership
from ics_commissioning.errors import ActionRefused, NotAllowed
from ics_commissioning.permissions import can
from proposals import services as proposal_services
from proposals.enums import EventKind, ProposalState
from proposals.rules import is_proposal_author

from .enums import AssessmentStatus
from .guards import LEAVING_ASSESSMENT
from .models import Assessment, CategoryScore, ModeratedScore, RubricCategory, RubricLevel, RubricVersion, ScoreRelease
from .signals import assessor_assigned

MANAGE = "scoring.manage_assessment"  # the assessing body's secretary (or an admin), while in assessment


@transaction.atomic
def copy_rubric(rubric, *, name=None):
    """A new, inactive rubric version with the same categories, weights, descriptors and threshold,
    to edit and then activate. Scores already made stay tied to the version they were made on."""
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


def _require_manager(proposal, by, doing):
    """The assessing body's secretary (or an admin) runs the exercise, and only while the proposal
    is in assessment (scoring.manage_assessment)."""
    if not can(by, MANAGE, proposal):
        raise NotAllowed(f"Only the secretary of the assessing body can {doing}, while the proposal is in assessment.")


def _event(proposal, *, by, kind, comment):
    return proposal_services.record_event(
        proposal, by=by, kind=kind, comment=comment, may_act=lambda current: can(by, MANAGE, current)
    )


def assessor_candidates(proposal, people=None):
    """
    [(person, reason)] for everyone who assesses for an assessing body (or the people given):
    reason is None when they may be assigned, else why not. Three queries, however many people.
    """
    if people is None:
        people = get_user_model().objects.filter(
            memberships__role=MembershipRole.ASSESSOR, memberships__body__assesses_proposals=True
        ).distinct().order_by("last_name", "first_name")
    people = list(people)
    authors = {proposal.lead_author_id, *proposal.co_authors.values_list("pk", flat=True)}
    interested = set(
        Assessment.objects.filter(proposal=proposal, has_interest=True).values_list("assessor_id", flat=True)
    )
    assessors = set(
        Membership.objects.filter(
            user__in=people, role=MembershipRole.ASSESSOR, body__assesses_proposals=True
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
    _require_manager(proposal, by, "assign assessors")
    reason = why_not_assessor(proposal, assessor)
    if reason:
        raise ActionRefused(reason)
    existing = proposal.assessments.select_related("rubric").first()
    rubric = existing.rubric if existing else RubricVersion.objects.active()
    assessment, created = Assessment.objects.get_or_create(
        proposal=proposal, assessor=assessor, defaults={"rubric": rubric, "assigned_by": by}
    )
    if created:
        _event(proposal, by=by, kind=EventKind.ASSESSOR_ASSIGNED,
               comment=f"{assessor.get_full_name() or assessor.username} assigned to assess.")
        transaction.on_commit(partial(assessor_assigned.send, sender=Assessment, assessment=assessment))
    return assessment


def _lock_assessment(assessment):
    return Assessment.objects.select_for_update(of=("self",)).select_related("proposal", "rubric").get(pk=assessment.pk)


def record_declaration(assessment, *, by, has_interest, details=""):
    """The assessor's declaration of interests on any assessment (an AssessorsWork, locked by the caller):
    with an interest, they do not score, and any draft scores go."""
    if by.pk != assessment.assessor_id:
        raise NotAllowed("Only the assigned assessor can declare their interests.")
    if assessment.status == AssessmentStatus.SUBMITTED:
        raise ActionRefused("This assessment has been submitted and is locked.")
    if has_interest and not details.strip():
        raise ActionRefused("Describe the interest you are declaring.")
    assessment.has_interest = has_interest
    assessment.interest_details = details.strip() if has_interest else ""
    assessment.interest_declared_at = timezone.now()
    if has_interest:
        assessment.status = AssessmentStatus.CONFLICTED
        assessment.scores.all().delete()
    assessment.save()
    return assessment


@transaction.atomic
def declare_interest(assessment, *, by, has_interest, details=""):
    """Before scoring, the assessor declares any interest; with one, they do not score."""
    return record_declaration(_lock_assessment(assessment), by=by, has_interest=has_interest, details=details)


@transaction.atomic
def record_scores(assessment, scores, *, by, submit=False):
    """
    Save an assessor's scores: `scores` maps RubricCategory to (score, rationale).
    With submit=True every category must be scored with a rationale, and the assessment locks.
    """
    assessment = _lock_assessment(assessment)
    if by.pk != assessment.assessor_id:
        raise NotAllowed("Only the assigned assessor can score this assessment.")
    if assessment.has_interest is None:
        raise ActionRefused("Declare any interest in this proposal before scoring it.")
    if assessment.has_interest or is_proposal_author(by, assessment.proposal):
        raise NotAllowed("You have an interest in this proposal, so you cannot score it.")
    if assessment.status == AssessmentStatus.SUBMITTED:
        raise ActionRefused("This assessment has been submitted and is locked.")
    if assessment.proposal.state != ProposalState.ASSESSMENT:
        raise ActionRefused("This proposal has moved on from assessment; scores can no longer be changed.")
    categories = {c.pk: c for c in assessment.rubric.categories.all()}
    for category, (score, rationale) in scores.items():
        if category.pk not in categories:
            raise ActionRefused(f"{category} is not part of rubric {assessment.rubric}.")
        if score not in range(1, 6):
            raise ActionRefused(f"{category}: the score must be between 1 and 5.")
        CategoryScore.objects.update_or_create(
            assessment=assessment, category=category, defaults={"score": score, "rationale": rationale.strip()}
        )
    if submit:
        saved = {s.category_id: s for s in assessment.scores.all()}
        missing = [c.name for pk, c in categories.items() if pk not in saved or not saved[pk].rationale]
        if missing:
            raise ActionRefused("Score every category and give a rationale for each: " + ", ".join(missing) + ".")
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
    _require_manager(assessment.proposal, by, "reopen an assessment")
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise ActionRefused("Only a submitted assessment can be reopened.")
    if not reason.strip():
        raise ActionRefused("Give the reason for reopening the assessment.")
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
    _require_manager(proposal, by, "moderate scores")
    if not category.rubric.assessments.filter(proposal=proposal).exists():
        raise ActionRefused(f"{category} is not part of the rubric this proposal is scored against.")
    if not (1 <= score <= 5):
        raise ActionRefused("A moderated score must be between 1 and 5.")
    if not reason.strip():
        raise ActionRefused("Give the reason for the moderated score.")
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
    _require_manager(proposal, by, "release scores")
    release, created = ScoreRelease.objects.get_or_create(proposal=proposal, defaults={"released_by": by})
    if created:
        _event(proposal, by=by, kind=EventKind.SCORES_RELEASED, comment="Scores and rationales released to the authors.")
    return release


@transaction.atomic
def return_with_scores(proposal, *, by, reasons):
    """A proposal below the threshold goes back to its authors with its scores and rationales."""
    release_scores(proposal, by=by)
    return proposal_services.return_for_revision(proposal, by=by, reasons=reasons)


def complete_assessment(proposal, *, by, comment="", meeting=None, on_behalf_of=None):
    """Assessment ends (stage 1) with the assessing body's support for an ICS-level solution (question
    3, answered now, informed by the scores): every assigned assessor is done and the total is
    eligible, both checked under the proposal's row lock with the transition's own conditions. The
    authors then write the full business case."""

    def supported(current):
        proposal_services.record_support(current, True, by=by, on_behalf_of=on_behalf_of)

    return proposal_services.perform(proposal, "complete_assessment", by=by, comment=comment, meeting=meeting,
                                     conditions=LEAVING_ASSESSMENT, prepare=supported)


def scores_released(proposal):
    return ScoreRelease.objects.filter(proposal=proposal).exists()
