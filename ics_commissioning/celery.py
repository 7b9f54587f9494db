import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ics_commissioning.settings")

app = Celery("ics_commissioning")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
