from decimal import Decimal, InvalidOperation

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


class MoneyInput(forms.TextInput):
    """Pounds as people write them: 45,000 (pence only when there are some), never "45000.00"."""

    def format_value(self, value):
        if value in (None, ""):
            return ""
        try:
            amount = Decimal(str(value).replace(",", ""))
        except (InvalidOperation, ValueError):
            return str(value)  # what was typed, shown back with its error
        return f"{amount:,.2f}".removesuffix(".00")


class AmountField(forms.DecimalField):
    """A sum of money, typed as people write it ("£45,000", "45000", "1,250.50"): a finite number. Django's own
    field reads "sNaN" as a signalling NaN, which it then compares with the initial value to see whether a row
    changed: InvalidOperation, a server error."""

    widget = MoneyInput
    default_error_messages = {"invalid": "Enter an amount in pounds, like 45,000"}

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removeprefix("£").replace(",", "").strip()
        value = super().to_python(value)
        if value is not None and not value.is_finite():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return value


FORMATTING_HINT = (
    "You can use simple formatting: a blank line starts a new paragraph, start lines with “- ” "
    "for a bulleted list, **two asterisks** for bold."
)


class PeopleSelect(forms.Select):
    """A choice of one person, which posts as a list: without JavaScript one is added at a time; the
    autocomplete (static/js/people.js) may add several, each as a hidden input of the same name."""

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        return [value for value in values if value]


class ProposalDetailsForm(forms.ModelForm):
    """The proposal's details. Co-authors are added by name (one at a time without JavaScript, a choice that
    an accessible autocomplete enhances: static/js/people.js) and removed by ticking them; cleaned_data
    carries the resulting `co_authors` for the services."""

    add_co_authors = RowsField(
        queryset=None, required=False, label="Add a co-author",
        help_text="Start typing their name. Co-authors can write the business case with you.",
        widget=PeopleSelect(attrs={"data-app-people": ""}),
        error_messages={"invalid_choice": "Choose a person from the list"},
    )
    remove_co_authors = RowsField(queryset=None, required=False, label="Remove co-authors",
                                  widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Proposal
        fields = ["title", "sponsoring_workstream", "service_area", "places"]
        labels = {
            "title": "Proposal title",
            "sponsoring_workstream": "Sponsoring workstream",
            "places": "Places (ICPs) affected",
        }
        help_texts = {
            "title": "A short name a committee member will recognise, e.g. “Collaborative commissioning of cardiology”.",
        }
        widgets = {"places": forms.CheckboxSelectMultiple}
        field_classes = {"places": RowsField}

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
        self.current_co_authors = list(self.instance.co_authors.order_by("last_name", "first_name")) \
            if self.instance.pk else []
        people = get_user_model().objects.filter(is_active=True).exclude(pk=lead_author.pk)
        adding = self.fields["add_co_authors"]
        adding.queryset = people.exclude(pk__in=[p.pk for p in self.current_co_authors]).order_by("last_name", "first_name")
        adding.label_from_instance = lambda user: f"{user.get_full_name() or user.username} ({user.email})"
        adding.empty_label = "Choose a person"  # the list's first, blank choice
        if self.current_co_authors:
            removing = self.fields["remove_co_authors"]
            removing.queryset = self.instance.co_authors.all()
            removing.label_from_instance = lambda user: user.get_full_name() or user.username
        else:
            del self.fields["remove_co_authors"]
        self.order_fields(["title", "add_co_authors", "remove_co_authors"])

    def clean(self):
        cleaned = super().clean()
        removed = set(cleaned.pop("remove_co_authors", None) or [])
        added = list(cleaned.pop("add_co_authors", None) or [])
        chosen = [p for p in self.current_co_authors if p not in removed]
        chosen += [p for p in added if p not in chosen]
        cleaned["co_authors"] = chosen
        self.co_authors_changed = {p.pk for p in chosen} != {p.pk for p in self.current_co_authors}
        return cleaned

    @property
    def changed_data(self):
        changed = [name for name in super().changed_data if name not in ("add_co_authors", "remove_co_authors")]
        return changed + (["co_authors"] if getattr(self, "co_authors_changed", False) else [])


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
        labels = {"projected_spend": "Spend (£)", "projected_savings": "Savings (£)", "financial_year": "Financial year"}
        field_classes = {"projected_spend": AmountField, "projected_savings": AmountField}
        widgets = {
            "financial_year": forms.TextInput(attrs={"class": "nhsuk-input--width-5"}),
            "projected_spend": MoneyInput(attrs={"class": "nhsuk-input--width-10", "inputmode": "decimal"}),
            "projected_savings": MoneyInput(attrs={"class": "nhsuk-input--width-10", "inputmode": "decimal"}),
            "quarter": forms.Select(choices=[("", "–"), (1, "Q1"), (2, "Q2"), (3, "Q3"), (4, "Q4")]),
        }

    # The finance table's columns (proposals/_finance_row.html), in order.
    COLUMNS = [("financial_year", "Financial year"), ("quarter", "Quarter"), ("funding", "Capital or revenue"),
               ("recurrence", "Recurrent or one-off"), ("projected_spend", "Spend (£)"),
               ("projected_savings", "Savings (£)")]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funding"].required = False  # left out: revenue, as most commissioning spend is
        for name, field in self.fields.items():
            if name in dict(self.COLUMNS):
                select = isinstance(field.widget, forms.Select)
                field.widget.attrs["class"] = " ".join(
                    filter(None, ["nhsuk-select" if select else "nhsuk-input", field.widget.attrs.get("class")]))

    def full_clean(self):
        """A cell in error shows it: the NHS.UK error style, and its message read with the input."""
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                modifier = "nhsuk-select--error" if isinstance(widget, forms.Select) else "nhsuk-input--error"
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {modifier}".strip()
                widget.attrs["aria-describedby"] = f"{self[name].auto_id}_error"

    def cells(self):
        return [(self[name], label) for name, label in self.COLUMNS]

    def clean_funding(self):
        return self.cleaned_data.get("funding") or Funding.REVENUE

    def clean(self):
        cleaned = super().clean()
        for name in ("projected_spend", "projected_savings"):
            if cleaned.get(name) is not None and cleaned[name] < 0:
                self.add_error(name, "Enter an amount of £0 or more")
        return cleaned


class RowsFormSet(forms.BaseInlineFormSet):
    """A section's rows: the box that deletes a saved one says "Remove", as the page's hint does."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove"

    def new_row(self, index):
        """An empty row at `index`, for "Add another" in place (the page adds it without a reload)."""
        form = self.form(auto_id=self.auto_id, prefix=self.add_prefix(index), empty_permitted=True,
                         use_required_attribute=False, renderer=self.form_renderer)
        self.add_fields(form, None)  # as Django's empty_form: a new row, with no saved row behind it
        return form


FinanceLineFormSet = inlineformset_factory(
    Proposal, FinanceLine, form=FinanceLineForm, formset=RowsFormSet, extra=1, can_delete=True, max_num=40,
    validate_max=True,
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




class BaseRiskFormSet(RowsFormSet):
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


class BaseOptionFormSet(RowsFormSet):
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
