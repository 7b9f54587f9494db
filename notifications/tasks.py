from celery import shared_task
from django.db import OperationalError

from . import email, reminders


@shared_task(acks_late=True, autoretry_for=(OperationalError, OSError), retry_backoff=True, max_retries=5)
def send_notification(*, notification_id):
    email.send(notification_id)


@shared_task(acks_late=True)
def send_daily_digests():
    return email.send_digests()


@shared_task(acks_late=True)
def send_reminders():
    return reminders.send_all()


@shared_task(acks_late=True)
def send_pending():
    return email.send_pending()
