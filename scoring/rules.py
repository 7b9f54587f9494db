"""Who may see scores and score proposals; see proposals/rules.py for the proposal's own rules."""

import rules

from proposals.rules import is_admin, is_committee_officer, is_proposal_author

from .enums import AssessmentStatus


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


can_view_scores = is_committee_officer | is_admin | (is_proposal_author & scores_are_released) | has_submitted_an_assessment

rules.add_perm("scoring.view_scores", can_view_scores)
rules.add_perm("scoring.view_assessment", is_the_assessor)
