"""The "nhsuk" crispy-forms template pack (templates/nhsuk/) renders forms in NHS.UK design system markup.

Each test renders a form through crispy and checks the markup nhsuk-frontend v10 expects: labels tied to inputs,
hints and error messages linked through aria-describedby, the error summary, fieldsets for radios and checkbox
groups, "(optional)" on optional questions, NHS buttons, and escaping of what the user typed.
"""

from html.parser import HTMLParser

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Button, Field, Fieldset, Layout, Submit
from django import forms
from django.template import Context, Template

SCRIPT = '<script>alert("x")</script>'

ORGANISATIONS = [("", "Choose an organisation"), ("ics", "Riverside ICS"), ("ccg", "Riverside CCG")]
REGIONS = [("north", "North"), ("south", "South")]
CONTACT = [("email", "Email"), ("phone", "Phone")]
TOPICS = [("finance", "Finance"), ("quality", "Quality")]


class EveryWidgetForm(forms.Form):
    """One field of each widget the pack supports."""

    name = forms.CharField(
        label="Full name",
        help_text="As it appears on your NHS letter",
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-20", "autocomplete": "name"}),
    )
    email = forms.EmailField(label="Email address", required=False)
    sites = forms.IntegerField(
        label="Number of sites",
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-4", "inputmode": "numeric"}),
    )
    website = forms.URLField(label="Website", required=False, assume_scheme="https")
    password = forms.CharField(label="Password", widget=forms.PasswordInput)
    summary = forms.CharField(
        label="Summary", help_text="Two or three sentences", widget=forms.Textarea(attrs={"rows": 4})
    )
    organisation = forms.ChoiceField(label="Organisation", choices=ORGANISATIONS)
    regions = forms.MultipleChoiceField(label="Regions", choices=REGIONS, required=False, widget=forms.SelectMultiple)
    contact = forms.ChoiceField(
        label="How should we contact you?",
        help_text="Choose one",
        choices=CONTACT,
        widget=forms.RadioSelect(attrs={"class": "nhsuk-radios--inline"}),
    )
    agree = forms.BooleanField(label="I have read the guidance", help_text="Tick to continue")
    updates = forms.BooleanField(label="Send me updates", required=False)
    topics = forms.MultipleChoiceField(label="Topics", choices=TOPICS, widget=forms.CheckboxSelectMultiple)
    interests = forms.MultipleChoiceField(
        label="Interests", choices=TOPICS, required=False, widget=forms.CheckboxSelectMultiple
    )
    business_case = forms.FileField(label="Business case")  # ClearableFileInput
    appendix = forms.FileField(label="Appendix", required=False, widget=forms.FileInput)
    start = forms.DateField(label="Start date", widget=forms.DateInput)
    step = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        super().clean()
        raise forms.ValidationError("The proposal cannot be saved yet")


INVALID = {
    "name": SCRIPT,  # valid, so it is echoed back in the input
    "email": "",
    "sites": "lots",
    "password": "",
    "summary": "",
    "organisation": "<b>bold</b>",  # not a choice: the error message quotes it
    "contact": "",
    "topics": [],
    "start": "",
    "step": "2",
}

# Every field error of INVALID, in field order, and where the error summary links to: the input, or for
# radios and checkbox groups their first input.
EXPECTED_LINKS = [
    "#id_sites",
    "#id_password",
    "#id_summary",
    "#id_organisation",
    "#id_contact_0",
    "#id_agree",
    "#id_topics_0",
    "#id_business_case",
    "#id_start",
]

RENDERINGS = {
    "crispy tag": "{% crispy form %}",
    "crispy filter": "{{ form|crispy }}",
}


# A small DOM built with the standard library's HTML parser, enough to query the rendered markup.

VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Element:
    def __init__(self, tag, attrs=(), parent=None):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parent = parent
        self.children = []

    def __repr__(self):
        return f"<{self.tag} {self.attrs}>"

    @property
    def classes(self):
        return set((self.attrs.get("class") or "").split())

    @property
    def text(self):
        """The text inside, whitespace collapsed, as a reader would see it."""
        return " ".join("".join(self._texts()).split())

    def _texts(self):
        for child in self.children:
            if isinstance(child, str):
                yield child
            else:
                yield from child._texts()

    def descendants(self):
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.descendants()

    def select(self, tag=None, cls=None, **attrs):
        """Descendants with this tag, this class, and these attribute values (data_module for data-module)."""
        wanted = {name.replace("_", "-"): value for name, value in attrs.items()}
        return [
            el
            for el in self.descendants()
            if (tag is None or el.tag == tag)
            and (cls is None or cls in el.classes)
            and all(el.attrs.get(name, ...) == value for name, value in wanted.items())
        ]

    def one(self, tag=None, cls=None, **attrs):
        found = self.select(tag, cls, **attrs)
        assert len(found) == 1, f"expected one {tag or ''}.{cls or ''} {attrs}, found {len(found)}: {found}"
        return found[0]

    def by_id(self, id_):
        return self.one(id=id_)

    def label_for(self, id_):
        return self.one("label", **{"for": id_})

    def closest(self, cls):
        node = self.parent
        while node is not None and cls not in node.classes:
            node = node.parent
        assert node is not None, f"{self} is not inside .{cls}"
        return node

    def described_by(self):
        return (self.attrs.get("aria-describedby") or "").split()


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Element("#document")

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, self.current)
        self.current.children.append(element)
        if tag not in VOID_ELEMENTS:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html):
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def render(source, **context):
    return Template("{% load crispy_forms_tags %}" + source).render(Context({"csrf_token": "test-token", **context}))


@pytest.fixture(params=RENDERINGS.values(), ids=RENDERINGS.keys())
def rendering(request):
    return request.param


@pytest.fixture
def unbound(rendering):
    html = render(rendering, form=EveryWidgetForm())
    return html, parse(html)


@pytest.fixture
def invalid(rendering):
    form = EveryWidgetForm(data=INVALID)
    assert not form.is_valid()
    html = render(rendering, form=form)
    return html, parse(html)


# Labels, widgets and their attributes


@pytest.mark.parametrize(
    ("field_id", "tag", "nhs_class"),
    [
        ("id_name", "input", "nhsuk-input"),
        ("id_email", "input", "nhsuk-input"),
        ("id_sites", "input", "nhsuk-input"),
        ("id_website", "input", "nhsuk-input"),
        ("id_password", "input", "nhsuk-input"),
        ("id_start", "input", "nhsuk-input"),
        ("id_summary", "textarea", "nhsuk-textarea"),
        ("id_organisation", "select", "nhsuk-select"),
        ("id_regions", "select", "nhsuk-select"),
        ("id_business_case", "input", "nhsuk-file-upload__input"),
        ("id_appendix", "input", "nhsuk-file-upload__input"),
    ],
)
def test_each_widget_has_its_nhs_class_and_a_label_tied_to_it(unbound, field_id, tag, nhs_class):
    _, doc = unbound
    widget = doc.by_id(field_id)
    assert widget.tag == tag
    assert nhs_class in widget.classes
    label = doc.label_for(field_id)
    assert label.classes == {"nhsuk-label"}
    assert label.closest("nhsuk-form-group") is widget.closest("nhsuk-form-group")


def test_widget_attributes_are_kept(unbound):
    _, doc = unbound
    name = doc.by_id("id_name")
    assert {"nhsuk-input", "nhsuk-input--width-20"} <= name.classes
    assert name.attrs["type"] == "text"
    assert name.attrs["autocomplete"] == "name"
    sites = doc.by_id("id_sites")
    assert {"nhsuk-input", "nhsuk-input--width-4"} <= sites.classes
    assert sites.attrs["inputmode"] == "numeric"
    assert sites.attrs["type"] == "number"
    assert doc.by_id("id_email").attrs["type"] == "email"
    assert doc.by_id("id_website").attrs["type"] == "url"
    assert doc.by_id("id_password").attrs["type"] == "password"
    assert doc.by_id("id_summary").attrs["rows"] == "4"
    assert "multiple" in doc.by_id("id_regions").attrs
    assert "multiple" not in doc.by_id("id_organisation").attrs
    assert [o.text for o in doc.by_id("id_organisation").select("option")] == [text for _, text in ORGANISATIONS]


def test_hint_comes_from_help_text_and_is_linked_by_aria_describedby(unbound):
    _, doc = unbound
    hint = doc.by_id("id_name_helptext")
    assert hint.classes == {"nhsuk-hint"}
    assert hint.text == "As it appears on your NHS letter"
    assert doc.by_id("id_name").described_by() == ["id_name_helptext"]
    assert doc.by_id("id_summary").described_by() == ["id_summary_helptext"]
    # No hint, no error: nothing to describe the input.
    assert "aria-describedby" not in doc.by_id("id_email").attrs


