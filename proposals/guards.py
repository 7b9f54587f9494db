"""
Conditions on the proposal state machine. Each is a plain predicate on the proposal with a
message saying, in the user's words, what must be true first; services report the messages of
the conditions that fail.
"""

from governance.enums import CaseDocument
from ics_commissioning.life_cycles import guard

from .business_case import missing_sections
from .enums import FormalDecision, ProposalState, TriageOutcome, TriageQuestion


def _still_to_do(proposal, document):
    return ", ".join(s.title for s in missing_sections(proposal, document))


@guard(lambda p: f"The outline proposal is not complete. Still to do: {_still_to_do(p, CaseDocument.OUTLINE)}.")
def outline_complete(proposal):
    return not missing_sections(proposal, CaseDocument.OUTLINE)


@guard(lambda p: f"The full business case is not complete. Still to do: {_still_to_do(p, CaseDocument.FULL)}.")
def full_case_complete(proposal):
    return not missing_sections(proposal, CaseDocument.FULL)


@guard(lambda p: "The assessing body's view (question 3) is not recorded as support for an ICS-level solution.")
def assessing_body_supports(proposal):
    return proposal.triage_answers.filter(question=TriageQuestion.LEADERSHIP_SUPPORT, answer=True).exists()


@guard(lambda p: "The triage answers do not point to place-based commissioning "
       f"(outcome: {p.triage_outcome().label}).")
def triage_says_place_based(proposal):
    return proposal.triage_outcome() == TriageOutcome.PLACE_BASED


@guard(lambda p: "The triage answers do not point to an ICS-level assessment "
       f"(outcome: {p.triage_outcome().label}).")
def triage_says_assess(proposal):
    """Questions 1 and 2 point to ICS level: the assessing body scores the outline, and answers
    question 3 after, informed by the scores (seed 004's order)."""
    return proposal.triage_outcome() in (TriageOutcome.AWAITING_SUPPORT, TriageOutcome.BUSINESS_CASE)


@guard(lambda p: "Name at least one stage 4 body that must formally approve this proposal.")
def formal_bodies_named(proposal):
    return proposal.formal_approvals.exists()


@guard(lambda p: f"Its route, {p.route}, has no sign-off stage, so the scheme of delegation names the bodies that "
       "formally approve it, and none is named for it: ask an administrator to name them in its rule.")
def approving_bodies_known_if_skipping_sign_off(proposal):
    """Moving straight into formal approval (the route skips sign-off) needs its approving bodies already
    named, from the scheme of delegation's rule (proposals.services.name_approving_bodies_by_scheme)."""
    return proposal.next_state_on_route() != ProposalState.FORMAL_APPROVAL or proposal.formal_approvals.exists()


def all_formal_bodies_approved(proposal):
    decisions = list(proposal.formal_approvals.values_list("decision", flat=True))
    return bool(decisions) and all(d == FormalDecision.APPROVED for d in decisions)


@guard(lambda p: "No governance route is set up yet for a proposal like this one, so it has nowhere to go: ask "
       "an administrator to set one up.")
def route_configured(proposal):
    return proposal.choose_route()[0] is not None
