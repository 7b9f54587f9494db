"""Meetings and their business: the agenda, attendance, declarations on items, decisions and votes, and papers' documents."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django_fsm import FSMField, transition

from ics_commissioning.documents import UploadedDocument
from ics_commissioning.life_cycles import AuditTrail, guard

from ..enums import (
    DEFAULT_ASKS,
    AgendaPart,
    AttendanceStatus,
    DecisionMethod,
    DecisionOutcome,
    Implication,
    MeetingStatus,
    MembershipRole,
    PaperAsk,
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


@guard(lambda m: f"The meeting starts on {timezone.localtime(m.starts_at):%-d %B %Y at %H:%M}: "
       "it can be opened once that time has come.")
def has_begun(meeting):
    return meeting.starts_at <= timezone.now()


@guard(lambda m: "Record who was present before closing the meeting: the minutes and the quorum rest on it.")
def attendance_recorded(meeting):
    return meeting.attendance.filter(status=AttendanceStatus.PRESENT).exists()


M = MeetingStatus


class Meeting(models.Model):
    """
    A meeting of a body, and its life cycle: draft → papers issued → in session → held → minutes
    approved; or cancelled, or postponed to a new meeting that takes its agenda. The transitions only
    change fields: governance.services.move_meeting checks who may, under the row lock, and audits
    each move as a MeetingEvent.
    """

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    online_link = models.URLField(blank=True)
    paper_deadline = models.DateField(null=True, blank=True)
    # A meeting held in public may take questions from the public until this time; blank: it takes none.
    questions_close_at = models.DateTimeField(
        "questions from the public close", null=True, blank=True,
        help_text="Blank: the meeting does not take questions from the public.")
    status = FSMField(max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT)
    postponed_to = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="postponed_from"
    )

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

    @property
    def is_recording(self):
        """Attendance, declarations and decisions are recorded from the start until the minutes are approved."""
        return self.status in MeetingStatus.recording() and self.starts_at <= timezone.now()

    @property
    def agenda_is_open(self):
        return self.status in MeetingStatus.agenda_open()

    @property
    def has_started(self):
        return self.status in (M.IN_SESSION, M.HELD, M.MINUTES_APPROVED)

    # -- The life cycle -------------------------------------------------------------------------

    @transition(status, source=M.DRAFT, target=M.PUBLISHED)
    def publish(self):
        """Issue the papers. The pack must be built and current (checked by services.move_meeting)."""

    @transition(status, source=M.PUBLISHED, target=M.IN_SESSION, conditions=[has_begun])
    def open(self):
        pass

    @transition(status, source=M.IN_SESSION, target=M.HELD, conditions=[attendance_recorded])
    def close(self):
        pass

    @transition(status, source=M.HELD, target=M.MINUTES_APPROVED)
    def approve_minutes(self):
        """Reached only through the approval of the minutes at a later meeting; nothing reopens after it."""

    @transition(status, source=(M.DRAFT, M.PUBLISHED), target=M.CANCELLED)
    def cancel(self):
        pass

    @transition(status, source=(M.DRAFT, M.PUBLISHED), target=M.POSTPONED)
    def postpone(self, to):
        self.postponed_to = to


class MeetingEvent(AuditTrail):
    """One row per move of a meeting through its life cycle: who moved it, when, and why."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(max_length=20, choices=MeetingStatus.choices)
    to_status = models.CharField(max_length=20, choices=MeetingStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.meeting}: {self.from_status} → {self.to_status}"


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


def join_words(words, conjunction="and"):
    """"note", "note and agree", "note, agree and confirm"."""
    words = list(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}" if len(words) > 1 else "".join(words)


def asks_error(*, purpose, asks):
    """
    What is wrong with what a cover sheet asks the body to do, or None:
    - it asks something (PaperAsk), each thing once;
    - a paper for information asks only to note or receive it;
    - a paper for decision asks for a decision: to agree, approve, confirm or ratify something.
    """
    if not asks:
        return "Select what the committee is asked to do"
    if any(ask not in PaperAsk.values for ask in asks) or len(set(asks)) != len(asks):
        return "Select what the committee is asked to do from the list, each once"
    if purpose == PaperPurpose.INFORMATION and not set(asks) <= set(PaperAsk.for_information()):
        return ("A paper for information asks the committee only to note or receive it: choose another purpose to "
                "ask for a decision")
    if purpose == PaperPurpose.DECISION and not set(asks) & set(PaperAsk.deciding()):
        return ("A paper for decision asks the committee to agree, approve, confirm or ratify something: select at "
                "least one of them, or choose another purpose")
    return None


def missing_implications(*, purpose, implications):
    """
    {field: message} for each implication a cover sheet leaves unstated that it must state. A paper for
    decision states every one (Implication), if only as "None identified": the body shows due regard to
    its duties (equality, quality, data protection…) before it decides. Other papers may leave them
    blank, and their cover sheet prints "Not stated".
    """
    if purpose != PaperPurpose.DECISION:
        return {}
    return {
        implication.field: f"State the {implication.label.lower()} implications, or “None identified”"
        for implication in Implication if not (implications.get(implication.field) or "").strip()
    }


