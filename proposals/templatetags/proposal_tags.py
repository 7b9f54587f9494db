from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from ics_commissioning import rich_text as rich_text_module

register = template.Library()


@register.filter
def rich_text(value):
    """Render a long text field's simple formatting (Markdown), sanitised."""
    return rich_text_module.render(value)


STATE_TAG_COLOURS = {
    "draft": "grey",
    "submitted": "blue",
    "place_based": "purple",
    "assessment": "aqua-green",
    "quality_assurance": "aqua-green",
    "stakeholder_signoff": "aqua-green",
    "formal_approval": "aqua-green",
    "approved": "green",
    "returned": "orange",
    "full_case": "blue",
    "rejected": "red",
    "withdrawn": "grey",
}


def nhs_tag(colour, label):
    """An NHS.UK tag. Built here rather than from a template: long lists show several per row."""
    return format_html('<strong class="nhsuk-tag nhsuk-tag--{}">{}</strong>', colour, label)


@register.simple_tag
def state_tag(proposal):
    """The state as an NHS.UK tag; the colour repeats what the words already say."""
    return nhs_tag(STATE_TAG_COLOURS[proposal.state], proposal.get_state_display())


@register.simple_tag
def score_and_eligibility(summary):
    """The weighted total, if there is one, and where the scoring stands, as an NHS.UK tag."""
    if summary.eligible:
        tag = nhs_tag("green", "Eligible")
    elif summary.complete:
        tag = nhs_tag("red", "Not eligible")
    elif summary.submitted_count:
        tag = nhs_tag("blue", "Scoring not complete")
    else:
        tag = nhs_tag("grey", "Not scored")
    return format_html("{} {}", summary.total_display, tag) if summary.total is not None else tag


@register.simple_tag
def next_meeting(meeting):
    """A link to the next meeting with the proposal on its agenda, or that it is on none."""
    if meeting is None:
        return "Not on an agenda"
    return format_html(
        '<a href="{}">{}, {}</a>', reverse("governance:meeting", args=[meeting.pk]),
        meeting.body.short_name or meeting.body.name, date_format(timezone.localtime(meeting.starts_at), "j M Y"),
    )


@register.filter
def get_item(mapping, key):
    return mapping.get(key)