def test_unbound_form_has_no_error_summary_or_error_styles(unbound):
    html, doc = unbound
    assert "nhsuk-error" not in html
    assert "--error" not in html


def test_hidden_input_is_just_the_input(unbound):
    _, doc = unbound
    step = doc.by_id("id_step")
    assert step.attrs["type"] == "hidden"
    assert step.attrs["name"] == "step"
    assert not doc.select("label", **{"for": "id_step"})
    assert all("nhsuk-form-group" not in node.classes for node in _ancestors(step))


def _ancestors(element):
    node = element.parent
    while node is not None:
        yield node
        node = node.parent


# Radios and checkboxes


def test_radios_are_a_fieldset_with_the_label_as_legend(unbound):
    _, doc = unbound
    first = doc.by_id("id_contact_0")
    fieldset = first.closest("nhsuk-fieldset")
    assert fieldset.tag == "fieldset"
    assert fieldset.closest("nhsuk-form-group")
    legend = fieldset.one("legend")
    assert legend.classes == {"nhsuk-fieldset__legend"}
    assert legend.text == "How should we contact you?"
    assert fieldset.described_by() == ["id_contact_helptext"]
    assert fieldset.one(cls="nhsuk-hint").attrs["id"] == "id_contact_helptext"

    radios = fieldset.one("div", cls="nhsuk-radios")
    assert radios.classes == {"nhsuk-radios", "nhsuk-radios--inline"}
    assert radios.attrs["data-module"] == "nhsuk-radios"
    items = radios.select("div", cls="nhsuk-radios__item")
    assert len(items) == len(CONTACT)
    for index, (item, (value, text)) in enumerate(zip(items, CONTACT, strict=True)):
        radio = item.one("input")
        assert radio.attrs["id"] == f"id_contact_{index}"
        assert radio.classes == {"nhsuk-radios__input"}
        assert (radio.attrs["type"], radio.attrs["name"], radio.attrs["value"]) == ("radio", "contact", value)
        label = item.label_for(radio.attrs["id"])
        assert label.classes == {"nhsuk-label", "nhsuk-radios__label"}
        assert label.text == text
    # Only the container carries the widget's class, not each radio.
    assert not doc.select("input", cls="nhsuk-radios--inline")


def test_chosen_radio_and_checkboxes_stay_checked():
    form = EveryWidgetForm(data={**INVALID, "contact": "phone", "topics": ["quality"]})
    doc = parse(render("{{ form|crispy }}", form=form))
    assert "checked" not in doc.by_id("id_contact_0").attrs
    assert "checked" in doc.by_id("id_contact_1").attrs
    assert "checked" not in doc.by_id("id_topics_0").attrs
    assert "checked" in doc.by_id("id_topics_1").attrs


def test_checkbox_group_is_a_fieldset_of_nhs_checkboxes(unbound):
    _, doc = unbound
    fieldset = doc.by_id("id_topics_0").closest("nhsuk-fieldset")
    assert fieldset.one("legend", cls="nhsuk-fieldset__legend").text == "Topics"
    checkboxes = fieldset.one("div", cls="nhsuk-checkboxes")
    assert checkboxes.attrs["data-module"] == "nhsuk-checkboxes"
    for index, (value, text) in enumerate(TOPICS):
        box = doc.by_id(f"id_topics_{index}")
        assert box.classes == {"nhsuk-checkboxes__input"}
        assert (box.attrs["type"], box.attrs["name"], box.attrs["value"]) == ("checkbox", "topics", value)
        assert box.closest("nhsuk-checkboxes__item").closest("nhsuk-checkboxes") is checkboxes
        label = doc.label_for(f"id_topics_{index}")
        assert label.classes == {"nhsuk-label", "nhsuk-checkboxes__label"}
        assert label.text == text


def test_single_checkbox_is_one_nhs_checkboxes_item_without_fieldset(unbound):
    _, doc = unbound
    box = doc.by_id("id_agree")
    assert box.attrs["type"] == "checkbox"
    assert "nhsuk-checkboxes__input" in box.classes
    item = box.closest("nhsuk-checkboxes__item")
    assert item.closest("nhsuk-checkboxes").attrs["data-module"] == "nhsuk-checkboxes"
    label = item.label_for("id_agree")
    assert label.classes == {"nhsuk-label", "nhsuk-checkboxes__label"}
    assert label.text == "I have read the guidance"
    hint = item.one(cls="nhsuk-hint")
    assert hint.classes == {"nhsuk-hint", "nhsuk-checkboxes__hint"}
    assert box.described_by() == [hint.attrs["id"]]
    assert not box.closest("nhsuk-form-group").select("fieldset")


