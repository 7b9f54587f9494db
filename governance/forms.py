from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from ics_commissioning import date_input
from proposals.enums import ProposalState
from proposals.forms import RowsField
from proposals.stages import next_owner_label
from proposals.uploads import ALLOWED_DESCRIPTION, check_document

from .enums import (
    AgendaPart,
    AttendanceStatus,
    DecisionOutcome,
    Implication,
    MeetingStatus,
    MembershipRole,
    PaperAsk,
    PaperPurpose,
    VoteChoice,
)
from .models import AgendaItem, BoardAssuranceRisk, Body, Meeting
from .models.meetings import cover_sheet_errors
from .services import VOTED_OUTCOMES

# How far back the papers a new one may follow go.
EARLIER_PAPERS_WITHIN = timezone.timedelta(days=2 * 365)

# The decisions that send a proposal on: their choices say where, from its route (which may skip a stage).
MOVES_ON_FROM = {DecisionOutcome.QUALITY_ASSURED: ProposalState.QUALITY_ASSURANCE}


def outcome_choices(outcomes, proposal=None):
    choices = []
    for outcome in outcomes:
        label = DecisionOutcome(outcome).label
        if proposal is not None and outcome in MOVES_ON_FROM:
            label += f": goes to {next_owner_label(MOVES_ON_FROM[outcome], proposal.route)}"
        choices.append((outcome, label))
    return choices


class MeetingForm(forms.ModelForm):
    starts_at = date_input.DateTimeField(label="Date and time", called="The date and time",
                                         help_text="For example, 14 1 2027 and 14:00")
    online_link = forms.URLField(label="Online meeting link", required=False, assume_scheme="https")
    paper_deadline = date_input.DateField(label="Paper deadline", required=False, called="The paper deadline",
                                          help_text="The last day for papers. For example, 7 1 2027")

    class Meta:
        model = Meeting
        fields = ["starts_at", "location", "online_link", "paper_deadline"]

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if starts_at < timezone.now() - timezone.timedelta(days=365):
            raise forms.ValidationError("Enter a date within the last year or in the future")
        return starts_at


class AddProposalForm(forms.Form):
    # The agenda editor shows this form beside PaperForm: prefixed, their ids and labels stay apart.
    prefix = "proposal"

    proposal = forms.ModelChoiceField(queryset=None, label="Proposal at this body's stage",
                                      empty_label="Choose a proposal",
                                      error_messages={"required": "Select a proposal"})
    part = forms.ChoiceField(choices=AgendaPart.choices, initial=AgendaPart.PUBLIC, widget=forms.RadioSelect,
                             label="Part of the meeting")
    recommendations = forms.CharField(
        label="Recommendations", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The committee is asked to: note …, agree …, confirm …",
    )

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = proposals
        self.fields["proposal"].label_from_instance = lambda p: f"{p.reference} {p.title} ({p.get_state_display()})"


