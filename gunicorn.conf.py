"""
Gunicorn's settings for the web processes: `gunicorn --config gunicorn.conf.py ics_commissioning.wsgi`.
Each can be changed through the environment, as the Django settings are.
"""

import multiprocessing
import os

from ics_commissioning.log_format import JSON_FORMATTER, REQUEST_ID_FILTER

# Where to listen: every interface, on PORT (8000 unless set); in docker-compose only the reverse
# proxy can reach it.
bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"

# How many processes: WEB_CONCURRENCY, or gunicorn's rule of thumb of two per core and one more
# (in a container, set WEB_CONCURRENCY: the host's cores are counted, not the container's share).
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Each process is replaced after about a thousand requests, not all at once.
max_requests = 1000
max_requests_jitter = 100

# Whose X-Forwarded-* headers gunicorn believes: the reverse proxy's address or network only
# (docker-compose: the proxy's network).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# An access line per request on standard output, with the request's id (the X-Request-ID the
# response carries), and gunicorn's own messages.
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s" request_id=%({x-request-id}o)s'

# In production both are JSON lines like the application's (settings.LOGGING, the same formatter);
# LOG_FORMAT=plain keeps gunicorn's plain lines.
if os.environ.get("LOG_FORMAT", "json") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": REQUEST_ID_FILTER},
        "formatters": {"json": JSON_FORMATTER},
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "json",
                "filters": ["request_id"],
            },
        },
        "root": {"level": "INFO", "handlers": ["stdout"]},
        # No levels here: gunicorn's own (loglevel, --log-level) stay in force.
        "loggers": {
            "gunicorn.error": {"handlers": ["stdout"], "propagate": False},
            "gunicorn.access": {"handlers": ["stdout"], "propagate": False},
        },
    }
