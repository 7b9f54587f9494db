"""Production settings come from the environment and pass Django's deployment checks, and ours
(ics_commissioning.checks): e-mail that is sent, an https SITE_URL, media outside the code."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import ERROR, run_checks

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    # A clean production environment: not the development settings the suite runs with, nor the
    # browser tests' DJANGO_ALLOW_ASYNC_UNSAFE, nor a developer's own AWS settings.
    dropped = {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in dropped and not k.startswith("AWS_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env}, capture_output=True, text=True
    )


def run_settings(code, **env):
    """`code` run in a clean environment with the settings module read, as `manage.py shell -c` runs it but
    without loading every app: these tests read settings, and each app-loading start costs seconds."""
    dropped = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in dropped and not k.startswith("AWS_")}
    prelude = "from django.conf import settings as _read; _read.INSTALLED_APPS\n"  # the module, its Sentry set-up
    return subprocess.run(
        [sys.executable, "-c", prelude + code], cwd=ROOT, capture_output=True, text=True,
        env={**base, "DJANGO_SETTINGS_MODULE": "ics_commissioning.settings", **env},
    )


def production(tmp_path, **env):
    """What a production deployment sets: its secret, its address, its own media folder and its mail server."""
    return {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "commissioning.example.nhs.uk",
            "SITE_URL": "https://commissioning.example.nhs.uk", "MEDIA_ROOT": str(tmp_path / "media"),
            "EMAIL_HOST": "smtp.example.nhs.uk", **env}


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **production(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_organisation_sign_in_comes_from_the_environment_and_passes_the_deployment_checks(tmp_path):
    env = production(tmp_path, OIDC_ISSUER="https://login.microsoftonline.com/0000-tenant/v2.0",
                     OIDC_CLIENT_ID="client-id", OIDC_CLIENT_SECRET="client-secret", OIDC_SUBJECT_CLAIM="oid")
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0 and "no issues" in result.stdout, result.stdout + result.stderr
    show = ("import json; from django.conf import settings as s; print(json.dumps([s.OIDC_ISSUER, s.OIDC_RP_CLIENT_ID, "
            "s.OIDC_SUBJECT_CLAIM, s.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action']]))")
    shown = json.loads(run_settings(show, **env).stdout.strip().splitlines()[-1])
    # Signing out ends at the provider: the sign-out form's redirect may go there, and nowhere else.
    assert shown == ["https://login.microsoftonline.com/0000-tenant/v2.0", "client-id", "oid",
                     ["'self'", "https://login.microsoftonline.com"]]


def test_check_deploy_refuses_mail_that_is_not_sent_links_that_miss_the_site_and_media_in_the_code(tmp_path):
    env = production(tmp_path, EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend")
    del env["SITE_URL"], env["MEDIA_ROOT"]
    result = run_manage("check", "--deploy", **env)
    assert result.returncode != 0
    for problem in ("ics_commissioning.E001) EMAIL_BACKEND is django.core.mail.backends.console.EmailBackend, "
                    "which sends no e-mail.",
                    "ics_commissioning.E002) SITE_URL is not set",
                    f"ics_commissioning.E003) MEDIA_ROOT ({ROOT / 'media'}) is inside the code folder ({ROOT})"):
        assert problem in result.stderr, result.stderr
    assert run_manage("check", **env).returncode == 0  # checks for a deployment only


@pytest.mark.parametrize("name, bad, good, message", [
    ("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend", "django.core.mail.backends.smtp.EmailBackend",
     "which sends no e-mail"),
    ("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend", "django.core.mail.backends.smtp.EmailBackend",
     "which sends no e-mail"),
    ("SITE_URL", "", "https://commissioning.example.nhs.uk", "SITE_URL is not set"),
    ("SITE_URL", "http://commissioning.example.nhs.uk", "https://commissioning.example.nhs.uk/",
     "SITE_URL is http://commissioning.example.nhs.uk: the links in e-mails need the site's https address"),
    ("SITE_URL", "https://", "https://commissioning.example.nhs.uk", "SITE_URL is https://"),
    ("MEDIA_ROOT", ROOT / "media", Path("/data/media"), "is inside the code folder"),
    ("MEDIA_ROOT", ROOT / "static" / ".." / "uploads", ROOT.parent / "ics-media", "is inside the code folder"),
    ("OIDC_ISSUER", "http://login.example.nhs.uk/tenant/v2.0", "https://login.example.nhs.uk/tenant/v2.0",
     "OIDC_ISSUER is http://login.example.nhs.uk/tenant/v2.0: the organisation's sign-in must be reached over https"),
    ("OIDC_RP_CLIENT_SECRET", "", "a-secret", "OIDC_ISSUER is set without the client's id and secret"),
])
def test_each_deployment_check_names_its_setting(settings, name, bad, good, message):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"  # the others as in production
    settings.SITE_URL, settings.MEDIA_ROOT = "https://commissioning.example.nhs.uk", "/data/media"
    if name.startswith("OIDC"):  # a complete sign-in with the organisation's account, but for the one setting
        settings.OIDC_ISSUER, settings.OIDC_RP_CLIENT_ID = "https://login.example.nhs.uk/tenant/v2.0", "client"
        settings.OIDC_RP_CLIENT_SECRET = "secret"
    setattr(settings, name, bad)
    errors = run_checks(include_deployment_checks=True, tags=["production"])
    assert [error.level for error in errors] == [ERROR] and message in errors[0].msg
    assert name in errors[0].msg and errors[0].hint
    setattr(settings, name, good)
    assert run_checks(include_deployment_checks=True, tags=["production"]) == []


def test_production_mail_goes_by_smtp_as_the_environment_says():
    show = ("from django.conf import settings as s; print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, "
            "s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, s.DEFAULT_FROM_EMAIL)")
    result = run_settings(
        show, SECRET_KEY=secrets.token_urlsafe(50), EMAIL_HOST="smtp.example.nhs.uk", EMAIL_PORT="587",
        EMAIL_HOST_USER="commissioning", EMAIL_HOST_PASSWORD="s3cret", EMAIL_USE_TLS="true",
        DEFAULT_FROM_EMAIL="commissioning@example.nhs.uk",
    )
    assert result.stdout.split()[-7:] == ["django.core.mail.backends.smtp.EmailBackend", "smtp.example.nhs.uk", "587",
                                          "commissioning", "s3cret", "True", "commissioning@example.nhs.uk"]
    development = run_settings("from django.conf import settings as s; print(s.EMAIL_BACKEND)", DEBUG="1")
    assert development.stdout.split()[-1] == "django.core.mail.backends.console.EmailBackend"


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_cookies_are_secure_and_https_is_enforced():
    result = run_settings(
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
    assert run_settings(show, **PRODUCTION).stdout.split()[-1] == "None"
    behind = run_settings(show, TRUST_X_FORWARDED_PROTO="1", **PRODUCTION)
    assert behind.stdout.strip().endswith("('HTTP_X_FORWARDED_PROTO', 'https')")


def test_errors_go_to_sentry_only_with_a_dsn_and_without_personal_data():
    show = (
        "import sentry_sdk; c = sentry_sdk.get_client(); "
        "print(c.is_active(), c.options['send_default_pii'], 'django' in c.integrations, 'celery' in c.integrations)"
    )
    assert run_settings(show, **PRODUCTION).stdout.split()[-4] == "False"
    # A DSN on this machine: nothing leaves it.
    result = run_settings(show, SENTRY_DSN="http://public@127.0.0.1:9/1", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-4:] == ["True", "False", "True", "True"]


def test_the_workers_limits_come_from_the_environment():
    show = (
        "from django.conf import settings as s; print(s.CELERY_WORKER_CONCURRENCY, s.CELERY_WORKER_MAX_TASKS_PER_CHILD, "
        "s.CELERY_TASK_SOFT_TIME_LIMIT, s.CELERY_TASK_TIME_LIMIT, s.CELERY_WORKER_SEND_TASK_EVENTS)"
    )
    result = run_settings(
        show, CELERY_WORKER_CONCURRENCY="4", CELERY_WORKER_MAX_TASKS_PER_CHILD="50",
        CELERY_TASK_SOFT_TIME_LIMIT="300", CELERY_TASK_TIME_LIMIT="360", **PRODUCTION,
    )
    assert result.stdout.split()[-5:] == ["4", "50", "300", "360", "True"]


def test_sessions_end_when_idle_and_at_a_fixed_age_both_set_by_the_environment():
    show = "from django.conf import settings as s; print(s.SESSION_IDLE_TIMEOUT, s.SESSION_COOKIE_AGE)"
    assert run_settings(show, DEBUG="1").stdout.split()[-2:] == ["1800", "43200"]  # 30 minutes, 12 hours
    configured = run_settings(show, DEBUG="1", SESSION_IDLE_TIMEOUT="900", SESSION_COOKIE_AGE="28800")
    assert configured.stdout.split()[-2:] == ["900", "28800"]


def test_media_go_to_a_private_bucket_only_when_one_is_named():
    show = "import json; from django.conf import settings as s; print(json.dumps(s.STORAGES))"
    default = json.loads(run_settings(show, **PRODUCTION).stdout.splitlines()[-1])
    assert default == {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    bucket = {"AWS_STORAGE_BUCKET_NAME": "ics-media", "AWS_S3_ENDPOINT_URL": "http://s3:8333",
              "AWS_S3_REGION_NAME": "eu-west-2", "AWS_S3_ADDRESSING_STYLE": "path"}
    result = run_settings(show, **bucket, **PRODUCTION)
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


def test_broker_results_and_cache_each_take_redis_url_or_their_own():
    show = (
        "from django.conf import settings as s; print(s.CELERY_BROKER_URL, s.CELERY_RESULT_BACKEND, "
        "s.CACHES['default'].get('LOCATION') or 'in-process', s.CELERY_TASK_ALWAYS_EAGER)"
    )
    unset = {"REDIS_URL": "", "CELERY_BROKER_URL": "", "CELERY_RESULT_BACKEND_URL": "", "CACHE_URL": ""}

    def settings_with(**env):
        result = run_settings(show, **{**PRODUCTION, **unset, **env})
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
