from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import ListView, TemplateView, View

from proposals import services as proposal_services
from proposals.enums import ProposalState
from proposals.models import Proposal

from . import services
from .charts import score_chart
from .enums import AssessmentStatus
from .forms import AssessmentForm, AssignForm, InterestForm, ModerateForm, ReasonsForm, ReopenForm
from .models import Assessment

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


class AssessmentView(LoginRequiredMixin, TemplateView):
    """The assessor's own assessment: declare interests, then score each category and submit."""

    template_name = "scoring/assessment.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.assessment = get_object_or_404(
            Assessment.objects.select_related("proposal", "rubric", "assessor"), pk=kwargs["pk"]
        )
        # Nobody else sees an assessor's draft, not even another assessor.
        if not request.user.has_perm("scoring.view_assessment", self.assessment):
            raise Http404
        self.categories = list(self.assessment.rubric.categories.prefetch_related("levels"))
        return super().dispatch(request, *args, **kwargs)

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
        try:
            if "declare" in request.POST:
                form = InterestForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(interest_form=form))
                services.declare_interest(self.assessment, by=request.user, **form.cleaned_data)
                if form.cleaned_data["has_interest"]:
                    messages.info(request, "Interest declared. You will not score this proposal; the secretary has been told.")
                return redirect(request.path)
            submitting = "submit" in request.POST
            form = self.scoring_form(request.POST, submitting=submitting)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(form=form))
            services.record_scores(self.assessment, form.scores(), by=request.user, submit=submitting)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.path)
        if submitting:
            messages.success(request, f"Assessment of {self.assessment.proposal.reference} submitted.")
            return redirect("scoring:mine")
        messages.success(request, "Draft saved. You can come back and finish it later.")
        return redirect(request.path)


class ProposalScoresMixin(LoginRequiredMixin):
    permission = "scoring.view_scores"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.proposal = get_object_or_404(
            Proposal.objects.select_related("lead_author", "assessing_body"), reference=kwargs["reference"]
        )
        if not request.user.has_perm("proposals.view_proposal", self.proposal):
            raise Http404
        if not request.user.has_perm(self.permission, self.proposal):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def back(self):
        return redirect("scoring:summary", reference=self.proposal.reference)


class ScoreSummaryView(ProposalScoresMixin, TemplateView):
    template_name = "scoring/score_summary.html"

    def get_context_data(self, **kwargs):
        proposal = self.proposal
        user = self.request.user
        summary = services.summarise(proposal)
        context = {
            "proposal": proposal,
            "summary": summary,
            "chart": score_chart(summary),
            "crumbs": [("Proposals", reverse("proposals:list")), (proposal.reference, proposal.get_absolute_url())],
        }
        if proposal.state == ProposalState.ASSESSMENT and user.has_perm(MANAGE, proposal):
            candidates = services.assessor_candidates(proposal)
            context.update(
                managing=True,
                assessments=list(proposal.assessments.select_related("assessor").order_by("assigned_at")),
                candidates=[c for c in candidates if c[1] is not None],
                assign_form=kwargs.pop("assign_form", None) or AssignForm(candidates=candidates),
                moderate_form=kwargs.pop("moderate_form", None)
                or ModerateForm(categories=[c.category for c in summary.categories]),
                reasons_form=kwargs.pop("reasons_form", None) or ReasonsForm(),
                released=services.scores_released(proposal),
            )
        return super().get_context_data(**{**context, **kwargs})


class ManageAssessmentView(ScoreSummaryView):
    """The secretary's actions on the scoring exercise; each posts from, and returns to, the summary."""

    permission = MANAGE
    http_method_names = ["post"]

    def post(self, request, reference, action):
        proposal, by = self.proposal, request.user
        try:
            if action == "assign":
                form = AssignForm(request.POST, candidates=services.assessor_candidates(proposal))
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(assign_form=form))
                assessment = services.assign_assessor(proposal, form.cleaned_data["assessor"], by=by)
                messages.success(request, f"{assessment.assessor.get_full_name()} assigned.")
            elif action == "moderate":
                categories = [row.category for row in services.summarise(proposal).categories]
                form = ModerateForm(request.POST, categories=categories)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(moderate_form=form))
                category = form.categories[form.cleaned_data["category"]]
                services.moderate(proposal, category, score=form.cleaned_data["score"],
                                  reason=form.cleaned_data["reason"], by=by)
                messages.success(request, f"Moderated score recorded for “{category.name}”.")
            elif action == "release":
                services.release_scores(proposal, by=by)
                messages.success(request, "Scores released to the authors.")
            elif action == "complete":
                proposal_services.complete_assessment(proposal, by=by)
                messages.success(request, f"{proposal.reference} has completed assessment and goes to the "
                                          "ICS Management Group.")
                return redirect(proposal)
            elif action in ("return", "reject"):
                form = ReasonsForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(reasons_form=form))
                if action == "return":
                    services.return_with_scores(proposal, by=by, reasons=form.cleaned_data["reasons"])
                    messages.success(request, f"{proposal.reference} returned to its authors with the scores.")
                else:
                    proposal_services.reject(proposal, by=by, reasons=form.cleaned_data["reasons"])
                    messages.success(request, f"{proposal.reference} rejected.")
                return redirect(proposal)
            else:
                raise Http404
        except (ValidationError, proposal_services.ProposalActionError) as error:
            messages.error(request, " ".join(error.messages))
        return redirect("scoring:summary", reference=proposal.reference)


class ReopenAssessmentView(LoginRequiredMixin, View):
    def post(self, request, pk):
        assessment = get_object_or_404(Assessment.objects.select_related("proposal"), pk=pk)
        if not request.user.has_perm("proposals.view_proposal", assessment.proposal):
            raise Http404
        form = ReopenForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(form.errors["reason"])
            services.reopen_assessment(assessment, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, f"{assessment.assessor.get_full_name()}'s assessment reopened.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("scoring:summary", reference=assessment.proposal.reference)
