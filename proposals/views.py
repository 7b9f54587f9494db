from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, ListView, TemplateView, View

from governance.enums import Stage
from governance.models import Body
from scoring.models import RubricLevel, RubricVersion
from scoring.services import summarise

from . import services
from .business_case import SECTIONS, SECTIONS_BY_KEY, missing_sections
from .enums import ProposalState, TriageQuestion
from .forms import (
    AcceptForAssessmentForm,
    AttachmentForm,
    FinanceLineFormSet,
    ProposalDetailsForm,
    ReasonForm,
    RiskFormSet,
    SecretaryTriageForm,
    TriageForm,
    section_form,
)
from .models import Attachment, Proposal, triage_outcome
from .rules import is_admin, is_committee_officer, is_proposal_author

TEXT_SECTION_KEYS = ("summary", "aspirations", "quality", "contracting", "delivery", "engagement")

NEXT_STEP_FOR_AUTHORS = {
    ProposalState.DRAFT: "Complete the business case and submit it",
    ProposalState.RETURNED: "Revise the business case and resubmit it",
    ProposalState.SUBMITTED: "None: the Clinical Leadership Group is triaging it",
    ProposalState.ASSESSMENT: "None: assessors are scoring it",
    ProposalState.QUALITY_ASSURANCE: "None: with the ICS Management Group for quality assurance",
    ProposalState.STAKEHOLDER_SIGNOFF: "None: with the Health Strategy Group for sign-off",
    ProposalState.FORMAL_APPROVAL: "None: with the statutory bodies for formal approval",
    ProposalState.APPROVED: "None: approved",
    ProposalState.PLACE_BASED: "Take it forward with your place (ICP)",
    ProposalState.REJECTED: "None: rejected",
    ProposalState.WITHDRAWN: "None: withdrawn",
}


class ProposalMixin(LoginRequiredMixin):
    """Loads the proposal named in the URL and checks, at object level, that the user may see it
    (404 otherwise: a draft should not even be known to exist) and may do what the view does."""

    permission = "proposals.view_proposal"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.proposal = get_object_or_404(
            Proposal.objects.select_related("lead_author", "sponsoring_workstream", "assessing_body"),
            reference=kwargs["reference"],
        )
        if not request.user.has_perm("proposals.view_proposal", self.proposal):
            raise Http404
        if not request.user.has_perm(self.permission, self.proposal):
            if self.permission == "proposals.edit_proposal" and is_proposal_author(request.user, self.proposal):
                messages.info(request, "This proposal has been submitted, so the business case can no longer be changed.")
                return redirect(self.proposal)
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(proposal=self.proposal, crumbs=self.crumbs(), **kwargs)

    def crumbs(self):
        user = self.request.user
        start = ("All proposals", reverse("proposals:list")) if (is_committee_officer | is_admin)(user) and not \
            is_proposal_author(user, self.proposal) else ("My proposals", reverse("proposals:mine"))
        crumbs = [start, (self.proposal.reference, self.proposal.get_absolute_url())]
        if self.permission == "proposals.edit_proposal":  # the business case's own pages
            crumbs.append(("Business case", reverse("proposals:tasks", args=[self.proposal.reference])))
        return crumbs

    def moved_on(self, error):
        messages.error(self.request, " ".join(error.messages))
        return redirect(self.proposal)


