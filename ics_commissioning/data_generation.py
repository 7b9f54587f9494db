"""
The data's generation: a number that moves on whenever anything that matters is written to the
database. What is worked out from the data and kept in the cache (the navigation, a person's pages:
ics_commissioning.user_cache) is kept under the generation it was worked out in, and is never read
again once the data has moved on.

It lives in the database, not in the cache: a write made while Redis cannot be reached still moves
it on, so nothing kept from before an outage comes back with Redis. On PostgreSQL it is a sequence,
which is outside transactions and so never makes one write wait for another; on SQLite (the
embedded default) a one-row table.

Every write statement Django sends on a connection (a save or a delete, `update()`, `bulk_create`,
SQL through its cursor) is seen by an execute wrapper installed on the connection, so no way of
writing can forget it. It moves the generation on at once (the same transaction sees its own change
everywhere) and again after the commit (a page worked out meanwhile by another request, from the
data before the commit, is not kept).
"""

import re
import threading

from django.db import connection as default_connection

SEQUENCE = "ics_data_generation"

# Writes that change nothing anybody reads in a kept page: sessions and sign-in throttling records, the
# record of sign-ins (read in the admin only), the admin's own log, the workers' heartbeats
# (ics_commissioning.models), and the generation itself.
UNCOUNTED_TABLES = re.compile(r"^(django_session|axes_|accounts_signinevent|django_admin_log|"
                              r"ics_commissioning_workerheartbeat|" + SEQUENCE + ")")
WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.IGNORECASE)
# A sign-in saving its time (django.contrib.auth.models.update_last_login) and nothing else: no page shows it,
# and counting it would drop every reader's kept pages each time anybody signs in.
SIGN_IN_TIME = re.compile(r'^UPDATE "auth_user" SET "last_login" = %s WHERE "auth_user"\."id" = %s$')

_request = threading.local()
# While migrations run the generation may not exist yet; afterwards it moves on (receivers.migrated).
_migrating = {"now": False}


def current(connection=default_connection):
    """The generation now; read once a request (see remember_during_request), since the data a page
    reads after it is at least as new."""
    remembered = getattr(_request, "generation", None)
    if remembered is not None and remembered[0] == connection.alias:
        return remembered[1]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT last_value FROM {SEQUENCE}")
        else:
            cursor.execute(f"SELECT value FROM {SEQUENCE} WHERE id = 1")
        generation = cursor.fetchone()[0]
    if getattr(_request, "active", False):
        _request.generation = (connection.alias, generation)
    return generation


def advance(connection=default_connection):
    _request.generation = None
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT nextval('{SEQUENCE}')")
        else:
            cursor.execute(f"UPDATE {SEQUENCE} SET value = value + 1 WHERE id = 1")


def counts(sql):
    """Whether this statement is a write that moves the generation on."""
    write = WRITE.match(sql) if isinstance(sql, str) else None
    return write is not None and not UNCOUNTED_TABLES.match(write.group(1)) and not SIGN_IN_TIME.match(sql)


def watch_writes(execute, sql, params, many, context):
    """The execute wrapper (connection.execute_wrappers): after each write that counts, advance."""
    result = execute(sql, params, many, context)
    if counts(sql) and not _migrating["now"]:
        connection = context["connection"]
        advance(connection)
        # Once a transaction: unless a savepoint rolled back took it with it.
        if connection.in_atomic_block and not any(is_after_commit(f) for _, f, _ in connection.run_on_commit):
            connection.on_commit(AfterCommit(connection))
    return result


class AfterCommit:
    """The generation moving on after the commit (a callback of connection.on_commit)."""

    def __init__(self, connection):
        self.connection = connection

    def __call__(self):
        advance(self.connection)


def is_after_commit(callback):
    return isinstance(callback, AfterCommit)


def migrating(now):
    _migrating["now"] = now


def install(connection, **kwargs):
    """On each new connection (the connection_created signal), once."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


def remember_during_request(**kwargs):
    """request_started: this request reads the generation once. request_finished: and forgets it."""
    _request.active = kwargs.get("environ") is not None
    _request.generation = None
