"""
Who is e-mailed on each event (and nobody when the change rolls back), the daily digest, the
reminders Celery beat sends (with the clock moved by time-machine), "Needs my action" and its
count, and, with a real worker and Redis, exactly one e-mail per person even when a task is retried.
"""

import datetime
import os
import time

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance import services as governance
from governance.enums import MeetingStatus, MembershipRole
from notifications import reminders
from notifications.email import send_digests
from notifications.models import Frequency, Notification, NotificationSetting
from notifications.needs import count, needs_action
from notifications.services import notify
from proposals import services
from proposals.enums import ProposalState as S
from proposals.models import Proposal
from scoring import services as scoring_services
from scoring.services import assign_assessor

from .conftest import on_postgresql
from .factories import MeetingFactory, MembershipFactory, complete_full_case


def sent_to(address):
    return [message for message in mail.outbox if address in message.to]


@pytest.fixture
def in_assessment(proposal_in):
    return proposal_in(S.ASSESSMENT)


# -- Who is told what ---------------------------------------------------------------------------


def test_an_assessor_is_told_when_assigned(in_assessment, cast, django_capture_on_commit_callbacks):
    assessor = cast.assessors[0]
    with django_capture_on_commit_callbacks(execute=True):
        assessment = assign_assessor(in_assessment, assessor, by=cast.clg_secretary)
    [email] = sent_to(assessor.email)
    assert in_assessment.reference in email.subject
    assert f"/assessments/{assessment.pk}/" in email.body and "declare any interest" in email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html" and f"/assessments/{assessment.pk}/" in html
    assert len(mail.outbox) == 1  # nobody else


