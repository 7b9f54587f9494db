"""
What a meeting leaves behind: actions raised from its decisions (open, overdue, done), and its
minutes, assembled from the meeting, edited as a draft, approved by the body's next meeting
(which locks them) and printed to PDF through the board pack renderer.
"""

import datetime
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from governance import minutes as minutes_services
from governance import packs, services
from governance.enums import ActionStatus, AttendanceStatus, MeetingStatus, MembershipRole, MinutesStatus
from governance.models import Action, AgendaItem, Minutes
from governance.packs.inputs import pack_inputs
from ics_commissioning.errors import ActionRefused

from .conftest import dated
from .factories import MeetingFactory, MembershipFactory

HOSTILE = '<script>alert("minute")</script> <img src="file:///etc/passwd">'


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def held(cast):
    """A held ICS Management Group meeting: a Part A paper agreed, a Part B paper noted, attendance."""
    secretary = cast.icsmg_secretary
    MembershipFactory(body=cast.icsmg, user=cast.member, role=MembershipRole.MEMBER)
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() - datetime.timedelta(days=14))
    paper = services.add_paper(meeting, by=secretary, title="Winter plan", purpose="decision")
    secret = services.add_paper(meeting, by=secretary, title="Provider market options", purpose="assurance", part="B",
                                asks=["note"])
    services.record_attendance(meeting, {secretary: AttendanceStatus.PRESENT, cast.member: AttendanceStatus.APOLOGIES},
                               by=secretary)
    services.record_decision(paper, by=secretary, outcome="agreed", minute="The plan was agreed with two changes.")
    services.record_decision(secret, by=secretary, outcome="noted", minute="Options noted; commercially sensitive.")
    meeting.status = "held"
    meeting.save()
    return meeting


@pytest.fixture
def next_meeting(cast):
    return MeetingFactory(body=cast.icsmg, starts_at=timezone.now() + datetime.timedelta(days=14),
                          status=MeetingStatus.PUBLISHED)


def decision_on(meeting, title):
    return AgendaItem.objects.get(meeting=meeting, title=title).decision


# -- Actions ------------------------------------------------------------------------------------


def test_an_action_is_open_then_overdue_then_done(held, cast):
    decision = decision_on(held, "Winter plan")
    action = services.raise_action(decision, by=cast.icsmg_secretary, description="Circulate the final plan",
                                   owner=cast.member, due_on=timezone.localdate() + datetime.timedelta(days=3))
    assert action.status == ActionStatus.OPEN and action.state_label() == "Open" and action.body == cast.icsmg
    Action.objects.filter(pk=action.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=1))
    action.refresh_from_db()
    assert action.state_label() == "Overdue" and list(Action.objects.overdue()) == [action]

    with pytest.raises(PermissionDenied):
        services.complete_action(action, by=cast.author, note="Not mine")
    with pytest.raises(ActionRefused, match="what was done"):
        services.complete_action(action, by=cast.member, note="  ")
    services.complete_action(action, by=cast.member, note="Sent to all members on Monday.")
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.done_by == cast.member and action.state_label() == "Done"
    assert not Action.objects.overdue().exists()
    with pytest.raises(ActionRefused, match="already done"):
        services.complete_action(action, by=cast.member, note="Again")


def test_only_the_secretary_raises_actions_and_bad_input_changes_nothing(held, cast):
    decision = decision_on(held, "Winter plan")
    with pytest.raises(PermissionDenied):
        services.raise_action(decision, by=cast.member, description="x", owner=cast.member,
                              due_on=timezone.localdate())
    with pytest.raises(ActionRefused, match="Describe"):
        services.raise_action(decision, by=cast.icsmg_secretary, description=" ", owner=cast.member,
                              due_on=timezone.localdate())
    assert not Action.objects.exists()


