"""
The common app's receivers: the navigation cache (user_cache) is forgotten whenever anything that
matters is written, each sign-in starts its session's clocks, and each Celery worker records its
heartbeat for the readiness check.
"""

import logging
import socket
import time

from celery.signals import heartbeat_sent
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import close_old_connections, transaction, utils
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from . import sessions
from .models import WorkerHeartbeat
from .user_cache import forget_everything

logger = logging.getLogger(__name__)

# Writes that cannot change what anyone has to do: sign-ins, their sessions and throttling records,
# and the workers' heartbeats (ics_commissioning.models).
NOT_TASKS = {"sessions", "axes", "admin", "ics_commissioning"}


@receiver(post_save, dispatch_uid="ics_commissioning.forget_saved")
@receiver(post_delete, dispatch_uid="ics_commissioning.forget_deleted")
@receiver(m2m_changed, dispatch_uid="ics_commissioning.forget_linked")
def forget_on_write(sender, **kwargs):
    """Any write may change someone's navigation or "Needs my action" count (user_cache). Forgotten
    at once (the same request sees its own change) and again after commit (a page worked out
    meanwhile, from the data before the commit, is not kept)."""
    if sender._meta.app_label in NOT_TASKS or not settings.USER_CACHE_SECONDS:
        return
    forget_everything()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(forget_everything)


@receiver(user_logged_in, dispatch_uid="ics_commissioning.start_session")
def start_session(sender, request, **kwargs):
    """Here rather than on the first request: signing in again in a session kept from before starts afresh."""
    sessions.start(request)


_last_recorded = {"at": None}


@heartbeat_sent.connect(dispatch_uid="ics_commissioning.record_heartbeat")
def record_heartbeat(sender=None, **kwargs):
    """Celery's worker sends a heartbeat every 2 seconds while it is connected to the broker and
    consuming; every WORKER_HEARTBEAT_SECONDS one of them is written to the database, where the
    web processes' readiness check reads its age. It runs in the worker's main process, between
    its other work: a database that is down is logged and skipped, never raised into the worker."""
    now = time.monotonic()
    if _last_recorded["at"] is not None and now - _last_recorded["at"] < settings.WORKER_HEARTBEAT_SECONDS:
        return
    hostname = getattr(getattr(sender, "eventer", None), "hostname", None) or socket.gethostname()
    # No request cycle closes this process's connection: drop it if a failure left it unusable.
    close_old_connections()
    try:
        WorkerHeartbeat.objects.record(hostname, timezone.now())
    except utils.Error:  # OperationalError, InterfaceError: the database is down or the connection gone
        logger.warning("Could not record the worker's heartbeat", exc_info=True)
        return
    _last_recorded["at"] = now
