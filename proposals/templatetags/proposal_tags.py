from django import template

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


@register.inclusion_tag("proposals/_state_tag.html")
def state_tag(proposal):
    """The state as an NHS.UK tag; the colour repeats what the words already say."""
    return {"label": proposal.get_state_display(), "colour": STATE_TAG_COLOURS[proposal.state]}


@register.filter
def get_item(mapping, key):
    return mapping.get(key)