class MyProposalsView(LoginRequiredMixin, ListView):
    template_name = "proposals/my_proposals.html"
    context_object_name = "proposals"
    paginate_by = 25

    def get_queryset(self):
        user = self.request.user
        return (
            Proposal.objects.filter(pk__in=Proposal.objects.filter(Q(lead_author=user) | Q(co_authors=user)).values("pk"))
            .select_related("lead_author")
            .order_by("-updated_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = [(p, NEXT_STEP_FOR_AUTHORS[p.state]) for p in context["proposals"]]
        return context


class ProposalListView(LoginRequiredMixin, ListView):
    """Every proposal the user may see (committee officers see all submitted ones)."""

    template_name = "proposals/proposal_list.html"
    context_object_name = "proposals"
    paginate_by = 50

    def get_queryset(self):
        return (
            Proposal.objects.visible_to(self.request.user)
            .select_related("lead_author", "sponsoring_workstream")
            .order_by("-updated_at", "-pk")
        )


class ProposalCreateView(LoginRequiredMixin, FormView):
    template_name = "proposals/proposal_create.html"
    form_class = ProposalDetailsForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "lead_author": self.request.user}

    def form_valid(self, form):
        data = form.cleaned_data
        proposal = services.create_proposal(
            by=self.request.user, title=data["title"], sponsoring_workstream=data["sponsoring_workstream"],
            service_area=data["service_area"],
        )
        proposal.places.set(data["places"])
        proposal.co_authors.set(data["co_authors"])
        messages.success(self.request, f"{proposal.reference} created. Complete each section of the business case.")
        return redirect("proposals:tasks", reference=proposal.reference)


class TaskListView(ProposalMixin, TemplateView):
    permission = "proposals.edit_proposal"
    template_name = "proposals/task_list.html"

    def crumbs(self):
        return super().crumbs()[:-1]  # not a link to itself

    def get_context_data(self, **kwargs):
        proposal = self.proposal
        tasks = [(section, section.is_complete(proposal), section_url(proposal, section)) for section in SECTIONS]
        return super().get_context_data(
            tasks=tasks,
            completed=sum(1 for s, done, _ in tasks if s.required and done),
            required=sum(1 for s, _, _ in tasks if s.required),
            return_reasons=_return_reasons(proposal),
            **kwargs,
        )


SECTION_URL_NAMES = {"finance": "edit_finance", "risks": "edit_risks", "triage": "edit_triage",
                     "attachments": "attachments"}


def section_url(proposal, section):
    if section.key in SECTION_URL_NAMES:
        return reverse(f"proposals:{SECTION_URL_NAMES[section.key]}", args=[proposal.reference])
    return reverse("proposals:edit_section", args=[proposal.reference, section.key])


def _rubric_hints():
    """What the top level of each rubric category asks for, keyed by business case section."""
    levels = RubricLevel.objects.filter(category__rubric__is_active=True, score=5).select_related("category")
    return {
        level.category.key: f"To score 5 (Top) on “{level.category.name}”: {level.descriptor}" for level in levels
    }


class SectionEditView(ProposalMixin, FormView):
    """A text section of the business case (summary, aspirations, quality, contracting, …)."""

    permission = "proposals.edit_proposal"
    template_name = "proposals/section_form.html"

    def dispatch(self, request, *args, **kwargs):
        if kwargs["section"] not in TEXT_SECTION_KEYS:
            raise Http404
        self.section = SECTIONS_BY_KEY[kwargs["section"]]
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return section_form(self.section)

    def get_form_kwargs(self):
        hint = _rubric_hints().get(self.section.rubric_key, "")
        return {
            **super().get_form_kwargs(),
            "instance": self.proposal,
            "hints": {name: hint for name in self.section.text_fields},
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.section.title, **kwargs)

    def form_valid(self, form):
        try:
            services.save_business_case(self.proposal, by=self.request.user, form=form)
        except services.ProposalMovedOn as error:
            return self.moved_on(error)
        messages.success(self.request, f"“{self.section.title}” saved.")
        return redirect("proposals:tasks", reference=self.proposal.reference)


class DetailsEditView(ProposalMixin, FormView):
    permission = "proposals.edit_proposal"
    template_name = "proposals/section_form.html"
    form_class = ProposalDetailsForm
    extra_context = {"heading": "Proposal details"}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.proposal, "lead_author": self.proposal.lead_author}

    def form_valid(self, form):
        try:
            services.save_business_case(self.proposal, by=self.request.user, form=form)
        except services.ProposalMovedOn as error:
            return self.moved_on(error)
        messages.success(self.request, "Proposal details saved.")
        return redirect("proposals:tasks", reference=self.proposal.reference)