def test_open_actions_are_a_standing_item_on_the_next_meeting_and_in_its_pack(client, held, next_meeting, cast):
    secretary = cast.icsmg_secretary
    services.raise_action(decision_on(held, "Winter plan"), by=secretary, description="Circulate the final plan",
                          owner=cast.member, due_on=timezone.localdate() + datetime.timedelta(days=7))
    services.raise_action(decision_on(held, "Provider market options"), by=secretary,
                          description="Model option 3 costs", owner=secretary,
                          due_on=timezone.localdate() + datetime.timedelta(days=7))
    public = pack_inputs(next_meeting, "A")["actions"]
    confidential = pack_inputs(next_meeting, "B")["actions"]
    assert [a["description"] for a in public] == ["Circulate the final plan"]
    assert [a["description"] for a in confidential] == ["Model option 3 costs"]  # a Part B decision's action
    pdf, _ = packs.render(pack_inputs(next_meeting, "A"))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Action log" in text and "Circulate the final plan" in text and "Model option 3" not in text

    client.force_login(secretary)
    page = client.get(reverse("governance:meeting", args=[next_meeting.pk])).content.decode()
    assert "Circulate the final plan" in page and "Model option 3 costs" in page
    client.force_login(cast.hsg_secretary)  # sees the ICS Management Group's Part A business only
    page = client.get(reverse("governance:meeting", args=[next_meeting.pk])).content.decode()
    assert "Circulate the final plan" in page and "Model option 3 costs" not in page


def test_actions_are_raised_and_marked_done_through_the_pages(client, held, cast):
    item = AgendaItem.objects.get(meeting=held, title="Winter plan")
    url = reverse("governance:raise_action", args=[held.pk, item.pk])
    due = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    client.force_login(cast.member)  # a member, not the secretary
    assert client.post(url, dated({"description": "x", "owner": cast.member.pk, "due_on": due})).status_code == 403
    client.force_login(cast.icsmg_secretary)
    response = client.post(url, dated({"description": "Brief the place leads", "owner": cast.member.pk, "due_on": "soon"}),
                           follow=True)
    assert "The date it is due must include a month and a year" in response.content.decode()
    assert not Action.objects.exists()
    client.post(url, dated({"description": "Brief the place leads", "owner": cast.member.pk, "due_on": due}))
    action = Action.objects.get()

    client.force_login(cast.member)
    needs = client.get(reverse("notifications:needs")).content.decode()
    assert "Brief the place leads" in needs and "Mark done" in needs
    client.post(reverse("notifications:action_done", args=[action.pk]), {"note": "Done at the leads' call."})
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.done_note == "Done at the leads' call."
    client.force_login(cast.author)
    assert client.post(reverse("notifications:action_done", args=[action.pk]), {"note": "x"}).status_code == 403


# -- Minutes ------------------------------------------------------------------------------------


def test_minutes_are_assembled_from_the_meeting(held, cast):
    minutes = minutes_services.draft(held, by=cast.icsmg_secretary)
    assert minutes.status == MinutesStatus.DRAFT
    public = minutes_services.content(minutes, confidential=False)
    assert public["attendance"] == {"Present": [cast.icsmg_secretary.get_full_name()],
                                    "Apologies": [cast.member.get_full_name()]}
    assert [(i["number"], i["title"], i["outcome"], i["minute"]) for i in public["items"]] == [
        ("A1", "Winter plan", "Agreed", "The plan was agreed with two changes."),
    ]
    confidential = minutes_services.content(minutes, confidential=True)
    assert [i["title"] for i in confidential["items"]] == ["Winter plan", "Provider market options"]
    assert minutes_services.draft(held, by=cast.icsmg_secretary) == minutes  # started once


def test_minutes_are_written_only_after_the_meeting_by_its_secretary(cast, next_meeting, held):
    with pytest.raises(ActionRefused, match="held"):
        minutes_services.draft(next_meeting, by=cast.icsmg_secretary)
    with pytest.raises(PermissionDenied):
        minutes_services.draft(held, by=cast.hsg_secretary)


def test_the_next_meeting_approves_the_minutes_and_they_lock(held, next_meeting, cast):
    secretary = cast.icsmg_secretary
    minutes = minutes_services.draft(held, by=secretary)
    entry = minutes.entries.get(item__title="Winter plan")
    minutes_services.save(minutes, by=secretary, opening="The chair welcomed members.", closing="",
                          entries={entry.item_id: "The plan was agreed, with the changes to staffing."})
    item = minutes_services.add_to_agenda(next_meeting, minutes, by=secretary)
    assert item.title.startswith("Minutes of the meeting held on") and item.approves == minutes
    with pytest.raises(ActionRefused, match="already on this agenda"):
        minutes_services.add_to_agenda(next_meeting, minutes, by=secretary)
    with pytest.raises(ActionRefused, match="later meeting of the same body"):
        minutes_services.add_to_agenda(held, minutes, by=secretary)
    assert [o.value for o in services.allowed_outcomes(item)] == ["agreed"]

    with time_machine.travel(next_meeting.starts_at + datetime.timedelta(minutes=30)):  # at the next meeting
        services.open_meeting(next_meeting, by=secretary)
        services.record_decision(item, by=secretary, outcome="agreed")
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.APPROVED and minutes.locked and minutes.approved_at
    # The meeting the minutes record is closed for good: nothing at it reopens or changes.
    held.refresh_from_db()
    assert held.status == MeetingStatus.MINUTES_APPROVED
    assert held.events.last().comment.startswith("Minutes approved at the meeting of")
    with pytest.raises(ActionRefused, match="minutes of this meeting have been approved"):
        services.record_attendance(held, {secretary: AttendanceStatus.APOLOGIES}, by=secretary)
    with pytest.raises(ActionRefused, match="can no longer change: a correction is a new item at a later meeting"):
        services.add_paper(held, by=secretary, title="Correction", purpose="information")
    with pytest.raises(ActionRefused, match="approved and can no longer be changed"):
        minutes_services.save(minutes, by=secretary, opening="Changed later", closing="", entries={})
    minutes.refresh_from_db()
    assert minutes.opening == "The chair welcomed members."


