"""
Telling people what needs them. The receivers (notifications/receivers.py) call notify() as the
other apps' events commit; the message is recorded, and e-mailed by the worker (notifications.email)
once the transaction it was made in commits, so a change that rolls back tells nobody. Each person
chooses an e-mail as things happen or a daily digest (NotificationSetting).
"""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

from django.db import transaction
from django.utils import timezone

from .models import Frequency, Notification, NotificationSetting
from .signals import notification_to_email

# Inside recorded_only(): messages are kept, as handled, and not e-mailed.
_recorded_only = ContextVar("notifications_recorded_only", default=False)


@contextmanager
def recorded_only():
    """Record the messages notify() makes inside this block without e-mailing anyone: for loading
    invented data (seed_demo), whose people have no mailboxes. The messages are kept, marked as
    handled, so that neither the worker nor a daily digest sends them later."""
    token = _recorded_only.set(True)
    try:
        yield
    finally:
        _recorded_only.reset(token)


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
    handled = timezone.now() if _recorded_only.get() else None
    for user in {user for user in users if user is not None and user.is_active and user.email}:
        notification, new = Notification.objects.get_or_create(
            user=user, key=key[:200],
            defaults={"kind": kind, "subject": subject, "message": message, "action": action, "url": url,
                      "sent_at": handled},
        )
        if new:
            created.append(notification)
            if handled is None and frequency(user) == Frequency.IMMEDIATE:
                transaction.on_commit(
                    partial(notification_to_email.send, sender=Notification, notification_id=notification.pk),
                    robust=True,
                )
    return created