class FormSetSectionView(ProposalMixin, TemplateView):
    """A section made of rows (finance lines, risks), optionally with a text field above them."""

    permission = "proposals.edit_proposal"
    formset_class = None
    section_key = None
    template_name = "proposals/rows_form.html"

    def get_forms(self, data=None):
        section = SECTIONS_BY_KEY[self.section_key]
        form = None
        if section.text_fields:
            hint = _rubric_hints().get(section.rubric_key, "")
            form = section_form(section)(data, instance=self.proposal,
                                         hints={name: hint for name in section.text_fields})
        formset = self.formset_class(data, instance=self.proposal, prefix=self.section_key)
        return form, formset

    def get(self, request, *args, **kwargs):
        form, formset = self.get_forms()
        return self.render(form, formset)

    def post(self, request, *args, **kwargs):
        form, formset = self.get_forms(request.POST)
        if (form is None or form.is_valid()) and formset.is_valid():
            try:
                services.save_business_case(self.proposal, by=request.user, form=form, formset=formset)
            except services.ProposalMovedOn as error:
                return self.moved_on(error)
            if "add_row" in request.POST:
                messages.success(request, "Saved. Add another row below.")
                return redirect(request.path)
            messages.success(request, f"“{SECTIONS_BY_KEY[self.section_key].title}” saved.")
            return redirect("proposals:tasks", reference=self.proposal.reference)
        return self.render(form, formset)

    def render(self, form, formset):
        section = SECTIONS_BY_KEY[self.section_key]
        hint = _rubric_hints().get(section.rubric_key, "")
        return self.render_to_response(self.get_context_data(
            section=section, form=form, formset=formset, rubric_hint=hint, errors=error_list(form, formset),
        ))


class FinanceEditView(FormSetSectionView):
    formset_class = FinanceLineFormSet
    section_key = "finance"


class RisksEditView(FormSetSectionView):
    formset_class = RiskFormSet
    section_key = "risks"


class TriageEditView(ProposalMixin, FormView):
    permission = "proposals.edit_proposal"
    template_name = "proposals/triage_form.html"
    form_class = TriageForm

    def get_initial(self):
        return TriageForm.initial_for(self.proposal)

    def get_context_data(self, **kwargs):
        return super().get_context_data(question_3=TriageQuestion.LEADERSHIP_SUPPORT.label, **kwargs)

    def form_valid(self, form):
        try:
            services.record_triage(self.proposal, form.answers(), by=self.request.user)
        except services.ProposalMovedOn as error:
            return self.moved_on(error)
        messages.success(self.request, "Triage answers saved.")
        return redirect("proposals:tasks", reference=self.proposal.reference)


class AttachmentsView(ProposalMixin, FormView):
    permission = "proposals.edit_proposal"
    template_name = "proposals/attachments.html"
    form_class = AttachmentForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(attachments=self.proposal.attachments.all(), **kwargs)

    def form_valid(self, form):
        try:
            services.add_attachment(
                self.proposal, by=self.request.user, title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"], file=form.cleaned_data["file"],
                content_type=form.content_type, original_name=form.original_name,
            )
        except services.ProposalMovedOn as error:
            return self.moved_on(error)
        messages.success(self.request, f"“{form.cleaned_data['title']}” attached.")
        return redirect("proposals:attachments", reference=self.proposal.reference)


class AttachmentRemoveView(ProposalMixin, View):
    permission = "proposals.edit_proposal"

    def post(self, request, reference, pk):
        attachment = get_object_or_404(Attachment, pk=pk, proposal=self.proposal)
        try:
            services.remove_attachment(attachment, by=request.user)
        except services.ProposalMovedOn as error:
            return self.moved_on(error)
        messages.success(request, f"“{attachment.title}” removed.")
        return redirect("proposals:attachments", reference=reference)


