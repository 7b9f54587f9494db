"""Questions from the public, asked about a meeting held in public and moderated by its secretary."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class QuestionStatus(models.TextChoices):
    RECEIVED = "received", "Awaiting moderation"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class PublicQuestionQuerySet(models.QuerySet):
    def published(self):
        """What the public site shows with the meeting: accepted questions (their answers once recorded)."""
        return self.filter(status=QuestionStatus.ACCEPTED)


class PublicQuestion(models.Model):
    """
    A question from a member of the public about a meeting held in public, and perhaps one of its Part A
    items. The secretary accepts it (it is then published with the meeting, with its answer once
    recorded) or declines it with a reason. The asker's e-mail address is for the secretary alone: no
    public page, feed or file ever shows it.
    """

    meeting = models.ForeignKey("governance.Meeting", on_delete=models.CASCADE, related_name="public_questions")
    item = models.ForeignKey("governance.AgendaItem", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="public_questions", help_text="The Part A item it concerns, if any.")
    name = models.CharField(max_length=100)
    email = models.EmailField()
    question = models.TextField()
    asked_at = models.DateTimeField(default=timezone.now)
    # A keyed hash of the network address it came from: enough to limit how many one sender may ask
    # (public.services.ask), without keeping the address.
    sender = models.CharField(max_length=64, editable=False)
    status = models.CharField(max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.RECEIVED)
    reason = models.TextField(blank=True, help_text="Why it was declined.")
    answer = models.TextField(blank=True)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    moderated_at = models.DateTimeField(null=True, blank=True)

    objects = PublicQuestionQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "asked_at", "pk"]
        indexes = [models.Index(fields=["sender", "asked_at"])]

    def __str__(self):
        return f"{self.name}: {self.question[:60]}"
