"""The assurance panel: a proposal's statutory-duty gates as they stand, with what the viewer may do."""

from django import template

from .. import duty_gates

register = template.Library()


@register.inclusion_tag("governance/_assurance_panel.html", takes_context=True)
def assurance_panel(context, proposal):
    return {"proposal": proposal, "rows": duty_gates.panel(context["request"].user, proposal)}
