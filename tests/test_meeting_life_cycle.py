"""A meeting's life cycle: every move, legal and illegal, its conditions, its audit, and what each
status lets the secretary record."""

import datetime
from functools import partial

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from governance import packs, services
from governance.enums import AttendanceStatus, MeetingStatus, PackStatus
from governance.models import BoardPack, Meeting, MeetingEvent
from ics_commissioning.errors import ActionRefused
from notifications.models import Notification
from proposals.enums import ProposalState

from .conftest import dated, sign_in_with_second_factor
from .factories import MeetingFactory, MembershipFactory, UserFactory

M = MeetingStatus
MOVES = {
    "publish": lambda m, by: services.publish_meeting(m, by=by),
    "open": lambda m, by: services.open_meeting(m, by=by),
    "close": lambda m, by: services.close_meeting(m, by=by),
    "cancel": lambda m, by: services.cancel_meeting(m, by=by, reason="The chair is unavailable"),
    "postpone": lambda m, by: services.postpone_meeting(
        m, by=by, starts_at=timezone.now() + datetime.timedelta(days=30), reason="Awaiting the financial plan"),
}
# Which moves each status allows (the rest are refused), and where each legal one leads.
LEGAL = {
    M.DRAFT: {"publish": M.PUBLISHED, "cancel": M.CANCELLED, "postpone": M.POSTPONED},
    M.PUBLISHED: {"open": M.IN_SESSION, "cancel": M.CANCELLED, "postpone": M.POSTPONED},
    M.IN_SESSION: {"close": M.HELD},
    M.HELD: {},
    M.MINUTES_APPROVED: {},
    M.CANCELLED: {},
    M.POSTPONED: {},
}


def ready_meeting(cast, status):
    """An ICS Management Group meeting in `status` that meets every move's condition: begun an hour
    ago, with a paper, its pack built and current, and attendance recorded."""
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() - datetime.timedelta(hours=1), status=M.DRAFT)
    services.add_paper(meeting, by=cast.icsmg_secretary, title="Winter plan", purpose="information")
    packs.build(packs.request_build(meeting, "A", by=cast.icsmg_secretary))
    Meeting.objects.filter(pk=meeting.pk).update(status=status)
    meeting.refresh_from_db()
    if status in M.recording():
        services.record_attendance(meeting, {cast.icsmg_secretary: AttendanceStatus.PRESENT}, by=cast.icsmg_secretary)
    return meeting


@pytest.mark.parametrize("status", list(LEGAL))
@pytest.mark.parametrize("move", list(MOVES))
def test_every_move_from_every_status(cast, status, move, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = ready_meeting(cast, status)
    events = MeetingEvent.objects.count()
    if move in LEGAL[status]:
        MOVES[move](meeting, cast.icsmg_secretary)
        meeting.refresh_from_db()
        assert meeting.status == LEGAL[status][move]
        event = meeting.events.last()
        assert (event.from_status, event.to_status, event.actor) == (status, LEGAL[status][move], cast.icsmg_secretary)
    else:
        with pytest.raises(ActionRefused, match=f"A meeting that is “{M(status).label}” cannot"):
            MOVES[move](meeting, cast.icsmg_secretary)
        meeting.refresh_from_db()
        assert meeting.status == status and MeetingEvent.objects.count() == events


def test_only_the_secretary_moves_the_meeting(cast):
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() + datetime.timedelta(days=3))
    for move in MOVES.values():
        with pytest.raises(PermissionDenied):
            move(meeting, cast.hsg_secretary)
    assert meeting.events.count() == 0


def test_a_meeting_opens_at_its_start_time_and_not_a_minute_before(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = ready_meeting(cast, M.PUBLISHED)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() + datetime.timedelta(minutes=10))
    meeting.refresh_from_db()
    with pytest.raises(ActionRefused, match="it can be opened once that time has come"):
        services.open_meeting(meeting, by=cast.icsmg_secretary)
    with time_machine.travel(meeting.starts_at - datetime.timedelta(seconds=1)):
        with pytest.raises(ActionRefused):
            services.open_meeting(meeting, by=cast.icsmg_secretary)
    with time_machine.travel(meeting.starts_at):
        services.open_meeting(meeting, by=cast.icsmg_secretary)
    assert Meeting.objects.get(pk=meeting.pk).status == M.IN_SESSION


