"""Board packs are built by Celery, versioned, never rebuilt for nothing, and served only to those who may read them."""

import datetime
import io
import os
import threading
import time

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from governance import packs, services
from governance.enums import MeetingStatus, PackStatus
from governance.models import BoardPack
from ics_commissioning.data_generation import is_after_commit
from notifications.models import Notification

from .conftest import issue_papers, on_postgresql, sign_in
from .factories import MeetingFactory, MembershipFactory

pytestmark = pytest.mark.usefixtures("media")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def meeting(cast, proposal_in):
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() + datetime.timedelta(days=7))
    services.add_proposal_to_agenda(meeting, proposal_in("quality_assurance"), by=cast.icsmg_secretary)
    services.add_paper(meeting, by=cast.icsmg_secretary, title="Update on complex rehabilitation",
                       purpose="information")
    services.add_paper(meeting, by=cast.icsmg_secretary, title="Provider market evaluation", purpose="decision",
                       part="B")
    return meeting


def pdf_text(pack):
    with pack.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def test_a_build_is_queued_and_then_rendered_after_commit(meeting, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        pack = packs.request_build(meeting, "A", by=cast.icsmg_secretary)
        assert pack.status == PackStatus.QUEUED  # nothing rendered inside the request's transaction
    assert len([c for c in callbacks if not is_after_commit(c)]) == 1  # the build (and the data's generation)
    pack.refresh_from_db()
    assert pack.status == PackStatus.READY and pack.version == 1
    text, pages = pdf_text(pack)
    assert pages == pack.page_count >= 3
    assert "Update on complex rehabilitation" in text
    assert "Provider market evaluation" not in text  # Part B stays out of Part A


def test_nothing_changed_means_no_new_render(meeting, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = packs.request_build(meeting, "A", by=cast.icsmg_secretary)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = packs.request_build(meeting, "A", by=cast.icsmg_secretary)
    assert again == first and callbacks == []
    item = meeting.items.get(title="Update on complex rehabilitation")
    item.title = "Update on complex neurorehabilitation"
    item.save()
    with django_capture_on_commit_callbacks(execute=True):
        changed = packs.request_build(meeting, "A", by=cast.icsmg_secretary)
    changed.refresh_from_db()
    assert changed.version == 2 and changed.status == PackStatus.READY
    assert "complex neurorehabilitation" in pdf_text(changed)[0]


def test_a_second_request_while_one_is_queued_gets_the_same_build(meeting, cast):
    first = packs.request_build(meeting, "A", by=cast.icsmg_secretary)  # on_commit never runs here
    second = packs.request_build(meeting, "A", by=cast.icsmg_secretary)
    assert first == second and BoardPack.objects.count() == 1


def test_only_the_bodys_secretary_builds(meeting, cast):
    for name in ["hsg_secretary", "author", "member"]:
        with pytest.raises(PermissionDenied):
            packs.request_build(meeting, "A", by=cast.everyone[name])
    assert not BoardPack.objects.exists()


def test_a_failure_is_recorded_and_can_be_retried(meeting, cast, monkeypatch, django_capture_on_commit_callbacks):
    def broken(inputs, previous=None):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(packs, "render", broken)
    with django_capture_on_commit_callbacks(execute=True):
        pack = packs.request_build(meeting, "A", by=cast.icsmg_secretary)
    pack.refresh_from_db()
    assert pack.status == PackStatus.FAILED and "renderer crashed" in pack.error and not pack.file
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        retried = packs.request_build(meeting, "A", by=cast.icsmg_secretary)
    retried.refresh_from_db()
    assert retried.version == 2 and retried.status == PackStatus.READY


def test_downloads_check_who_may_read_each_part(client, meeting, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        packs.request_build(meeting, "A", by=cast.icsmg_secretary)
        packs.request_build(meeting, "B", by=cast.icsmg_secretary)
    part_a = reverse("governance:pack_download", args=[meeting.pk, "a"])
    part_b = reverse("governance:pack_download", args=[meeting.pk, "b"])
    assert client.get(part_a).status_code == 302  # anonymous: sign in first
    for name, a, b in [("icsmg_secretary", 200, 200), ("hsg_secretary", 200, 404), ("admin", 200, 200),
                       ("author", 404, 404), ("other_lead", 404, 404)]:
        sign_in(client, cast.everyone[name])
        assert client.get(part_a).status_code == a, name
        assert client.get(part_b).status_code == b, name
    client.force_login(cast.icsmg_secretary)
    response = client.get(part_b)
    assert response["Content-Type"] == "application/pdf" and "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_meeting_page_builds_and_shows_progress(client, meeting, cast, django_capture_on_commit_callbacks):
    client.force_login(cast.icsmg_secretary)
    build = reverse("governance:pack_build", args=[meeting.pk, "a"])
    with django_capture_on_commit_callbacks(execute=False):
        fragment = client.post(build, HTTP_HX_REQUEST="true").content.decode()
    assert "queued (0%)" in fragment and 'hx-trigger="every 2s"' in fragment
    client.force_login(cast.hsg_secretary)
    assert client.post(build).status_code == 403


def test_the_operators_command_renders_the_same_pack(meeting, tmp_path):
    output = tmp_path / "pack.pdf"
    call_command("build_pack", meeting.pk, "--part", "b", "--output", str(output), stdout=io.StringIO())
    text = "\n".join(page.extract_text() for page in PdfReader(output).pages)
    assert "Provider market evaluation" in text and "Update on complex rehabilitation" not in text


# -- One render at a time, and a build whose worker died -------------------------------------


def queued_pack(meeting, cast):
    """A pack queued for a worker (the request's transaction has not handed it to Celery)."""
    return packs.request_build(meeting, "A", by=cast.icsmg_secretary)


def test_a_render_holding_its_lease_is_left_alone_and_a_dead_ones_is_taken_over(meeting, cast, media):
    pack = queued_pack(meeting, cast)
    alive = timezone.now() + datetime.timedelta(seconds=15)
    BoardPack.objects.filter(pk=pack.pk).update(status=PackStatus.RENDERING, lease_until=alive, attempts=1)
    held = packs.build(pack)  # a second delivery of the task while the first renders
    assert (held.status, held.attempts, held.file.name) == (PackStatus.RENDERING, 1, "")
    # Its worker died: the lease ran out, and the next delivery renders it.
    BoardPack.objects.filter(pk=pack.pk).update(lease_until=timezone.now() - datetime.timedelta(seconds=1))
    built = packs.build(pack)
    assert (built.status, built.attempts, built.lease_until) == (PackStatus.READY, 2, None)
    assert packs.build(pack).attempts == 2  # a ready pack is left alone


def test_beat_hands_on_dead_renders_and_builds_that_never_reached_a_worker(meeting, cast, media):
    pack = queued_pack(meeting, cast)
    now = timezone.now()
    BoardPack.objects.filter(pk=pack.pk).update(status=PackStatus.RENDERING, lease_until=now + packs.LEASE)
    assert packs.requeue_waiting(now=now) == []  # a render at work is not handed on
    assert packs.requeue_waiting(now=now + packs.LEASE * 2) == [pack]  # its lease ran out
    requeued = BoardPack.objects.get(pk=pack.pk)
    assert requeued.status == PackStatus.READY  # (tasks run in-process here)
    other = packs.request_build(MeetingFactory(body=cast.icsmg), "A", by=cast.icsmg_secretary)
    assert packs.requeue_waiting(now=timezone.now()) == []  # queued just now
    BoardPack.objects.filter(pk=other.pk).update(queued_at=timezone.now() - packs.WAITING_AFTER * 2)
    assert packs.requeue_waiting() == [other]
    assert BoardPack.objects.get(pk=other.pk).queued_at > timezone.now() - datetime.timedelta(seconds=5)


def test_a_stalled_build_offers_try_again_which_hands_the_same_version_on(client, meeting, cast, media,
                                                                          django_capture_on_commit_callbacks):
    pack = queued_pack(meeting, cast)
    BoardPack.objects.filter(pk=pack.pk).update(status=PackStatus.RENDERING, progress=30, attempts=1,
                                                lease_until=timezone.now() - datetime.timedelta(minutes=1))
    client.force_login(cast.icsmg_secretary)
    page = client.get(reverse("governance:meeting", args=[meeting.pk])).content.decode()
    assert "Version 1 has stopped: the build service stopped in the middle of it" in page
    assert "Try again the Part A pack" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("governance:pack_build", args=[meeting.pk, "a"]))
    pack.refresh_from_db()
    assert (pack.status, pack.version, pack.attempts) == (PackStatus.READY, 1, 2)
    assert BoardPack.objects.filter(meeting=meeting).count() == 1
    # A member who does not manage the body is told, but offered nothing to press.
    BoardPack.objects.filter(pk=pack.pk).update(status=PackStatus.QUEUED, queued_at=timezone.now() - packs.WAITING_AFTER * 2)
    client.force_login(cast.member)
    MembershipFactory(body=cast.icsmg, user=cast.member)
    page = client.get(reverse("governance:meeting", args=[meeting.pk])).content.decode()
    assert "no build service has picked it up" in page and "Try again" not in page


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seed_rubric")
@pytest.mark.skipif(not on_postgresql(), reason="two renders at once need PostgreSQL's row locks")
def test_two_deliveries_at_once_render_the_version_once(cast, media):
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() + datetime.timedelta(days=7))
    long_text = "\n\n".join("Commissioners and providers agree one pathway across the places. " * 8 for _ in range(10))
    for n in range(16):  # long enough to render that the second delivery arrives in the middle
        services.add_paper(meeting, by=cast.icsmg_secretary, title=f"Update {n}", purpose="information",
                           background=long_text)
    pack = BoardPack.objects.create(meeting=meeting, part="A", version=1, inputs_hash="x")
    first = threading.Thread(target=packs.build, args=(pack,))
    first.start()
    deadline = time.monotonic() + 30
    while BoardPack.objects.get(pk=pack.pk).status != PackStatus.RENDERING and time.monotonic() < deadline:
        time.sleep(0.02)
    second = packs.build(pack)  # while the first renders
    first.join()
    assert second.status == PackStatus.RENDERING  # it left the pack to the first
    pack.refresh_from_db()
    assert (pack.status, pack.attempts) == (PackStatus.READY, 1)
    assert len(list((media / f"packs/meeting-{meeting.pk}/part-a").iterdir())) == 1


# -- A real worker and Redis (CI) ----------------------------------------------------------


@pytest.mark.real_worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seed_rubric")
@pytest.mark.skipif(not (os.environ.get("REDIS_URL") and on_postgresql()), reason="needs Redis and PostgreSQL")
def test_a_real_worker_builds_the_pack_once_and_rebuilds_what_changed(meeting, cast):
    from celery.contrib.testing.worker import start_worker

    from ics_commissioning.celery import app

    def wait_for(pack):
        deadline = timezone.now() + datetime.timedelta(seconds=60)
        while timezone.now() < deadline:
            pack.refresh_from_db()
            if not pack.in_progress:
                return pack
            time.sleep(0.2)
        return pack

    app.conf.task_always_eager = False  # the suite runs tasks eagerly; this test sends them to Redis
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            first = packs.request_build(meeting, "A", by=cast.icsmg_secretary)
            second = packs.request_build(meeting, "A", by=cast.icsmg_secretary)
            assert first == second
            wait_for(first)
            assert first.status == PackStatus.READY, first.error
            meeting.items.filter(title="Update on complex rehabilitation").update(
                recommendations="Agree the revised rehabilitation timetable.")
            rebuilt = wait_for(packs.request_build(meeting, "A", by=cast.icsmg_secretary))
    finally:
        app.conf.task_always_eager = True
    assert BoardPack.objects.count() == 2
    text, pages = pdf_text(first)
    assert "Update on complex rehabilitation" in text and pages == first.page_count
    assert rebuilt.status == PackStatus.READY and rebuilt.layout["mode"] == "incremental", rebuilt.error
    assert rebuilt.layout["laid_out"] == ["item-a2"]
    assert "Agree the revised rehabilitation timetable" in pdf_text(rebuilt)[0]


def test_the_papers_are_issued_only_with_built_and_current_packs(client, meeting, cast,
                                                                 django_capture_on_commit_callbacks):
    client.force_login(cast.icsmg_secretary)
    publish = reverse("governance:meeting_publish", args=[meeting.pk])
    assert "This cannot be undone" in client.get(publish).content.decode()  # the check page
    html = client.post(publish).content.decode()
    assert "Build the board pack before issuing the papers" in html and "Part A, Part B – confidential" in html
    with django_capture_on_commit_callbacks(execute=True):
        for part in "ab":
            client.post(reverse("governance:pack_build", args=[meeting.pk, part]))
    assert set(BoardPack.objects.filter(status=PackStatus.READY).values_list("part", flat=True)) == {"A", "B"}
    services.add_paper(meeting, by=cast.icsmg_secretary, title="A late paper", purpose="information")
    html = client.post(publish).content.decode()  # the agenda changed since: Part A must be rebuilt first
    assert "Part A is not built and current" in html
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("governance:pack_build", args=[meeting.pk, "a"]))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(publish).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PUBLISHED
    assert meeting.events.get().actor == cast.icsmg_secretary
    sent = Notification.objects.filter(kind="pack_published")
    assert sent.exists() and all(n.subject.startswith("Papers published") for n in sent)


