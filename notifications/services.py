"""
Telling people what needs them. The receivers (notifications/receivers.py) call notify() as the
other apps' events commit; the message is recorded, and e-mailed by the worker (notifications.email)
once the transaction it was made in commits, so a change that rolls back tells nobody. Each person
chooses an e-mail as things happen or a daily digest (NotificationSetting).
"""

from functools import partial

from django.db import transaction

from .models import Frequency, Notification, NotificationSetting
from .signals import notification_to_email


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
                transaction.on_commit(
                    partial(notification_to_email.send, sender=Notification, notification_id=notification.pk),
                    robust=True,
                )
    return created
