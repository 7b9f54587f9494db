"""
The health endpoints: /health/live answers while the process is up, touching nothing else;
/health/ready answers 200 only when the database, the cache, Redis, the media storage and a worker's
heartbeat are all working, and otherwise 503 naming the part that failed, and nothing more.
The worker records its heartbeat from Celery's own (ics_commissioning.receivers).
"""

import datetime
import time
from types import SimpleNamespace

import pytest
from django.db import OperationalError, connections
from django.utils import timezone

from ics_commissioning import data_generation, health, receivers
from ics_commissioning.models import WorkerHeartbeat

LIVE, READY = "/health/live", "/health/ready"


class FakeRedis:
    """Stands in for the Redis server: the suite runs without one as often as with one."""

    def __init__(self, up=True):
        self.up = up

    async def ping(self):
        if not self.up:
            raise ConnectionRefusedError
        return True

    async def aclose(self):
        pass


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def embedded(settings):
    """No broker (no REDIS_URL): tasks run in-process, so there is neither Redis nor a worker to check."""
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture
def with_worker(settings, monkeypatch):
    """As in production: a broker (REDIS_URL or CELERY_BROKER_URL), and a separate worker runs the tasks."""
    settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER = "redis://redis.invalid:6379/0", False
    monkeypatch.setattr(health, "redis_client", FakeRedis)


def heard_from_worker(ago):
    WorkerHeartbeat.objects.record("celery@worker-1", timezone.now() - ago)


def test_live_answers_without_touching_the_database(client):
    # No `db` fixture: any query would fail the test.
    response = client.get(LIVE)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_ready_in_the_embedded_default_checks_the_database_cache_and_media(client, embedded, media):
    response = client.get(READY)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "media_storage": "ok"}}
    assert not [path for path in media.rglob("*") if path.is_file()]  # its test file is deleted


@pytest.mark.django_db
def test_ready_with_a_broker_checks_redis_and_the_workers_heartbeat(client, with_worker):
    heard_from_worker(ago=datetime.timedelta(seconds=20))
    response = client.get(READY)
    assert response.status_code == 200
    assert response.json()["checks"] == {
        "database": "ok", "cache": "ok", "redis": "ok", "media_storage": "ok", "worker_heartbeat": "ok",
    }


@pytest.mark.django_db
def test_a_stale_heartbeat_makes_it_not_ready_and_says_so(client, with_worker, settings):
    settings.WORKER_HEARTBEAT_MAX_AGE = 120
    heard_from_worker(ago=datetime.timedelta(minutes=3))
    response = client.get(READY)
    assert response.status_code == 503
    assert response.json() == {
        "status": "failed",
        "checks": {"database": "ok", "cache": "ok", "redis": "ok", "media_storage": "ok", "worker_heartbeat": "failed"},
    }


@pytest.mark.django_db
def test_a_worker_never_heard_from_makes_it_not_ready(client, with_worker):
    response = client.get(READY)
    assert response.status_code == 503
    assert response.json()["checks"]["worker_heartbeat"] == "failed"


@pytest.mark.django_db
def test_redis_down_makes_it_not_ready(client, with_worker, monkeypatch):
    monkeypatch.setattr(health, "redis_client", lambda: FakeRedis(up=False))
    heard_from_worker(ago=datetime.timedelta(seconds=5))
    response = client.get(READY)
    assert response.status_code == 503
    assert {name for name, state in response.json()["checks"].items() if state == "failed"} == {"redis"}


@pytest.mark.django_db
def test_a_broken_cache_makes_it_not_ready(client, embedded, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}  # keeps nothing
    response = client.get(READY)
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "failed", "media_storage": "ok"}


@pytest.mark.django_db
def test_a_database_that_refuses_connections_makes_it_not_ready(client, embedded, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise OperationalError("connection to server at 10.0.0.5, port 5432 failed: password authentication failed")

    monkeypatch.setattr(type(connections["default"]), "cursor", refuse)
    response = client.get(READY)
    assert response.status_code == 503
    # Which part failed, and not why: no host, port or message from the database.
    assert response.json() == {"status": "failed", "checks": {"database": "failed", "cache": "ok", "media_storage": "ok"}}


@pytest.mark.django_db
def test_media_storage_that_cannot_be_written_makes_it_not_ready(client, embedded, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "a-file"
    settings.MEDIA_ROOT.write_text("not a directory")
    response = client.get(READY)
    assert response.status_code == 503
    assert response.json()["checks"]["media_storage"] == "failed"


@pytest.mark.django_db
def test_health_checks_are_not_redirected_to_https_nor_need_sign_in(client, embedded, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(LIVE).status_code == 200
    assert client.get(READY).status_code == 200
    assert client.get("/").status_code == 301  # every other page is


# The worker's side: Celery's heartbeat (every 2 s) written to the database every so often.

@pytest.fixture
def worker_heart(monkeypatch):
    # In the worker there is no transaction around this; in a test there is, and closing the
    # connection would end it.
    monkeypatch.setattr(receivers, "close_old_connections", lambda: None)
    monkeypatch.setitem(receivers._last_recorded, "at", None)
    return SimpleNamespace(eventer=SimpleNamespace(hostname="celery@worker-1"))


@pytest.mark.django_db
def test_the_worker_records_its_heartbeat_at_most_once_an_interval(worker_heart, settings):
    settings.WORKER_HEARTBEAT_SECONDS = 30
    receivers.record_heartbeat(sender=worker_heart)
    first = WorkerHeartbeat.objects.get(hostname="celery@worker-1").seen_at
    receivers.record_heartbeat(sender=worker_heart)  # 2 seconds later, as Celery sends them
    assert WorkerHeartbeat.objects.get().seen_at == first

    receivers._last_recorded["at"] = time.monotonic() - 31
    receivers.record_heartbeat(sender=worker_heart)
    assert WorkerHeartbeat.objects.get().seen_at > first


@pytest.mark.django_db
def test_a_database_outage_does_not_stop_the_workers_heartbeat(worker_heart, monkeypatch, caplog):
    def down(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(WorkerHeartbeat.objects, "record", down)
    receivers.record_heartbeat(sender=worker_heart)  # logged, not raised into Celery's timer
    assert "Could not record the worker's heartbeat" in caplog.text
    assert receivers._last_recorded["at"] is None  # tried again at the next beat


@pytest.mark.django_db
def test_recording_a_heartbeat_keeps_the_navigation_cache(worker_heart, settings, monkeypatch):
    before = data_generation.current()
    receivers.record_heartbeat(sender=worker_heart)
    assert WorkerHeartbeat.objects.exists() and data_generation.current() == before
