"""
Telling people what needs them. Services call notify() inside their own transaction; the
message is recorded with it and e-mailed by the worker only once that transaction commits, so a
change that rolls back tells nobody. Each person chooses an e-mail as things happen or a daily
digest (NotificationSetting).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import Frequency, Notification, NotificationSetting

logger = logging.getLogger(__name__)


def frequency(user):
    setting = NotificationSetting.objects.filter(user=user).first()
    return setting.frequency if setting else Frequency.IMMEDIATE


def notify(users, *, key, kind, subject, message, action, url):
    """
    Tell each of `users` (active, with an e-mail address) about one event, named by `key`:
    the same key never makes a second message for the same person. Returns the new messages.
    """
    created = []
    # One line: a subject is an e-mail header, and a line break typed into a title (a form posted by
    # hand) would make the e-mail fail to send (Django refuses to inject headers).
    subject = " ".join(subject.split())[:300]
    for user in {user for user in users if user is not None and user.is_active and user.email}:
        notification, new = Notification.objects.get_or_create(
            user=user, key=key[:200],
            defaults={"kind": kind, "subject": subject, "message": message, "action": action, "url": url},
        )
        if new:
            created.append(notification)
            if frequency(user) == Frequency.IMMEDIATE:
                transaction.on_commit(lambda pk=notification.pk: _send_later(pk), robust=True)
    return created


def _send_later(pk):
    from .tasks import send_notification

    try:
        send_notification.delay(notification_id=pk)
    except Exception:  # noqa: BLE001 - Redis down: the message is kept, and send_pending() sends it later
        logger.warning("Could not queue notification %s", pk, exc_info=True)


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
