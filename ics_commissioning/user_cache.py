"""
What a page works out about its user on every request (the navigation and its "Needs my action"
count), kept in the cache until anything is written to the database or SECONDS pass.

Any write may change them (a proposal reaching a body, an assessment assigned, a pack built), so
rather than follow each rule a write starts a new generation (forget_everything, called by
ics_commissioning.receivers) and every older key is never read again. Things that change with time
alone (a paper deadline coming within a week) show within settings.USER_CACHE_SECONDS (0: off).
"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection


def _prefix():
    # The database's name too: test runs and benchmarks with their own databases share one Redis.
    return f"user-cache:{connection.settings_dict['NAME']}"


def remembered(user, name, compute):
    """compute(), from the cache while nothing has been written since it was worked out."""
    if not settings.USER_CACHE_SECONDS:
        return compute()
    generation = cache.get_or_set(f"{_prefix()}:generation", lambda: uuid.uuid4().hex, None)
    key = f"{_prefix()}:{generation}:{name}:{user.pk}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.USER_CACHE_SECONDS)
    return value


def forget_everything():
    """A new generation: a random one, so that no key of an older one can come back."""
    cache.set(f"{_prefix()}:generation", uuid.uuid4().hex, None)
