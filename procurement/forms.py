from django import forms
from django.utils import timezone

from governance.enums import AgendaPart
from governance.models import Meeting
from ics_commissioning import date_input
from proposals.forms import AmountField
from scoring.enums import ScoreLevel
from scoring.forms import InterestForm as ProposalInterestForm

from . import regime
from .enums import RepresentationOutcome
from .regime import KeyCriterion, Process


class ProcessForm(forms.Form):
    """The process, the conditions of it that hold (each process's listed under it), and why."""

    process = forms.ChoiceField(label="Which process of the Provider Selection Regime will you follow?",
                                widget=forms.RadioSelect, error_messages={"required": "Select the process"})
    conditions = forms.MultipleChoiceField(
        label="Which of its conditions are met?", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Tick every condition of the process you chose. A process can only be followed when all its "
                  "conditions are met.")
    justification = forms.CharField(
        label="Why this process?", widget=forms.Textarea(attrs={"rows": 5}), max_length=10000,
        help_text="How each condition is met, and the evidence for it. This is part of the record the regulations "
                  "require.", error_messages={"required": "Explain why this process is the right one"})

    def __init__(self, *args, processes, **kwargs):
        super().__init__(*args, **kwargs)
        self.processes = processes
        self.fields["process"].choices = [(p.value, p.label) for p in processes]
        self.fields["conditions"].choices = [(regime.condition_value(p, c), c.text) for p in processes
                                             for c in regime.RULES[p].conditions]

    def condition_groups(self):
        """[(process, its regulation, its conditions' checkboxes)], for the page to show each process's conditions under it."""
        boxes = iter(self["conditions"])
        return [(p, regime.RULES[p].regulation, [next(boxes) for _ in regime.RULES[p].conditions])
                for p in self.processes]

    def clean(self):
        cleaned = super().clean()
        process = cleaned.get("process")
        if process:
            unmet = regime.unmet_conditions(process, cleaned.get("conditions", []))
            if unmet:
                self.add_error("conditions", f"The {Process(process).label.lower()} needs every one of its conditions: "
                                             + " ".join(c.text for c in unmet))
        return cleaned


class ContractForm(forms.Form):
    contract_title = forms.CharField(label="Contract title", max_length=200,
                                     error_messages={"required": "Enter the contract's title"})
    services = forms.CharField(label="Description of the services", widget=forms.Textarea(attrs={"rows": 4}),
                               max_length=5000, error_messages={"required": "Describe the services"})
    estimated_value = AmountField(label="Estimated lifetime value (£)", min_value=0, max_digits=14, decimal_places=2,
                                  help_text="The whole life of the contract, extensions included.",
                                  error_messages={"required": "Enter the estimated lifetime value"})
    contract_starts = date_input.DateField(label="Contract starts", called="The day the contract starts",
                                           required=False, help_text="For example, 1 4 2027")
    contract_ends = date_input.DateField(label="Contract ends", called="The day the contract ends", required=False)
    reasons = forms.CharField(
        label="Reasons for the choice of provider", widget=forms.Textarea(attrs={"rows": 5}), max_length=10000,
        required=False, help_text="How the key criteria and the basic selection criteria were taken into account. "
                                  "Published with the notice.")

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("contract_starts"), cleaned.get("contract_ends")
        if starts and ends and ends <= starts:
            self.add_error("contract_ends", "The contract must end after it starts")
        return cleaned


