from functools import cached_property

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.generic import ListView, TemplateView, View

from ics_commissioning.errors import ActionRefused
from ics_commissioning.permissions import can
from ics_commissioning.views import ObjectPermissionMixin, PageAction
from proposals import services as proposal_services
from proposals.enums import TriageQuestion
from proposals.views.base import ProposalMixin

from . import services
from .charts import score_chart
from .enums import AssessmentStatus
from .forms import AssessmentForm, AssignForm, InterestForm, ModerateForm, Outcome, OutcomeForm, ReopenForm
from .models import Assessment
from .summary import summarise

MANAGE = services.MANAGE


class MyAssessmentsView(LoginRequiredMixin, ListView):
    template_name = "scoring/my_assessments.html"
    context_object_name = "assessments"

    def get_queryset(self):
        return (
            Assessment.objects.filter(assessor=self.request.user)
            .select_related("proposal", "rubric")
            .order_by("status", "-assigned_at")
        )


class AssessmentView(ObjectPermissionMixin, TemplateView):
    """The assessor's own assessment: declare interests, then score each category and submit."""

    template_name = "scoring/assessment.html"
    object_name = "assessment"
    # Nobody else sees an assessor's draft, not even another assessor.
    view_permission = "scoring.view_assessment"

    def get_object(self):
        return get_object_or_404(
            Assessment.objects.select_related("proposal", "rubric", "assessor"), pk=self.kwargs["pk"]
        )

    @cached_property
    def categories(self):
        return list(self.assessment.rubric.categories.prefetch_related("levels"))

    def scoring_form(self, data=None, submitting=False):
        saved = {s.category_id: s for s in self.assessment.scores.all()}
        return AssessmentForm(data, categories=self.categories, scores=saved, submitting=submitting)

    def get_context_data(self, **kwargs):
        assessment = self.assessment
        context = {"assessment": assessment, "proposal": assessment.proposal,
                   "crumbs": [("My assessments", reverse("scoring:mine"))]}
        if assessment.has_interest is None:
            context.setdefault("interest_form", InterestForm())
        elif assessment.status == AssessmentStatus.SUBMITTED or assessment.has_interest:
            context["submitted_scores"] = {s.category_id: s for s in assessment.scores.all()}
            context["categories"] = self.categories
        else:
            context.setdefault("form", self.scoring_form())
        return super().get_context_data(**{**context, **kwargs})

    def post(self, request, *args, **kwargs):
        """Save the scores as a draft, or submit them."""
        submitting = "submit" in request.POST
        form = self.scoring_form(request.POST, submitting=submitting)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        services.record_scores(self.assessment, form.scores(), by=request.user, submit=submitting)
        if submitting:
            messages.success(request, f"Assessment of {self.assessment.proposal.reference} submitted.")
            return redirect("scoring:mine")
        messages.success(request, "Draft saved. You can come back and finish it later.")
        return redirect(request.path)


class DeclareInterestView(AssessmentView):
    """Before scoring, the assessor declares any interest (posted from the assessment page)."""

    http_method_names = ["post"]

    def back_url(self):
        return reverse("scoring:assessment", args=[self.assessment.pk])

    def post(self, request, *args, **kwargs):
        form = InterestForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(interest_form=form))
        services.declare_interest(self.assessment, by=request.user, **form.cleaned_data)
        if form.cleaned_data["has_interest"]:
            messages.info(request, "Interest declared. You will not score this proposal; the secretary has been told.")
        return redirect(self.back_url())


class ProposalScoresMixin(ProposalMixin):
    """A page about a proposal's scores: 404 unless the user may see the proposal, 403 unless
    they may see its scores (or do what the page does)."""

    permission = "scoring.view_scores"

    def back_url(self):
        return reverse("scoring:summary", args=[self.proposal.reference])


class ScoreSummaryView(ProposalScoresMixin, TemplateView):
    template_name = "scoring/score_summary.html"

    def get_context_data(self, **kwargs):
        proposal = self.proposal
        user = self.request.user
        summary = summarise(proposal)
        context = {"summary": summary, "chart": score_chart(summary)}
        if can(user, MANAGE, proposal):
            candidates = services.assessor_candidates(proposal)
            context.update(
                managing=True,
                assessments=list(proposal.assessments.select_related("assessor").order_by("assigned_at")),
                candidates=[c for c in candidates if c[1] is not None],
                assign_form=kwargs.pop("assign_form", None) or AssignForm(candidates=candidates),
                moderate_form=kwargs.pop("moderate_form", None)
                or ModerateForm(categories=[c.category for c in summary.categories]),
                decision_form=kwargs.pop("decision_form", None) or OutcomeForm(),
                released=services.scores_released(proposal),
                question_3=TriageQuestion.LEADERSHIP_SUPPORT.wording(proposal.triaging_body()),
            )
        return super().get_context_data(**{**context, **kwargs})


