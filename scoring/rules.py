"""Who may see scores, score proposals and run the scoring exercise; see proposals/rules.py for
the proposal's own rules and governance/rules.py for the people predicates."""

import rules

from governance.rules import is_admin, is_committee_officer
from proposals.enums import ProposalState
from proposals.rules import can_decide_proposal, is_proposal_author

from .enums import AssessmentStatus
from .models import Assessment, ScoreRelease


@rules.predicate
def scores_are_released(user, proposal):
    return proposal is not None and hasattr(proposal, "score_release")


@rules.predicate
def has_submitted_an_assessment(user, proposal):
    # An assessor sees the others' scores only once their own is in, so as not to be swayed.
    return proposal is not None and user.is_authenticated and proposal.assessments.filter(
        assessor=user, status=AssessmentStatus.SUBMITTED
    ).exists()


@rules.predicate
def is_the_assessor(user, assessment):
    return assessment is not None and user.is_authenticated and assessment.assessor_id == user.pk


@rules.predicate
def is_in_assessment(user, proposal):
    return proposal is not None and proposal.state == ProposalState.ASSESSMENT


def scores_are_settled(proposal, summary):
    """Whether a proposal's scores may be printed where anyone reading it could be one of its
    assessors (a board pack, the minutes): once every assigned assessor has submitted, and the
    scores are released to the authors or the proposal has left assessment. Before that, an
    assessor who has not yet scored would see the others' scores and running total."""
    if not summary.complete:
        return False
    return proposal.state != ProposalState.ASSESSMENT or scores_are_released(None, proposal)


can_view_scores = is_committee_officer | is_admin | (is_proposal_author & scores_are_released) | has_submitted_an_assessment
# Assign assessors, moderate, release scores, reopen an assessment: the assessing body's secretary,
# while the proposal is in assessment.
can_manage_assessment = can_decide_proposal & is_in_assessment

rules.add_perm("scoring.view_scores", can_view_scores)
rules.add_perm("scoring.view_assessment", is_the_assessor)
rules.add_perm("scoring.manage_assessment", can_manage_assessment)


def scores_visible_to(user, proposals):
    """The pks of those `proposals` whose scores `user` may see: `scoring.view_scores` asked of a
    whole page at once, in at most three queries however long the page (the API's list). It must
    answer as can_view_scores does for each; tests/test_scoring_pages.py checks that it does."""
    pks = [proposal.pk for proposal in proposals]
    if not user.is_authenticated or not pks:
        return set()
    if (is_committee_officer | is_admin)(user):
        return set(pks)
    through = proposals[0].co_authors.through
    authored = {p.pk for p in proposals if p.lead_author_id == user.pk} | set(
        through.objects.filter(user=user, proposal__in=pks).values_list("proposal_id", flat=True)
    )
    released = set(ScoreRelease.objects.filter(proposal__in=authored).values_list("proposal_id", flat=True))
    submitted = set(Assessment.objects.filter(
        assessor=user, status=AssessmentStatus.SUBMITTED, proposal__in=pks
    ).values_list("proposal_id", flat=True))
    return (authored & released) | submitted