def test_a_meeting_is_held_only_once_attendance_is_recorded(cast):
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() - datetime.timedelta(hours=2))
    with pytest.raises(ActionRefused, match="Record who was present before closing the meeting"):
        services.close_meeting(meeting, by=cast.icsmg_secretary)
    services.record_attendance(meeting, {cast.icsmg_secretary: AttendanceStatus.APOLOGIES}, by=cast.icsmg_secretary)
    with pytest.raises(ActionRefused):  # apologies alone: nobody was present
        services.close_meeting(meeting, by=cast.icsmg_secretary)
    services.record_attendance(meeting, {cast.icsmg_secretary: AttendanceStatus.PRESENT}, by=cast.icsmg_secretary)
    services.close_meeting(meeting, by=cast.icsmg_secretary)
    assert Meeting.objects.get(pk=meeting.pk).status == M.HELD


def test_cancelling_and_postponing_need_a_reason(cast):
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() + datetime.timedelta(days=3))
    with pytest.raises(ActionRefused, match="Say why the meeting is cancelled"):
        services.cancel_meeting(meeting, by=cast.icsmg_secretary, reason=" ")
    with pytest.raises(ActionRefused, match="Say why the meeting is postponed"):
        services.postpone_meeting(meeting, by=cast.icsmg_secretary, reason="",
                                  starts_at=timezone.now() + datetime.timedelta(days=9))
    with pytest.raises(ActionRefused, match="in the future"):
        services.postpone_meeting(meeting, by=cast.icsmg_secretary, reason="Clash",
                                  starts_at=timezone.now() - datetime.timedelta(days=1))
    assert Meeting.objects.count() == 1 and Meeting.objects.get().status == M.DRAFT
    services.cancel_meeting(meeting, by=cast.icsmg_secretary, reason="The chair is unavailable")
    assert meeting.events.get().comment == "The chair is unavailable"


def test_a_postponed_meeting_hands_its_agenda_to_the_new_date(cast, proposal_in):
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() + datetime.timedelta(days=3))
    proposal = proposal_in(ProposalState.QUALITY_ASSURANCE)
    services.add_proposal_to_agenda(meeting, proposal, by=cast.icsmg_secretary)
    services.add_paper(meeting, by=cast.icsmg_secretary, title="Winter plan", purpose="information")
    new_date = timezone.now() + datetime.timedelta(days=17)
    new = services.postpone_meeting(meeting, by=cast.icsmg_secretary, starts_at=new_date, reason="Awaiting the plan")
    meeting.refresh_from_db()
    assert meeting.status == M.POSTPONED and meeting.postponed_to == new
    assert (new.status, new.starts_at, new.location) == (M.DRAFT, new_date, meeting.location)
    assert list(new.items.values_list("title", flat=True)) == [proposal.title, "Winter plan"]
    assert not meeting.items.exists()
    with pytest.raises(ActionRefused, match="postponed: record it at the meeting that took its agenda"):
        services.record_attendance(meeting, {cast.icsmg_secretary: "present"}, by=cast.icsmg_secretary)


def test_what_each_status_lets_the_secretary_record(cast, proposal_in):
    """Attendance, declarations and decisions only in session or held; the agenda only until held."""
    secretary = cast.icsmg_secretary
    member = MembershipFactory(body=cast.icsmg, user=UserFactory(username="icsmg_member")).user
    for status, recording, agenda in [
        (M.DRAFT, False, True), (M.PUBLISHED, False, True), (M.IN_SESSION, True, True), (M.HELD, True, False),
        (M.MINUTES_APPROVED, False, False), (M.CANCELLED, False, False), (M.POSTPONED, False, False),
    ]:
        meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() - datetime.timedelta(hours=1))
        item = services.add_paper(meeting, by=secretary, title=f"Paper at a {status} meeting", purpose="decision")
        Meeting.objects.filter(pk=meeting.pk).update(status=status)
        meeting.refresh_from_db()
        item.refresh_from_db()
        attempts = [
            partial(services.record_attendance, meeting, {secretary: "present"}, by=secretary),
            partial(services.declare_item_interest, item, by=secretary, member=member, interest="Trustee of a charity"),
            partial(services.record_decision, item, by=secretary, outcome="agreed", minute="Agreed."),
        ]
        for attempt in attempts:
            if recording:
                attempt()
            else:
                with pytest.raises(ActionRefused):
                    attempt()
        if agenda:
            services.add_paper(meeting, by=secretary, title="Late paper", purpose="information")
        else:
            with pytest.raises(ActionRefused, match="can no longer change"):
                services.add_paper(meeting, by=secretary, title="Late paper", purpose="information")
        assert meeting.items.filter(decision__isnull=False).exists() == recording, status


