"""
Who may do what to a proposal: named predicates, defined once and used by views, services,
the state machine's transitions, templates and the API alike.
"""

import rules

from governance.enums import MembershipRole
from governance.models import Membership

from .enums import ProposalState


def _remember(user, key, compute):
    """Remember a predicate's answer on the user object for the rest of the request: a page asks
    the same question for its view, breadcrumbs, buttons and navigation."""
    cache = user.__dict__.setdefault("_permission_cache", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


@rules.predicate
def is_admin(user):
    return user.is_active and user.is_superuser


@rules.predicate
def is_proposal_author(user, proposal):
    if proposal is None or not user.is_authenticated:
        return False
    if proposal.lead_author_id == user.pk:
        return True
    return _remember(user, ("co_author", proposal.pk), proposal.co_authors.filter(pk=user.pk).exists)


@rules.predicate
def is_committee_officer(user):
    """Secretaries and chairs follow every proposal on the route, not only their own body's."""
    if not user.is_authenticated:
        return False
    return _remember(user, "committee_officer", Membership.objects.filter(
        user=user, role__in=[MembershipRole.SECRETARY, MembershipRole.CHAIR]
    ).exists)


@rules.predicate
def is_assigned_assessor(user, proposal):
    if proposal is None or not user.is_authenticated:
        return False
    return proposal.assessments.filter(assessor=user).exists()


@rules.predicate
def is_secretary_for_current_stage(user, proposal):
    """Secretary of a body that owns the proposal's current stage (see Proposal.owning_bodies)."""
    if proposal is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(
        user=user, role=MembershipRole.SECRETARY, body__in=proposal.owning_bodies()
    ).exists()


@rules.predicate
def has_been_submitted(user, proposal):
    """Submitted at some time: a draft, or a draft its authors withdrew, stays theirs alone."""
    return proposal is not None and proposal.submitted_at is not None


@rules.predicate
def is_editable(user, proposal):
    return proposal is not None and proposal.state in ProposalState.EDITABLE


def is_secretary_of(user, body):
    """For decisions taken by one named body (stage 4): the secretary of that body."""
    return user.is_authenticated and Membership.objects.filter(
        user=user, body=body, role=MembershipRole.SECRETARY
    ).exists()


can_view_proposal = is_proposal_author | is_admin | (has_been_submitted & (is_committee_officer | is_assigned_assessor))
can_edit_proposal = is_proposal_author & is_editable
can_submit_proposal = is_proposal_author
can_withdraw_proposal = is_proposal_author | is_admin
can_act_for_current_stage = is_secretary_for_current_stage | is_admin

rules.add_perm("proposals.view_proposal", can_view_proposal)
rules.add_perm("proposals.edit_proposal", can_edit_proposal)
rules.add_perm("proposals.submit_proposal", can_submit_proposal)
rules.add_perm("proposals.withdraw_proposal", can_withdraw_proposal)
# Triage, assessment, quality assurance, sign-off, return, reject and defer all belong to the
# secretary of the body that owns the current stage.
rules.add_perm("proposals.decide_proposal", can_act_for_current_stage)
# The pipeline (board, list and CSV export of every live proposal) is for committee officers.
rules.add_perm("proposals.view_pipeline", is_committee_officer | is_admin)


def permission(name):
    """A django-fsm `permission=` callable that asks the rules above."""

    def check(instance, user):
        return user.has_perm(name, instance)

    check.permission_name = name
    return check
