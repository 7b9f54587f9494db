from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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
    "rejected": "red",
    "withdrawn": "grey",
}


@register.simple_tag
def state_tag(proposal):
    """The state as an NHS.UK tag; the colour repeats what the words already say. Built here rather
    than from a template: long lists show one per row."""
    return format_html(
        '<strong class="nhsuk-tag nhsuk-tag--{}">{}</strong>', STATE_TAG_COLOURS[proposal.state],
        proposal.get_state_display(),
    )


@register.simple_tag
def score_and_eligibility(summary):
    """The weighted total, if there is one, and where the scoring stands, as an NHS.UK tag. A tag
    rather than a template: the pipeline shows one on every card and row."""
    if summary.eligible:
        tag = mark_safe('<strong class="nhsuk-tag nhsuk-tag--green">Eligible</strong>')
    elif summary.complete:
        tag = mark_safe('<strong class="nhsuk-tag nhsuk-tag--red">Not eligible</strong>')
    elif summary.submitted_count:
        tag = mark_safe('<strong class="nhsuk-tag nhsuk-tag--blue">Scoring not complete</strong>')
    else:
        tag = mark_safe('<strong class="nhsuk-tag nhsuk-tag--grey">Not scored</strong>')
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
