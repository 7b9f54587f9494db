"""
Who holds a role on a body: given and ended by the body's secretary (or an admin) on the body's page, or
by a group at the organisation's identity provider (GroupMembership) at each sign-in with the
organisation's account. Every change is recorded (MembershipChange).
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from ics_commissioning.errors import ActionRefused

from .enums import MembershipRole
from .models import GroupMembership, Membership, MembershipChange
from .rules import require_secretary

Change = MembershipChange.Change


def _record(membership, change, *, by=None, group=""):
    MembershipChange.objects.create(body_id=membership.body_id, member_id=membership.user_id, role=membership.role,
                                    is_voting=membership.is_voting, change=change, by=by, group=group)


def person_by_email(email):
    """The one active person with this e-mail address (as their organisation's sign-in gave it)."""
    people = list(get_user_model().objects.filter(email__iexact=email.strip(), is_active=True)[:2])
    if not people:
        raise ActionRefused(f"Nobody with the e-mail address {email} has an account here. Ask them to sign in once "
                            "with their organisation's account, then give them the role.")
    if len(people) > 1:
        raise ActionRefused(f"More than one account has the e-mail address {email}: ask an admin to give the role.")
    return people[0]


@transaction.atomic
def give_role(body, *, by, email, role, organisation="", is_voting=False):
    require_secretary(body, by, "give people roles")
    person = person_by_email(email)
    if Membership.objects.filter(body=body, user=person, role=role).exists():
        raise ActionRefused(f"{person.get_full_name() or person} is already {MembershipRole(role).label.lower()} "
                            f"of {body}.")
    membership = Membership.objects.create(body=body, user=person, role=role, organisation=organisation,
                                           is_voting=is_voting)
    _record(membership, Change.GIVEN, by=by)
    return membership


@transaction.atomic
def end_role(membership, *, by):
    body = membership.body
    require_secretary(body, by, "end people's roles")
    if membership.from_group_id is not None:
        raise ActionRefused(f"This role is given by the group “{membership.from_group}” at your organisation: it ends "
                            "when they leave that group, or when an admin removes the group's role from the body.")
    others = Membership.objects.filter(body=body, role=MembershipRole.SECRETARY).exclude(pk=membership.pk)
    if membership.role == MembershipRole.SECRETARY and not others.exists():
        raise ActionRefused(f"They are the only secretary of {body}: give someone else the role first, so that "
                            "somebody can still run its business.")
    _record(membership, Change.ENDED, by=by)
    membership.delete()


@transaction.atomic
def sync_from_groups(user, groups):
    """At a sign-in with the organisation's account: give the roles `groups` give that `user` lacks; end those
    given by a group they have left. Roles given by hand are left alone."""
    groups = {str(group) for group in groups or ()}
    mappings = GroupMembership.objects.filter(group__in=groups)
    held = {(m.body_id, m.role): m for m in Membership.objects.filter(user=user).select_related("from_group")}
    for mapping in mappings:
        if (mapping.body_id, mapping.role) not in held:
            membership = Membership.objects.create(
                user=user, body_id=mapping.body_id, role=mapping.role, organisation=mapping.organisation,
                is_voting=mapping.is_voting, from_group=mapping,
            )
            held[(mapping.body_id, mapping.role)] = membership
            _record(membership, Change.GIVEN, group=mapping.group)
    given = {mapping.pk for mapping in mappings}
    for membership in held.values():
        if membership.from_group_id is not None and membership.from_group_id not in given:
            _record(membership, Change.ENDED, group=membership.from_group.group)
            membership.delete()