def test_my_meetings_lists_my_bodies_meetings_and_their_packs(client, meeting, cast,
                                                               django_capture_on_commit_callbacks):
    from governance.enums import MembershipRole

    from .factories import MembershipFactory, UserFactory

    member = MembershipFactory(body=cast.icsmg, role=MembershipRole.MEMBER, user=UserFactory(username="icsmg_member")).user
    issue_papers(meeting, cast.icsmg_secretary, django_capture_on_commit_callbacks)
    client.force_login(member)
    html = client.get(reverse("governance:my_meetings")).content.decode()
    assert "ICS Management Group" in html
    assert "Part A pack, version 1" in html and "Part B – confidential pack, version 1" in html
    assert "declare any interest" in html
    client.force_login(cast.hsg_secretary)  # not a member of the ICS Management Group
    assert "ICS Management Group" not in client.get(reverse("governance:my_meetings")).content.decode()


def test_a_papers_documents_are_listed_and_a_new_one_rebuilds_the_pack(meeting, cast,
                                                                       django_capture_on_commit_callbacks):
    from .documents import PDF, upload

    paper = meeting.items.get(title="Update on complex rehabilitation")
    with django_capture_on_commit_callbacks(execute=True):
        first = packs.request_build(meeting, "A", by=cast.icsmg_secretary)
    services.attach_document(paper, by=cast.icsmg_secretary, title="Network dashboard", file=upload("dash.pdf", PDF),
                             content_type="application/pdf", original_name="dash.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        second = packs.request_build(meeting, "A", by=cast.icsmg_secretary)
    second.refresh_from_db()
    assert second.version == first.version + 1
    assert "Network dashboard (dash.pdf" in pdf_text(second)[0]