def cover_sheet_errors(*, purpose, asks, implications):
    """Everything a person writing a cover sheet is asked to put right, as {field: message}: the
    forms show each beside its field. (The services check what is asked, asks_error, on every item;
    the implications are the writer's to state, so that the items the product drafts itself, such as
    a proposal tabled or a chair's action for ratification, can be created before anyone has.)"""
    errors = missing_implications(purpose=purpose, implications=implications)
    error = asks_error(purpose=purpose, asks=asks)
    return {"asks": error, **errors} if error else errors


class AgendaItem(models.Model):
    """
    A proposal at the stage this body owns, or a plain paper such as a programme update. Each has a
    cover sheet (seeds 000 and 001): its purpose, what the body is asked to do (`asks`, with the
    recommendations' words), its implications, the board assurance framework risks it bears on, and
    its background, progress and next steps. Where it was considered before is not typed: it is read
    from the proposal's history, or from the earlier paper it follows (governance.cover_sheets).
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField(default=0)
    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.PROTECT, null=True, blank=True, related_name="agenda_items"
    )
    title = models.CharField(max_length=300)
    purpose = models.CharField(max_length=20, choices=PaperPurpose.choices, default=PaperPurpose.DECISION)
    part = models.CharField(max_length=1, choices=AgendaPart.choices, default=AgendaPart.PUBLIC)
    author = models.CharField(max_length=200, blank=True)
    author_title = models.CharField("author's job title", max_length=200, blank=True)
    sponsor = models.CharField(max_length=200, blank=True)
    background = models.TextField(blank=True)
    progress = models.TextField(blank=True)
    # What the body is asked to do: PaperAsk values, in the order asked. For a plain paper they say which
    # decisions the body may take (governance.enums.ASK_OUTCOMES); empty: its purpose's DEFAULT_ASKS.
    asks = models.JSONField(default=list, blank=True)
    recommendations = models.TextField(blank=True, help_text="The committee is asked to: note …, agree …, confirm …")
    next_steps = models.TextField(blank=True)
    # The implications, one text each (governance.enums.Implication); blank: not stated.
    financial_implications = models.TextField(blank=True)
    legal_implications = models.TextField(blank=True)
    equality_implications = models.TextField(blank=True)
    quality_implications = models.TextField(blank=True)
    data_protection_implications = models.TextField(blank=True)
    sustainability_implications = models.TextField(blank=True)
    conflicts_implications = models.TextField(blank=True)
    baf_risks = models.ManyToManyField("BoardAssuranceRisk", blank=True, related_name="items",
                                       verbose_name="board assurance framework risks")
    # A plain paper that comes back from an earlier meeting (of this body or another): its cover sheet
    # names where it was considered before.
    follows = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="followed_by",
                                help_text="The earlier paper this one follows, at an earlier meeting.")
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
        if not isinstance(self.asks, list) or any(ask not in PaperAsk.values for ask in self.asks):
            raise ValidationError({"asks": f"Each of what the body is asked to do is one of: "
                                           f"{', '.join(PaperAsk.values)}."})

    @property
    def asked(self):
        """What the body is asked to do (PaperAsk), as the cover sheet says or, if it does not, as its
        purpose implies."""
        asks = [PaperAsk(ask) for ask in self.asks if ask in PaperAsk.values] if isinstance(self.asks, list) else []
        return tuple(asks) or DEFAULT_ASKS[PaperPurpose(self.purpose)]

    def asked_text(self):
        """ "note, agree and confirm": what the cover sheet prints after "The Committee is asked to"."""
        return join_words(ask.label.lower() for ask in self.asked)

    def implications(self):
        """[(Implication, its text)], in the cover sheet's order; a blank text was not stated."""
        return [(implication, getattr(self, implication.field)) for implication in Implication]

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
    method = models.CharField(max_length=20, choices=DecisionMethod.choices, default=DecisionMethod.CONSENSUS)
    minute = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    # The count as the body's voting rules counted it (members, or organisations), kept with the
    # decision so that a later change to the rules does not rewrite it. Null: no vote was taken.
    votes_for = models.PositiveSmallIntegerField(null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(null=True, blank=True)
    counted_by_organisation = models.BooleanField(default=False)
    casting_vote = models.CharField(max_length=10, choices=VoteChoice.choices, blank=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self):
        return f"{self.item}: {self.get_outcome_display()}"

    @property
    def by_chairs_action(self):
        return self.method == DecisionMethod.CHAIRS_ACTION

    def how_decided(self):
        """ "By chair's action", the vote's tally, or "By consensus": the decision log's words."""
        return DecisionMethod.CHAIRS_ACTION.label if self.by_chairs_action else self.tally_text()

    def tally_text(self):
        """How it was decided, for the page, the minutes and the pack: "4 for, 0 against, 1 abstention",
        with the casting vote if one decided it; "By consensus"; or "" for a chair's action or a noting."""
        if self.votes_for is None:
            return "By consensus" if self.method == DecisionMethod.CONSENSUS else ""
        return tally_text(self.votes_for, self.votes_against, self.abstentions,
                          by_organisation=self.counted_by_organisation, casting_vote=self.casting_vote)


def tally_text(votes_for, against, abstentions, *, by_organisation=False, casting_vote=""):
    unit = " (organisations)" if by_organisation else ""
    text = (f"{votes_for} for, {against} against, {abstentions} "
            f"{'abstention' if abstentions == 1 else 'abstentions'}{unit}")
    if casting_vote:
        text += f"; decided by the chair's casting vote {VoteChoice(casting_vote).label.lower()}"
    return text


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
