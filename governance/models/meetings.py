"""Meetings and their business: the agenda, attendance, declarations on items, decisions and votes, and papers' documents."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from ics_commissioning.documents import UploadedDocument

from ..enums import (
    AgendaPart,
    AttendanceStatus,
    DecisionOutcome,
    MeetingStatus,
    MembershipRole,
    PaperPurpose,
    VoteChoice,
)
from .bodies import Body, Membership


def _member_bodies(user):
    return Membership.objects.filter(user=user).values("body")


def _is_an_officer(user):
    """Secretaries and chairs of any body follow the Part A business of every body."""
    return models.Exists(Membership.objects.filter(user=user, role__in=[MembershipRole.SECRETARY, MembershipRole.CHAIR]))


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The meetings whose business a user may see: the queryset twin of governance.view_body
        (members of the body, committee officers of any body, admins)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_active and user.is_superuser:
            return self
        return self.filter(models.Q(body__in=_member_bodies(user)) | models.Q(_is_an_officer(user)))


class Meeting(models.Model):
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    online_link = models.URLField(blank=True)
    paper_deadline = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["body", "starts_at"]),
            # The decision log, newest meeting first (governance.filters.NEWEST_MEETING_FIRST).
            models.Index(fields=["starts_at", "id"], name="meeting_newest_first"),
        ]

    def __str__(self):
        return f"{self.body} – {self.starts_at:%d %B %Y}"

    def next_item_order(self):
        """Where a new agenda item goes: after the last."""
        return (self.items.aggregate(last=models.Max("order"))["last"] or 0) + 1


class AgendaItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Part B (confidential) items only for members of the body, in any role, and admins."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(
            models.Q(part=AgendaPart.PUBLIC) | models.Q(meeting__body__memberships__user=user)
        ).distinct()


class AgendaItem(models.Model):
    """A proposal at the stage this body owns, or a plain paper such as a programme update."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField(default=0)
    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.PROTECT, null=True, blank=True, related_name="agenda_items"
    )
    title = models.CharField(max_length=300)
    purpose = models.CharField(max_length=20, choices=PaperPurpose.choices, default=PaperPurpose.DECISION)
    part = models.CharField(max_length=1, choices=AgendaPart.choices, default=AgendaPart.PUBLIC)
    author = models.CharField(max_length=200, blank=True)
    sponsor = models.CharField(max_length=200, blank=True)
    background = models.TextField(blank=True)
    progress = models.TextField(blank=True)
    recommendations = models.TextField(blank=True, help_text="The committee is asked to: note …, agree …, confirm …")
    # The minutes of an earlier meeting this item asks the body to approve (agreeing locks them).
    approves = models.ForeignKey(
        "Minutes", on_delete=models.PROTECT, null=True, blank=True, related_name="approval_items"
    )

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "order", "pk"]
        # A meeting's agenda in order: its page, its pack, and the decision log's rows within a meeting.
        indexes = [models.Index(fields=["meeting", "order", "id"], name="agenda_item_order")]

    def __str__(self):
        return self.title

    def clean(self):
        # A proposal can only come to the body that owns its current stage.
        if self.proposal_id and self.meeting_id:
            if self.meeting.body not in self.proposal.owning_bodies():
                raise ValidationError(
                    {"proposal": f"{self.proposal.reference} is not at a stage that {self.meeting.body} decides."}
                )

    @property
    def is_confidential(self):
        return self.part == AgendaPart.CONFIDENTIAL


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=AttendanceStatus.choices)

    class Meta:
        ordering = ["meeting", "status", "user__last_name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="one_attendance_per_person")]

    def __str__(self):
        return f"{self.user} – {self.get_status_display()}"


class ItemInterest(models.Model):
    """A member's interest declared on one agenda item: marked on it, and they cannot vote on it."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="interests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    interest = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["item", "user__last_name"]
        constraints = [models.UniqueConstraint(fields=["item", "user"], name="one_interest_per_item_and_person")]

    def __str__(self):
        return f"{self.user} on {self.item}"


class DecisionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The decisions a user may see: the queryset twin of governance.view_body on the item's
        body and, for a Part B item, governance.view_confidential (governance/rules.py)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_active and user.is_superuser:
            return self
        return self.filter(
            models.Q(item__meeting__body__in=_member_bodies(user))
            | models.Q(_is_an_officer(user), item__part=AgendaPart.PUBLIC)
        )


class Decision(models.Model):
    """What the body decided on an agenda item, with the minute; for a proposal, it moved it on."""

    item = models.OneToOneField(AgendaItem, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(max_length=30, choices=DecisionOutcome.choices)
    minute = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self):
        return f"{self.item}: {self.get_outcome_display()}"

    def tally(self):
        counts = {choice: 0 for choice in VoteChoice}
        for vote in self.votes.all():
            counts[vote.choice] += 1
        return counts

    def tally_text(self):
        """"4 for, 0 against, 1 abstaining", or "" for a decision taken without a vote."""
        counts = self.tally()
        if not any(counts.values()):
            return ""
        return (f"{counts[VoteChoice.FOR]} for, {counts[VoteChoice.AGAINST]} against, "
                f"{counts[VoteChoice.ABSTAIN]} abstaining")


class Vote(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(max_length=10, choices=VoteChoice.choices)

    class Meta:
        ordering = ["decision", "voter__last_name"]
        constraints = [models.UniqueConstraint(fields=["decision", "voter"], name="one_vote_per_member")]

    def __str__(self):
        return f"{self.voter}: {self.get_choice_display()}"


def paper_document_path(document, filename):
    # Never the uploaded name: it is kept only for display and downloads.
    return f"papers/meeting-{document.item.meeting_id}/{uuid.uuid4().hex}"


class PaperDocument(UploadedDocument):
    """A document attached to a plain paper on the agenda (a report, an appendix)."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to=paper_document_path)

    class Meta:
        ordering = ["item", "uploaded_at", "pk"]
