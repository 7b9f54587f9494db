"""
Who may see and do what with a provider selection. The proposal's authors prepare it; the secretaries of
the bodies that formally approve the proposal (the scheme of delegation names them) table it for decision
and run the standstill; named assessors score the providers; the representations providers make during
the standstill are seen only by the decision-makers: the members of those bodies.
"""

import rules

from governance.enums import MembershipRole
from governance.models import Body, Membership
from governance.rules import is_admin, is_committee_officer, remember
from ics_commissioning.permissions import can
from proposals.business_case import procurement_route
from proposals.enums import ProposalState
from proposals.rules import can_view_proposal, is_proposal_author

from .enums import SelectionStatus
from .models import ProviderSelection
from .regime import ROUTE_PROCESSES

S = ProposalState
# A provider can be chosen once the full business case, with its commercial case, is being written, and
# until the proposal is approved (the award itself waits for the approval).
WRITTEN_AS_A_FULL_CASE = (S.FULL_CASE, S.QUALITY_ASSURANCE, S.STAKEHOLDER_SIGNOFF, S.FORMAL_APPROVAL, S.APPROVED)


def deciding_bodies(proposal):
    """The bodies that decide the award: those the scheme of delegation named to formally approve the proposal."""
    return Body.objects.filter(formal_approvals__proposal=proposal).distinct()


def _roles_in_deciding_bodies(user, selection):
    if selection is None or not user.is_authenticated:
        return set()
    return remember(user, ("selection_roles", selection.pk), lambda: set(Membership.objects.filter(
        user=user, body__formal_approvals__proposal_id=selection.proposal_id).values_list("role", flat=True)))


@rules.predicate
def is_selection_author(user, selection):
    return selection is not None and is_proposal_author(user, selection.proposal)


@rules.predicate
def is_selection_secretary(user, selection):
    """Secretary of a body that decides the award."""
    return MembershipRole.SECRETARY in _roles_in_deciding_bodies(user, selection)


@rules.predicate
def is_decision_maker(user, selection):
    """A member (in any role) of a body that decides the award."""
    return bool(_roles_in_deciding_bodies(user, selection))


@rules.predicate
def is_selection_assessor(user, selection):
    if selection is None or not user.is_authenticated:
        return False
    return remember(user, ("selection_assessor", selection.pk), selection.assessments.filter(assessor=user).exists)


@rules.predicate
def is_being_prepared(user, selection):
    return selection is not None and selection.status == SelectionStatus.PREPARING


@rules.predicate
def can_see_the_proposal(user, selection):
    return selection is not None and can_view_proposal(user, selection.proposal)


def selects_a_provider(proposal):
    """Its full business case's commercial case names a procurement route of the regime, and it is still live."""
    return proposal.state in WRITTEN_AS_A_FULL_CASE and procurement_route(proposal) in ROUTE_PROCESSES


@rules.predicate
def buys_under_the_regime(user, proposal):
    return proposal is not None and selects_a_provider(proposal)


@rules.predicate
def is_the_assessor(user, assessment):
    return assessment is not None and assessment.assessor_id == user.pk


can_view_selection = can_see_the_proposal | is_selection_assessor | is_decision_maker | is_admin
may_prepare = is_selection_author | is_selection_secretary | is_admin
can_edit_selection = may_prepare & is_being_prepared
can_manage_selection = is_selection_secretary | is_admin
can_view_representations = is_decision_maker | is_admin

rules.add_perm("procurement.view_selection", can_view_selection)
rules.add_perm("procurement.edit_selection", can_edit_selection)
rules.add_perm("procurement.manage_selection", can_manage_selection)
rules.add_perm("procurement.view_representations", can_view_representations)
rules.add_perm("procurement.start_selection", (is_proposal_author | is_admin) & buys_under_the_regime)
rules.add_perm("procurement.view_assessment", is_the_assessor)
rules.add_perm("procurement.view_annual_summary", is_committee_officer | is_admin)


def selection_open_to(user, proposal):
    """What the proposal page shows of its provider selection to this person: (the selection, if they may read
    it; whether they may start it, if there is none)."""
    selection = ProviderSelection.objects.filter(proposal=proposal).first()
    if selection is None:
        return None, can(user, "procurement.start_selection", proposal)
    return (selection if can(user, "procurement.view_selection", selection) else None), False
