"""
A production smoke test: gunicorn with the production settings (DEBUG off, HTTPS only, JSON logs),
behind a reverse proxy as far as gunicorn can tell (the proxy's X-Forwarded-Proto), with a real
Celery worker. Static files are served, a person signs in, and /health/ready is 200. Needs
PostgreSQL and Redis (CI), as production does.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar, DefaultCookiePolicy
from pathlib import Path

import pytest
from django.db import connection

from .conftest import on_postgresql
from .factories import PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parent.parent
PROXY = {"X-Forwarded-Proto": "https", "Host": "ics.example.nhs.uk"}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_environment(tmp_path):
    db = connection.settings_dict
    # Not the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE (check --deploy refuses it), nor DEBUG.
    dropped = ("DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    return env | {
        "DJANGO_SETTINGS_MODULE": "ics_commissioning.settings",
        "SECRET_KEY": "smoke-test-" + "k" * 50,
        "ALLOWED_HOSTS": "ics.example.nhs.uk",
        "SITE_URL": "https://ics.example.nhs.uk",
        "TRUST_X_FORWARDED_PROTO": "1",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }


class BehindTheProxy(DefaultCookiePolicy):
    """The browser speaks https to the proxy, so it sends back the Secure cookies too."""

    def return_ok_secure(self, cookie, request):
        return True


class Client:
    """A browser as far as the proxy passes it on: cookies kept, redirects not followed."""

    def __init__(self, base):
        self.base = base
        self.cookies = CookieJar(policy=BehindTheProxy())

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect)

    def request(self, path, data=None, headers=()):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers={**PROXY, **dict(headers)})
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, dict(response.headers), response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode(errors="replace")


def wait_until_up(client, process):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn exited"
        try:
            if client.request("/health/live")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError("gunicorn did not start")


@pytest.mark.real_worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not (os.environ.get("REDIS_URL") and on_postgresql()), reason="needs Redis and PostgreSQL")
def test_gunicorn_under_production_settings_serves_static_files_signs_in_and_is_ready(tmp_path):
    UserFactory(username="smoke_secretary")
    env = production_environment(tmp_path)
    check = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                           cwd=ROOT, env=env, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env,
                   check=True)
    port = free_port()
    web = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "ics_commissioning.wsgi"],
        cwd=ROOT, env=env | {"WEB_CONCURRENCY": "2"}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "ics_commissioning", "worker", "--pool=solo", "--loglevel=warning",
         "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        client = Client(f"http://127.0.0.1:{port}")
        wait_until_up(client, web)

        # Plain HTTP from outside the proxy is sent to https; through the proxy, pages are served.
        status, headers, _ = client.request("/accounts/login/", headers={"X-Forwarded-Proto": "http"})
        assert status == 301 and headers["Location"].startswith("https://ics.example.nhs.uk/")
        status, headers, page = client.request("/accounts/login/")
        assert status == 200 and "Strict-Transport-Security" in headers

        # Static files (collected, served by WhiteNoise): the stylesheet the page links to.
        stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page).group(1)
        status, headers, css = client.request(stylesheet)
        assert status == 200 and headers["Content-Type"].startswith("text/css") and ".nhsuk-header" in css

        # Sign-in: the CSRF cookie is Secure and is sent back (the proxy speaks https to the browser).
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, headers, _ = client.request("/accounts/login/", {
            "csrfmiddlewaretoken": token, "username": "smoke_secretary", "password": PASSWORD,
        }, headers={"Referer": "https://ics.example.nhs.uk/accounts/login/"})
        assert status == 302, status
        status, _, page = client.request("/proposals/mine/")
        assert status == 200 and "Sign out" in page

        # Ready: the database, Redis, the media storage and the worker's heartbeat.
        deadline = time.monotonic() + 30
        while (ready := client.request("/health/ready"))[0] != 200 and time.monotonic() < deadline:
            time.sleep(0.5)
        assert ready[0] == 200, ready[2]
    finally:
        for process in (web, worker):
            process.terminate()
            process.wait(timeout=20)
        log = web.stdout.read().decode(errors="replace")
    # The access log is JSON lines, each with its request's id.
    access = [line for line in log.splitlines() if '"logger": "gunicorn.access"' in line]
    assert access and all('"request_id": "' in line for line in access), log[-2000:]
