"""Escalating a place-based referral's barriers to sustainability, and the receiving body's secretary
putting them on a meeting's agenda from its forward programme (governance.escalations)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import TemplateView

from ics_commissioning.errors import ActionRefused
from proposals.views.base import ProposalMixin

from .. import escalations
from ..forms import EscalationForm, EscalationToMeetingForm
from ..models import Escalation
from .base import hidden_answers
from .programme import ProgrammeView


class EscalateView(ProposalMixin, TemplateView):
    """The form, then a check step showing what will be raised and with whom, then the escalation."""

    template_name = "governance/escalate.html"

    def get(self, request, *args, **kwargs):
        self.require()
        body = escalations.escalation_body(self.proposal)
        return self.render_to_response(self.get_context_data(form=EscalationForm(initial={"body": body})))

    def post(self, request, *args, **kwargs):
        self.require()
        form = EscalationForm(request.POST)
        if form.is_valid() and request.POST.get("confirmed") == "yes":
            escalation = escalations.escalate(self.proposal, by=request.user, body=form.cleaned_data["body"],
                                              barriers=form.cleaned_data["barriers"])
            messages.success(request, f"Barriers escalated to the {escalation.body}: they are on its forward "
                                      "programme.")
            return redirect(self.proposal)
        if form.is_valid() and "change" not in request.POST:
            return TemplateResponse(request, "governance/escalate_check.html", self.get_context_data(
                body=form.cleaned_data["body"], barriers=form.cleaned_data["barriers"],
                answers=hidden_answers(request)))
        return self.render_to_response(self.get_context_data(form=form))

    def require(self):
        if not escalations.may_escalate(self.request.user, self.proposal):
            raise PermissionDenied


class EscalationToMeetingView(ProgrammeView):
    """The receiving body's secretary puts an escalation on a meeting ahead's agenda."""

    permission = "governance.manage_body"
    http_method_names = ["post"]

    def back_url(self):
        return reverse("governance:programme", args=[self.body.pk])

    def post(self, request, pk, escalation_pk):
        escalation = get_object_or_404(Escalation, pk=escalation_pk, body=self.body)
        form = EscalationToMeetingForm(request.POST, meetings=self.meetings_ahead())
        if not form.is_valid():
            raise ActionRefused(*(e for errors in form.errors.values() for e in errors))
        escalations.add_to_meeting(escalation, form.cleaned_data["meeting"], by=request.user)
        messages.success(request, "The escalation is on the agenda as a paper for discussion.")
        return redirect(self.back_url())
