"""The assurance panel: a proposal's statutory-duty gates as they stand, with what the viewer may do."""

from django import template

from .. import duty_gates

register = template.Library()


@register.inclusion_tag("governance/_assurance_panel.html", takes_context=True)
def assurance_panel(context, proposal):
    user = context["request"].user
    states = duty_gates.gate_states(proposal)
    return {
        "proposal": proposal,
        "rows": [(state, duty_gates.may_name_signatory(user, proposal, state.gate),
                  duty_gates.may_sign(user, proposal, state.gate)) for state in states],
    }
