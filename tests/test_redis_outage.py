"""
Redis down, in every part it plays at once: the Celery broker, Celery's result store and the cache.
A private redis-server (tests.redis_server) is all three; the test stops it and every kind of page
still answers, signing in included, and a build request says at once that the build will wait. Then
Redis comes back, Celery beat's requeue hands the build to the worker, which has been trying to
reconnect all along, and the pack is rendered, once.
"""

import datetime
import logging
import time

import pytest
import redis
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from governance import packs, services
from governance.enums import PackStatus
from governance.models import BoardPack
from ics_commissioning import cache as fail_open
from proposals.enums import ProposalState as S

from . import redis_server
from .factories import PASSWORD, MeetingFactory

pytestmark = [
    pytest.mark.real_worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seed_rubric"),
    pytest.mark.skipif(not redis_server.available(), reason="needs redis-server"),
]


@pytest.fixture
def server(settings, monkeypatch):
    """A private Redis as the cache, with the navigation cache on; celery_at() makes it the broker and
    the result store too."""
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)  # Celery prefers it to its configuration
    monkeypatch.setattr(fail_open, "RETRY_SECONDS", 0)  # every cache operation tries the dead Redis
    with redis_server.private_redis() as server:
        settings.CACHES = redis_server.cache_settings(server.url)
        settings.USER_CACHE_SECONDS = 60
        yield server


@pytest.fixture
def renders(monkeypatch):
    """Each board pack render: the real one, counted."""
    done = []
    render = packs.render

    def counted(inputs, *, previous=None):
        done.append(inputs["part_label"])
        return render(inputs, previous=previous)

    monkeypatch.setattr(packs, "render", counted)
    return done


@pytest.fixture
def cache_log():
    """What the cache logs (on its own logger: the worker started in the test takes over the root's)."""
    records = []
    handler = logging.Handler(level=logging.INFO)
    handler.emit = lambda record: records.append(record.getMessage())
    logger = logging.getLogger(fail_open.__name__)
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


def test_with_redis_down_every_page_answers_and_the_build_waits_for_it(
        client, cast, proposal_in, server, renders, settings, tmp_path, cache_log):
    from celery.contrib.testing.worker import start_worker

    settings.MEDIA_ROOT = tmp_path
    secretary = cast.icsmg_secretary
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() + datetime.timedelta(days=10))
    services.add_paper(meeting, by=secretary, title="Winter plan", purpose="decision")
    proposal = proposal_in(S.QUALITY_ASSURANCE)
    pages = {
        "proposal list": reverse("proposals:list"),
        "proposal page": reverse("proposals:detail", args=[proposal.reference]),
        "score summary": reverse("scoring:summary", args=[proposal.reference]),
        "meeting page": reverse("governance:meeting", args=[meeting.pk]),
        "needs my action": reverse("notifications:needs"),
        "API": "/api/v1/proposals/",
    }

    # Until now the tasks ran in-process: from here on the web side sends them to Redis, as a web
    # process does that has not sent anything yet when Redis goes down.
    with redis_server.celery_at(server.url) as app, start_worker(app, pool="solo", perform_ping_check=False,
                                                                 shutdown_timeout=30):
        client.force_login(secretary)
        assert client.get(pages["proposal list"]).status_code == 200
        assert redis.Redis.from_url(server.url).keys("*user-cache:*")  # the navigation is kept in this Redis

        server.stop()
        client.logout()
        assert client.get(reverse("login")).status_code == 200
        login = {"username": secretary.username, "password": "not the password"}
        assert client.post(reverse("login"), login).status_code == 200  # refused, and counted (django-axes)
        assert AccessAttempt.objects.get(username=secretary.username).failures_since_start == 1
        signed_in = client.post(reverse("login"), {**login, "password": PASSWORD})
        assert signed_in.status_code == 302 and signed_in.url == reverse("home")
        for name, url in pages.items():
            response = client.get(url)
            assert response.status_code == 200, name
            assert proposal.reference in response.content.decode() or name == "meeting page", name
        meeting_page = client.get(pages["meeting page"]).content.decode()
        assert "Winter plan" in meeting_page and "All proposals" in meeting_page  # and the navigation, worked out

        started = time.monotonic()
        response = client.post(reverse("governance:pack_build", args=[meeting.pk, "A"]))
        assert time.monotonic() - started < 1
        assert response.status_code == 302
        page = client.get(response.url).content.decode()
        assert f"Part A pack: {packs.UNAVAILABLE}" in page  # the pack will be built once the service is back
        pack = BoardPack.objects.get(meeting=meeting)
        assert pack.status == PackStatus.QUEUED and pack.error == packs.UNAVAILABLE
        assert len(cache_log) == 1, cache_log  # once for the whole outage, not once a request
        assert cache_log[0].startswith(f"The cache at 127.0.0.1:{server.port}/0 cannot be reached")

        server.start()  # on the same port: the worker, retrying all along, finds it again
        assert client.get(pages["meeting page"]).status_code == 200
        assert cache_log[1:] == [f"The cache at 127.0.0.1:{server.port}/0 is back"]
        later = timezone.now() + packs.WAITING_AFTER * 2
        assert packs.requeue_waiting(now=later) == [pack]  # what Celery beat does every minute
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and BoardPack.objects.get(pk=pack.pk).status != PackStatus.READY:
            time.sleep(0.2)

    pack.refresh_from_db()
    assert pack.status == PackStatus.READY and pack.file and pack.error == ""
    assert len(renders) == 1  # that version, rendered once
    assert BoardPack.objects.filter(meeting=meeting).count() == 1

