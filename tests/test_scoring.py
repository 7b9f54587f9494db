"""Scoring: the rubric, assessors, interests, scores, moderation, release, and the summary."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ics_commissioning.errors import ActionRefused
from proposals.enums import EventKind, ProposalState
from scoring.enums import AssessmentStatus
from scoring.models import RubricCategory, RubricVersion
from scoring.services import (
    assign_assessor,
    complete_assessment,
    declare_interest,
    moderate,
    record_scores,
    reopen_assessment,
    return_with_scores,
    scores_released,
)
from scoring.summary import summarise

from .conftest import score_all, sign_in_with_second_factor

S = ProposalState


def test_the_seed_rubric_is_loaded_by_migration(rubric):
    assert rubric.number == 1 and rubric.threshold == Decimal("15")
    categories = list(rubric.categories.prefetch_related("levels"))
    assert [c.name for c in categories] == [
        "Contributes to the achievement of ICS aspirations",
        "Working at ICS scale would improve Quality & Safety",
        "Working at ICS scale would deliver significant finance & efficiency gains",
        "The risks of working at scale have been considered",
        "Contracting & Procurement",
    ]
    for category in categories:
        levels = list(category.levels.all())
        assert [level.score for level in levels] == [1, 2, 3, 4, 5]
        assert [level.get_score_display() for level in levels] == ["Very Low", "Low", "Mid-scale", "High", "Top"]
    quality = categories[1].levels.all()
    assert quality[0].descriptor == "Does not provide enough quality evidence."
    assert quality[4].descriptor == "Strong quality evidence base."
    assert "quarterly expenditure" in categories[2].levels.get(score=4).descriptor


def test_only_one_rubric_version_can_be_active(rubric):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        RubricVersion.objects.create(number=2, name="Second", is_active=True)


def test_summary_shows_each_assessor_mean_spread_and_total(proposal_in, cast):
    proposal = proposal_in(S.ASSESSMENT)
    for assessor in cast.assessors:
        assign_assessor(proposal, assessor, by=cast.clg_secretary)
    score_all(proposal, cast.assessors[0], [5, 4, 3, 2, 1])
    score_all(proposal, cast.assessors[1], [3, 4, 3, 4, 1])
    summary = summarise(proposal)
    assert not summary.complete and summary.submitted_count == 2 and summary.assigned_count == 3
    first = summary.categories[0]
    assert [s.score for s in first.scores] == [5, 3]
    assert first.mean == 4 and (first.low, first.high, first.spread) == (3, 5, 2)
    assert first.needs_moderation and not summary.categories[1].needs_moderation
    assert summary.total == Fraction(4 + 4 + 3 + 3 + 1)
    assert not summary.eligible  # one assessor still to submit
    score_all(proposal, cast.assessors[2], [4, 4, 3, 3, 2])
    summary = summarise(proposal)
    assert summary.complete
    assert summary.total == Fraction(12, 3) + 4 + 3 + Fraction(9, 3) + Fraction(4, 3)
    assert summary.total_display == "15.33"
    assert summary.eligible


def test_drafts_do_not_count_until_submitted(proposal_in, cast):
    proposal = proposal_in(S.ASSESSMENT)
    assessment = assign_assessor(proposal, cast.assessors[0], by=cast.clg_secretary)
    declare_interest(assessment, by=cast.assessors[0], has_interest=False)
    categories = list(assessment.rubric.categories.all())
    record_scores(assessment, {categories[0]: (5, "Strong links to ICS aspirations")}, by=cast.assessors[0])
    summary = summarise(proposal)
    assert summary.categories[0].scores == [] and summary.total is None and not summary.eligible


def test_weights_scale_the_total(proposal_in, cast, rubric):
    RubricCategory.objects.filter(rubric=rubric, order=3).update(weight=Decimal("2"))
    proposal = proposal_in(S.ASSESSMENT)
    assign_assessor(proposal, cast.assessors[0], by=cast.clg_secretary)
    score_all(proposal, cast.assessors[0], [2, 2, 4, 2, 2])
    assert summarise(proposal).total == 2 + 2 + 8 + 2 + 2


def test_submission_needs_every_category_with_a_rationale_then_locks(proposal_in, cast):
    proposal = proposal_in(S.ASSESSMENT)
    assessment = assign_assessor(proposal, cast.assessors[0], by=cast.clg_secretary)
    declare_interest(assessment, by=cast.assessors[0], has_interest=False)
    categories = list(assessment.rubric.categories.all())
    with pytest.raises(ActionRefused, match="Contracting & Procurement"):
        record_scores(assessment, {c: (3, "ok") for c in categories[:4]}, by=cast.assessors[0], submit=True)
    assessment.refresh_from_db()
    assert assessment.status != AssessmentStatus.SUBMITTED
    with pytest.raises(ActionRefused, match="between 1 and 5"):
        record_scores(assessment, {categories[0]: (6, "too high")}, by=cast.assessors[0])
    record_scores(assessment, {c: (3, "ok") for c in categories}, by=cast.assessors[0], submit=True)
    with pytest.raises(ActionRefused, match="locked"):
        record_scores(assessment, {categories[0]: (5, "changed my mind")}, by=cast.assessors[0])
    assert assessment.scores.get(category=categories[0]).score == 3


def test_only_the_assessor_records_their_scores(proposal_in, cast):
    proposal = proposal_in(S.ASSESSMENT)
    assessment = assign_assessor(proposal, cast.assessors[0], by=cast.clg_secretary)
    category = assessment.rubric.categories.first()
    for intruder in [cast.assessors[1], cast.clg_secretary, cast.author]:
        with pytest.raises(PermissionDenied):
            record_scores(assessment, {category: (5, "mine")}, by=intruder)
    assert not assessment.scores.exists()


def test_authors_cannot_be_assigned_and_only_the_secretary_assigns(proposal_in, cast):
    proposal = proposal_in(S.ASSESSMENT)
    with pytest.raises(ActionRefused, match="author"):
        assign_assessor(proposal, cast.co_author, by=cast.clg_secretary)
    with pytest.raises(PermissionDenied):
        assign_assessor(proposal, cast.assessors[0], by=cast.icsmg_secretary)
    assert not proposal.assessments.exists()


def test_a_new_rubric_version_never_changes_old_scores(proposal_in, cast, rubric):
    proposal = proposal_in(S.ASSESSMENT)
    assign_assessor(proposal, cast.assessors[0], by=cast.clg_secretary)
    score_all(proposal, cast.assessors[0], [3, 3, 3, 3, 3])
    before = summarise(proposal)
    rubric.is_active = False
    rubric.save()
    new = RubricVersion.objects.create(number=2, name="Revised criteria", threshold=Decimal("18"), is_active=True)
    RubricCategory.objects.create(rubric=new, order=1, key="aspirations", name="Aspirations", weight=Decimal("3"))
    after = summarise(proposal)
    assert after.rubric == rubric
    assert (after.total, after.threshold, after.eligible) == (before.total, before.threshold, True)
    # Assessors added later score against the proposal's version, not the new one.
    assert assign_assessor(proposal, cast.assessors[1], by=cast.clg_secretary).rubric == rubric


def test_scores_cannot_change_once_the_proposal_has_moved_on(proposal_in, cast):
    proposal = proposal_in(S.ASSESSMENT)
    assessment = assign_assessor(proposal, cast.assessors[0], by=cast.clg_secretary)
    declare_interest(assessment, by=cast.assessors[0], has_interest=False)
    from proposals import services

    services.return_for_revision(proposal, by=cast.clg_secretary, reasons="Costings missing")
    category = assessment.rubric.categories.first()
    with pytest.raises(ActionRefused, match="moved on"):
        record_scores(assessment, {category: (5, "late")}, by=cast.assessors[0])
    assert not assessment.scores.exists()


# -- Interests, reopening, moderation, release -----------------------------------------------


def _assigned(proposal_in, cast, n=1):
    proposal = proposal_in(S.ASSESSMENT)
    return proposal, [assign_assessor(proposal, a, by=cast.clg_secretary) for a in cast.assessors[:n]]


def test_an_assessor_declares_interests_before_scoring(proposal_in, cast):
    proposal, [assessment] = _assigned(proposal_in, cast)
    category = assessment.rubric.categories.first()
    with pytest.raises(ActionRefused, match="Declare any interest"):
        record_scores(assessment, {category: (4, "Good")}, by=cast.assessors[0])
    with pytest.raises(ActionRefused, match="Describe the interest"):
        declare_interest(assessment, by=cast.assessors[0], has_interest=True, details=" ")
    with pytest.raises(PermissionDenied):
        declare_interest(assessment, by=cast.assessors[1], has_interest=False)
    assert not assessment.scores.exists()


def test_a_declared_interest_stops_scoring_and_is_not_waited_for(proposal_in, cast):
    proposal, [conflicted, other] = _assigned(proposal_in, cast, n=2)
    declare_interest(conflicted, by=cast.assessors[0], has_interest=True, details="My practice holds the contract")
    conflicted.refresh_from_db()
    assert conflicted.status == AssessmentStatus.CONFLICTED
    category = conflicted.rubric.categories.first()
    with pytest.raises(PermissionDenied, match="interest"):
        record_scores(conflicted, {category: (5, "Biased")}, by=cast.assessors[0])
    with pytest.raises(ActionRefused, match="declared an interest"):
        assign_assessor(proposal, cast.assessors[0], by=cast.clg_secretary)
    score_all(proposal, cast.assessors[1], [3, 3, 3, 3, 3])
    summary = summarise(proposal)
    assert (summary.assigned_count, summary.submitted_count, summary.complete) == (1, 1, True)


def test_only_assessors_of_an_assessing_body_can_be_assigned(proposal_in, cast):
    proposal = proposal_in(S.ASSESSMENT)
    with pytest.raises(ActionRefused, match="not an assessor"):
        assign_assessor(proposal, cast.member, by=cast.clg_secretary)


def test_the_secretary_reopens_a_submitted_assessment_with_a_reason(proposal_in, cast):
    proposal, [assessment] = _assigned(proposal_in, cast)
    score_all(proposal, cast.assessors[0], [3, 3, 3, 3, 3])
    with pytest.raises(PermissionDenied):
        reopen_assessment(assessment, by=cast.icsmg_secretary, reason="Not mine")
    with pytest.raises(ActionRefused, match="reason"):
        reopen_assessment(assessment, by=cast.clg_secretary, reason="")
    reopen_assessment(assessment, by=cast.clg_secretary, reason="Scored against the wrong appendix")
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT
    event = proposal.events.get(kind=EventKind.ASSESSMENT_REOPENED)
    assert "wrong appendix" in event.comment and event.actor == cast.clg_secretary
    category = assessment.rubric.categories.first()
    record_scores(assessment, {category: (4, "Re-scored")}, by=cast.assessors[0])
    assert assessment.scores.get(category=category).score == 4


def test_a_moderated_score_governs_the_total_and_eligibility(proposal_in, cast):
    proposal, _ = _assigned(proposal_in, cast, n=2)
    score_all(proposal, cast.assessors[0], [2, 3, 3, 3, 3])
    score_all(proposal, cast.assessors[1], [4, 3, 3, 3, 2])  # aspirations 2 vs 4: flagged
    summary = summarise(proposal)
    assert summary.total == Fraction(29, 2) and not summary.eligible
    assert [c.category.key for c in summary.needs_moderation] == ["aspirations"]
    aspirations = summary.categories[0].category
    with pytest.raises(PermissionDenied):
        moderate(proposal, aspirations, score=Decimal("4"), reason="Agreed", by=cast.assessors[0])
    moderate(proposal, aspirations, score=Decimal("4"), reason="Agreed at the panel: links to two aspirations",
             by=cast.clg_secretary)
    summary = summarise(proposal)
    assert summary.categories[0].governing == 4 and summary.categories[0].mean == 3
    assert summary.total == Fraction(31, 2) and summary.eligible and not summary.needs_moderation
    complete_assessment(proposal, by=cast.clg_secretary)
    assert proposal.state == S.FULL_CASE  # supported: the authors write the full business case


def test_below_the_threshold_the_secretary_returns_it_with_the_scores(proposal_in, cast):
    proposal, _ = _assigned(proposal_in, cast)
    score_all(proposal, cast.assessors[0], [2, 2, 2, 2, 2])
    assert not scores_released(proposal)
    return_with_scores(proposal, by=cast.clg_secretary, reasons="Total 10 is below 15; strengthen the finance case")
    proposal.refresh_from_db()
    assert proposal.state == S.RETURNED and scores_released(proposal)
    kinds = list(proposal.events.values_list("kind", flat=True))
    assert kinds[-2:] == [EventKind.SCORES_RELEASED, EventKind.TRANSITION]


def test_a_failed_return_does_not_release_the_scores(proposal_in, cast):
    proposal, _ = _assigned(proposal_in, cast)
    from proposals.services import ActionRefused

    with pytest.raises(ActionRefused):
        return_with_scores(proposal, by=cast.clg_secretary, reasons="")
    assert not scores_released(proposal)
    assert proposal.state == S.ASSESSMENT


def test_admins_copy_a_version_to_revise_and_activate_it(client, cast, rubric):
    from scoring.models import RubricLevel

    sign_in_with_second_factor(client, cast.admin)
    changelist = reverse("admin:scoring_rubricversion_changelist")
    client.post(changelist, {"action": "copy_as_new_version", "_selected_action": [rubric.pk]})
    copy = RubricVersion.objects.get(number=2)
    assert not copy.is_active and copy.threshold == rubric.threshold
    assert copy.categories.count() == 5 and RubricLevel.objects.filter(category__rubric=copy).count() == 25
    RubricLevel.objects.filter(category__rubric=copy, score=5).update(descriptor="Revised top level")
    assert not RubricLevel.objects.filter(category__rubric=rubric, descriptor="Revised top level").exists()
    client.post(changelist, {"action": "make_active", "_selected_action": [copy.pk]})
    assert RubricVersion.objects.active() == copy
    assert RubricVersion.objects.filter(is_active=True).count() == 1
