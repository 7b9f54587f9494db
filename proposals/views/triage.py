"""The triaging body's secretary records the flowchart's answers and the outcome."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView

from .. import services
from ..forms import AcceptForAssessmentForm, ReasonForm, SecretaryTriageForm
from .base import ProposalMixin


class TriageDecisionView(ProposalMixin, TemplateView):
    """The triaging body's secretary records the flowchart's answers and the outcome."""

    permission = "proposals.decide_proposal"
    template_name = "proposals/triage_decision.html"

    def get_context_data(self, **kwargs):
        proposal = self.proposal
        answers = {a.question: a for a in proposal.triage_answers.select_related("answered_by")}
        initial = {name: answers[q].answer for name, q in SecretaryTriageForm.QUESTIONS.items()
                   if q in answers and answers[q].answer is not None}
        initial["on_behalf_of"] = proposal.owning_bodies().first()
        return super().get_context_data(
            answers=answers,
            outcome=proposal.triage_outcome(),
            triage_form=kwargs.pop("triage_form", None) or SecretaryTriageForm(initial=initial),
            accept_form=kwargs.pop("accept_form", None) or AcceptForAssessmentForm(
                initial={"assessing_body": proposal.owning_bodies().first()}),
            reason_form=kwargs.pop("reason_form", None) or ReasonForm(),
            **kwargs,
        )

    def post(self, request, reference):
        proposal, by = self.proposal, request.user
        action = request.POST.get("action")
        try:
            if action == "answers":
                form = SecretaryTriageForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(triage_form=form))
                outcome = services.record_triage(proposal, form.answers(), by=by,
                                                 on_behalf_of=form.cleaned_data["on_behalf_of"])
                messages.success(request, f"Triage recorded. Outcome: {outcome.label}")
                return redirect(request.path)
            if action == "accept":
                form = AcceptForAssessmentForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(accept_form=form))
                services.accept_for_assessment(proposal, by=by, assessing_body=form.cleaned_data["assessing_body"])
                messages.success(request, f"{proposal.reference} accepted for assessment. Assign its assessors.")
                return redirect("scoring:summary", reference=proposal.reference)
            if action in ("place_based", "reopen"):
                form = ReasonForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(reason_form=form))
                move = services.refer_to_place_based if action == "place_based" else services.reopen_triage
                move(proposal, by=by, reason=form.cleaned_data["reason"])
                messages.success(request, f"{proposal.reference} is now “{proposal.get_state_display()}”.")
                return redirect(proposal)
        except services.ProposalActionError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.path)
        raise Http404
