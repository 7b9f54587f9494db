"""Escalation of a place-based referral (seed 004): the referring body's secretary raises its barriers to
sustainability with the body owning quality assurance on its route; they wait on that body's forward
programme until its secretary puts them on a meeting's agenda as a paper for discussion."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from governance import escalations
from governance.enums import PaperPurpose
from governance.models import Escalation
from ics_commissioning.errors import ActionRefused
from proposals.enums import EventKind, ProposalState

from .factories import MeetingFactory

S = ProposalState
BARRIERS = "Two of the four places cannot recruit <b>pharmacists</b> to run it."


@pytest.fixture
def referred(proposal_in):
    return proposal_in(S.PLACE_BASED)


def test_the_barriers_go_to_the_body_owning_quality_assurance_and_its_secretary_is_told(
        cast, referred, django_capture_on_commit_callbacks):
    assert escalations.escalation_body(referred) == cast.icsmg
    with django_capture_on_commit_callbacks(execute=True):
        escalation = escalations.escalate(referred, by=cast.clg_secretary, barriers=BARRIERS)
    assert (escalation.body, escalation.raised_for, escalation.barriers) == (cast.icsmg, cast.clg, BARRIERS)
    event = referred.events.get(kind=EventKind.ESCALATED)
    assert event.body == cast.clg and BARRIERS in event.comment and event.to_state == S.PLACE_BASED
    [email] = [m for m in mail.outbox if "escalated" in m.subject]
    assert email.to == [cast.icsmg_secretary.email] and referred.reference in email.subject


@pytest.mark.parametrize("case", ["not referred", "no barriers", "not the referring secretary"])
def test_bad_escalations_are_refused_and_change_nothing(cast, proposal_in, referred, case):
    events = referred.events.count()
    if case == "not referred":
        with pytest.raises(ActionRefused, match="Only a proposal referred"):
            escalations.escalate(proposal_in(S.ASSESSMENT), by=cast.clg_secretary, barriers=BARRIERS)
    elif case == "no barriers":
        with pytest.raises(ActionRefused, match="Say what the barriers"):
            escalations.escalate(referred, by=cast.clg_secretary, barriers="  ")
    else:
        with pytest.raises(PermissionDenied):
            escalations.escalate(referred, by=cast.icsmg_secretary, barriers=BARRIERS)
    assert not Escalation.objects.exists() and referred.events.count() == events


def test_a_body_without_a_secretary_cannot_receive_one(cast, referred):
    cast.icsmg.memberships.filter(role="secretary").delete()
    with pytest.raises(ActionRefused, match="has no secretary"):
        escalations.escalate(referred, by=cast.clg_secretary, barriers=BARRIERS)
    assert not Escalation.objects.exists()


def test_through_the_pages_with_a_check_step_then_onto_an_agenda(client, cast, referred):
    url = reverse("governance:escalate", args=[referred.reference])
    client.force_login(cast.icsmg_secretary)
    assert client.get(url).status_code == 403  # not the referring body's secretary
    client.force_login(cast.clg_secretary)
    assert reverse("governance:escalate", args=[referred.reference]) in \
        client.get(referred.get_absolute_url()).content.decode()
    empty = client.post(url, {"body": cast.icsmg.pk, "barriers": ""})
    assert "Say what the barriers to sustainability are" in empty.content.decode()
    check = client.post(url, {"body": cast.icsmg.pk, "barriers": BARRIERS}).content.decode()
    assert "Check the escalation" in check and "&lt;b&gt;pharmacists&lt;/b&gt;" in check
    assert not Escalation.objects.exists()  # nothing until it is confirmed
    done = client.post(url, {"body": cast.icsmg.pk, "barriers": BARRIERS, "confirmed": "yes"})
    assert done.status_code == 302
    escalation = Escalation.objects.get()

    # On the receiving body's programme, and not on another's.
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() + datetime.timedelta(days=10))
    client.force_login(cast.icsmg_secretary)
    programme = client.get(reverse("governance:programme", args=[cast.icsmg.pk])).content.decode()
    assert "Raised for this body" in programme and "&lt;b&gt;pharmacists&lt;/b&gt;" in programme
    client.force_login(cast.hsg_secretary)
    assert "pharmacists" not in client.get(reverse("governance:programme", args=[cast.hsg.pk])).content.decode()
    add = reverse("governance:escalation_to_meeting", args=[cast.icsmg.pk, escalation.pk])
    assert client.post(add, {"meeting": meeting.pk}).status_code == 403  # not its secretary
    client.force_login(cast.icsmg_secretary)
    client.post(add, {"meeting": meeting.pk})
    escalation.refresh_from_db()
    item = escalation.item
    assert item.meeting == meeting and item.purpose == PaperPurpose.DISCUSSION and item.asks == ["consider"]
    assert BARRIERS in item.background and referred.reference in item.background
    assert "pharmacists" not in client.get(reverse("governance:programme", args=[cast.icsmg.pk])).content.decode() \
        .split('id="raised"')[1].split('id="expected"')[0]  # no longer waiting
    client.post(add, {"meeting": meeting.pk})  # twice: refused, one paper
    assert meeting.items.count() == 1
