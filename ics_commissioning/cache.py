"""
The cache (settings.CACHES): Django's Redis cache, failing open. It only ever holds what a page can
work out again (ics_commissioning.user_cache), so while Redis cannot be reached the pages go on
without it: a read misses, a write or a delete is skipped, and nothing is raised.

Each process logs the outage once, when it starts, and once more when Redis answers again. While it
lasts, Redis is not asked again for RETRY_SECONDS after each failure, so that a Redis that does not
answer at all (its host gone, rather than the port closed) costs a page one short connect timeout
(settings.CACHES' OPTIONS) every few seconds, not one per cache operation.

A write skipped during an outage is a navigation that may be kept after it: at most
settings.USER_CACHE_SECONDS, the time its keys live.
"""

import logging
import threading
import time
from functools import cached_property
from urllib.parse import urlsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# What Redis not answering raises: refused or lost connections, timeouts, and socket errors that
# redis-py lets through. Anything else (a bad key, a value that cannot be pickled) is a bug, and raised.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
RETRY_SECONDS = 5.0

_lock = threading.Lock()
_retry_at = {}  # {server: time.monotonic() after which to ask again}, for each server that is down


class FailOpenRedisCache(RedisCache):
    """RedisCache whose every operation, with Redis unreachable, answers as an empty cache would."""

    @cached_property
    def _server(self):
        # The address without its password: for the log, and to tell one server's outage from another's.
        parts = urlsplit(self._servers[0])
        return f"{parts.hostname}:{parts.port or 6379}{parts.path}"

    def _call(self, operation, unreachable, *args, **kwargs):
        server = self._server
        retry_at = _retry_at.get(server)
        if retry_at is not None and time.monotonic() < retry_at:
            return unreachable
        try:
            result = getattr(super(), operation)(*args, **kwargs)
        except UNREACHABLE as error:
            with _lock:
                first = server not in _retry_at
                _retry_at[server] = time.monotonic() + RETRY_SECONDS
            if first:
                logger.error("The cache at %s cannot be reached (%s): the pages do without it meanwhile",
                             server, error)
            return unreachable
        if retry_at is not None:
            with _lock:
                back = _retry_at.pop(server, None) is not None
            if back:
                logger.warning("The cache at %s is back", server)
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        value = self._call("incr", missing, key, delta, version)
        if value is missing:
            raise ValueError(f"Key '{key}' not found")  # as for a key not in the cache
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)  # the keys not set: all of them

    def delete_many(self, keys, version=None):
        self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)
