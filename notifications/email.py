"""
E-mailing what notify() recorded: one message as it happens, the daily digests, and the messages
that never reached a worker. Run by the worker (notifications.tasks).
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import Frequency, Notification


def send_pending(older_than=timedelta(minutes=2)):
    """Send the immediate messages that never reached a worker (Redis was down when they were
    made). Run every few minutes by Celery beat; returns how many were sent."""
    pending = Notification.objects.filter(
        sent_at__isnull=True, created_at__lt=timezone.now() - older_than,
    ).exclude(user__notification_setting__frequency=Frequency.DAILY)
    return sum(bool(send(pk)) for pk in pending.values_list("pk", flat=True))


def send(notification_id):
    """E-mail one message, once: it is claimed before sending and released if sending fails."""
    claimed = Notification.objects.filter(pk=notification_id, sent_at__isnull=True).update(sent_at=timezone.now())
    if not claimed:
        return False
    notification = Notification.objects.select_related("user").get(pk=notification_id)
    try:
        _email(notification.user, notification.subject, "notifications/email/message", {"notification": notification})
    except Exception:
        Notification.objects.filter(pk=notification_id).update(sent_at=None)
        raise
    return True


def send_digests():
    """One e-mail to each person who asked for a daily digest, listing what has not been sent."""
    sent = 0
    pending = Notification.objects.filter(sent_at__isnull=True, user__notification_setting__frequency=Frequency.DAILY)
    for user_id in pending.values_list("user_id", flat=True).distinct():
        with transaction.atomic():
            batch = list(pending.filter(user_id=user_id).select_for_update(skip_locked=True).order_by("created_at"))
            if not batch:
                continue
            user = batch[0].user
            _email(user, f"What needs your action: {len(batch)} update{'s' if len(batch) != 1 else ''}",
                   "notifications/email/digest", {"notifications": batch})
            Notification.objects.filter(pk__in=[n.pk for n in batch]).update(sent_at=timezone.now(), in_digest=True)
        sent += 1
    return sent


def _email(user, subject, template, context):
    site = settings.SITE_URL.rstrip("/")
    context = {
        "user": user, "settings_url": site + reverse("notifications:settings"),
        "needs_url": site + reverse("notifications:needs"), **context,
    }
    email = EmailMultiAlternatives(
        subject=subject, body=render_to_string(f"{template}.txt", context), to=[user.email],
    )
    email.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    email.send()
