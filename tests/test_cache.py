"""
The cache fails open (ics_commissioning.cache): with its Redis unreachable, a read misses, a write or
a delete is skipped, nothing is raised, and the pages go on working out what it would have kept. The
outage is logged once, and its end once. The readiness check still reports the cache as failed.
"""

import socket
import time

import pytest
from django.urls import reverse

from ics_commissioning import cache as fail_open
from ics_commissioning.cache import FailOpenRedisCache

from . import redis_server
from .factories import PASSWORD

OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
needs_redis_server = pytest.mark.skipif(not redis_server.available(), reason="needs redis-server")


@pytest.fixture
def dead_url():
    """A port that refuses connections: bound, never listening, and held so that nothing else takes it."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield f"redis://127.0.0.1:{held.getsockname()[1]}/0"


@pytest.fixture(autouse=True)
def no_outage_left_over(monkeypatch):
    monkeypatch.setattr(fail_open, "_retry_at", {})


def cache_at(url):
    return FailOpenRedisCache(url, {"OPTIONS": OPTIONS})


def outage_lines(caplog):
    return [(record.levelname, record.getMessage()) for record in caplog.records if record.name == fail_open.__name__]


def test_with_its_redis_unreachable_the_cache_answers_as_an_empty_one(dead_url, caplog):
    cache = cache_at(dead_url)
    started = time.monotonic()
    cache.set("navigation", ["Needs my action"])
    assert cache.get("navigation") is None and cache.get("navigation", "default") == "default"
    assert cache.get_or_set("generation", lambda: "new", None) == "new"  # worked out, not kept
    assert cache.add("key", 1) is False and cache.touch("key") is False and cache.delete("key") is False
    assert cache.get_many(["a", "b"]) == {} and cache.has_key("a") is False
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]  # the keys not set
    cache.delete_many(["a", "b"])
    with pytest.raises(ValueError):
        cache.incr("counter")  # as for a key the cache does not hold
    assert time.monotonic() - started < 1
    port = dead_url.rsplit(":", 1)[1].split("/")[0]
    assert [level for level, _ in outage_lines(caplog)] == ["ERROR"]  # once, for all those operations
    assert outage_lines(caplog)[0][1].startswith(f"The cache at 127.0.0.1:{port}/0 cannot be reached")


def test_the_log_says_where_without_the_password(caplog):
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        cache_at(f"redis://:secret-password@127.0.0.1:{held.getsockname()[1]}/0").get("key")
    assert "secret-password" not in outage_lines(caplog)[0][1]


@needs_redis_server
def test_an_outage_is_logged_once_and_its_end_once_and_the_next_one_again(monkeypatch, caplog):
    monkeypatch.setattr(fail_open, "RETRY_SECONDS", 0)
    with redis_server.private_redis() as server:
        cache = cache_at(server.url)
        cache.set("navigation", "kept")
        assert cache.get("navigation") == "kept"
        server.stop()
        for _ in range(3):
            assert cache.get("navigation") is None
            cache.set("navigation", "skipped")
        server.start()  # on the same port, empty
        assert cache.get("navigation") is None
        cache.set("navigation", "kept again")
        assert cache.get("navigation") == "kept again"
        server.stop()
        assert cache.get("navigation") is None
    lines = outage_lines(caplog)
    assert [level for level, _ in lines] == ["ERROR", "WARNING", "ERROR"]  # down, back, down again
    assert lines[0][1].startswith(f"The cache at 127.0.0.1:{server.port}/0 cannot be reached")
    assert lines[1][1] == f"The cache at 127.0.0.1:{server.port}/0 is back"


@needs_redis_server
def test_after_a_failure_redis_is_asked_again_only_after_a_pause(monkeypatch):
    """A Redis host that does not answer at all costs a connect timeout: not one per operation."""
    monkeypatch.setattr(fail_open, "RETRY_SECONDS", 0.5)
    with redis_server.private_redis() as server:
        cache = cache_at(server.url)
        server.stop()
        assert cache.get("key") is None
        server.start()
        cache.set("key", "value")  # skipped: within the pause
        assert cache.get("key") is None
        time.sleep(0.6)
        cache.set("key", "value")
        assert cache.get("key") == "value"


@pytest.mark.django_db
def test_pages_and_sign_in_work_with_the_cache_down_and_readiness_says_it_is(client, cast, settings, dead_url,
                                                                             tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the readiness check writes a file there
    settings.CACHES = {"default": {"BACKEND": "ics_commissioning.cache.FailOpenRedisCache", "LOCATION": dead_url,
                                   "OPTIONS": OPTIONS}}
    settings.USER_CACHE_SECONDS = 60
    signed_in = client.post(reverse("login"), {"username": "clg_secretary", "password": PASSWORD})
    assert signed_in.status_code == 302
    page = client.get(reverse("notifications:needs"))
    assert page.status_code == 200 and "All proposals" in page.content.decode()  # the navigation, worked out
    assert client.get("/health/ready").json()["checks"]["cache"] == "failed"
