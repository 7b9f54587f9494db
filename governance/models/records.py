"""What a meeting leaves behind: the actions its decisions raise, and its minutes."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from ..enums import (
    ActionStatus,
    AgendaPart,
    MinutesStatus,
)
from .bodies import Body
from .meetings import AgendaItem, Decision, Meeting


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ActionStatus.OPEN)

    def overdue(self, today=None):
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def open_for(self, meeting, parts=(AgendaPart.PUBLIC, AgendaPart.CONFIDENTIAL)):
        """The body's action log as it stands for `meeting`: actions still open from decisions at its
        earlier meetings, on items of the given parts (a Part B decision's actions stay in Part B)."""
        return (
            self.open().filter(body=meeting.body, decision__item__part__in=parts,
                               decision__item__meeting__starts_at__lt=meeting.starts_at)
            .select_related("owner", "decision__item__meeting").order_by("due_on", "pk")
        )


class Action(models.Model):
    """Something a decision asked someone to do by a date: an entry in the body's action log."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="actions")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="actions")  # the decision's body
    description = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="actions")
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")
    done_note = models.TextField(blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["body", "status", "due_on"]), models.Index(fields=["owner", "status"])]

    def __str__(self):
        return self.description[:80]

    @property
    def is_overdue(self):
        return self.status == ActionStatus.OPEN and self.due_on < timezone.localdate()

    def state_label(self):
        """Open, Overdue or Done: overdue is an open action past its date, not a stored state."""
        return "Overdue" if self.is_overdue else self.get_status_display()


def minutes_path(minutes, filename):
    return f"minutes/meeting-{minutes.meeting_id}/{uuid.uuid4().hex}.pdf"


class Minutes(models.Model):
    """
    The record of a held meeting: who came, the interests declared, and each item's decision and
    minute. The secretary keeps them as a draft; the body's next meeting approves them (a decision
    on an item that `approves` them), and from then on they cannot be changed.
    """

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    status = models.CharField(max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT)
    opening = models.TextField(blank=True, help_text="Welcome, apologies noted, whether the meeting was quorate.")
    closing = models.TextField(blank=True, help_text="Any other business, and the date of the next meeting.")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    approved_at = models.DateTimeField(null=True, blank=True)
    # The PDFs (public minutes, and the confidential minutes of Part B items), made by the worker.
    file_public = models.FileField(upload_to=minutes_path, blank=True)
    file_confidential = models.FileField(upload_to=minutes_path, blank=True)
    files_built_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "minutes"

    def __str__(self):
        return f"Minutes of {self.meeting}"

    @property
    def locked(self):
        return self.status == MinutesStatus.APPROVED


class MinuteEntry(models.Model):
    """The minute of one agenda item, started from its decision's minute and edited in the draft."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="entries")
    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="minute_entry")
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["item__order", "item__pk"]
        verbose_name_plural = "minute entries"

    def __str__(self):
        return f"Minute of {self.item}"
