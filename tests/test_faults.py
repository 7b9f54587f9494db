"""
Faults, with the real services: the database failing in the middle of a transition (nothing
changes, no audit event, no e-mail), Redis down (pages work, the build waits and runs when Redis is
back, e-mails too), and a Celery worker killed in the middle of a render (the pack ends built,
never half a file). The last two need PostgreSQL and Redis (CI); the first runs everywhere.
Redis is taken down in every part it plays (broker, result store and cache); tests/test_redis_outage.py
stops a real one under a signed-in user and a running worker.
"""

import datetime
import io
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core import mail
from django.db import DatabaseError, connection
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from governance import packs, services
from governance.enums import PackStatus
from governance.models import BoardPack
from notifications import email as notification_email
from notifications.models import Notification
from proposals import services as proposal_services
from proposals.enums import ProposalState as S
from proposals.models import Proposal, ProposalEvent
from scoring.services import assign_assessor

from .conftest import on_postgresql
from .factories import MeetingFactory
from .redis_server import cache_settings, celery_at

ROOT = Path(__file__).resolve().parent.parent
needs_redis = pytest.mark.skipif(
    not (os.environ.get("REDIS_URL") and on_postgresql()), reason="needs Redis and PostgreSQL"
)
FAULTS = 3  # the database mid-transition, Redis down, a worker killed mid-render


