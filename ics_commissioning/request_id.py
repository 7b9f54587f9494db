"""
One id per request, on every log line the request causes: in the web process, and in the worker for
the tasks the request queued. The reverse proxy sends its own (X-Request-ID); without a well-formed
one, the web process makes one. The response carries it back, so a user's report of an error can be
matched to its log lines.
"""

import logging
import re
import uuid
from contextvars import ContextVar

from celery.signals import before_task_publish, task_postrun, task_prerun

HEADER = "X-Request-ID"
# What the proxy sends (Caddy: a UUID) and what we make; anything else (too long, spaces, quotes,
# newlines that would forge log lines) is not taken.
WELL_FORMED = re.compile(r"[A-Za-z0-9._:-]{8,128}")
# The name of the Celery message header that carries it to the worker.
TASK_HEADER = "request_id"

_current: ContextVar[str | None] = ContextVar("request_id", default=None)


def current():
    """The id of the request (or of the request that queued the task) being handled, if any."""
    return _current.get()


def from_header(value):
    return value if value and WELL_FORMED.fullmatch(value) else uuid.uuid4().hex


class RequestIdMiddleware:
    """First in MIDDLEWARE, so that every response carries the id, redirects and errors included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = from_header(request.headers.get(HEADER))
        token = _current.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request.request_id
        return response


class RequestIdFilter(logging.Filter):
    """Puts `request_id` on every record a handler writes (None outside a request or task).
    Two lines are written after the response has left the middleware: Django's for a response of
    4xx or 5xx (its record carries the request), and gunicorn's access line (its arguments carry
    the response's headers)."""

    def filter(self, record):
        if getattr(record, "request_id", None) is None:
            record.request_id = (
                current()
                or getattr(getattr(record, "request", None), "request_id", None)
                or (record.args.get("{x-request-id}o") if isinstance(record.args, dict) else None)
            )
        return True


@before_task_publish.connect(dispatch_uid="ics_commissioning.request_id.publish")
def put_request_id_on_task(headers=None, **kwargs):
    """A task queued while handling a request (or another task) carries that request's id."""
    request_id = current()
    if request_id and headers is not None:
        headers.setdefault(TASK_HEADER, request_id)


@task_prerun.connect(dispatch_uid="ics_commissioning.request_id.prerun")
def take_request_id_from_task(task=None, **kwargs):
    """In the worker, the task's log lines carry the id it was queued with. A task run in-process
    (no REDIS_URL) has no such header and keeps the id of the request running it."""
    request_id = task.request.get(TASK_HEADER) or current()
    task.request.request_id_token = _current.set(request_id)


@task_postrun.connect(dispatch_uid="ics_commissioning.request_id.postrun")
def forget_request_id_after_task(task=None, **kwargs):
    token = task.request.get("request_id_token")
    if token is not None:
        _current.reset(token)
        task.request.request_id_token = None
