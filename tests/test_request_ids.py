"""
Logs: every line a request causes carries its id, in the web process and in the worker for the
tasks it queued; the response carries the id back; in production each line is one JSON object.
"""

import io
import json
import logging
import logging.config

import pytest
from celery import Celery
from celery.app.task import Context
from celery.signals import after_task_publish, task_postrun, task_prerun
from django.conf import settings

from ics_commissioning import request_id
from ics_commissioning.request_id import RequestIdFilter


@pytest.fixture
def log_output():
    """What the configured console handler (settings.LOGGING) writes."""
    handler = next(h for h in logging.getLogger().handlers if any(isinstance(f, RequestIdFilter) for f in h.filters))
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


@pytest.fixture
def in_request():
    """As while the middleware handles a request."""
    token = request_id._current.set("3f2a9c4e-request")
    yield "3f2a9c4e-request"
    request_id._current.reset(token)


def test_a_request_gets_an_id_on_its_response_and_on_its_log_lines(client, log_output):
    response = client.get("/no-such-page/")  # Django logs the 404
    assert response.status_code == 404
    assert len(response["X-Request-ID"]) == 32
    assert "Not Found: /no-such-page/" in log_output.getvalue()
    assert response["X-Request-ID"] in log_output.getvalue()


def test_a_well_formed_id_from_the_proxy_is_kept_and_anything_else_replaced(client):
    assert client.get("/health/live", HTTP_X_REQUEST_ID="0b6d7c1e-5f7a-4e2b").headers["X-Request-ID"] == (
        "0b6d7c1e-5f7a-4e2b"
    )
    for hostile in ("short", "a" * 129, 'abc123456" level="CRITICAL', "abcdef123\nforged line"):
        replaced = client.get("/health/live", HTTP_X_REQUEST_ID=hostile).headers["X-Request-ID"]
        assert replaced != hostile and len(replaced) == 32


def test_the_id_is_forgotten_when_the_request_ends(client):
    client.get("/health/live")
    assert request_id.current() is None


def test_a_task_queued_during_a_request_carries_its_id(in_request):
    app = Celery("publish-test", broker="memory://")  # not the project's broker: nothing is run
    published = []

    def capture(headers=None, **kwargs):
        published.append(headers)

    after_task_publish.connect(capture, weak=False)
    try:
        app.send_task("governance.tasks.build_board_pack", kwargs={"pack_id": 1})
    finally:
        after_task_publish.disconnect(capture)
    assert published[0]["request_id"] == in_request


def test_a_task_queued_outside_any_request_carries_none():
    headers = {}
    request_id.put_request_id_on_task(headers=headers)
    assert "request_id" not in headers


class Task:
    """What the worker's signals are sent with: the task, its request context from the message."""

    def __init__(self, **headers):
        self.request = Context(**headers)


def test_in_the_worker_a_task_logs_with_the_id_it_was_queued_with(log_output):
    task = Task(request_id="3f2a9c4e-request")
    task_prerun.send(sender=task, task_id="t1", task=task, args=(), kwargs={})
    logging.getLogger("governance.packs").warning("Pack built")
    task_postrun.send(sender=task, task_id="t1", task=task, args=(), kwargs={}, retval=None, state="SUCCESS")
    assert "3f2a9c4e-request" in log_output.getvalue()
    assert request_id.current() is None  # the next task does not inherit it


def test_a_task_run_in_process_keeps_the_id_of_the_request_running_it(in_request):
    task = Task()  # no header: run eagerly, not published
    task_prerun.send(sender=task, task_id="t1", task=task, args=(), kwargs={})
    assert request_id.current() == in_request
    task_postrun.send(sender=task, task_id="t1", task=task, args=(), kwargs={}, retval=None, state="SUCCESS")
    assert request_id.current() == in_request


def json_formatter():
    """The production formatter, made from settings.LOGGING as logging.config makes it."""
    configurator = logging.config.DictConfigurator(settings.LOGGING)
    return configurator.configure_formatter(dict(settings.LOGGING["formatters"]["json"]))


def test_production_log_lines_are_json_with_time_level_logger_message_and_request_id(in_request):
    record = logging.LogRecord("governance.packs", logging.WARNING, __file__, 1, "Pack %s failed", (7,), None)
    RequestIdFilter().filter(record)
    line = json.loads(json_formatter().format(record))
    assert line["level"] == "WARNING" and line["logger"] == "governance.packs"
    assert line["message"] == "Pack 7 failed" and line["request_id"] == in_request
    assert line["time"].endswith("+00:00")  # ISO 8601, UTC


def test_gunicorns_access_line_carries_the_id_from_the_response_header():
    # Gunicorn logs after the response has left Django, with the response headers in its arguments.
    record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, "%(r)s %(s)s", None, None)
    record.args = {"r": "GET / HTTP/1.1", "s": "200", "{x-request-id}o": "0b6d7c1e-5f7a-4e2b"}
    RequestIdFilter().filter(record)
    assert record.request_id == "0b6d7c1e-5f7a-4e2b"
