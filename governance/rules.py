"""
Who people are in the governance structure, and who may see and run a body's business: its
secretary runs it; its members (the chair among them) see everything of it, Part B included;
other committee officers see its Part A business.

The people predicates here (is_admin, is_committee_officer, is_secretary_of) are the lowest
layer of the rules: proposals, scoring and the views all build on them.
"""

import rules
from django.utils.functional import LazyObject, empty

from ics_commissioning.errors import NotAllowed
from ics_commissioning.permissions import can
from ics_commissioning.user_cache import remembered

from .enums import MembershipRole
from .models import Membership


def remember(user, key, compute):
    """Remember a predicate's answer on the user object for the rest of the request: a page asks
    the same question for its view, breadcrumbs, buttons and navigation."""
    if isinstance(user, LazyObject):  # request.user: remembered on the user it stands for, as has_perm sees it
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    cache = user.__dict__.setdefault("_permission_cache", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


@rules.predicate
def is_admin(user):
    return user.is_active and user.is_superuser


def memberships(user):
    """{(body pk, role)} of every role the user holds: one query, kept with the navigation (user_cache)
    until anything is written. Every question of who someone is in a body is answered from it."""
    if not user.is_authenticated:
        return frozenset()
    return remember(user, "memberships", lambda: remembered(user, "memberships", lambda: frozenset(
        Membership.objects.filter(user=user).values_list("body_id", "role"))))


@rules.predicate
def is_committee_officer(user):
    """Secretaries and chairs follow every proposal on the route, not only their own body's."""
    return any(role in (MembershipRole.SECRETARY, MembershipRole.CHAIR) for _, role in memberships(user))


def _roles(user, body):
    if body is None:
        return set()
    return {role for body_pk, role in memberships(user) if body_pk == body.pk}


@rules.predicate
def is_secretary_of(user, body):
    """The secretary of this body: who records its decisions and runs its meetings."""
    return MembershipRole.SECRETARY in _roles(user, body)


@rules.predicate
def is_member_of_body(user, body):
    return bool(_roles(user, body))


can_manage_body = is_secretary_of | is_admin
can_view_body = is_member_of_body | is_committee_officer | is_admin
can_view_confidential = is_member_of_body | is_admin

rules.add_perm("governance.manage_body", can_manage_body)
rules.add_perm("governance.view_body", can_view_body)
rules.add_perm("governance.view_confidential", can_view_confidential)


def require_secretary(body, by, doing):
    """Refuse unless `by` runs the body's business (its secretary, or an admin)."""
    if not can(by, "governance.manage_body", body):
        raise NotAllowed(f"Only the secretary of {body} can {doing}.")
