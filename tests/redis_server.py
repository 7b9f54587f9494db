"""
A private redis-server for the tests that take Redis down, on a free port of its own (6391–6399):
never the Redis on 6379 that the suite and everyone else share. It can be stopped and started
again on the same port, as an outage and the recovery from it.
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