# Optional questions


def test_optional_fields_say_so_and_required_ones_are_not_starred(unbound):
    html, doc = unbound
    assert doc.label_for("id_email").text == "Email address (optional)"
    assert doc.label_for("id_website").text == "Website (optional)"
    assert doc.label_for("id_regions").text == "Regions (optional)"
    assert doc.label_for("id_appendix").text == "Appendix (optional)"
    assert doc.label_for("id_name").text == "Full name"
    assert doc.label_for("id_summary").text == "Summary"
    assert doc.by_id("id_contact_0").closest("nhsuk-fieldset").one("legend").text == "How should we contact you?"
    assert "*" not in html
    assert "asterisk" not in html


def test_checkboxes_are_never_marked_optional(unbound):
    _, doc = unbound
    assert doc.label_for("id_updates").text == "Send me updates"
    assert doc.by_id("id_interests_0").closest("nhsuk-fieldset").one("legend").text == "Interests"


# Errors


def test_error_summary_lists_every_error_with_links_to_the_fields(invalid):
    _, doc = invalid
    summary = doc.one(cls="nhsuk-error-summary")
    assert summary.attrs["data-module"] == "nhsuk-error-summary"
    assert summary.attrs["tabindex"] == "-1"
    alert = summary.one(role="alert")
    assert alert.one("h2", cls="nhsuk-error-summary__heading").text == "There is a problem"
    items = alert.one("ul", cls="nhsuk-error-summary__list").select("li")
    assert alert.one("ul").classes == {"nhsuk-list", "nhsuk-error-summary__list"}

    assert items[0].text == "The proposal cannot be saved yet"
    assert not items[0].select("a")  # a non-field error links nowhere
    links = [item.one("a") for item in items[1:]]
    assert [link.attrs["href"] for link in links] == EXPECTED_LINKS
    assert links[0].text == "Enter a whole number."
    for link in links:
        assert doc.by_id(link.attrs["href"][1:]).tag in {"input", "select", "textarea"}


def test_error_summary_comes_before_the_fields(invalid):
    _, doc = invalid
    elements = list(doc.descendants())
    summary = doc.one(cls="nhsuk-error-summary")
    first_group = doc.select(cls="nhsuk-form-group")[0]
    assert elements.index(summary) < elements.index(first_group)


@pytest.mark.parametrize(
    ("field_id", "error_class", "hint_id"),
    [
        ("id_sites", "nhsuk-input--error", None),
        ("id_password", "nhsuk-input--error", None),
        ("id_start", "nhsuk-input--error", None),
        ("id_summary", "nhsuk-textarea--error", "id_summary_helptext"),
        ("id_organisation", "nhsuk-select--error", None),
        ("id_agree", None, "id_agree_helptext"),
        ("id_business_case", None, None),
    ],
)
def test_field_error_message_is_shown_and_linked(invalid, field_id, error_class, hint_id):
    _, doc = invalid
    widget = doc.by_id(field_id)
    group = widget.closest("nhsuk-form-group")
    assert "nhsuk-form-group--error" in group.classes
    if error_class:
        assert error_class in widget.classes
    message = doc.by_id(f"{field_id}_error")
    assert message.tag == "span"
    assert message.classes == {"nhsuk-error-message"}
    assert message.closest("nhsuk-form-group") is group
    prefix = message.one("span")
    assert prefix.classes == {"nhsuk-u-visually-hidden"}
    assert prefix.text == "Error:"
    assert message.text.startswith("Error: ")
    assert widget.described_by() == [i for i in (hint_id, f"{field_id}_error") if i]


def test_error_messages_of_radios_and_checkbox_groups_describe_their_fieldset(invalid):
    _, doc = invalid
    expected = {"contact": ["id_contact_helptext", "id_contact_error"], "topics": ["id_topics_error"]}
    for name, described_by in expected.items():
        fieldset = doc.by_id(f"id_{name}_0").closest("nhsuk-fieldset")
        assert "nhsuk-form-group--error" in fieldset.closest("nhsuk-form-group").classes
        assert fieldset.described_by() == described_by
        assert fieldset.one(cls="nhsuk-error-message").attrs["id"] == f"id_{name}_error"
        assert doc.by_id(f"id_{name}_error").text == "Error: This field is required."