class ManageAssessmentView(PageAction, ScoreSummaryView):
    """One of the secretary's actions on the scoring exercise: each posts from, and returns to, the
    summary; a form with errors shows the summary again."""

    permission = MANAGE


class AssignAssessorView(ManageAssessmentView):
    form_name = "assign_form"

    def form(self):
        return AssignForm(self.request.POST, candidates=services.assessor_candidates(self.proposal))

    def act(self, form):
        assessment = services.assign_assessor(self.proposal, form.cleaned_data["assessor"], by=self.request.user)
        messages.success(self.request, f"{assessment.assessor.get_full_name()} assigned.")
        return redirect(self.back_url())


class ModerateScoreView(ManageAssessmentView):
    form_name = "moderate_form"

    def form(self):
        return ModerateForm(self.request.POST, categories=[row.category for row in summarise(self.proposal).categories])

    def act(self, form):
        category = form.categories[form.cleaned_data["category"]]
        services.moderate(self.proposal, category, score=form.cleaned_data["score"],
                          reason=form.cleaned_data["reason"], by=self.request.user)
        messages.success(self.request, f"Moderated score recorded for “{category.name}”.")
        return redirect(self.back_url())


class ReleaseScoresView(ManageAssessmentView):
    def act(self, form):
        services.release_scores(self.proposal, by=self.request.user)
        messages.success(self.request, "Scores released to the authors.")
        return redirect(self.back_url())


class CompleteAssessmentView(ManageAssessmentView):
    def act(self, form):
        services.complete_assessment(self.proposal, by=self.request.user)
        messages.success(self.request, f"{self.proposal.reference} is supported at ICS level: its authors now write "
                                       "the full business case.")
        return redirect(self.proposal)


class DecideView(ManageAssessmentView):
    """Return, refer to place-based commissioning, or reject: chosen with the reasons, then a check page
    (it cannot be undone), then done. "Change" goes back to the form as it was filled in."""

    form_name = "decision_form"

    def form(self):
        return OutcomeForm(self.request.POST)

    def act(self, form):
        decision, reasons = Outcome(form.cleaned_data["decision"]), form.cleaned_data["reasons"]
        if "change" in self.request.POST:
            return self.render_to_response(self.get_context_data(decision_form=form))
        if self.request.POST.get("confirmed") != "yes":
            return render(self.request, "scoring/decision_check.html", {
                "proposal": self.proposal, "decision": decision, "reasons": reasons,
                "answers": [("decision", decision.value), ("reasons", reasons)],
            })
        proposal, by = self.proposal, self.request.user
        if decision == Outcome.RETURN:
            services.return_with_scores(proposal, by=by, reasons=reasons)
            messages.success(self.request, f"{proposal.reference} returned to its authors with the scores.")
        elif decision == Outcome.NOT_SUPPORTED:
            proposal_services.refer_to_place_based(proposal, by=by, reason=reasons)
            messages.success(self.request, f"{proposal.reference} is not supported at ICS level and is referred to "
                                           "place-based commissioning.")
        else:
            proposal_services.reject(proposal, by=by, reasons=reasons)
            messages.success(self.request, f"{proposal.reference} rejected.")
        return redirect(proposal)


class ReopenAssessmentView(ObjectPermissionMixin, View):
    """The secretary unlocks a submitted assessment, from the score summary."""

    object_name = "assessment"
    view_permission = "proposals.view_proposal"

    def get_object(self):
        return get_object_or_404(Assessment.objects.select_related("proposal", "assessor"), pk=self.kwargs["pk"])

    def permission_object(self, assessment):
        return assessment.proposal

    def back_url(self):
        return reverse("scoring:summary", args=[self.assessment.proposal.reference])

    def post(self, request, pk):
        form = ReopenForm(request.POST)
        if not form.is_valid():
            raise ActionRefused(*form.errors["reason"])
        services.reopen_assessment(self.assessment, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, f"{self.assessment.assessor.get_full_name()}'s assessment reopened.")
        return redirect(self.back_url())
