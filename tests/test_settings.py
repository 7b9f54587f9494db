"""Production settings come from the environment and pass Django's deployment checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    # A clean production environment: not the development settings the suite runs with, nor the
    # browser tests' DJANGO_ALLOW_ASYNC_UNSAFE.
    dropped = {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env}, capture_output=True, text=True
    )


def test_check_deploy_is_clean_under_production_settings():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="commissioning.example.nhs.uk",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_cookies_are_secure_and_https_is_enforced():
    result = run_manage(
        "shell", "-c",
        "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SESSION_COOKIE_HTTPONLY, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000, "
        "s.AXES_FAILURE_LIMIT, 'csp.middleware.CSPMiddleware' in s.MIDDLEWARE)",
        SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="commissioning.example.nhs.uk",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-7:] == ["True", "True", "True", "True", "True", "5", "True"]


PRODUCTION = {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "commissioning.example.nhs.uk"}


def test_x_forwarded_proto_is_trusted_only_when_said_to_be_behind_a_proxy():
    show = "from django.conf import settings as s; print(s.SECURE_PROXY_SSL_HEADER)"
    assert run_manage("shell", "-c", show, **PRODUCTION).stdout.split()[-1] == "None"
    behind = run_manage("shell", "-c", show, TRUST_X_FORWARDED_PROTO="1", **PRODUCTION)
    assert behind.stdout.strip().endswith("('HTTP_X_FORWARDED_PROTO', 'https')")


def test_errors_go_to_sentry_only_with_a_dsn_and_without_personal_data():
    show = (
        "import sentry_sdk; c = sentry_sdk.get_client(); "
        "print(c.is_active(), c.options['send_default_pii'], 'django' in c.integrations, 'celery' in c.integrations)"
    )
    assert run_manage("shell", "-c", show, **PRODUCTION).stdout.split()[-4] == "False"
    # A DSN on this machine: nothing leaves it.
    result = run_manage("shell", "-c", show, SENTRY_DSN="http://public@127.0.0.1:9/1", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-4:] == ["True", "False", "True", "True"]


def test_the_workers_limits_come_from_the_environment():
    show = (
        "from django.conf import settings as s; print(s.CELERY_WORKER_CONCURRENCY, s.CELERY_WORKER_MAX_TASKS_PER_CHILD, "
        "s.CELERY_TASK_SOFT_TIME_LIMIT, s.CELERY_TASK_TIME_LIMIT, s.CELERY_WORKER_SEND_TASK_EVENTS)"
    )
    result = run_manage(
        "shell", "-c", show, CELERY_WORKER_CONCURRENCY="4", CELERY_WORKER_MAX_TASKS_PER_CHILD="50",
        CELERY_TASK_SOFT_TIME_LIMIT="300", CELERY_TASK_TIME_LIMIT="360", **PRODUCTION,
    )
    assert result.stdout.split()[-5:] == ["4", "50", "300", "360", "True"]


def test_broker_results_and_cache_each_take_redis_url_or_their_own():
    show = (
        "from django.conf import settings as s; print(s.CELERY_BROKER_URL, s.CELERY_RESULT_BACKEND, "
        "s.CACHES['default'].get('LOCATION') or 'in-process', s.CELERY_TASK_ALWAYS_EAGER)"
    )
    unset = {"REDIS_URL": "", "CELERY_BROKER_URL": "", "CELERY_RESULT_BACKEND_URL": "", "CACHE_URL": ""}

    def settings_with(**env):
        result = run_manage("shell", "-c", show, **{**PRODUCTION, **unset, **env})
        assert result.returncode == 0, result.stderr
        return result.stdout.split()[-4:]

    assert settings_with() == ["memory://", "None", "in-process", "True"]  # the embedded default
    assert settings_with(REDIS_URL="redis://redis:6379/0") == ["redis://redis:6379/0"] * 3 + ["False"]
    assert settings_with(
        REDIS_URL="redis://redis:6379/0", CELERY_BROKER_URL="redis://queue:6379/0",
        CELERY_RESULT_BACKEND_URL="redis://results:6379/1", CACHE_URL="redis://cache:6379/2",
    ) == ["redis://queue:6379/0", "redis://results:6379/1", "redis://cache:6379/2", "False"]
    assert settings_with(CELERY_BROKER_URL="redis://queue:6379/0") == [
        "redis://queue:6379/0", "None", "in-process", "False"]
