"""The triaging body's secretary records the flowchart's answers and the outcome: one page, and
one URL for each thing it does."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from ics_commissioning.views import PageAction

from .. import services
from ..enums import TriageQuestion
from ..forms import AcceptForAssessmentForm, ReasonForm, SecretaryTriageForm
from .base import ProposalMixin


class TriageDecisionView(ProposalMixin, TemplateView):
    """The triage page: the answers so far, and the forms for what can be done next."""

    permission = "proposals.triage_proposal"
    template_name = "proposals/triage_decision.html"

    def get_context_data(self, **kwargs):
        proposal = self.proposal
        answers = {a.question: a for a in proposal.triage_answers.select_related("answered_by")}
        initial = {name: answers[q].answer for name, q in SecretaryTriageForm.QUESTIONS.items()
                   if q in answers and answers[q].answer is not None}
        owner = proposal.owning_bodies().first()
        initial["on_behalf_of"] = owner
        return super().get_context_data(
            answers=answers,
            outcome=proposal.triage_outcome(),
            triaging_body=proposal.triaging_body(),
            question_3=TriageQuestion.LEADERSHIP_SUPPORT.wording(proposal.triaging_body()),
            triage_form=kwargs.pop("triage_form", None) or SecretaryTriageForm(initial=initial),
            accept_form=kwargs.pop("accept_form", None) or AcceptForAssessmentForm(initial={"assessing_body": owner}),
            reason_form=kwargs.pop("reason_form", None) or ReasonForm(),
            **kwargs,
        )

    def back_url(self):
        return reverse("proposals:triage", args=[self.proposal.reference])


class TriageActionView(PageAction, TriageDecisionView):
    """One thing the triage page does: its form is posted here; with errors, the page shows again."""

    form_class = None

    def form(self):
        return self.form_class(self.request.POST)


class RecordTriageView(TriageActionView):
    form_class = SecretaryTriageForm
    form_name = "triage_form"

    def act(self, form):
        outcome = services.record_triage(self.proposal, form.answers(), by=self.request.user)
        messages.success(self.request, f"Triage recorded. Outcome: {outcome.label}")
        return redirect(self.back_url())


class AcceptForAssessmentView(TriageActionView):
    form_class = AcceptForAssessmentForm
    form_name = "accept_form"

    def act(self, form):
        services.accept_for_assessment(self.proposal, by=self.request.user,
                                       assessing_body=form.cleaned_data["assessing_body"])
        messages.success(self.request, f"{self.proposal.reference} accepted for assessment. Assign its assessors.")
        return redirect("scoring:summary", reference=self.proposal.reference)


class ReferToPlaceView(TriageActionView):
    form_class = ReasonForm
    form_name = "reason_form"
    move = staticmethod(services.refer_to_place_based)

    def act(self, form):
        self.move(self.proposal, by=self.request.user, reason=form.cleaned_data["reason"])
        messages.success(self.request, f"{self.proposal.reference} is now “{self.proposal.get_state_display()}”.")
        return redirect(self.proposal)


class ReopenTriageView(ReferToPlaceView):
    move = staticmethod(services.reopen_triage)