def test_nothing_is_recorded_before_the_start_time_even_in_session(cast):
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() + datetime.timedelta(minutes=30),
                             status=M.IN_SESSION)
    with pytest.raises(ActionRefused, match="attendance is recorded once it has begun"):
        services.record_attendance(meeting, {cast.icsmg_secretary: "present"}, by=cast.icsmg_secretary)


def test_a_late_paper_in_session_is_a_supplement_members_are_told_of(cast, settings, tmp_path,
                                                                       django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    meeting = ready_meeting(cast, M.PUBLISHED)
    issued = packs.latest_ready(meeting, "A")
    services.open_meeting(meeting, by=cast.icsmg_secretary)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.add_paper(meeting, by=cast.icsmg_secretary, title="Urgent discharge funding", purpose="decision")
    supplement = packs.latest_ready(meeting, "A")
    assert supplement.supplement and supplement.version == issued.version + 1
    assert BoardPack.objects.get(pk=issued.pk).status == PackStatus.READY  # the pack as sent is kept
    told = Notification.objects.filter(kind="pack_replaced")
    assert told.exists() and all(n.subject.startswith("Supplement to the papers") for n in told)
    assert "Urgent discharge funding" in told.first().message


def test_the_meeting_page_offers_only_the_moves_its_status_allows(client, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = ready_meeting(cast, M.PUBLISHED)
    client.force_login(cast.icsmg_secretary)
    page = client.get(reverse("governance:meeting", args=[meeting.pk])).content.decode()
    for shown in ("Open the meeting", "Cancel the meeting", "Postpone the meeting"):
        assert shown in page
    assert "Issue the papers" not in page and "Close the meeting as held" not in page
    # A move the status does not allow, asked for by its URL, is refused and changes nothing.
    response = client.post(reverse("governance:meeting_close", args=[meeting.pk]))
    assert "cannot be closed as held" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == M.PUBLISHED
    response = client.post(reverse("governance:meeting_cancel", args=[meeting.pk]), {"reason": ""})
    assert "Say why the meeting is cancelled" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == M.PUBLISHED
    response = client.post(reverse("governance:meeting_open", args=[meeting.pk]))
    assert response.status_code == 302 and Meeting.objects.get(pk=meeting.pk).status == M.IN_SESSION


def test_the_admin_shows_the_life_cycle_but_does_not_move_it(client, cast):
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() + datetime.timedelta(days=3))
    services.cancel_meeting(meeting, by=cast.icsmg_secretary, reason="The chair is unavailable")
    sign_in_with_second_factor(client, cast.admin)
    url = reverse("admin:governance_meeting_change", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert "The chair is unavailable" in page and 'name="status"' not in page
    form = dated({"body": cast.icsmg.pk, "starts_at_0": "2030-01-14", "starts_at_1": "14:00", "location": "Civic Centre",
            "online_link": "", "paper_deadline": "", "status": "draft",
            "items-TOTAL_FORMS": "0", "items-INITIAL_FORMS": "0", "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "1"})
    assert client.post(url, form).status_code == 302  # saved: the details change, the status does not
    meeting.refresh_from_db()
    assert (meeting.location, meeting.status) == ("Civic Centre", M.CANCELLED)
    with pytest.raises(PermissionError):
        meeting.events.update(comment="rewritten")
    for name in ("body", "chairsaction", "decision", "membership"):
        assert client.get(reverse(f"admin:governance_{name}_changelist")).status_code == 200
    assert client.get(reverse("admin:governance_body_change", args=[cast.jcc.pk])).status_code == 200
