import os

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ics_commissioning.settings")

app = Celery("ics_commissioning")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect(dispatch_uid="ics_commissioning.celery.logging")
def use_django_logging(**kwargs):
    """The worker and beat log as the web processes do (settings.LOGGING: JSON lines with the
    request id), so Celery sets up no logging of its own; LOG_LEVEL, not --loglevel, sets the level."""
