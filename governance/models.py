import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from ics_commissioning.documents import UploadedDocument

from .enums import (
    STAGE_OF_BODY_KIND,
    ActionStatus,
    AgendaPart,
    AttendanceStatus,
    BodyKind,
    DecisionOutcome,
    MeetingStatus,
    MembershipRole,
    MinutesStatus,
    PackStatus,
    PaperPurpose,
    Stage,
    VoteChoice,
)


class Place(models.Model):
    """An Integrated Care Partnership (ICP) or place that a proposal affects."""

    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class BodyQuerySet(models.QuerySet):
    def of_kind(self, *kinds):
        return self.filter(kind__in=kinds)

    def at_stage(self, stage):
        return self.filter(kind__in=[k for k, s in STAGE_OF_BODY_KIND.items() if s == stage])

    def with_secretary(self, user):
        return self.filter(
            memberships__user=user, memberships__role=MembershipRole.SECRETARY
        ).distinct()


class Body(models.Model):
    """A board, group or committee on the ICS governance route."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=40, choices=BodyKind.choices)
    organisation = models.CharField(
        max_length=200, blank=True, help_text="For a CCG governing body or FT board: whose it is."
    )
    decides_by_vote = models.BooleanField(
        default=False,
        help_text="The body decides by majority vote of its voting members (e.g. the Joint CCG Committee).",
    )
    quorum = models.PositiveSmallIntegerField(
        null=True, blank=True,
        help_text="Voting members who must be present to decide. Blank: a majority of the voting members.",
    )
    is_active = models.BooleanField(default=True)

    objects = BodyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "bodies"

    def __str__(self):
        return self.name

    @property
    def stage(self):
        return Stage(STAGE_OF_BODY_KIND[self.kind])

    def get_stage_display(self):
        return self.stage.label

    def quorum_needed(self, voting_members):
        return self.quorum if self.quorum is not None else voting_members // 2 + 1


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    organisation = models.CharField(max_length=200, blank=True, help_text="Organisation represented.")
    is_voting = models.BooleanField(default=False)

    class Meta:
        ordering = ["body", "role", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "body", "role"], name="unique_membership_role"),
        ]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user} – {self.get_role_display()}, {self.body}"


class Meeting(models.Model):
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    online_link = models.URLField(blank=True)
    paper_deadline = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT)

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["body", "starts_at"])]

    def __str__(self):
        return f"{self.body} – {self.starts_at:%d %B %Y}"


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


class RegisteredInterest(models.Model):
    """The body's register of members' interests."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="registered_interests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="registered_interests")
    interest = models.TextField()
    declared_from = models.DateField()
    declared_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["body", "user__last_name", "-declared_from"]

    def __str__(self):
        return f"{self.user}: {self.interest[:40]}"


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
        bodies = Membership.objects.filter(user=user).values("body")
        # Secretaries and chairs of any body follow the Part A business of every body.
        officer = Membership.objects.filter(user=user, role__in=[MembershipRole.SECRETARY, MembershipRole.CHAIR])
        return self.filter(
            models.Q(item__meeting__body__in=bodies)
            | models.Q(models.Exists(officer), item__part=AgendaPart.PUBLIC)
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


class Vote(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(max_length=10, choices=VoteChoice.choices)

    class Meta:
        ordering = ["decision", "voter__last_name"]
        constraints = [models.UniqueConstraint(fields=["decision", "voter"], name="one_vote_per_member")]

    def __str__(self):
        return f"{self.voter}: {self.get_choice_display()}"


def pack_path(pack, filename):
    return f"packs/meeting-{pack.meeting_id}/part-{pack.part.lower()}/v{pack.version}-{uuid.uuid4().hex}.pdf"


class BoardPackQuerySet(models.QuerySet):
    def latest_for(self, meeting, part):
        return self.filter(meeting=meeting, part=part).order_by("-version").first()


class BoardPack(models.Model):
    """One build of a meeting's pack (Part A, or the confidential Part B), kept as a version."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="packs")
    part = models.CharField(max_length=1, choices=AgendaPart.choices)
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=PackStatus.choices, default=PackStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    # A hash of everything that goes into the pack: an unchanged meeting is not rendered again.
    inputs_hash = models.CharField(max_length=64)
    file = models.FileField(upload_to=pack_path, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    built_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    # Where each part of the PDF sits (governance.pack_pdf.PackLayout as JSON): what an incremental
    # rebuild reuses, and what "changed since the version you downloaded" compares.
    layout = models.JSONField(default=dict, blank=True, editable=False)

    objects = BoardPackQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "part", "-version"]
        constraints = [models.UniqueConstraint(fields=["meeting", "part", "version"], name="one_pack_per_version")]

    def __str__(self):
        return f"{self.meeting} {self.get_part_display()} v{self.version} ({self.get_status_display()})"

    @property
    def in_progress(self):
        return self.status in (PackStatus.QUEUED, PackStatus.RENDERING)


class PackDownload(models.Model):
    """Who downloaded which version of a pack, so a replaced pack can say what changed since."""

    pack = models.ForeignKey(BoardPack, on_delete=models.CASCADE, related_name="downloads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    downloaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-downloaded_at"]
        indexes = [models.Index(fields=["user", "pack"])]

    def __str__(self):
        return f"{self.user} downloaded {self.pack}"


def paper_document_path(document, filename):
    # Never the uploaded name: it is kept only for display and downloads.
    return f"papers/meeting-{document.item.meeting_id}/{uuid.uuid4().hex}"


class PaperDocument(UploadedDocument):
    """A document attached to a plain paper on the agenda (a report, an appendix)."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to=paper_document_path)

    class Meta:
        ordering = ["item", "uploaded_at", "pk"]


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
