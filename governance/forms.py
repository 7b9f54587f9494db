from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from proposals.enums import ProposalState
from proposals.forms import RowsField
from proposals.stages import next_owner_label
from proposals.uploads import ALLOWED_DESCRIPTION, check_document

from .enums import (
    AgendaPart,
    AttendanceStatus,
    DecisionOutcome,
    PaperPurpose,
    VoteChoice,
)
from .models import Body, Meeting
from .services import VOTED_OUTCOMES

# The decisions that send a proposal on: their choices say where, from its route (which may skip a stage).
MOVES_ON_FROM = {DecisionOutcome.ASSESSMENT_COMPLETE: ProposalState.ASSESSMENT,
                 DecisionOutcome.QUALITY_ASSURED: ProposalState.QUALITY_ASSURANCE}


def outcome_choices(outcomes, proposal=None):
    choices = []
    for outcome in outcomes:
        label = DecisionOutcome(outcome).label
        if proposal is not None and outcome in MOVES_ON_FROM:
            label += f": goes to {next_owner_label(MOVES_ON_FROM[outcome], proposal.route)}"
        choices.append((outcome, label))
    return choices


class MeetingForm(forms.ModelForm):
    online_link = forms.URLField(label="Online meeting link (optional)", required=False, assume_scheme="https")

    class Meta:
        model = Meeting
        fields = ["starts_at", "location", "online_link", "paper_deadline"]
        labels = {"starts_at": "Date and time"}
        help_texts = {"starts_at": "For example, 2027-01-14 14:00", "paper_deadline": "For example, 2027-01-07"}
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"class": "nhsuk-input--width-20"}),
            "paper_deadline": forms.DateInput(attrs={"class": "nhsuk-input--width-10"}),
        }

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


class PaperForm(forms.Form):
    prefix = "paper"  # beside AddProposalForm on the agenda editor

    title = forms.CharField(max_length=300, error_messages={"required": "Enter the paper's title"})
    purpose = forms.ChoiceField(choices=PaperPurpose.choices, widget=forms.RadioSelect)
    part = forms.ChoiceField(choices=AgendaPart.choices, initial=AgendaPart.PUBLIC, widget=forms.RadioSelect,
                             label="Part of the meeting")
    author = forms.CharField(max_length=200, required=False)
    sponsor = forms.CharField(max_length=200, required=False)
    background = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    progress = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    recommendations = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                      help_text="The committee is asked to: note …, agree …, confirm …")


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
    starts_at = forms.DateTimeField(label="New date and time", help_text="For example, 2027-02-03 14:00",
                                    widget=forms.DateTimeInput(attrs={"class": "nhsuk-input--width-20"}),
                                    error_messages={"required": "Enter the new date and time",
                                                    "invalid": "Enter a real date and time, for example 2027-02-03 14:00"})
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


class RegisterInterestForm(forms.Form):
    member = forms.ModelChoiceField(queryset=None, label="Member", empty_label="Choose a member",
                                    error_messages={"required": "Select the member"})
    interest = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                               error_messages={"required": "Describe the interest"})
    declared_from = forms.DateField(label="From", help_text="For example, 2026-04-01",
                                    error_messages={"required": "Enter the date the interest began",
                                                    "invalid": "Enter a real date, for example 2026-04-01"})
    declared_to = forms.DateField(label="To", required=False, help_text="Leave blank if it continues",
                                  error_messages={"invalid": "Enter a real date, for example 2027-03-31"})

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
    due_on = forms.DateField(label="Due by", widget=forms.DateInput(attrs={"type": "date"}),
                             error_messages={"invalid": "Enter the date it is due, like 31 March 2027."})

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
