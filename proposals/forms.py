from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.forms import inlineformset_factory
from django.template.defaultfilters import filesizeformat

from governance.enums import ProcurementRoute, SectionKind
from governance.models import Body, Place
from ics_commissioning import rich_text

from .business_case import procurement_key
from .enums import Funding, TriageQuestion
from .models import Attachment, FinanceLine, Option, Proposal, Risk
from .uploads import ALLOWED_DESCRIPTION, check_document

MAX_SECTION_LENGTH = 20_000

YES_NO = [(True, "Yes"), (False, "No")]


def yes_no_field(label, required_message, **kwargs):
    """A required yes/no question as inline NHS radios, cleaned to True or False."""
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect(attrs={"class": "nhsuk-radios--inline"}),
        error_messages={"required": required_message},
        **kwargs,
    )


def changed_values(form):
    """What a valid form changed, as plain values for a service: {field name: new value}."""
    return {name: form.cleaned_data[name] for name in form.changed_data}


def formset_rows(formset):
    """The rows a valid inline formset leaves, as plain values for services.save_business_case: one
    dict of each kept row's fields, with "pk" for a row that exists already. Rows ticked for
    removal and empty extra rows are left out."""
    rows = []
    for form in formset.forms:
        if formset._should_delete_form(form) or (form.instance.pk is None and not form.has_changed()):
            continue
        values = {name: value for name, value in form.cleaned_data.items()
                  if name not in ("id", "DELETE", formset.fk.name)}
        if form.instance.pk is not None:
            values["pk"] = form.instance.pk
        rows.append(values)
    return rows


class RichTextField(forms.CharField):
    """Long text with simple formatting (Markdown); pasted Word text is tidied on the way in."""

    widget = forms.Textarea(attrs={"rows": 10})

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_SECTION_LENGTH)
        super().__init__(**kwargs)

    def to_python(self, value):
        return rich_text.normalise(super().to_python(value))


class RowsField(forms.ModelMultipleChoiceField):
    """Rows chosen by id. An id too big for a database integer is not a choice: Django would put it
    in an IN (…) query, which SQLite refuses with OverflowError (a server error)."""

    def clean(self, value):
        for pk in value if isinstance(value, (list, tuple)) else ():
            try:
                too_big = abs(int(pk)) >= 2**63
            except (TypeError, ValueError):
                continue  # not a number at all: Django's own check says so
            if too_big:
                raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                            params={"value": pk})
        return super().clean(value)


class AmountField(forms.DecimalField):
    """A sum of money: a finite number. Django's own field reads "sNaN" as a signalling NaN, which it
    then compares with the initial value to see whether a row changed: InvalidOperation, a server error."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is not None and not value.is_finite():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return value


FORMATTING_HINT = (
    "You can use simple formatting: a blank line starts a new paragraph, start lines with “- ” "
    "for a bulleted list, **two asterisks** for bold."
)


class ProposalDetailsForm(forms.ModelForm):
    class Meta:
        model = Proposal
        fields = ["title", "sponsoring_workstream", "service_area", "places", "co_authors"]
        labels = {
            "title": "Proposal title",
            "sponsoring_workstream": "Sponsoring workstream",
            "places": "Places (ICPs) affected",
        }
        help_texts = {
            "title": "A short name a committee member will recognise, e.g. “Collaborative commissioning of cardiology”.",
            "co_authors": "Co-authors can edit the business case with you. Hold Ctrl (or Cmd) to choose several.",
        }
        widgets = {"places": forms.CheckboxSelectMultiple, "co_authors": forms.SelectMultiple(attrs={"size": 6})}
        field_classes = {"places": RowsField, "co_authors": RowsField}

    def __init__(self, *args, lead_author, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = "Enter a title for the proposal"
        self.fields["sponsoring_workstream"].queryset = Body.objects.sponsoring().filter(is_active=True)
        self.fields["sponsoring_workstream"].required = True
        self.fields["sponsoring_workstream"].error_messages["required"] = "Select the sponsoring workstream"
        self.fields["service_area"].required = True
        self.fields["service_area"].error_messages["required"] = "Select the service area"
        self.fields["places"].queryset = Place.objects.all()
        self.fields["places"].required = True
        self.fields["places"].error_messages["required"] = "Select at least one place affected"
        co_authors = self.fields["co_authors"]
        co_authors.queryset = get_user_model().objects.filter(is_active=True).exclude(pk=lead_author.pk).order_by(
            "last_name", "first_name"
        )
        co_authors.label_from_instance = lambda user: f"{user.get_full_name() or user.username} ({user.email})"


class SectionForm(forms.Form):
    """One section of a business case, from its definition on the route: its text and, for a
    procurement section, the route chosen. cleaned_data is the document's words to save."""

    def __init__(self, *args, section, hint="", **kwargs):
        super().__init__(*args, **kwargs)
        if section.kind == SectionKind.PROCUREMENT:
            self.fields[procurement_key(section)] = forms.ChoiceField(
                label="How would the service be bought?", choices=ProcurementRoute.choices, widget=forms.RadioSelect,
                error_messages={"required": "Select the procurement route"},
            )
        label = "Why this route" if section.kind == SectionKind.PROCUREMENT else section.title
        self.fields[section.key] = RichTextField(
            label=label, help_text=" ".join(filter(None, [section.guidance, hint, FORMATTING_HINT])),
            error_messages={"required": f"Enter the {label[0].lower()}{label[1:]}"},
        )


