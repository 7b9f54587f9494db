"""Production settings come from the environment and pass Django's deployment checks."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    # A clean production environment: not the development settings the suite runs with, nor the
    # browser tests' DJANGO_ALLOW_ASYNC_UNSAFE, nor a developer's own AWS settings.
    dropped = {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in dropped and not k.startswith("AWS_")}
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


def test_media_go_to_a_private_bucket_only_when_one_is_named():
    show = "import json; from django.conf import settings as s; print(json.dumps(s.STORAGES))"
    default = json.loads(run_manage("shell", "-c", show, **PRODUCTION).stdout.splitlines()[-1])
    assert default == {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    bucket = {"AWS_STORAGE_BUCKET_NAME": "ics-media", "AWS_S3_ENDPOINT_URL": "http://s3:8333",
              "AWS_S3_REGION_NAME": "eu-west-2", "AWS_S3_ADDRESSING_STYLE": "path"}
    result = run_manage("shell", "-c", show, **bucket, **PRODUCTION)
    storages = json.loads(result.stdout.splitlines()[-1])
    assert storages["staticfiles"] == default["staticfiles"]  # static files stay with WhiteNoise
    media = storages["default"]
    assert media["BACKEND"] == "storages.backends.s3.S3Storage"
    assert media["OPTIONS"]["access_key"] is None and media["OPTIONS"]["secret_key"] is None  # boto3 finds its own
    assert {key: media["OPTIONS"][key] for key in ("bucket_name", "endpoint_url", "region_name", "addressing_style")} \
        == {"bucket_name": "ics-media", "endpoint_url": "http://s3:8333", "region_name": "eu-west-2",
            "addressing_style": "path"}
    # Private: no public ACL, any URL signed, nothing overwritten.
    assert media["OPTIONS"]["default_acl"] is None and media["OPTIONS"]["querystring_auth"] is True
    assert media["OPTIONS"]["file_overwrite"] is False and "custom_domain" not in media["OPTIONS"]
    # MEDIA_ROOT left at its default: with the media in a bucket, it holds nothing.
    check = run_manage("check", "--deploy", "--fail-level", "WARNING", SITE_URL="https://commissioning.example.nhs.uk",
                       EMAIL_HOST="smtp.example.nhs.uk", **bucket, **PRODUCTION)
    assert check.returncode == 0 and "no issues" in check.stdout, check.stdout + check.stderr
