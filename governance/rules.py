"""Who may see and run a body's business: its secretary runs it; its members (the chair among
them) see everything of it, Part B included; other committee officers see its Part A business."""

import rules

from proposals.rules import is_admin, is_committee_officer

from .enums import MembershipRole
from .models import Membership


def _roles(user, body):
    if body is None or not user.is_authenticated:
        return set()
    cache = user.__dict__.setdefault("_body_roles", {})
    if body.pk not in cache:
        cache[body.pk] = set(Membership.objects.filter(user=user, body=body).values_list("role", flat=True))
    return cache[body.pk]


@rules.predicate
def is_secretary_of_body(user, body):
    return MembershipRole.SECRETARY in _roles(user, body)


@rules.predicate
def is_member_of_body(user, body):
    return bool(_roles(user, body))


can_manage_body = is_secretary_of_body | is_admin
can_view_body = is_member_of_body | is_committee_officer | is_admin
can_view_confidential = is_member_of_body | is_admin

rules.add_perm("governance.manage_body", can_manage_body)
rules.add_perm("governance.view_body", can_view_body)
rules.add_perm("governance.view_confidential", can_view_confidential)