class AddToMeetingForm(forms.Form):
    """The forward work programme's form on each expected proposal: which meeting ahead takes it.
    Whether the body decides the proposal's stage is the service's check, with its own message."""

    proposal = forms.ModelChoiceField(queryset=None, error_messages={
        "required": "Select a proposal", "invalid_choice": "That proposal could not be found"})
    meeting = forms.ModelChoiceField(queryset=None, error_messages={
        "required": "Select a meeting",
        "invalid_choice": "Choose one of this body's meetings still to come",
    })

    def __init__(self, *args, meetings, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["proposal"].queryset = proposals


class CoverSheetForm(forms.Form):
    """
    A paper's cover sheet, as seeds 000 and 001 lay it out: the agenda editor's "Add a paper"
    (PaperForm) and each item's "Edit the cover sheet". A proposal's title and purpose are the
    proposal's, and where it was considered before is its history: those fields are left out for it.
    What is wrong with a cover sheet is governance.models.meetings.cover_sheet_errors.
    """

    title = forms.CharField(max_length=300, error_messages={"required": "Enter the paper's title"})
    purpose = forms.ChoiceField(choices=PaperPurpose.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Select the paper's purpose"})
    author = forms.CharField(max_length=200, required=False, help_text="Who wrote the paper")
    author_title = forms.CharField(label="Author's job title", max_length=200, required=False)
    sponsor = forms.CharField(max_length=200, required=False,
                              help_text="The director or lead who sponsors the paper, with their job title")
    asks = forms.MultipleChoiceField(
        choices=PaperAsk.choices, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select what the committee is asked to do",
                        "invalid_choice": "Select what the committee is asked to do from the list"},
    )
    recommendations = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                      help_text="What the committee is asked to note, agree or approve, in words")
    background = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    progress = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    next_steps = forms.CharField(label="Next steps", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    baf_risks = RowsField(
        queryset=BoardAssuranceRisk.objects.none(), widget=forms.CheckboxSelectMultiple, required=False,
        label="Board assurance framework risks",
        help_text="The principal risks this paper gives assurance on or bears on",
        error_messages={"invalid_choice": "Select risks from the list"},
    )
    follows = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(), required=False, label="Earlier paper this one follows",
        empty_label="None", help_text="Its cover sheet then says where it was considered before",
        error_messages={"invalid_choice": "Choose one of the earlier papers listed"},
    )

    def __init__(self, *args, meeting, user, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        for implication in Implication:
            field = self.fields[implication.field] = forms.CharField(
                label=f"{implication.label} implications", required=False, max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            field.required_for = (PaperPurpose.DECISION,)  # not labelled "(optional)": clean() asks for them then
        self.order_fields([name for name in self.fields if name not in ("baf_risks", "follows")]
                          + ["baf_risks", "follows"])
        self.item, self.body = item, meeting.body
        self.fields["asks"].label = f"The {meeting.body} is asked to"
        self.fields["asks"].help_text = (
            "Select all that apply. What it may then decide on a paper follows: noted, if asked to note or receive; "
            "agreed, to agree or confirm; approved or not, to approve or ratify; noted or agreed, to consider. A paper "
            "that asks for a decision may also be deferred."
        )
        linked = item.baf_risks.all() if item is not None else BoardAssuranceRisk.objects.none()
        self.fields["baf_risks"].queryset = (BoardAssuranceRisk.objects.open() | linked).distinct().select_related("owner")
        self.fields["baf_risks"].label_from_instance = lambda risk: f"{risk.reference}: {risk.title} ({risk.owner})"
        self.fields["follows"].queryset = (
            AgendaItem.objects.visible_to(user)
            .filter(proposal__isnull=True, meeting__starts_at__lt=meeting.starts_at,
                    meeting__starts_at__gte=meeting.starts_at - EARLIER_PAPERS_WITHIN)
            .exclude(meeting__status__in=(MeetingStatus.CANCELLED, MeetingStatus.POSTPONED))
            .exclude(pk=item.pk if item is not None else None)
            .select_related("meeting__body").order_by("-meeting__starts_at", "order")
        )
        self.fields["follows"].label_from_instance = (
            lambda paper: f"{paper.meeting.body}, {paper.meeting.starts_at:%-d %B %Y}: {paper.title}"
        )
        if item is not None and item.proposal_id is not None:
            for name in ("title", "purpose", "follows"):
                del self.fields[name]
        if not self.fields["baf_risks"].queryset.exists():  # no framework kept here: not asked
            del self.fields["baf_risks"]

    @property
    def implication_fields(self):
        return [self[implication.field] for implication in Implication]

    def clean(self):
        cleaned = super().clean()
        purpose = cleaned.get("purpose") if "purpose" in self.fields else self.item.purpose
        if not purpose:
            return cleaned  # no purpose chosen: its own error says so
        errors = cover_sheet_errors(purpose=purpose, asks=cleaned.get("asks") or [], implications=cleaned)
        for name, message in errors.items():
            if name not in self.errors:  # "asks" left empty has said so already
                self.add_error(name, message.replace("the committee", f"the {self.body}"))
        return cleaned


class PaperForm(CoverSheetForm):
    prefix = "paper"  # beside AddProposalForm on the agenda editor

    part = forms.ChoiceField(choices=AgendaPart.choices, initial=AgendaPart.PUBLIC, widget=forms.RadioSelect,
                             label="Part of the meeting")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["title", "purpose", "part"])


class AttendanceForm(forms.Form):
    """One choice per member of the body."""

    def __init__(self, *args, members, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        choices = [("", "Not recorded")] + list(AttendanceStatus.choices)
        for membership in members:
            user = membership.user
            self.fields[f"member_{user.pk}"] = forms.ChoiceField(
                label=f"{user.get_full_name() or user.username} ({membership.get_role_display()}"
                      f"{', voting' if membership.is_voting else ''})",
                choices=choices, required=False, initial=current.get(user.pk, ""),
            )

    def statuses(self):
        return {m.user: self.cleaned_data[f"member_{m.user.pk}"] or None for m in self.members}


class InterestForm(forms.Form):
    member = forms.ModelChoiceField(queryset=None, label="Member", empty_label="Choose a member",
                                    error_messages={"required": "Select the member declaring"})
    interest = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                               error_messages={"required": "Describe the interest"})

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = lambda u: u.get_full_name() or u.username


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(widget=forms.RadioSelect, label="Decision",
                                error_messages={"required": "Select the decision"})
    minute = forms.CharField(
        label="Minute", widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=10000,
        help_text="What was discussed and decided. For a return, rejection, deferral or refusal, the reasons.",
    )

    def __init__(self, *args, outcomes, voters=(), can_name_bodies=False, casting_vote=False, proposal=None,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = outcome_choices(outcomes, proposal)
        self.voters = list(voters)
        if can_name_bodies:
            self.fields["formal_bodies"] = RowsField(
                queryset=Body.objects.statutory().filter(is_active=True),
                widget=forms.CheckboxSelectMultiple, required=False,
                label="Bodies that must formally approve (stage 4)",
                help_text="Needed when signing off.",
            )
        for membership in self.voters:
            user = membership.user
            field = self.fields[f"vote_{user.pk}"] = forms.ChoiceField(
                label=f"{user.get_full_name() or user.username}"
                      f"{' – ' + membership.organisation if membership.organisation else ''}",
                choices=VoteChoice.choices, widget=forms.RadioSelect(attrs={"class": "nhsuk-radios--inline"}),
                required=False,
            )
            # Required to approve or not approve, so not labelled "(optional)"; clean() asks for it then.
            field.required_for = VOTED_OUTCOMES
        if casting_vote and self.voters:
            self.fields["casting_vote"] = forms.ChoiceField(
                label="The chair's casting vote, if the vote is tied",
                choices=[(VoteChoice.FOR, "For"), (VoteChoice.AGAINST, "Against")],
                widget=forms.RadioSelect(attrs={"class": "nhsuk-radios--inline"}), required=False,
                help_text="Only on a tie: the terms of reference give the chair a second, casting vote.",
            )

    def clean(self):
        cleaned = super().clean()
        # A vote posted for someone who can no longer vote (they declared an interest, or their attendance
        # changed, since the page was loaded): refused, rather than silently left out of the count.
        stale = [key.removeprefix("vote_") for key in self.data
                 if key.startswith("vote_") and key not in self.fields and self.data.get(key)]
        if stale:
            names = [u.get_full_name() or u.username for u in
                     get_user_model().objects.filter(pk__in=[pk for pk in stale if pk.isdecimal()])]
            raise forms.ValidationError(
                "The votes have changed since this page was loaded: "
                + (", ".join(sorted(names)) or "a member")
                + " can no longer vote on this item (an interest declared, or attendance changed). "
                "Nothing was recorded: check the votes again."
            )
        if cleaned.get("outcome") in VOTED_OUTCOMES:
            for membership in self.voters:
                name = f"vote_{membership.user.pk}"
                if not cleaned.get(name):
                    self.add_error(name, f"Select {self.fields[name].label}'s vote: for, against or abstain")
        return cleaned

    def votes(self):
        return {m.user: self.cleaned_data[f"vote_{m.user.pk}"] for m in self.voters
                if self.cleaned_data.get(f"vote_{m.user.pk}")}


class CancelMeetingForm(forms.Form):
    reason = forms.CharField(label="Why is the meeting cancelled?", widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=2000, help_text="The members will read this.",
                             error_messages={"required": "Say why the meeting is cancelled"})


class PostponeMeetingForm(CancelMeetingForm):
    starts_at = date_input.DateTimeField(label="New date and time", called="The new date and time",
                                         help_text="For example, 3 2 2027 and 14:00")
    field_order = ["starts_at", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = "Why is the meeting postponed?"
        self.fields["reason"].error_messages["required"] = "Say why the meeting is postponed"

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if starts_at <= timezone.now():
            raise forms.ValidationError("Enter a date and time in the future")
        return starts_at


class ChairsActionForm(forms.Form):
    outcome = forms.ChoiceField(widget=forms.RadioSelect, label="Decision",
                                error_messages={"required": "Select the decision"})
    concurring_member = forms.ModelChoiceField(
        queryset=None, label="Voting member who agreed the action with the chair", empty_label="Choose a member",
        error_messages={"required": "Select the voting member who agreed the action"},
    )
    reason = forms.CharField(label="Why could the decision not wait for the next meeting?",
                             widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                             error_messages={"required": "Say why the decision could not wait"})
    minute = forms.CharField(label="Reasons for the decision", widget=forms.Textarea(attrs={"rows": 4}),
                             required=False, max_length=10000,
                             help_text="Needed for a return, a rejection or a decision not to approve.")
    part = forms.ChoiceField(choices=AgendaPart.choices, initial=AgendaPart.PUBLIC, widget=forms.RadioSelect,
                             label="Part of the next meeting's agenda, for ratification")

    def __init__(self, *args, outcomes, members, can_name_bodies=False, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = outcome_choices(outcomes, proposal)
        self.fields["concurring_member"].queryset = members
        self.fields["concurring_member"].label_from_instance = lambda u: u.get_full_name() or u.username
        if can_name_bodies:
            self.fields["formal_bodies"] = RowsField(
                queryset=Body.objects.statutory().filter(is_active=True),
                widget=forms.CheckboxSelectMultiple, required=False,
                label="Bodies that must formally approve (stage 4)", help_text="Needed when signing off.",
            )


class GiveRoleForm(forms.Form):
    email = forms.EmailField(label="Their e-mail address", max_length=254,
                             help_text="The address they sign in with, for example firstname.lastname@nhs.net",
                             error_messages={"required": "Enter their e-mail address",
                                             "invalid": "Enter an e-mail address, like name@example.nhs.uk"})
    role = forms.ChoiceField(label="Role", choices=MembershipRole.choices, initial=MembershipRole.MEMBER)
    organisation = forms.CharField(label="Organisation they represent", max_length=200, required=False)
    is_voting = forms.BooleanField(label="They vote on this body's decisions", required=False)


class RegisterInterestForm(forms.Form):
    member = forms.ModelChoiceField(queryset=None, label="Member", empty_label="Choose a member",
                                    error_messages={"required": "Select the member"})
    interest = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                               error_messages={"required": "Describe the interest"})
    declared_from = date_input.DateField(label="Date the interest began", called="The date the interest began",
                                         help_text="For example, 1 4 2026")
    declared_to = date_input.DateField(label="Date the interest ended", called="The date the interest ended",
                                       required=False,
                                       help_text="Leave blank if it continues")

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = lambda u: u.get_full_name() or u.username

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("declared_from"), cleaned.get("declared_to")
        if start and end and end < start:
            self.add_error("declared_to", "The end date must be on or after the start date")
        return cleaned


class PaperDocumentForm(forms.Form):
    title = forms.CharField(label="Document title", max_length=200,
                            error_messages={"required": "Enter a title for the document"})
    file = forms.FileField(label="Upload a file", error_messages={
        "required": "Select a file to upload", "empty": "The selected file is empty."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"{ALLOWED_DESCRIPTION}, up to {filesizeformat(settings.ATTACHMENT_MAX_BYTES)}."

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        self.content_type, self.original_name = check_document(uploaded)
        return uploaded


class ActionForm(forms.Form):
    """An action a decision asks of someone: one of the body's people, by a date."""

    description = forms.CharField(label="The action", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    owner = forms.ModelChoiceField(label="Who owns it", queryset=None, empty_label="Choose a person")
    due_on = date_input.DateField(label="Due by", called="The date it is due", help_text="For example, 31 3 2027")

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.fields["owner"].label_from_instance = lambda user: user.get_full_name() or user.username


class MinutesForm(forms.Form):
    """The draft minutes: the opening and closing notes, and a minute per agenda item."""

    opening = forms.CharField(label="Opening: welcome, apologies, whether quorate", required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    closing = forms.CharField(label="Any other business, and the next meeting", required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = list(entries)
        for entry in self.entries:
            decision = getattr(entry.item, "decision", None)
            self.fields[f"entry_{entry.item_id}"] = forms.CharField(
                label=f"Minute: {entry.item.title}", required=False, initial=entry.text,
                help_text=f"Decision: {decision.get_outcome_display()}" if decision else "No decision was recorded.",
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        self.order_fields(["opening", *(f"entry_{entry.item_id}" for entry in self.entries), "closing"])

    def entry_texts(self):
        return {entry.item_id: self.cleaned_data[f"entry_{entry.item_id}"] for entry in self.entries}


class GateSignatoryForm(forms.Form):
    """Who signs one statutory-duty gate for a proposal: a member of the gate's signing body."""

    signatory = forms.ModelChoiceField(queryset=get_user_model().objects.none(), label="Who signs it off?",
                                       error_messages={"required": "Select who signs it off"})

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["signatory"]
        field.queryset = get_user_model().objects.filter(pk__in=[user.pk for user in candidates])
        field.label_from_instance = lambda user: user.get_full_name() or user.username


class GateSignOffForm(forms.Form):
    """Signing a gate off: its evidence, the last day it holds, and the signatory's declaration (the
    check step of a formal act that cannot be undone, on the page itself since a file cannot be carried)."""

    evidence = forms.FileField(label="Upload the evidence", error_messages={
        "required": "Upload the evidence", "empty": "The selected file is empty."})
    valid_until = date_input.DateField(label="Valid until", called="The date it is valid until", help_text="The last day this sign-off holds, its review "
                                       "date. For example, 31 3 2027")
    note = forms.CharField(label="Note", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    declaration = forms.BooleanField(
        label="I have read the evidence and sign this off; I understand it cannot be undone, only signed again.",
        error_messages={"required": "Confirm that you sign this off"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].help_text = f"{ALLOWED_DESCRIPTION}, up to {filesizeformat(settings.ATTACHMENT_MAX_BYTES)}."

    def clean_evidence(self):
        uploaded = self.cleaned_data["evidence"]
        self.content_type, self.original_name = check_document(uploaded)
        return uploaded

    def clean_valid_until(self):
        day = self.cleaned_data["valid_until"]
        if day < timezone.localdate():
            raise forms.ValidationError("The date it is valid until must be today or in the future")
        return day


class EscalationForm(forms.Form):
    """Barriers to sustainability met by a proposal referred to place, and the body they go to."""

    body = forms.ModelChoiceField(queryset=Body.objects.none(), label="Escalate to",
                                  error_messages={"required": "Select the body to escalate to"})
    barriers = forms.CharField(label="What are the barriers to sustainability?", max_length=5000,
                               widget=forms.Textarea(attrs={"rows": 6}),
                               help_text="The receiving body reads this on its forward programme and its paper.",
                               error_messages={"required": "Say what the barriers to sustainability are"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(is_active=True).order_by("name")


class EscalationToMeetingForm(forms.Form):
    meeting = forms.ModelChoiceField(queryset=Meeting.objects.none(), error_messages={
        "required": "Select a meeting", "invalid_choice": "Choose one of this body's meetings still to come"})

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
