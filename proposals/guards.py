"""
Conditions on the proposal state machine. Each is a plain predicate on the proposal with a
message saying, in the user's words, what must be true first; services report the messages of
the conditions that fail.
"""

from ics_commissioning.life_cycles import guard

from .business_case import missing_sections
from .enums import FormalDecision, ProposalState, TriageOutcome


@guard(lambda p: "The business case is not complete. Still to do: "
       + ", ".join(s.title for s in missing_sections(p)) + ".")
def business_case_complete(proposal):
    return not missing_sections(proposal)


@guard(lambda p: "The triage answers do not point to place-based commissioning "
       f"(outcome: {p.triage_outcome().label}).")
def triage_says_place_based(proposal):
    return proposal.triage_outcome() == TriageOutcome.PLACE_BASED


@guard(lambda p: "The triage answers do not support an ICS-level business case "
       f"(outcome: {p.triage_outcome().label}).")
def triage_says_business_case(proposal):
    return proposal.triage_outcome() == TriageOutcome.BUSINESS_CASE


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