def test_nothing_is_sent_when_the_change_rolls_back(in_assessment, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            assign_assessor(in_assessment, cast.assessors[0], by=cast.clg_secretary)
            raise RuntimeError("the request failed after assigning")
    assert mail.outbox == [] and not Notification.objects.exists()


def test_the_next_bodys_secretary_and_the_authors_are_told(proposal_in, cast, django_capture_on_commit_callbacks):
    proposal = proposal_in(S.ASSESSMENT)
    from .conftest import score_all

    for assessor in cast.assessors[:2]:
        assign_assessor(proposal, assessor, by=cast.clg_secretary)
        score_all(proposal, assessor, [4, 4, 4, 4, 4])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        scoring_services.complete_assessment(proposal, by=cast.clg_secretary)
    # Supported: the authors are told to write the full case; no body has it to decide yet.
    assert {address for m in mail.outbox for address in m.to} == {cast.author.email, cast.co_author.email}
    assert all("supported at ICS level" in m.subject and "full business case" in m.body for m in mail.outbox)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_full_case(complete_full_case(proposal), by=cast.author)
    [email] = mail.outbox
    assert email.to == [cast.icsmg_secretary.email] and "ready for the ICS Management Group" in email.subject

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.return_for_revision(proposal, by=cast.icsmg_secretary, reasons="Add a quarterly breakdown.")
    assert {address for m in mail.outbox for address in m.to} == {cast.author.email, cast.co_author.email}
    assert all("returned for revision" in m.subject and "revise the full business case" in m.body for m in mail.outbox)


def test_the_authors_are_told_what_an_outlines_return_or_referral_asks_of_them(proposal_in, cast,
                                                                             django_capture_on_commit_callbacks):
    authors = {cast.author.email, cast.co_author.email}
    returned = proposal_in(S.SUBMITTED)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.return_for_revision(returned, by=cast.clg_secretary, reasons="Add the finance lines.")
    assert returned.state == S.RETURNED  # the outline, back to its authors: not a full case yet
    assert {address for m in mail.outbox for address in m.to} == authors
    assert all("returned for revision" in m.subject and "revise the business case and resubmit" in m.body
               and "full business case" not in m.body for m in mail.outbox)

    not_supported = proposal_in(S.ASSESSMENT)  # question 3 answered no after the assessment exercise
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.refer_to_place_based(not_supported, by=cast.clg_secretary, reason="No ICS-level support.")
    assert {address for m in mail.outbox for address in m.to} == authors
    assert all("referred to place-based commissioning" in m.subject and "supported" not in m.subject
               for m in mail.outbox)


def test_an_action_owner_is_told(cast, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() - datetime.timedelta(days=1))
    item = governance.add_paper(meeting, by=cast.icsmg_secretary, title="Winter plan", purpose="decision")
    decision = governance.record_decision(item, by=cast.icsmg_secretary, outcome="agreed")
    with django_capture_on_commit_callbacks(execute=True):
        governance.raise_action(decision, by=cast.icsmg_secretary, description="Circulate the <b>plan</b>",
                                owner=cast.member, due_on=datetime.date(2030, 1, 31))
    [email] = mail.outbox
    assert email.to == [cast.member.email] and "due 31 January 2030" in email.subject
    assert "Circulate the <b>plan</b>" in email.body  # plain text as typed
    assert "Circulate the &lt;b&gt;plan&lt;/b&gt;" in email.alternatives[0][0]  # escaped in the HTML


def test_the_same_event_never_makes_two_messages(cast):
    kwargs = {"key": "test:1", "kind": "test", "subject": "S", "message": "M", "action": "A", "url": "/"}
    assert len(notify([cast.member], **kwargs)) == 1
    assert notify([cast.member, cast.member], **kwargs) == []
    assert Notification.objects.count() == 1


def test_people_without_an_address_or_inactive_are_not_told(cast):
    cast.member.email = ""
    cast.member.save()
    cast.author.is_active = False
    cast.author.save()
    assert notify([cast.member, cast.author], key="x", kind="t", subject="S", message="M", action="A", url="/") == []


# -- The digest ---------------------------------------------------------------------------------


def test_a_daily_digest_gathers_what_happened(cast, django_capture_on_commit_callbacks):
    NotificationSetting.objects.create(user=cast.member, frequency=Frequency.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            notify([cast.member], key=f"event:{n}", kind="test", subject=f"Event {n}", message=f"Details {n}",
                   action="Look", url=f"/things/{n}/")
    assert mail.outbox == []  # nothing at once
    assert send_digests() == 1
    [digest] = mail.outbox
    assert digest.to == [cast.member.email] and "3 updates" in digest.subject
    assert all(f"Event {n}" in digest.body and f"/things/{n}/" in digest.body for n in range(3))
    assert send_digests() == 0 and len(mail.outbox) == 1  # each message goes once
    assert Notification.objects.filter(in_digest=True, sent_at__isnull=False).count() == 3


def test_the_settings_page_chooses_the_digest(client, cast):
    client.force_login(cast.member)
    url = reverse("notifications:settings")
    assert client.post(url, {"frequency": "weekly"}).status_code == 200  # not a choice: nothing saved
    assert not NotificationSetting.objects.exists()
    client.post(url, {"frequency": "daily"})
    assert NotificationSetting.objects.get(user=cast.member).frequency == Frequency.DAILY


# -- Reminders (Celery beat, each morning) ---------------------------------------------------------


def test_reminders_are_sent_once_when_due(cast, proposal_in):
    secretary = cast.icsmg_secretary
    MembershipFactory(body=cast.icsmg, user=cast.member, role=MembershipRole.MEMBER)
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.make_aware(datetime.datetime(2030, 3, 14, 14)),
                             paper_deadline=datetime.date(2030, 3, 7))
    governance.add_paper(meeting, by=secretary, title="Estates update", purpose="information")  # not ready
    governance.add_paper(meeting, by=secretary, title="Finance report", purpose="information",
                         recommendations="Note the report.")
    scoring = proposal_in(S.ASSESSMENT)
    assessment = assign_assessor(scoring, cast.assessors[0], by=cast.clg_secretary)
    clg_meeting = MeetingFactory(body=cast.clg, starts_at=timezone.make_aware(datetime.datetime(2030, 3, 12, 10)))
    governance.add_proposal_to_agenda(clg_meeting, scoring, by=cast.clg_secretary)
    held = MeetingFactory(body=cast.icsmg, starts_at=timezone.make_aware(datetime.datetime(2030, 2, 1, 10)),
                          status=MeetingStatus.IN_SESSION)
    item = governance.add_paper(held, by=secretary, title="Winter plan", purpose="decision")
    with time_machine.travel(held.starts_at + datetime.timedelta(hours=1)):  # decided at the meeting
        decision = governance.record_decision(item, by=secretary, outcome="agreed")
    governance.raise_action(decision, by=secretary, description="Circulate the plan", owner=cast.member,
                            due_on=datetime.date(2030, 3, 1))
    Notification.objects.all().delete()

    with time_machine.travel(datetime.datetime(2030, 3, 1, 7, tzinfo=datetime.UTC)):
        assert reminders.send_all() == 0  # deadline a week off, meeting 11 days off, action due today
    with time_machine.travel(datetime.datetime(2030, 3, 5, 7, tzinfo=datetime.UTC)):
        assert reminders.send_all() == 2
        sent = {n.kind: n for n in Notification.objects.all()}
        assert set(sent) == {"paper_deadline", "action_overdue"}
        assert sent["paper_deadline"].user == secretary and "Estates update" in sent["paper_deadline"].subject
        assert sent["action_overdue"].user == cast.member
    with time_machine.travel(datetime.datetime(2030, 3, 9, 7, tzinfo=datetime.UTC)):
        assert reminders.send_all() == 1  # the assessment, three days before the CLG meets
        due = Notification.objects.get(kind="assessment_due")
        assert due.user == cast.assessors[0] and f"/assessments/{assessment.pk}/" in due.url
        assert reminders.send_all() == 0  # the same morning again: nothing twice


# -- Needs my action --------------------------------------------------------------------------------


def test_needs_my_action_lists_what_the_emails_ask_and_counts_it(client, cast, in_assessment, proposal_in):
    assign_assessor(in_assessment, cast.assessors[0], by=cast.clg_secretary)
    returned = proposal_in(S.RETURNED)
    client.force_login(cast.assessors[0])
    page = client.get(reverse("notifications:needs")).content.decode()
    assert "Proposals to score" in page and in_assessment.title in page
    assert "Needs my action (1)" in page
    assert count(cast.assessors[0]) == sum(len(s.tasks) for s in needs_action(cast.assessors[0])) == 1

    client.force_login(cast.author)
    page = client.get(reverse("notifications:needs")).content.decode()
    assert returned.title in page and "Revise and resubmit" in page and in_assessment.title not in page

    # The secretary: proposals at the ICS Management Group's stage, not yet on a coming agenda.
    at_qa = proposal_in(S.QUALITY_ASSURANCE)
    assert count(cast.icsmg_secretary) == 1
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() + datetime.timedelta(days=5))
    governance.add_proposal_to_agenda(meeting, at_qa, by=cast.icsmg_secretary)
    assert count(cast.icsmg_secretary) == 0 and needs_action(cast.icsmg_secretary) == []  # tabled: not waiting


