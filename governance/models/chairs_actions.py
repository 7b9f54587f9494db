"""Chair's action: an urgent decision taken between meetings, and its ratification."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .meetings import AgendaItem


class ChairsActionQuerySet(models.QuerySet):
    def awaiting_ratification(self):
        return self.filter(ratified_at__isnull=True)


class ChairsAction(models.Model):
    """
    An urgent decision taken by a body's chair with one other voting member, between meetings. It is
    recorded as a decision (method "chair's action") on an item placed on the body's next meeting's
    agenda, where the body ratifies it; until then the proposal it moved is "subject to ratification".
    """

    item = models.OneToOneField(AgendaItem, on_delete=models.PROTECT, related_name="chairs_action")
    reason = models.TextField(help_text="Why the decision could not wait for the next meeting.")
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    concurring_member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    taken_at = models.DateTimeField(default=timezone.now)
    ratified_at = models.DateTimeField(null=True, blank=True)
    ratified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ChairsActionQuerySet.as_manager()

    class Meta:
        ordering = ["-taken_at"]

    def __str__(self):
        return f"Chair's action on {self.item}"

    @property
    def is_ratified(self):
        return self.ratified_at is not None
