"""
One settings module for every environment. Production differs only by environment
variables (12-factor); with none set, the product runs on the embedded default:
SQLite in the project folder and Celery tasks executed in-process.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import sentry_sdk
from celery.schedules import crontab
from environs import Env
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration

from ics_commissioning.log_format import JSON_FORMATTER, REQUEST_ID_FILTER

BASE_DIR = Path(__file__).resolve().parent.parent

env = Env()
env.read_env(BASE_DIR / ".env", recurse=False)

DEBUG = env.bool("DEBUG", default=False)
if DEBUG:
    # Only good for a laptop demo; without DEBUG, a missing SECRET_KEY stops the start.
    SECRET_KEY = env.str("SECRET_KEY", default="insecure-demo-key-never-use-in-production")
else:
    SECRET_KEY = env.str("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "accounts.apps.VerifiedAdminConfig",  # Django's admin, asking for a second factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "crispy_forms",
    "django_filters",
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ics_commissioning.apps.CommonConfig",
    "accounts.apps.AccountsConfig",
    "governance",
    "notifications",
    "public",
    "analytics",
    "procurement",
    "api",
    "proposals",
    "scoring",
    "demo",
]

MIDDLEWARE = [
    # First: every response, a redirect or an error included, carries the request's id, and so
    # does every log line written while handling it (ics_commissioning.request_id).
    "ics_commissioning.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ics_commissioning.middleware.PrivateResponsesNotCached",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: it says on the sign-in page why someone was signed out.
    "ics_commissioning.sessions.IdleSessionTimeout",
    # After it: a staff account reaches nothing until it has given its second factor (accounts.second_factor).
    "accounts.middleware.SecondFactorRequired",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ics_commissioning.urls"
WSGI_APPLICATION = "ics_commissioning.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ics_commissioning.context_processors.navigation",
                "ics_commissioning.context_processors.session",
            ],
        },
    },
]

DATABASES = {
    "default": env.dj_db_url(
        "DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Keep connections between requests in production (docker-compose sets 600): a new
        # PostgreSQL connection per request costs more than most of our queries.
        conn_max_age=env.int("DATABASE_CONN_MAX_AGE", default=0),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a sign-in while its username and address are locked out
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "accounts.oidc.OrganisationBackend",  # tries only a return from the organisation's sign-in
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The analysts' read-only API (api/): JSON only (no browsable pages), a token per person or the
# browser's session, signed in always; each view narrows to what the user may see.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # Keyset pages for every list; an edited cursor is a 400, never a 500.
    "DEFAULT_PAGINATION_CLASS": "api.pagination.NewestFirst",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ICS Commissioning API",
    "DESCRIPTION": "Read-only: proposals, meetings and bodies, exactly as the signed-in user may see them.",
    "VERSION": "1",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}

# Sign-in throttling (django-axes): after 5 failures for one username from one address, that pair
# is locked out for 15 minutes; a successful sign-in resets the count.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env.int("AXES_IPWARE_PROXY_COUNT", default=0)  # 1 behind one reverse proxy
# The address a lockout counts, read behind that many proxies (django-ipware is not installed).
AXES_CLIENT_IP_CALLABLE = "ics_commissioning.network.client_address"

# Content Security Policy (django-csp): our own scripts, styles, images and fonts only. No inline
# script or style anywhere (htmx's indicator styles are turned off in base.html), no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LOGIN_URL = "login"
# A sign-in ends after SESSION_IDLE_TIMEOUT seconds without a request (the pages warn two minutes
# before), and SESSION_COOKIE_AGE seconds after it began however busy (ics_commissioning.sessions).
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 60 * 60)
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in with the organisation's account over OpenID Connect (accounts.oidc; README, "Signing in with
# Microsoft Entra ID"). Off unless an issuer and a client are given. The endpoints come from the
# issuer's discovery document; OIDC_OP_*_ENDPOINT set here would override it.
OIDC_ISSUER = env.str("OIDC_ISSUER", default="")  # Entra ID: https://login.microsoftonline.com/<tenant id>/v2.0
OIDC_RP_CLIENT_ID = env.str("OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_CLIENT_SECRET", default="")
OIDC_RP_SCOPES = env.str("OIDC_SCOPES", default="openid email profile")
OIDC_RP_SIGN_ALGO = env.str("OIDC_SIGN_ALGORITHM", default="RS256")
# The claim a person is matched on, which never changes: "sub", or for Entra ID "oid" (their object id
# in the tenant, the same for every application).
OIDC_SUBJECT_CLAIM = env.str("OIDC_SUBJECT_CLAIM", default="sub")
# The claim listing the person's groups, for the body memberships held as data (governance.GroupMembership).
OIDC_GROUPS_CLAIM = env.str("OIDC_GROUPS_CLAIM", default="groups")
# True when the provider always asks for a second factor (an Entra ID conditional access policy): its
# sign-ins then count as two-factor for staff. Otherwise only a token whose `amr` says "mfa" does.
OIDC_PROVIDER_ENFORCES_MFA = env.bool("OIDC_PROVIDER_ENFORCES_MFA", default=False)
OIDC_USE_PKCE = True
OIDC_TOKEN_USE_BASIC_AUTH = True  # client_secret_basic, which Entra ID and every provider take
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:organisation_callback"
if OIDC_ISSUER:  # "Sign out" ends at the provider: the form's redirect goes to the issuer's origin
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append("{0.scheme}://{0.netloc}".format(urlsplit(OIDC_ISSUER)))
# Second factor (django-otp): the name the authenticator app shows for this site.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="ICS Commissioning")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [
    BASE_DIR / "static",  # our own files, and static/build/app.css compiled by `npm run build`
    ("nhsuk", BASE_DIR / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("accessible-autocomplete", BASE_DIR / "node_modules" / "accessible-autocomplete" / "dist"),
]
MEDIA_URL = "media/"
# Board packs and attachments are confidential: media is never served as public URLs,
# only through views that check who may see each file.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Where the media are kept: files under MEDIA_ROOT on this machine, or, given a bucket, a private bucket
# on S3 or an S3-compatible store (django-storages), which every web and worker machine shares. The
# variables are django-storages' own setting names. Either way the views stream each file to the one
# who may see it (ics_commissioning.documents.download): no URL to a file is ever handed out. Static
# files stay on disk, served by WhiteNoise.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "location": env.str("AWS_LOCATION", default=""),  # a folder (key prefix) in the bucket, if shared
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),  # unset: AWS S3 itself
            "region_name": env.str("AWS_S3_REGION_NAME", default=None),
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default=None),  # "path" for most S3-compatibles
            # Unset: boto3 finds credentials itself (the machine's or container's role, ~/.aws).
            "access_key": env.str("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default=None),
            # Private: no ACL is sent, so every object is the bucket owner's alone (keep the bucket's
            # public access blocked), and a URL, were one ever made, is signed and short-lived.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 300,
            # As on disk: a new file never replaces another of the same name.
            "file_overwrite": False,
            # A file read back (a download, a pack's last version, an appended PDF) is held in memory
            # up to 5 MB, and beyond that in a temporary file.
            "max_memory_size": 5 * 1024 * 1024,
        },
    }

# Attachments: the largest document a business case may carry (bytes).
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CRISPY_TEMPLATE_PACK = "nhsuk"
CRISPY_ALLOWED_TEMPLATE_PACKS = ["nhsuk"]

# Redis plays three parts: the Celery broker (the queue of tasks), Celery's result store, and the cache.
# REDIS_URL names one Redis for all three; CELERY_BROKER_URL, CELERY_RESULT_BACKEND_URL and CACHE_URL
# give any of them its own (empty: REDIS_URL's). With no broker, tasks run in-process, so the demo needs no
# services at all.
REDIS_URL = env.str("REDIS_URL", default="")
CACHE_URL = env.str("CACHE_URL", default="") or REDIS_URL
# The cache holds what every page would otherwise work out again (ics_commissioning.user_cache). It is shared by
# every web process, so it is Redis when there is one; the in-process default serves the demo. With Redis
# down it fails open (ics_commissioning.cache): pages work it out, and a dead Redis costs them milliseconds.
CACHES = {
    "default": {
        "BACKEND": "ics_commissioning.cache.FailOpenRedisCache",
        "LOCATION": CACHE_URL,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
# How long a page's navigation and "Needs my action" count, and a signed-in page read again, may be kept
# (ics_commissioning.user_cache): never past a write; things that change with time alone show within it.
USER_CACHE_SECONDS = env.int("USER_CACHE_SECONDS", default=60)
# Whole signed-in pages kept for their reader (user_cache.kept_per_reader); off, each is worked out every time.
KEEP_PAGES_FOR_READERS = env.bool("KEEP_PAGES_FOR_READERS", default=True)
_broker_url = env.str("CELERY_BROKER_URL", default="") or REDIS_URL
CELERY_BROKER_URL = _broker_url or "memory://"
CELERY_TASK_ALWAYS_EAGER = not _broker_url
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND_URL", default="") or REDIS_URL or None
# Nothing reads a task's result (the tasks record what they did in the database), so none is stored,
# and queueing a task never waits for the result store.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# A worker (and beat) that loses Redis tries again for as long as it takes: it never gives up and exits.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# A worker killed in the middle of a task: the task goes back on the queue for another worker.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# A worker that loses Redis in the middle of a task finishes it rather than throwing the work away (Celery 6
# will change this default): its acknowledgement may be lost, and the task delivered again after the
# visibility timeout, as after any lost acknowledgement (a built pack is left alone, a notification sent once).
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A task a worker took but never acknowledged (the worker was killed) is handed out again after this
    # many seconds. It fits the render time of a large pack; a render that runs longer is not rendered
    # twice, as its lease holds the pack (governance.packs.build).
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=300),
    # A host that does not answer at all, or a connection that went dead without closing: given up on
    # in seconds (the read timeout stays above the worker's one-second wait for tasks).
    "socket_connect_timeout": 0.5,
    "socket_timeout": 5,
}
# With Redis down, a request that queues work gives up within a second instead of hanging: the work
# is recorded and the periodic tasks below queue it once Redis is back.
CELERY_BROKER_CONNECTION_TIMEOUT = 0.5
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0.1, "interval_step": 0.2, "interval_max": 0.2}
# Should a task's result ever be stored, the result store gives up as quickly (by default it tries 20 times,
# a second apart).
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 0.5
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 1, "interval_start": 0.1, "interval_step": 0.2, "interval_max": 0.2},
}
# The worker: how many tasks at once, a fresh process after so many tasks (WeasyPrint's memory is
# given back), and how long a task may run: a soft limit it can catch, then a hard one that ends it.
# A task still running at the visibility timeout is handed to another worker too: harmless, as the
# tasks are idempotent and a pack's render holds its lease (the second delivery leaves it).
CELERY_WORKER_CONCURRENCY = env.int("CELERY_WORKER_CONCURRENCY", default=2)
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=100)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=900)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=840)
# Task events (queued, started, succeeded, failed) for monitoring tools such as Flower.
CELERY_WORKER_SEND_TASK_EVENTS = True
CELERY_TASK_SEND_SENT_EVENT = True
# Each worker writes one heartbeat in this many seconds to the database; /health/ready fails when
# the latest is older than WORKER_HEARTBEAT_MAX_AGE (ics_commissioning.receivers, .health).
WORKER_HEARTBEAT_SECONDS = env.int("WORKER_HEARTBEAT_SECONDS", default=30)
WORKER_HEARTBEAT_MAX_AGE = env.int("WORKER_HEARTBEAT_MAX_AGE", default=120)
# Run by `celery -A ics_commissioning beat` (docker-compose's beat service).
CELERY_BEAT_SCHEDULE = {
    # Soon after a worker dies mid-render (its lease, BoardPack.LEASE, runs out), another takes the pack.
    "requeue-waiting-packs": {"task": "governance.tasks.requeue_waiting_packs", "schedule": 15.0},
    "send-pending-notifications": {"task": "notifications.tasks.send_pending", "schedule": 300.0},
    "reminders": {"task": "notifications.tasks.send_reminders", "schedule": crontab(hour=7, minute=0)},
    "daily-digests": {"task": "notifications.tasks.send_daily_digests", "schedule": crontab(hour=7, minute=30)},
    # The pipeline's figures, worked out again from the audit trail while nobody is reading them.
    "pipeline-figures": {"task": "analytics.tasks.rebuild_pipeline_figures", "schedule": crontab(hour=2, minute=30)},
}

# SMTP in production, from the variables below; in development, e-mails are printed instead.
# `check --deploy` refuses a backend that sends nothing (ics_commissioning.checks).
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
# Where the site is, for links in e-mails (sent from the worker, which has no request to ask); in
# production it must be given, as https (ics_commissioning.checks).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000" if DEBUG else "")
# Where the public write for an accessible copy of a paper, unless a body gives its own (Body.public_enquiries).
PUBLIC_ENQUIRIES_EMAIL = env.str("PUBLIC_ENQUIRIES_EMAIL", default="governance@ics-commissioning.invalid")
# Questions from the public: at most this many from one address (one network address) an hour.
PUBLIC_QUESTIONS_PER_HOUR = env.int("PUBLIC_QUESTIONS_PER_HOUR", default=3)
# How long a public page is kept in the cache; a change to its meeting, papers or minutes drops it sooner.
PUBLIC_PAGE_SECONDS = env.int("PUBLIC_PAGE_SECONDS", default=600)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="ICS Commissioning <no-reply@ics-commissioning.invalid>")

# Production hardening: on unless DEBUG, so that Django's own `check --deploy` is clean with only
# SECRET_KEY and ALLOWED_HOSTS set; ours (ics_commissioning.checks) also need SITE_URL and MEDIA_ROOT.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# The container's health check asks over plain HTTP from inside; it is not sent to https.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
# Behind a reverse proxy that terminates TLS, the request reached the proxy over https if the proxy
# says so in X-Forwarded-Proto. Turn this on only when every request comes through a proxy that sets
# that header itself (Caddy and the README's nginx do): otherwise a client could claim https.
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SILENCED_SYSTEM_CHECKS = env.list("SILENCED_SYSTEM_CHECKS", default=[])

# Logs go to standard error, one JSON object a line (time, level, logger, message, request_id and
# any extra fields) for the log collector; plain lines for a developer (LOG_FORMAT=plain, DEBUG's
# default). The web processes, the worker and beat all log this way: Celery is told not to set up
# logging of its own (ics_commissioning.celery).
LOG_FORMAT = env.str("LOG_FORMAT", default="plain" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": REQUEST_ID_FILTER},
    "formatters": {
        "json": JSON_FORMATTER,
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports every rendering step at INFO, django-axes every sign-in it counts; keep
    # their warnings (e.g. a refused URL, a lockout).
    "loggers": {"weasyprint": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# Errors to Sentry (or a compatible service) when SENTRY_DSN is set: from the web processes and the
# worker, without personal data (no user names, addresses or cookies).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