def test_fields_without_errors_keep_plain_styles(invalid):
    _, doc = invalid
    name = doc.by_id("id_name")
    assert "nhsuk-input--error" not in name.classes
    assert "nhsuk-form-group--error" not in name.closest("nhsuk-form-group").classes
    assert not doc.select(id="id_name_error")


# Escaping


def test_what_the_user_typed_is_escaped(invalid):
    html, doc = invalid
    assert "<script>" not in html
    assert "<b>bold</b>" not in html
    assert "&lt;script&gt;" in html
    assert doc.by_id("id_name").attrs["value"] == SCRIPT
    expected = "Select a valid choice. <b>bold</b> is not one of the available choices."
    assert doc.by_id("id_organisation_error").text == f"Error: {expected}"
    assert doc.one("a", href="#id_organisation").text == expected


def test_option_labels_are_escaped():
    """Choices often come from the database (a body's name, say), so they are user data too."""

    class ChoiceForm(forms.Form):
        body = forms.ChoiceField(choices=[("1", SCRIPT)], widget=forms.RadioSelect)
        bodies = forms.MultipleChoiceField(choices=[("1", SCRIPT)], widget=forms.CheckboxSelectMultiple)
        one = forms.ChoiceField(choices=[("1", SCRIPT)])

    html = render("{{ form|crispy }}", form=ChoiceForm())
    assert "<script>" not in html
    doc = parse(html)
    assert doc.label_for("id_body_0").text == SCRIPT
    assert doc.label_for("id_bodies_0").text == SCRIPT
    assert doc.by_id("id_one").one("option").text == SCRIPT


# Files and the form element


def test_file_fields_use_the_nhs_file_upload(unbound):
    _, doc = unbound
    for field_id in ("id_business_case", "id_appendix"):
        upload = doc.by_id(field_id)
        assert upload.attrs["type"] == "file"
        group = upload.closest("nhsuk-form-group")
        assert "nhsuk-file-upload" in group.classes
        # Not the scripted enhancement: its button's visible text ("Choose file") is not part of
        # its accessible name (the label), which axe reports as a serious violation.
        assert "data-module" not in group.attrs


def test_crispy_tag_renders_the_form_element():
    doc = parse(render("{% crispy form %}", form=EveryWidgetForm()))
    form = doc.one("form")
    assert form.attrs["method"] == "post"
    assert form.attrs["enctype"] == "multipart/form-data"
    assert "novalidate" in form.attrs
    assert form.one("input", name="csrfmiddlewaretoken").attrs["value"] == "test-token"


# Layout objects


