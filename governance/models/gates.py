"""
Statutory-duty gates: which of them a route needs before its proposals are tabled for a decision, who
may sign each, and each proposal's signatories and sign-offs (with their evidence and expiry). The rules
that read them are governance.duty_gates.
"""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils import timezone

from ics_commissioning.documents import UploadedDocument

from ..enums import DutyGate, Stage
from .bodies import Body
from .routes import Route


class RouteGate(models.Model):
    """A gate a route version needs: from which stage's meetings, and whose members may sign it."""

    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="gates")
    gate = models.CharField(max_length=20, choices=DutyGate.choices)
    needed_from = models.PositiveSmallIntegerField(
        choices=Stage.choices, default=Stage.QUALITY_ASSURANCE,
        help_text="It must be signed and in date before the proposal is tabled at this stage, and every one after.")
    signing_body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="gates_signed",
                                     help_text="A member of this body signs it off for each proposal.")
    signing_role = models.CharField(max_length=200, blank=True,
                                    help_text="The office that signs, if one does, e.g. “Chief finance officer”.")

    class Meta:
        ordering = ["route", "needed_from", "gate"]
        constraints = [models.UniqueConstraint(fields=["route", "gate"], name="one_gate_per_route")]

    def __str__(self):
        return f"{self.get_gate_display()} from {Stage(self.needed_from).label.split(':')[0].lower()}"


class GateSignatory(models.Model):
    """The person named to sign one gate for one proposal (a later naming replaces it)."""

    proposal = models.ForeignKey("proposals.Proposal", on_delete=models.CASCADE, related_name="gate_signatories")
    gate = models.CharField(max_length=20, choices=DutyGate.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="gates_to_sign")
    named_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    named_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "gate"], name="one_signatory_per_gate")]

    def __str__(self):
        return f"{self.get_gate_display()}: {self.user}"


def gate_evidence_path(instance, filename):
    # Never trust the uploaded name for the stored path; keep only a short extension.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"gates/{instance.proposal_id}/{uuid.uuid4().hex}{suffix}"


class GateSignOff(UploadedDocument):
    """A gate signed off for a proposal, with its evidence: kept, each one, as the record; the latest counts."""

    proposal = models.ForeignKey("proposals.Proposal", on_delete=models.PROTECT, related_name="gate_sign_offs")
    gate = models.CharField(max_length=20, choices=DutyGate.choices)
    file = models.FileField("evidence", upload_to=gate_evidence_path)
    signed_at = models.DateTimeField(default=timezone.now)
    valid_until = models.DateField(help_text="The last day the sign-off holds (its review date).")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["proposal", "gate", "signed_at", "pk"]

    def __str__(self):
        return f"{self.get_gate_display()} signed {self.signed_at:%-d %B %Y}"
