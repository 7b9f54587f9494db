"""
The common app's receivers: every connection watches for writes that move the data's generation on
(data_generation: what the cache keeps is worked out again after any write), each sign-in starts its
session's clocks, and each Celery worker records its heartbeat for the readiness check.
"""

import logging
import socket
import time

from celery.signals import heartbeat_sent
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connections, utils
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate
from django.dispatch import receiver
from django.utils import timezone

from . import data_generation, sessions
from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)

connection_created.connect(data_generation.install, dispatch_uid="ics_commissioning.watch_writes")
request_started.connect(data_generation.remember_during_request, dispatch_uid="ics_commissioning.request_started")
request_finished.connect(data_generation.remember_during_request, dispatch_uid="ics_commissioning.request_finished")


@receiver(pre_migrate, dispatch_uid="ics_commissioning.migrating")
def migrating(sender, **kwargs):
    """The generation may not exist until the migrations have run: writes meanwhile are not counted."""
    data_generation.migrating(True)


@receiver(post_migrate, dispatch_uid="ics_commissioning.migrated")
def migrated(sender, using="default", **kwargs):
    """Sent for each app once the migrations have run: the generation moves on, for what they wrote."""
    data_generation.migrating(False)
    data_generation.advance(connections[using])


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