class AttachmentDownloadView(ProposalMixin, View):
    """Attachments are never public media URLs: each download checks who may see the proposal."""

    def get(self, request, reference, pk):
        attachment = get_object_or_404(Attachment, pk=pk, proposal=self.proposal)
        response = FileResponse(
            attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
            content_type=attachment.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


class CheckAnswersView(ProposalMixin, TemplateView):
    permission = "proposals.edit_proposal"
    template_name = "proposals/check_answers.html"

    def get_context_data(self, **kwargs):
        proposal = self.proposal
        return super().get_context_data(
            missing=missing_sections(proposal), **business_case_context(proposal), **kwargs
        )

    def post(self, request, *args, **kwargs):
        submit = services.resubmit if self.proposal.state == ProposalState.RETURNED else services.submit
        try:
            submit(self.proposal, by=request.user)
        except services.ProposalMovedOn as error:
            return self.moved_on(error)
        except services.ActionRefused as error:
            errors = [("", message) for message in error.messages]
            return self.render_to_response(self.get_context_data(submit_errors=errors))
        messages.success(request, f"{self.proposal.reference} submitted. The Clinical Leadership Group will triage it.")
        return redirect(self.proposal)


def business_case_context(proposal):
    """What the business case summary (proposals/_business_case.html) shows."""
    return {
        "proposal_sections": [
            (s.key, s.title, getattr(proposal, s.text_fields[0]))
            for s in SECTIONS if s.key in TEXT_SECTION_KEYS
        ],
        "triage_answers": list(proposal.triage_answers.select_related("answered_by", "answered_on_behalf_of")),
        "finance_lines": list(proposal.finance_lines.all()),
        "risks": list(proposal.risks.all()),
        "attachments": list(proposal.attachments.all()),
        "places": list(proposal.places.all()),
        "co_authors": list(proposal.co_authors.all()),
    }


def error_list(form, formset):
    """(anchor, message) pairs for the error summary of a page with a form and a formset."""
    errors = []
    for bound in [form, *(formset.forms if formset is not None else [])]:
        if bound is None:
            continue
        errors += [(f"{bound.prefix}-error" if bound.prefix else "", e) for e in bound.non_field_errors()]
        errors += [(bound[name].id_for_label, e) for name, field_errors in bound.errors.items()
                   if name != "__all__" for e in field_errors]
    if formset is not None:
        errors += [("", e) for e in formset.non_form_errors()]
    return errors


def _return_reasons(proposal):
    if proposal.state != ProposalState.RETURNED:
        return None
    return proposal.events.filter(to_state=ProposalState.RETURNED).select_related("actor", "body").last()


class ProposalDetailView(ProposalMixin, TemplateView):
    template_name = "proposals/proposal_detail.html"

    def crumbs(self):
        return super().crumbs()[:1]

    def get_context_data(self, **kwargs):
        proposal = self.proposal
        user = self.request.user
        context = business_case_context(proposal)
        return super().get_context_data(
            can_edit=user.has_perm("proposals.edit_proposal", proposal),
            can_manage=user.has_perm("proposals.decide_proposal", proposal),
            owning_bodies=list(proposal.owning_bodies()) if proposal.state in (
                ProposalState.QUALITY_ASSURANCE, ProposalState.STAKEHOLDER_SIGNOFF, ProposalState.FORMAL_APPROVAL
            ) else [],
            return_reasons=_return_reasons(proposal),
            triage_outcome=triage_outcome({a.question: a.answer for a in context["triage_answers"]}),
            events=proposal.events.select_related("actor", "body", "meeting__body"),
            formal_approvals=proposal.formal_approvals.select_related("body", "meeting"),
            # Authors see their scores once the secretary releases them.
            score_summary=summarise(proposal) if user.has_perm("scoring.view_scores", proposal) else None,
            **context,
            **kwargs,
        )


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


class HowItWorksView(LoginRequiredMixin, TemplateView):
    """The route, the triage questions and the active rubric, all read from the data."""

    template_name = "proposals/how_it_works.html"

    def get_context_data(self, **kwargs):
        rubric = RubricVersion.objects.filter(is_active=True).prefetch_related("categories__levels").first()
        bodies = Body.objects.filter(is_active=True).order_by("name")
        stages = [(stage, [b for b in bodies if b.stage == stage]) for stage in Stage]
        return super().get_context_data(
            triage_questions=list(TriageQuestion), stages=stages, rubric=rubric, **kwargs
        )


def home(request):
    if not request.user.is_authenticated:
        return redirect("login")
    return redirect(reverse("proposals:mine"))
