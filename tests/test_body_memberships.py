"""
Roles on a body (governance.memberships): the secretary gives them on the body's page to people who have
signed in (found by e-mail address) and ends them after a check step; groups at the identity provider give
and end theirs at sign-in. Every change is recorded; bad input changes nothing.
"""

import pytest
from django.urls import reverse

from governance import memberships
from governance.enums import MembershipRole
from governance.models import GroupMembership, Membership, MembershipChange
from ics_commissioning.errors import ActionRefused, NotAllowed

from .factories import MembershipFactory, UserFactory
from .html_checks import page_problems

pytestmark = pytest.mark.django_db

Change = MembershipChange.Change


@pytest.fixture
def newcomer(db):
    return UserFactory(username="robin", first_name="Robin", last_name="Ashdown",
                       email="robin.ashdown@northshire-icb.nhs.example")


def state():
    return (list(Membership.objects.order_by("pk").values_list("pk", "user_id", "body_id", "role", "is_voting")),
            MembershipChange.objects.count())


def test_the_secretary_gives_a_role_by_email_address(client, cast, newcomer):
    client.force_login(cast.icsmg_secretary)
    page = client.get(reverse("governance:body", args=[cast.icsmg.pk])).content.decode()
    assert "Give someone a role" in page and not page_problems(page)
    response = client.post(reverse("governance:give_role", args=[cast.icsmg.pk]), {
        "email": "Robin.Ashdown@northshire-icb.nhs.example", "role": MembershipRole.MEMBER,
        "organisation": "NHS Northshire CCG", "is_voting": "on",
    }, follow=True)
    assert "Robin Ashdown is now member of ICS Management Group" in response.content.decode()
    membership = Membership.objects.get(user=newcomer, body=cast.icsmg)
    assert (membership.role, membership.is_voting, membership.organisation) == (MembershipRole.MEMBER, True,
                                                                                "NHS Northshire CCG")
    change = MembershipChange.objects.get()
    assert (change.member, change.body, change.change, change.by, change.is_voting) == (
        newcomer, cast.icsmg, Change.GIVEN, cast.icsmg_secretary, True)


@pytest.mark.parametrize(("email", "message"), [
    ("nobody@northshire-icb.nhs.example", "has an account here. Ask them to sign in once"),
    ("author@example.nhs.uk", "is already member of"),
])
def test_a_role_for_someone_unknown_or_already_holding_it_is_refused(client, cast, email, message):
    MembershipFactory(body=cast.icsmg, user=cast.author, role=MembershipRole.MEMBER)
    client.force_login(cast.icsmg_secretary)
    before = state()
    response = client.post(reverse("governance:give_role", args=[cast.icsmg.pk]),
                           {"email": email, "role": MembershipRole.MEMBER}, follow=True)
    assert message in response.content.decode()
    assert state() == before


def test_a_malformed_form_shows_its_errors_and_changes_nothing(client, cast):
    client.force_login(cast.icsmg_secretary)
    before = state()
    response = client.post(reverse("governance:give_role", args=[cast.icsmg.pk]), {"email": "not an address",
                                                                                    "role": "overlord"})
    page = response.content.decode()
    assert response.status_code == 200 and "Enter an e-mail address" in page and "Select a valid choice" in page
    assert page.count("<title>Error:") == 1 and not page_problems(page)
    assert state() == before


def test_only_the_bodys_secretary_gives_or_ends_roles(client, cast, newcomer):
    membership = MembershipFactory(body=cast.icsmg, user=newcomer, role=MembershipRole.MEMBER)
    before = state()
    for user in (cast.member, cast.hsg_secretary, newcomer):
        client.force_login(user)
        assert client.post(reverse("governance:give_role", args=[cast.icsmg.pk]),
                           {"email": cast.author.email, "role": MembershipRole.CHAIR}).status_code in (403, 404)
        assert client.post(reverse("governance:end_role", args=[cast.icsmg.pk, membership.pk])).status_code in (403, 404)
    assert state() == before
    with pytest.raises(NotAllowed):
        memberships.end_role(membership, by=cast.hsg_secretary)


def test_ending_a_role_has_a_check_step_and_is_recorded(client, cast, newcomer):
    membership = MembershipFactory(body=cast.icsmg, user=newcomer, role=MembershipRole.MEMBER, is_voting=True)
    client.force_login(cast.icsmg_secretary)
    url = reverse("governance:end_role", args=[cast.icsmg.pk, membership.pk])
    page = client.get(url).content.decode()
    assert "End Robin Ashdown's role as member?" in page and "vote on" in page and not page_problems(page)
    assert Membership.objects.filter(pk=membership.pk).exists()  # the check step changed nothing
    response = client.post(url, follow=True)
    assert "Robin Ashdown is no longer member of ICS Management Group" in response.content.decode()
    assert not Membership.objects.filter(pk=membership.pk).exists()
    change = MembershipChange.objects.get()
    assert (change.change, change.member, change.by, change.role) == (Change.ENDED, newcomer, cast.icsmg_secretary,
                                                                      MembershipRole.MEMBER)


def test_a_role_of_another_body_is_not_found_through_this_one(client, cast):
    other = cast.hsg.memberships.first()
    client.force_login(cast.icsmg_secretary)
    assert client.get(reverse("governance:end_role", args=[cast.icsmg.pk, other.pk])).status_code == 404
    assert client.post(reverse("governance:end_role", args=[cast.icsmg.pk, other.pk])).status_code == 404
    assert Membership.objects.filter(pk=other.pk).exists()


def test_the_only_secretary_and_a_role_given_by_a_group_cannot_be_ended_here(cast, newcomer):
    only_secretary = cast.icsmg.memberships.get(role=MembershipRole.SECRETARY)
    with pytest.raises(ActionRefused, match="only secretary"):
        memberships.end_role(only_secretary, by=cast.admin)
    GroupMembership.objects.create(group="grp-icsmg", body=cast.icsmg, role=MembershipRole.MEMBER)
    memberships.sync_from_groups(newcomer, ["grp-icsmg"])
    given = Membership.objects.get(user=newcomer)
    with pytest.raises(ActionRefused, match="given by the group"):
        memberships.end_role(given, by=cast.icsmg_secretary)
    assert Membership.objects.filter(pk__in=[only_secretary.pk, given.pk]).count() == 2


def test_groups_record_what_they_give_and_end(cast, newcomer):
    GroupMembership.objects.create(group="grp-icsmg", body=cast.icsmg, role=MembershipRole.MEMBER, is_voting=True)
    memberships.sync_from_groups(newcomer, ["grp-icsmg", "grp-unrelated"])
    memberships.sync_from_groups(newcomer, ["grp-icsmg"])  # again: nothing new
    memberships.sync_from_groups(newcomer, [])
    changes = list(MembershipChange.objects.order_by("pk").values_list("change", "group", "by", "is_voting"))
    assert changes == [(Change.GIVEN, "grp-icsmg", None, True), (Change.ENDED, "grp-icsmg", None, True)]
    assert not Membership.objects.filter(user=newcomer).exists()