def test_the_count_in_the_navigation_is_one_query(cast, proposal_in):
    proposal_in(S.QUALITY_ASSURANCE)
    proposal_in(S.QUALITY_ASSURANCE)
    with CaptureQueriesContext(connection) as queries:
        assert count(cast.icsmg_secretary) == 2
    assert len(queries) == 2  # the secretary's bodies, then every count at once


def _navigation_queries(client):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("proposals:how_it_works")).content.decode()
    return page, len(queries)


def test_the_navigation_is_kept_until_anything_is_written_then_counted_again(client, cast, proposal_in, user_cache):
    """The navigation and its count are on every page: kept in the cache, but never stale after a
    write (ics_commissioning.user_cache)."""
    proposal_in(S.QUALITY_ASSURANCE)
    client.force_login(cast.icsmg_secretary)
    first, worked_out = _navigation_queries(client)
    assert "Needs my action (1)" in first
    again, kept = _navigation_queries(client)
    assert "Needs my action (1)" in again
    assert kept < worked_out  # the count and the menu's questions are not asked again

    proposal_in(S.QUALITY_ASSURANCE)  # a write, by anyone: every kept navigation is forgotten
    after, _ = _navigation_queries(client)
    assert "Needs my action (2)" in after

    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() + datetime.timedelta(days=5))
    for proposal in Proposal.objects.filter(state=S.QUALITY_ASSURANCE):
        governance.add_proposal_to_agenda(meeting, proposal, by=cast.icsmg_secretary)
    assert "Needs my action (" not in _navigation_queries(client)[0]


def test_each_person_gets_their_own_navigation_from_the_cache(client, cast, proposal_in, user_cache):
    proposal_in(S.QUALITY_ASSURANCE)
    client.force_login(cast.icsmg_secretary)
    assert "Pipeline" in _navigation_queries(client)[0]
    client.force_login(cast.author)
    page, _ = _navigation_queries(client)
    assert "Pipeline" not in page and "Needs my action (" not in page


# -- A real worker and Redis (CI) -------------------------------------------------------------------


class FlakyBackend(EmailBackend):
    """Fails the first send of each message, as a mail server might: the task must retry, once."""

    failed = set()

    def send_messages(self, messages):
        for message in messages:
            if (message.subject, *message.to) not in self.failed:
                self.failed.add((message.subject, *message.to))
                raise ConnectionResetError("mail server went away")
        return super().send_messages(messages)


@pytest.mark.real_worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seed_rubric")
@pytest.mark.skipif(not (os.environ.get("REDIS_URL") and on_postgresql()), reason="needs Redis and PostgreSQL")
def test_a_real_worker_sends_one_email_per_person_even_when_retried(cast, settings, proposal_in):
    from celery.contrib.testing.worker import start_worker

    from ics_commissioning.celery import app
    from notifications.tasks import send_notification

    proposal = proposal_in(S.ASSESSMENT)
    settings.EMAIL_BACKEND = "tests.test_notifications.FlakyBackend"
    FlakyBackend.failed.clear()
    mail.outbox = []
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            for assessor in cast.assessors[:2]:
                assign_assessor(proposal, assessor, by=cast.clg_secretary)  # commits: queued to Redis
            first = Notification.objects.filter(kind="assessor_assigned").first()
            send_notification.delay(notification_id=first.pk)  # delivered twice, as after a lost ack
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and (
                Notification.objects.filter(sent_at__isnull=True).exists() or len(mail.outbox) < 2
            ):
                time.sleep(0.2)
            time.sleep(1)  # let any duplicate arrive
    finally:
        app.conf.task_always_eager = True
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted(a.email for a in cast.assessors[:2])  # one each, after one failure each
    assert len(FlakyBackend.failed) == 2