class FinanceLineForm(forms.ModelForm):
    class Meta:
        model = FinanceLine
        fields = ["financial_year", "quarter", "funding", "recurrence", "projected_spend", "projected_savings"]
        labels = {"projected_spend": "Spend (£)", "projected_savings": "Savings (£)", "financial_year": "Year"}
        field_classes = {"projected_spend": AmountField, "projected_savings": AmountField}
        widgets = {
            "financial_year": forms.TextInput(attrs={"class": "nhsuk-input--width-5", "placeholder": "2026/27"}),
            "quarter": forms.Select(choices=[("", "–"), (1, "Q1"), (2, "Q2"), (3, "Q3"), (4, "Q4")]),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funding"].required = False  # left out: revenue, as most commissioning spend is

    def clean_funding(self):
        return self.cleaned_data.get("funding") or Funding.REVENUE

    def clean(self):
        cleaned = super().clean()
        for name in ("projected_spend", "projected_savings"):
            if cleaned.get(name) is not None and cleaned[name] < 0:
                self.add_error(name, "Enter an amount of £0 or more")
        return cleaned


FinanceLineFormSet = inlineformset_factory(
    Proposal, FinanceLine, form=FinanceLineForm, extra=1, can_delete=True, max_num=40, validate_max=True
)


def _one_to_five(what):
    return forms.TypedChoiceField(
        choices=[("", "–")] + [(n, str(n)) for n in range(1, 6)],
        coerce=int,
        error_messages={"required": f"Select the {what}", "invalid_choice": f"Select a {what} from 1 to 5"},
    )


class RiskForm(forms.ModelForm):
    likelihood = _one_to_five("likelihood")
    impact = _one_to_five("impact")
    likelihood.help_text = "1 (rare) to 5 (almost certain)"
    impact.help_text = "1 (negligible) to 5 (catastrophic)"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].error_messages["required"] = "Describe the risk"

    class Meta:
        model = Risk
        fields = ["description", "likelihood", "impact", "mitigation", "owner"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "mitigation": forms.Textarea(attrs={"rows": 3}),
        }




class BaseRiskFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [f for f in self.forms if f.has_changed() or f.instance.pk]
        kept = [f for f in kept if not (self.can_delete and self._should_delete_form(f))]
        if not kept and not any(f.errors for f in self.forms):
            raise forms.ValidationError("Add at least one risk to the risk register")


RiskFormSet = inlineformset_factory(
    Proposal, Risk, form=RiskForm, formset=BaseRiskFormSet, extra=1, can_delete=True, max_num=50, validate_max=True
)


class OptionForm(forms.ModelForm):
    class Meta:
        model = Option
        fields = ["title", "description", "net_cost", "is_do_nothing", "is_preferred"]
        labels = {"title": "Option"}
        field_classes = {"net_cost": AmountField}
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = "Name the option"
        self.fields["description"].error_messages["required"] = "Describe the option"


class BaseOptionFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [f for f in self.forms if (f.has_changed() or f.instance.pk) and f.is_valid()
                and not (self.can_delete and self._should_delete_form(f))]
        if sum(1 for f in kept if f.cleaned_data.get("is_preferred")) > 1:
            raise forms.ValidationError("Mark only one option as preferred")


OptionFormSet = inlineformset_factory(
    Proposal, Option, form=OptionForm, formset=BaseOptionFormSet, extra=1, can_delete=True, max_num=12,
    validate_max=True,
)


class TriageForm(forms.Form):
    """The author's answers to the flowchart's first two questions."""

    nationally_described = yes_no_field(
        TriageQuestion.NATIONALLY_DESCRIBED.label,
        "Select yes if standards, outcomes and the delivery model are described nationally",
    )
    vulnerability_across_icps = yes_no_field(
        TriageQuestion.VULNERABILITY_ACROSS_ICPS.label,
        "Select yes if the service vulnerability affects more than one ICP",
    )

    QUESTIONS = {
        "nationally_described": TriageQuestion.NATIONALLY_DESCRIBED,
        "vulnerability_across_icps": TriageQuestion.VULNERABILITY_ACROSS_ICPS,
    }

    @classmethod
    def initial_for(cls, proposal):
        answers = {a.question: a.answer for a in proposal.triage_answers.all()}
        return {name: answers.get(q) for name, q in cls.QUESTIONS.items() if answers.get(q) is not None}

    def answers(self):
        return {question: self.cleaned_data[name] for name, question in self.QUESTIONS.items()}


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["title", "kind", "file"]
        labels = {"title": "Document title", "kind": "What is it?", "file": "Upload a file"}
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = "Enter a title for the document"
        self.fields["file"].error_messages["required"] = "Select a file to upload"
        self.fields["file"].error_messages["empty"] = "The selected file is empty."
        self.fields["file"].help_text = f"{ALLOWED_DESCRIPTION}, up to {self._limit_text()}."

    @staticmethod
    def _limit_text():
        return filesizeformat(settings.ATTACHMENT_MAX_BYTES)

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        self.content_type, self.original_name = check_document(uploaded)
        return uploaded


class SecretaryTriageForm(TriageForm):
    """Questions 1 and 2 as the triaging body records them; question 3 waits for the assessment."""


class AcceptForAssessmentForm(forms.Form):
    assessing_body = forms.ModelChoiceField(
        queryset=Body.objects.assessing().filter(is_active=True),
        label="Which body runs the scoring exercise?",
        error_messages={"required": "Select the body that will score it"},
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
                             help_text="The authors will see this.",
                             error_messages={"required": "Give the reason"})
