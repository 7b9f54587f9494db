"""The Celery task that prints minutes to PDF. It keeps the name it had when the tasks lived in
governance/tasks.py, so that messages already queued still find it."""

from celery import shared_task
from django.db import OperationalError

from .. import minutes


@shared_task(name=minutes.BUILD_TASK, acks_late=True, autoretry_for=(OperationalError,),
             retry_backoff=True, max_retries=3)
def build_minutes_pdf(*, minutes_id):
    minutes.build_pdf(minutes_id)
