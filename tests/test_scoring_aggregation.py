"""The one aggregation of scores, used by the guards, pages, packs and API."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from proposals.enums import ProposalState
from scoring.enums import AssessmentStatus
from scoring.models import RubricCategory, RubricVersion
from scoring.services import assign_assessor, record_scores, summarise

from .conftest import score_all

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
    categories = list(assessment.rubric.categories.all())
    with pytest.raises(ValidationError, match="Contracting & Procurement"):
        record_scores(assessment, {c: (3, "ok") for c in categories[:4]}, by=cast.assessors[0], submit=True)
    assessment.refresh_from_db()
    assert assessment.status != AssessmentStatus.SUBMITTED
    with pytest.raises(ValidationError, match="between 1 and 5"):
        record_scores(assessment, {categories[0]: (6, "too high")}, by=cast.assessors[0])
    record_scores(assessment, {c: (3, "ok") for c in categories}, by=cast.assessors[0], submit=True)
    with pytest.raises(ValidationError, match="locked"):
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
    with pytest.raises(ValidationError, match="author"):
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
    from proposals import services

    services.return_for_revision(proposal, by=cast.clg_secretary, reasons="Costings missing")
    category = assessment.rubric.categories.first()
    with pytest.raises(ValidationError, match="moved on"):
        record_scores(assessment, {category: (5, "late")}, by=cast.assessors[0])
    assert not assessment.scores.exists()
