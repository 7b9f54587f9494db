"""
Who may do what to a proposal: named predicates, defined once and used by views, services,
the state machine's transitions, templates and the API alike. A permission includes the state
it needs (`can_be_withdrawn & is_proposal_author`), so every place that asks gets one answer.

The people predicates (is_admin, is_committee_officer, is_secretary_of) are governance's.
"""

import rules

from governance.enums import MembershipRole
from governance.models import GateSignatory
from governance.rules import is_admin, is_committee_officer, memberships, remember
from ics_commissioning.permissions import can

from .enums import ProposalState
from .stages import STAGE_OWNERS


@rules.predicate
def is_proposal_author(user, proposal):
    if proposal is None or not user.is_authenticated:
        return False
    if proposal.lead_author_id == user.pk:
        return True
    prefetched = getattr(proposal, "_prefetched_objects_cache", {}).get("co_authors")
    if prefetched is not None:  # the page read them already
        return any(author.pk == user.pk for author in prefetched)
    return remember(user, ("co_author", proposal.pk), proposal.co_authors.filter(pk=user.pk).exists)


@rules.predicate
def is_assigned_assessor(user, proposal):
    if proposal is None or not user.is_authenticated:
        return False
    return remember(user, ("assessor", proposal.pk), proposal.assessments.filter(assessor=user).exists)


@rules.predicate
def is_gate_signatory(user, proposal):
    """Named to sign one of its statutory-duty gates (governance.duty_gates): they read what they sign."""
    if proposal is None or not user.is_authenticated:
        return False
    return remember(user, ("gate_signatory", proposal.pk),
                    GateSignatory.objects.filter(proposal=proposal, user=user).exists)


@rules.predicate
def is_secretary_for_current_stage(user, proposal):
    """Secretary of a body that owns the proposal's current stage (see Proposal.owning_bodies)."""
    if proposal is None or not user.is_authenticated:
        return False
    # Remembered for the request by state too: a page asks it for each of its buttons, and a
    # service asks it again once the proposal has moved on.
    secretary_of = {body_pk for body_pk, role in memberships(user) if role == MembershipRole.SECRETARY}
    if not secretary_of:
        return False
    return remember(user, ("stage_secretary", proposal.pk, proposal.state),
                    lambda: any(body.pk in secretary_of for body in proposal.owners()))


# -- What the proposal's state allows ---------------------------------------------------------


@rules.predicate
def has_been_submitted(user, proposal):
    """Submitted at some time: a draft, or a draft its authors withdrew, stays theirs alone."""
    return proposal is not None and proposal.submitted_at is not None


@rules.predicate
def is_editable(user, proposal):
    return proposal is not None and proposal.state in ProposalState.EDITABLE


@rules.predicate
def is_with_a_body(user, proposal):
    """A body has it (proposals.stages): triage, a stage of the route, or place-based (to reopen)."""
    return proposal is not None and proposal.state in STAGE_OWNERS


@rules.predicate
def is_on_route(user, proposal):
    return proposal is not None and proposal.state in ProposalState.ON_ROUTE


@rules.predicate
def is_before_a_body(user, proposal):
    return proposal is not None and proposal.state in ProposalState.WITH_A_BODY


@rules.predicate
def is_awaiting_triage(user, proposal):
    return proposal is not None and proposal.state in (ProposalState.SUBMITTED, ProposalState.PLACE_BASED)


can_be_withdrawn = is_editable | is_on_route


can_view_proposal = is_proposal_author | is_admin | (
    has_been_submitted & (is_committee_officer | is_assigned_assessor | is_gate_signatory))
can_edit_proposal = is_proposal_author & is_editable
can_submit_proposal = is_proposal_author & is_editable
can_withdraw_proposal = (is_proposal_author | is_admin) & can_be_withdrawn
# Triage, assessment, quality assurance, sign-off, return and reject all belong to the secretary
# of the body that owns the current stage.
can_decide_proposal = (is_secretary_for_current_stage | is_admin) & is_with_a_body
can_triage_proposal = can_decide_proposal & is_awaiting_triage
can_defer_proposal = can_decide_proposal & is_before_a_body
# The pipeline (board, list and CSV export of every live proposal) is for committee officers.
can_view_pipeline = is_committee_officer | is_admin

rules.add_perm("proposals.view_proposal", can_view_proposal)
rules.add_perm("proposals.edit_proposal", can_edit_proposal)
rules.add_perm("proposals.submit_proposal", can_submit_proposal)
rules.add_perm("proposals.withdraw_proposal", can_withdraw_proposal)
rules.add_perm("proposals.decide_proposal", can_decide_proposal)
rules.add_perm("proposals.triage_proposal", can_triage_proposal)
rules.add_perm("proposals.defer_proposal", can_defer_proposal)
rules.add_perm("proposals.view_pipeline", can_view_pipeline)


def permission(name):
    """A django-fsm `permission=` callable that asks the rules above."""

    def check(instance, user):
        return can(user, name, instance)

    check.permission_name = name
    return check


# Actions that are not moves of the state machine, and the permission each asks.
OTHER_ACTIONS = {
    "edit": "proposals.edit_proposal",
    "triage": "proposals.triage_proposal",
    "defer": "proposals.defer_proposal",
}


def available_actions(proposal, user):
    """
    The names of what this person may do to the proposal now: each state machine transition open
    from its state whose permission they hold (django-fsm's own check), and the OTHER_ACTIONS they
    may take. Pages offer exactly these buttons and links; whether the transition's conditions are
    met (a complete business case, an eligible score) is said when it is tried, with the reasons.
    """
    names = {
        transition.name
        for transition in proposal.get_all_state_transitions()
        if transition.source == proposal.state and transition.has_perm(proposal, user)
    }
    others = {name for name, perm in OTHER_ACTIONS.items() if can(user, perm, proposal)}
    return frozenset(names | others)
