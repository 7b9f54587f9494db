"""
What each person is told, and how often they want to be told. A Notification is the record of
one message to one person; it is e-mailed at once or in the next daily digest.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", "As things happen"
    DAILY = "daily", "Once a day, in one digest e-mail"


class NotificationSetting(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_setting")
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.IMMEDIATE)

    def __str__(self):
        return f"{self.user}: {self.get_frequency_display()}"


class Notification(models.Model):
    """One message to one person. `key` names the event it is about, so the same event never
    makes two messages for the same person, however often it is reported."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    key = models.CharField(max_length=200)
    kind = models.CharField(max_length=50)
    subject = models.CharField(max_length=300)
    message = models.TextField(help_text="What happened and what to do, in plain text.")
    action = models.CharField(max_length=100, help_text="The link's words, e.g. 'Score the proposal'.")
    url = models.CharField(max_length=500, help_text="Where to do it: a path on this site.")
    created_at = models.DateTimeField(default=timezone.now)
    # Claimed (set) just before the e-mail is sent, so a retried task does not send it twice.
    sent_at = models.DateTimeField(null=True, blank=True)
    in_digest = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_notification_per_event")]
        indexes = [models.Index(fields=["sent_at", "user"])]

    def __str__(self):
        return f"{self.user}: {self.subject}"

    def link(self):
        return settings.SITE_URL.rstrip("/") + self.url
