from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.db import models

from proposals.forms import yes_no_field

from .enums import ScoreLevel


class InterestForm(forms.Form):
    has_interest = yes_no_field(
        "Do you have an interest to declare in this proposal?",
        "Select yes if you have an interest to declare",
        help_text="For example a financial interest, a role in a provider affected, or a close personal connection.",
    )
    details = forms.CharField(
        label="Describe the interest", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        help_text="Leave blank if you have no interest to declare.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("has_interest") and not cleaned.get("details", "").strip():
            self.add_error("details", "Describe the interest you are declaring")
        return cleaned


class AssessmentForm(forms.Form):
    """A score (1–5, shown with each level's descriptor) and a rationale for every category."""

    def __init__(self, *args, categories, scores=None, submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = categories
        scores = scores or {}
        for category in categories:
            saved = scores.get(category.pk)
            self.fields[f"score_{category.pk}"] = forms.TypedChoiceField(
                label=category.name,
                choices=[(level.score, f"{level.score} {ScoreLevel(level.score).label}") for level in category.levels.all()],
                coerce=int,
                required=submitting,
                initial=saved.score if saved else None,
                widget=forms.RadioSelect,
                error_messages={"required": f"Select a score for “{category.name}”"},
            )
            self.fields[f"rationale_{category.pk}"] = forms.CharField(
                label=f"Rationale for your score on “{category.name}”",
                required=submitting,
                initial=saved.rationale if saved else "",
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={"required": f"Give a rationale for your score on “{category.name}”"},
            )

    def rows(self):
        """(category, score field, rationale field, levels) for the template."""
        return [
            (c, self[f"score_{c.pk}"], self[f"rationale_{c.pk}"], list(c.levels.all())) for c in self.categories
        ]

    def scores(self):
        """{category: (score, rationale)} for the categories the assessor has scored so far."""
        result = {}
        for category in self.categories:
            score = self.cleaned_data.get(f"score_{category.pk}")
            if score not in (None, ""):
                result[category] = (score, self.cleaned_data.get(f"rationale_{category.pk}", ""))
        return result


class AssignForm(forms.Form):
    assessor = forms.ModelChoiceField(
        queryset=None, label="Assessor", error_messages={"required": "Select an assessor to assign"},
        empty_label="Choose an assessor",
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        eligible = [person.pk for person, reason in candidates if reason is None]
        field = self.fields["assessor"]
        field.queryset = get_user_model().objects.filter(pk__in=eligible).order_by("last_name", "first_name")
        field.label_from_instance = lambda user: user.get_full_name() or user.username


MODERATED_CHOICES = [(f"{n / 2:.1f}", f"{n / 2:g}") for n in range(2, 11)]


class ModerateForm(forms.Form):
    category = forms.TypedChoiceField(label="Category", coerce=int, error_messages={"required": "Select a category"})
    score = forms.TypedChoiceField(
        label="Agreed score", choices=[("", "Choose")] + MODERATED_CHOICES, coerce=Decimal,
        error_messages={"required": "Select the agreed score"},
    )
    reason = forms.CharField(
        label="Why this score", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        error_messages={"required": "Give the reason for the moderated score"},
    )

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = {c.pk: c for c in categories}
        self.fields["category"].choices = [("", "Choose")] + [(c.pk, c.name) for c in categories]


class Outcome(models.TextChoices):
    """What the assessing body decides when it does not support the proposal as it stands."""

    RETURN = "return", "Return it to the authors with the scores, to revise and submit again"
    NOT_SUPPORTED = "not_supported", "Not supported at ICS level: refer it to place-based commissioning"
    REJECT = "reject", "Reject it"


class OutcomeForm(forms.Form):
    decision = forms.ChoiceField(label="What does the body decide?", choices=Outcome.choices,
                                 widget=forms.RadioSelect, error_messages={"required": "Select what the body decides"})
    reasons = forms.CharField(
        label="Reasons", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000,
        help_text="The authors will read these with their scores.",
        error_messages={"required": "Give the reasons"},
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(label="Why reopen it", max_length=2000,
                             error_messages={"required": "Give the reason for reopening the assessment"})