@contextmanager
def audit_inserts_fail():
    """Make the database refuse to write audit events, as a full disk or a lost connection would:
    a real database error, raised inside the transition's transaction."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_event() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$ "
                "LANGUAGE plpgsql; CREATE TRIGGER refuse_event BEFORE INSERT ON proposals_proposalevent "
                "FOR EACH ROW EXECUTE FUNCTION refuse_event();"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER refuse_event BEFORE INSERT ON proposals_proposalevent "
                "BEGIN SELECT RAISE(ABORT, 'disk full'); END;"
            )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("DROP TRIGGER refuse_event ON proposals_proposalevent; DROP FUNCTION refuse_event();")
            else:
                cursor.execute("DROP TRIGGER refuse_event")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seed_rubric")
def test_the_database_failing_mid_transition_changes_nothing_and_tells_nobody(proposal_in, cast):
    proposal = proposal_in(S.QUALITY_ASSURANCE)
    events = ProposalEvent.objects.count()
    mail.outbox.clear()
    notifications = Notification.objects.count()
    with audit_inserts_fail(), pytest.raises(DatabaseError):
        proposal_services.return_for_revision(proposal, by=cast.icsmg_secretary, reasons="Add the costs.")
    proposal = Proposal.objects.get(pk=proposal.pk)
    assert proposal.state == S.QUALITY_ASSURANCE  # no state change without its audit event
    assert ProposalEvent.objects.count() == events
    assert Notification.objects.count() == notifications and mail.outbox == []  # nobody told of it
    proposal_services.return_for_revision(proposal, by=cast.icsmg_secretary, reasons="Add the costs.")
    assert Proposal.objects.get(pk=proposal.pk).state == S.FULL_CASE  # and it works once the database does


# -- Redis down -------------------------------------------------------------------------------


@contextmanager
def cache_at(settings, url):
    """The cache at another Redis (a dead one), with the navigation cache on; then put back."""
    saved = settings.CACHES, settings.USER_CACHE_SECONDS
    settings.CACHES = cache_settings(url)
    settings.USER_CACHE_SECONDS = 60
    try:
        yield
    finally:
        settings.CACHES, settings.USER_CACHE_SECONDS = saved


@pytest.mark.real_worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seed_rubric")
@needs_redis
def test_with_redis_down_pages_work_and_the_work_waits_for_it(client, cast, proposal_in, settings, tmp_path,
                                                             monkeypatch):
    from celery.contrib.testing.worker import start_worker

    settings.MEDIA_ROOT = tmp_path
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() + datetime.timedelta(days=10))
    services.add_paper(meeting, by=cast.icsmg_secretary, title="Winter plan", purpose="decision")
    scoring = proposal_in(S.ASSESSMENT)
    client.force_login(cast.icsmg_secretary)
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)  # Celery prefers it to its configuration

    dead = "redis://127.0.0.1:6390/0"  # nothing listens there
    with celery_at(dead), cache_at(settings, dead):
        started = time.monotonic()
        response = client.post(reverse("governance:pack_build", args=[meeting.pk, "a"]), follow=True)
        assert time.monotonic() - started < 2  # the request does not hang waiting for Redis
        assert response.status_code == 200 and "The build service is unavailable" in response.content.decode()
        assert client.get(reverse("governance:meeting", args=[meeting.pk])).status_code == 200
        assert client.get(reverse("notifications:needs")).status_code == 200
        assign_assessor(scoring, cast.assessors[0], by=cast.clg_secretary)  # its e-mail cannot be queued
    pack = BoardPack.objects.get(meeting=meeting)
    assert pack.status == PackStatus.QUEUED and pack.error == packs.UNAVAILABLE
    waiting = Notification.objects.get(kind="assessor_assigned")
    assert waiting.sent_at is None

    mail.outbox.clear()
    with celery_at(os.environ["REDIS_URL"]) as app, start_worker(app, pool="solo", perform_ping_check=False,
                                                                 shutdown_timeout=30):
        later = timezone.now() + datetime.timedelta(minutes=2)
        assert packs.requeue_waiting(now=later) == [pack]  # what Celery beat does every minute
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and BoardPack.objects.get(pk=pack.pk).status != PackStatus.READY:
            time.sleep(0.2)
    pack.refresh_from_db()
    assert pack.status == PackStatus.READY and pack.file
    assert notification_email.send_pending(older_than=datetime.timedelta(0)) == 1
    assert [m.to for m in mail.outbox] == [[cast.assessors[0].email]]


# -- A worker killed mid-render -----------------------------------------------------------------


def start_celery(tmp_path, *command):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ics_commissioning.settings", "MEDIA_ROOT": str(tmp_path),
           "DATABASE_URL": _test_database_url(), "DEBUG": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "ics_commissioning", *command, "--loglevel=warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def start_worker_process(tmp_path):
    return start_celery(tmp_path, "worker", "--pool=solo", "--without-heartbeat", "--without-gossip",
                        "--without-mingle")


def start_beat_process(tmp_path):
    """Celery beat, as deployed: its schedule hands on builds whose worker died (packs.requeue_waiting)."""
    return start_celery(tmp_path, "beat", "--schedule", str(tmp_path / "beat-schedule"))


def _test_database_url():
    settings = connection.settings_dict
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


@pytest.mark.real_worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seed_rubric")
@needs_redis
def test_a_worker_killed_mid_render_leaves_no_half_pack_and_a_new_one_builds_it_once(cast, settings, tmp_path):
    """SIGKILL to the worker in the middle of a render; a new worker (and beat, as deployed) comes up.
    The pack is ready within a minute, rendered once more and only once, and never served half-made."""
    from ics_commissioning.celery import app

    settings.MEDIA_ROOT = tmp_path
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() + datetime.timedelta(days=10))
    long_text = "\n\n".join("The programme brings commissioners and providers together across the places. " * 8
                            for _ in range(12))
    for n in range(24):  # a pack that takes a few seconds to render
        services.add_paper(meeting, by=cast.icsmg_secretary, title=f"Programme update {n}", purpose="information",
                           background=long_text, recommendations="Note the update.")
    app.conf.task_always_eager = False
    processes = [start_worker_process(tmp_path)]
    try:
        pack = packs.request_build(meeting, "A", by=cast.icsmg_secretary)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and BoardPack.objects.get(pk=pack.pk).status != PackStatus.RENDERING:
            time.sleep(0.05)
        assert BoardPack.objects.get(pk=pack.pk).status == PackStatus.RENDERING
        time.sleep(0.5)
        processes[0].send_signal(signal.SIGKILL)  # in the middle of laying the pack out
        processes[0].wait(timeout=10)
        killed = BoardPack.objects.get(pk=pack.pk)
        assert killed.status == PackStatus.RENDERING and not killed.file and killed.attempts == 1  # nothing served

        back = time.monotonic()
        processes += [start_worker_process(tmp_path), start_beat_process(tmp_path)]
        while time.monotonic() < back + 60 and BoardPack.objects.get(pk=pack.pk).status != PackStatus.READY:
            time.sleep(0.2)
        ready_after = time.monotonic() - back
    finally:
        for process in processes:
            process.kill()
            process.wait(timeout=10)
        app.conf.task_always_eager = True
    pack.refresh_from_db()
    assert pack.status == PackStatus.READY and ready_after < 60, (pack.status, ready_after)
    assert pack.attempts == 2  # the killed render, and one more: never two at once
    assert len(list((tmp_path / f"packs/meeting-{meeting.pk}/part-a").iterdir())) == 1
    with pack.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))  # whole: it parses, with every page
    assert len(reader.pages) == pack.page_count and "Programme update 23" in reader.pages[-1].extract_text() + "".join(
        page.extract_text() for page in reader.pages[-4:])
    assert BoardPack.objects.filter(meeting=meeting).count() == 1