class LayoutForm(forms.Form):
    name = forms.CharField(label="Full name")
    email = forms.EmailField(label="Email address", required=False)
    contact = forms.ChoiceField(label="How should we contact you?", choices=CONTACT, widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_id = "details-form"
        self.helper.layout = Layout(
            Fieldset(
                "Your details",
                Field("name", css_class="nhsuk-u-width-two-thirds", wrapper_class="app-name", autocomplete="name"),
                "email",
            ),
            HTML('<p class="nhsuk-body">We will only use these to contact you about {{ topic }}.</p>'),
            Field("contact", css_class="nhsuk-radios--inline"),
            Submit("save", "Save and continue"),
            Button("cancel", "Cancel"),
            Submit("delete", "Delete", css_class="nhsuk-button--warning"),
        )


def test_layout_renders_fieldset_html_and_field_attributes():
    html = render("{% crispy form %}", form=LayoutForm(), topic="<b>your proposal</b>")
    doc = parse(html)
    form = doc.one("form", id="details-form")
    fieldset = form.by_id("id_name").closest("nhsuk-fieldset")
    legend = fieldset.one("legend")
    assert legend.classes == {"nhsuk-fieldset__legend", "nhsuk-fieldset__legend--m"}
    assert legend.text == "Your details"
    name = fieldset.by_id("id_name")
    assert {"nhsuk-input", "nhsuk-u-width-two-thirds"} <= name.classes
    assert name.attrs["autocomplete"] == "name"
    assert "app-name" in name.closest("nhsuk-form-group").classes
    assert fieldset.label_for("id_email").text == "Email address (optional)"
    paragraph = form.one("p", cls="nhsuk-body")
    assert paragraph.text == "We will only use these to contact you about <b>your proposal</b>."
    assert doc.by_id("id_contact_0").closest("nhsuk-radios").classes == {"nhsuk-radios", "nhsuk-radios--inline"}


def test_submit_and_button_are_nhs_buttons():
    html = render("{% crispy form %}", form=LayoutForm())
    doc = parse(html)
    assert '<button class="nhsuk-button" data-module="nhsuk-button" type="submit"' in html
    save = doc.one("button", name="save")
    assert save.classes == {"nhsuk-button"}
    assert save.attrs["data-module"] == "nhsuk-button"
    assert save.attrs["type"] == "submit"
    assert save.attrs["value"] == "Save and continue"
    assert save.text == "Save and continue"
    cancel = doc.one("button", name="cancel")
    assert cancel.classes == {"nhsuk-button", "nhsuk-button--secondary"}
    assert cancel.attrs["type"] == "button"
    assert cancel.text == "Cancel"
    delete = doc.one("button", name="delete")
    assert delete.classes == {"nhsuk-button", "nhsuk-button--warning"}  # crispy's Bootstrap classes are gone
    assert "btn" not in html


def test_helper_inputs_are_nhs_buttons():
    helper = FormHelper()
    helper.add_input(Submit("submit", "Submit proposal"))
    doc = parse(render("{% crispy form helper %}", form=EveryWidgetForm(), helper=helper))
    button = doc.one("form").one("button")
    assert button.classes == {"nhsuk-button"}
    assert (button.attrs["type"], button.text) == ("submit", "Submit proposal")


def test_layout_form_with_errors_has_the_error_summary_and_messages():
    doc = parse(render("{% crispy form %}", form=LayoutForm(data={"name": ""})))
    links = doc.one(cls="nhsuk-error-summary").select("a")
    assert [link.attrs["href"] for link in links] == ["#id_name", "#id_contact_0"]
    assert doc.by_id("id_name_error").text == "Error: This field is required."
    assert "nhsuk-input--error" in doc.by_id("id_name").classes


# Formsets


class ItemForm(forms.Form):
    item = forms.CharField(label="Item")
    cost = forms.DecimalField(label="Cost", required=False)


ItemFormSet = forms.formset_factory(ItemForm, extra=0, max_num=2, validate_max=True)

FORMSET_DATA = {
    "form-TOTAL_FORMS": "3",
    "form-INITIAL_FORMS": "0",
    "form-0-item": "",
    "form-0-cost": "1.50",
    "form-1-item": "Training",
    "form-1-cost": "lots",
    "form-2-item": "Travel",
}

FORMSET_RENDERINGS = {
    "crispy tag": "{% crispy formset helper %}",
    "crispy filter": "{{ formset|crispy }}",
    "table": "{% crispy formset table_helper %}",
}


@pytest.mark.parametrize("source", FORMSET_RENDERINGS.values(), ids=FORMSET_RENDERINGS.keys())
def test_formset_has_one_error_summary_with_its_non_form_errors(source):
    formset = ItemFormSet(data=FORMSET_DATA)
    assert not formset.is_valid()
    table_helper = FormHelper()
    table_helper.template = "nhsuk/table_inline_formset.html"
    doc = parse(render(source, formset=formset, helper=FormHelper(), table_helper=table_helper))
    summary = doc.one(cls="nhsuk-error-summary")  # not one per form
    items = summary.select("li")
    assert items[0].text == "Please submit at most 2 forms."
    assert not items[0].select("a")
    assert [item.one("a").attrs["href"] for item in items[1:]] == ["#id_form-0-item", "#id_form-1-cost"]
    assert "nhsuk-input--error" in doc.by_id("id_form-0-item").classes
    assert doc.by_id("id_form-1-cost_error").text == "Error: Enter a number."
    assert doc.one("input", name="form-TOTAL_FORMS").attrs["value"] == "3"


def test_table_inline_formset_is_an_nhs_table():
    helper = FormHelper()
    helper.template = "nhsuk/table_inline_formset.html"
    formset = ItemFormSet(initial=[{"item": "Travel"}])
    doc = parse(render("{% crispy formset helper %}", formset=formset, helper=helper))
    table = doc.one("table", cls="nhsuk-table")
    assert [th.text for th in table.select("th", cls="nhsuk-table__header")] == ["Item", "Cost (optional)"]
    cell = doc.by_id("id_form-0-item").closest("nhsuk-table__cell")
    assert cell.tag == "td"
    assert doc.label_for("id_form-0-item").classes == {"nhsuk-label", "nhsuk-u-visually-hidden"}
    assert not doc.select(cls="nhsuk-error-summary")
