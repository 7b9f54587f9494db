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


def test_sessions_end_when_idle_and_at_a_fixed_age_both_set_by_the_environment():
    show = "from django.conf import settings as s; print(s.SESSION_IDLE_TIMEOUT, s.SESSION_COOKIE_AGE)"
    assert run_manage("shell", "-c", show, DEBUG="1").stdout.split()[-2:] == ["1800", "43200"]  # 30 minutes, 12 hours
    configured = run_manage("shell", "-c", show, DEBUG="1", SESSION_IDLE_TIMEOUT="900", SESSION_COOKIE_AGE="28800")
    assert configured.stdout.split()[-2:] == ["900", "28800"]