class ProviderForm(forms.Form):
    name = forms.CharField(label="Provider's name", max_length=200, error_messages={"required": "Enter the provider's name"})
    address = forms.CharField(label="Registered office or principal place of business", max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": "Enter the provider's address"})
    is_existing = forms.BooleanField(label="It is the existing provider of these services", required=False)


class RecommendForm(forms.Form):
    def __init__(self, *args, providers, several, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(p.pk, p.name) for p in providers]
        initial = [p.pk for p in providers if p.is_recommended]
        if several:
            self.fields["providers"] = forms.TypedMultipleChoiceField(
                label="Which providers are to be awarded a contract?", choices=choices, coerce=int,
                widget=forms.CheckboxSelectMultiple, initial=initial,
                error_messages={"required": "Select the providers to recommend"})
        else:
            self.fields["providers"] = forms.TypedChoiceField(
                label="Which provider do you recommend?", choices=choices, coerce=int, widget=forms.RadioSelect,
                initial=initial[0] if initial else None, error_messages={"required": "Select the provider to recommend"})
        self.providers = {p.pk: p for p in providers}

    def chosen(self):
        value = self.cleaned_data["providers"]
        return [self.providers[pk] for pk in (value if isinstance(value, list) else [value])]


class WeightsForm(forms.Form):
    """A whole per cent for each key criterion: each above 0, together 100."""

    def __init__(self, *args, weights, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in KeyCriterion:
            self.fields[criterion.value] = forms.IntegerField(
                label=f"{criterion.label} (%)", min_value=1, max_value=100,
                initial=weights.get(criterion.value, 20),
                widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-3", "inputmode": "numeric"}),
                error_messages={"required": f"Enter the weight of {criterion.label.lower()}",
                                "min_value": f"{criterion.label} must count: give it a weight of at least 1%%",
                                "invalid": f"Enter the weight of {criterion.label.lower()} as a whole number"})

    def clean(self):
        cleaned = super().clean()
        values = [cleaned.get(c) for c in KeyCriterion.values]
        if all(v is not None for v in values) and sum(values) != 100:
            raise forms.ValidationError(f"The weights must add up to 100%: they add up to {sum(values)}%")
        return cleaned


class AssessorForm(forms.Form):
    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {person.pk: person for person, why in candidates if why is None}
        self.fields["assessor"] = forms.TypedChoiceField(
            label="Name an assessor", coerce=int,
            choices=[("", "Choose a person")] + [(pk, p.get_full_name() or p.username) for pk, p in self.people.items()],
            error_messages={"required": "Choose the person to name", "invalid_choice": "Choose one of the people listed"})

    def person(self):
        return self.people[self.cleaned_data["assessor"]]


class InterestForm(ProposalInterestForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["has_interest"].label = "Do you have an interest in any of these providers, or in this contract?"


class ProviderScoresForm(forms.Form):
    """A score (1–5) and a rationale for every provider on every key criterion."""

    def __init__(self, *args, providers, saved, submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for provider in providers:
            for criterion in KeyCriterion:
                given = saved.get((provider.pk, criterion.value))
                name = f"{provider.pk}_{criterion.value}"
                self.fields[f"score_{name}"] = forms.TypedChoiceField(
                    label=f"{provider.name}: {criterion.label}", choices=ScoreLevel.choices, coerce=int,
                    required=submitting, widget=forms.RadioSelect, initial=given.score if given else None,
                    error_messages={"required": f"Score {provider.name} on {criterion.label.lower()}"})
                self.fields[f"rationale_{name}"] = forms.CharField(
                    label=f"Rationale: {provider.name}, {criterion.label.lower()}", required=submitting,
                    widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, initial=given.rationale if given else "",
                    error_messages={"required": f"Give a rationale for {provider.name} on {criterion.label.lower()}"})
                self.rows.append((provider, criterion, name))

    def scores(self):
        found = {}
        for provider, criterion, name in self.rows:
            score = self.cleaned_data.get(f"score_{name}")
            if score:
                found[(provider, criterion.value)] = (score, self.cleaned_data.get(f"rationale_{name}", ""))
        return found


class TableForm(forms.Form):
    meeting = forms.ModelChoiceField(queryset=Meeting.objects.none(), label="At which meeting?",
                                     empty_label="Choose a meeting",
                                     error_messages={"required": "Choose the meeting"})
    part = forms.ChoiceField(label="Which part of the agenda?", choices=AgendaPart.choices, initial=AgendaPart.CONFIDENTIAL,
                             widget=forms.RadioSelect,
                             help_text="Part B (in private) while the providers' bids are commercially confidential.")

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = lambda m: f"{m.body}, {timezone.localtime(m.starts_at):%-d %B %Y %H:%M}"


class NoticeForm(forms.Form):
    published_on = date_input.DateField(label="When was the notice of intention to award published?",
                                        called="The day the notice was published",
                                        help_text="The standstill begins the next day. For example, 7 12 2026")


class RepresentationForm(forms.Form):
    provider_name = forms.CharField(label="From which provider?", max_length=200,
                                    error_messages={"required": "Enter the provider's name"})
    received_on = date_input.DateField(label="Received on", called="The day it was received")
    summary = forms.CharField(label="What does it say?", widget=forms.Textarea(attrs={"rows": 4}), max_length=10000,
                              error_messages={"required": "Summarise the representation"})


class ResponseForm(forms.Form):
    response = forms.CharField(label="Your response", widget=forms.Textarea(attrs={"rows": 5}), max_length=10000,
                               help_text="What the review found, as sent to the provider.",
                               error_messages={"required": "Enter the response sent to the provider"})
    outcome = forms.ChoiceField(label="The further decision", choices=RepresentationOutcome.choices,
                                widget=forms.RadioSelect, error_messages={"required": "Select the further decision"})
    communicated_on = date_input.DateField(label="Sent to the provider on", called="The day the decision was sent")


class AwardForm(forms.Form):
    awarded_on = date_input.DateField(label="When was the contract awarded?", called="The day of the award")


class AbandonForm(forms.Form):
    reason = forms.CharField(label="Why is it being abandoned?", widget=forms.Textarea(attrs={"rows": 4}),
                             max_length=5000, error_messages={"required": "Give the reason for abandoning it"})


class SummaryForm(forms.Form):
    year = forms.TypedChoiceField(label="Financial year", coerce=int)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = years
