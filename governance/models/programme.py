"""Items raised for a body's forward programme from outside its agendas: a place-based referral's
barriers to sustainability, escalated to the body seed 004 names (the ICS Management Group)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .bodies import Body
from .meetings import AgendaItem


class EscalationQuerySet(models.QuerySet):
    def awaiting_a_meeting(self):
        return self.filter(item__isnull=True)


class Escalation(models.Model):
    """Barriers to sustainability met by a proposal referred to place-based commissioning, raised with
    the body that owns quality assurance on its route, until its secretary puts them on an agenda."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="escalations")
    proposal = models.ForeignKey("proposals.Proposal", on_delete=models.PROTECT, related_name="escalations")
    raised_for = models.ForeignKey(Body, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   help_text="The body that referred the proposal to place.")
    barriers = models.TextField()
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(default=timezone.now)
    # The paper that took it to a meeting.
    item = models.OneToOneField(AgendaItem, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="escalation")

    objects = EscalationQuerySet.as_manager()

    class Meta:
        ordering = ["raised_at", "pk"]

    def __str__(self):
        return f"Escalated to the {self.body}: {self.proposal}"

    @property
    def title(self):
        return f"Barriers to sustainability: {self.proposal.title} (referred to place-based commissioning)"
