"""
A private redis-server for the tests that take Redis down, on a free port of its own (6391–6399):
never the Redis on 6379 that the suite and everyone else share. It can be stopped and started
again on the same port, as an outage and the recovery from it. And pointing the parts Redis plays
at a Redis: Celery's broker and result store (celery_at), the cache (cache_settings).
"""

import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager

import redis

PORTS = range(6391, 6400)


class RedisServer:
    def __init__(self):
        self.port = None
        self.process = None
        self.directory = tempfile.TemporaryDirectory(prefix="ics-redis-")

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        """Start on the first free port, or on the port it had (a restart)."""
        for port in [self.port] if self.port else PORTS:
            if self._start_on(port):
                self.port = port
                return self
        raise RuntimeError(f"No private Redis could be started on {self.port or 'ports 6391-6399'}")

    def _start_on(self, port):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", self.directory.name],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=port, socket_timeout=1, socket_connect_timeout=1)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                # Ours, and not a server another test started on the same port a moment before.
                if client.info("server")["process_id"] == self.process.pid:
                    return True
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        self._end()
        return False

    def stop(self):
        """Take Redis down, as a crash or an operator would: its port refuses connections until start()."""
        self._end()

    def _end(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def close(self):
        self._end()
        self.directory.cleanup()


def available():
    return shutil.which("redis-server") is not None


@contextmanager
def private_redis():
    server = RedisServer().start()
    try:
        yield server
    finally:
        server.close()


@contextmanager
def celery_at(url):
    """The Celery app's broker and result store at `url`, with tasks really sent; then put back.
    (Celery prefers a CELERY_BROKER_URL in the environment to its configuration: delete it first.)"""
    from kombu import pools

    from ics_commissioning.celery import app

    def fresh_connections():
        pools.reset()  # kombu's shared producer pools are keyed by broker: start again
        app._pool = None
        app.amqp._producer_pool = None
        app._backend_cache = None  # the result store, made again from the configuration
        app._local.__dict__.pop("backend", None)

    saved = app.conf.broker_url, app.conf.result_backend, app.conf.task_always_eager
    app.conf.broker_url, app.conf.result_backend, app.conf.task_always_eager = url, url, False
    fresh_connections()
    try:
        yield app
    finally:
        fresh_connections()
        app.conf.broker_url, app.conf.result_backend, app.conf.task_always_eager = saved


def cache_settings(url):
    """settings.CACHES with the cache at `url`, as production has it (ics_commissioning.settings)."""
    return {"default": {"BACKEND": "ics_commissioning.cache.FailOpenRedisCache", "LOCATION": url,
                        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}}