def test_the_minutes_page_edits_the_draft_and_shows_part_b_only_to_members(client, held, cast):
    url = reverse("governance:minutes", args=[held.pk])
    client.force_login(cast.icsmg_secretary)
    client.post(reverse("governance:draft_minutes", args=[held.pk]), {})
    minutes = Minutes.objects.get(meeting=held)
    entry = minutes.entries.get(item__title="Winter plan")
    response = client.post(url, {"opening": HOSTILE, "closing": "", f"entry_{entry.item_id}": "Agreed as amended.",
                                 f"entry_{minutes.entries.get(item__title='Provider market options').item_id}": ""})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.text == "Agreed as amended."
    client.force_login(cast.hsg_secretary)
    page = client.get(url).content.decode()
    assert "Winter plan" in page and "Provider market options" not in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert client.post(url, {"opening": "x", "closing": ""}).status_code == 404  # not theirs to edit
    minutes.refresh_from_db()
    assert minutes.opening == HOSTILE


def test_minutes_print_to_pdf_in_the_worker(client, held, cast, django_capture_on_commit_callbacks):
    secretary = cast.icsmg_secretary
    minutes = minutes_services.draft(held, by=secretary)
    minutes_services.save(minutes, by=secretary, opening=HOSTILE, closing="Next meeting in four weeks.", entries={})
    client.force_login(secretary)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("governance:print_minutes", args=[held.pk]), {})
    minutes.refresh_from_db()
    assert minutes.files_built_at and minutes.file_public and minutes.file_confidential
    public = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(minutes.file_public.read())).pages)
    assert "Winter plan" in public and "Provider market options" not in public
    assert '<script>alert("minute")</script>' in public  # printed as text
    assert "Page 1 of" in public
    confidential = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(minutes.file_confidential.read())).pages)
    assert "Provider market options" in confidential
    assert client.get(reverse("governance:minutes_pdf", args=[held.pk, "b"])).status_code == 200
    client.force_login(cast.hsg_secretary)
    assert client.get(reverse("governance:minutes_pdf", args=[held.pk, "a"])).status_code == 200
    assert client.get(reverse("governance:minutes_pdf", args=[held.pk, "b"])).status_code == 404


def test_the_action_log_lists_open_and_done_and_keeps_part_b_to_members(client, held, cast):
    secretary = cast.icsmg_secretary
    open_action = services.raise_action(decision_on(held, "Winter plan"), by=secretary, description="Brief the leads",
                                        owner=cast.member, due_on=timezone.localdate() - datetime.timedelta(days=2))
    done = services.raise_action(decision_on(held, "Winter plan"), by=secretary, description="Book the room",
                                 owner=secretary, due_on=timezone.localdate())
    services.complete_action(done, by=secretary, note="Booked for March.")
    services.raise_action(decision_on(held, "Provider market options"), by=secretary, description="Cost option 3",
                          owner=secretary, due_on=timezone.localdate())
    url = reverse("governance:action_log", args=[cast.icsmg.pk])
    client.force_login(cast.member)
    page = client.get(url).content.decode()
    assert "Open (2)" in page and open_action.description in page and "Overdue" in page
    assert "Done (1)" in page and "Booked for March." in page and "Cost option 3" in page
    client.force_login(cast.hsg_secretary)  # Part A business only
    page = client.get(url).content.decode()
    assert "Open (1)" in page and "Cost option 3" not in page
    client.force_login(cast.author)
    assert client.get(url).status_code == 404
