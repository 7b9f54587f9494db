"""The author writes the business case section by section, attaches documents, checks and submits."""

from functools import cached_property

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.generic import FormView, TemplateView, View

from governance.enums import CaseDocument, SectionKind
from ics_commissioning.documents import download
from ics_commissioning.errors import ActionRefused, MovedOn

from .. import business_case, services
from ..enums import TriageQuestion
from ..forms import (
    AttachmentForm,
    FinanceLineForm,
    FinanceLineFormSet,
    OptionFormSet,
    ProposalDetailsForm,
    RiskFormSet,
    SectionForm,
    TriageForm,
    changed_values,
    formset_rows,
)
from ..models import Attachment
from ..rules import available_actions
from ..stages import with_whom
from .base import (
    ProposalMixin,
    business_case_context,
    error_list,
    return_reasons,
    route_context,
    rubric_hints,
    section_url,
)


class ProposalCreateView(LoginRequiredMixin, FormView):
    template_name = "proposals/proposal_create.html"
    form_class = ProposalDetailsForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "lead_author": self.request.user}

    def form_valid(self, form):
        proposal = services.create_proposal(by=self.request.user, **form.cleaned_data)
        messages.success(self.request, f"{proposal.reference} created. Complete each section of the business case.")
        return redirect("proposals:tasks", reference=proposal.reference)


class TaskListView(ProposalMixin, TemplateView):
    """The document the proposal is at, section by section: the outline, or the full business case."""

    permission = "proposals.edit_proposal"
    template_name = "proposals/task_list.html"

    def crumbs(self):
        return super().crumbs()[:-1]  # not a link to itself

    def get_context_data(self, **kwargs):
        proposal = self.proposal
        tasks = [(section, business_case.is_complete(proposal, section), section_url(proposal, section))
                 for section in business_case.sections(proposal)]
        return super().get_context_data(
            tasks=tasks,
            completed=sum(1 for s, done, _ in tasks if s.required and done),
            required=sum(1 for s, _, _ in tasks if s.required),
            return_reasons=return_reasons(proposal, self.request.user),
            **kwargs,
        )


class SectionMixin(ProposalMixin):
    """A section of the document the proposal is at, named in the URL by its key or found by its kind:
    404 if that document has no such section (a full case section before the assessing body's support)."""

    permission = "proposals.edit_proposal"
    kind = None

    @cached_property
    def section(self):
        found = [s for s in business_case.sections(self.proposal)
                 if (s.kind == self.kind if self.kind else s.key == self.kwargs.get("section"))]
        if not found or (self.kind is None and found[0].kind not in (SectionKind.TEXT, SectionKind.PROCUREMENT)):
            raise Http404
        return found[0]

    def hint(self):
        return rubric_hints().get(self.section.rubric_key, "")

    def require_section(self):
        """Before acting: 404 where the document has no such section."""
        return self.section


class SectionEditView(SectionMixin, FormView):
    """A text section of the business case (summary, aspirations, the five cases' text, …)."""

    template_name = "proposals/section_form.html"
    form_class = SectionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "section": self.section, "hint": self.hint()}

    def get_initial(self):
        return dict(business_case.words(self.proposal, self.proposal.document))

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.section.title, **kwargs)

    def form_valid(self, form):
        services.save_business_case(self.proposal, by=self.request.user, words=form.cleaned_data)
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
        services.save_business_case(self.proposal, by=self.request.user, fields=changed_values(form))
        messages.success(self.request, "Proposal details saved.")
        return redirect("proposals:tasks", reference=self.proposal.reference)


class FormSetSectionView(SectionMixin, TemplateView):
    """A section made of rows (finance lines, risks, options), optionally with a text field above them."""

    formset_class = None
    rows = None  # the section of rows in services.save_business_case
    row_name = "row"
    template_name = "proposals/rows_form.html"

    def get_forms(self, data=None):
        form = None
        if self.kind == SectionKind.FINANCE:
            initial = business_case.words(self.proposal, self.proposal.document)
            form = SectionForm(data, section=self.section, hint=self.hint(), initial=initial)
        formset = self.formset_class(data, instance=self.proposal, prefix=self.rows)
        return form, formset

    def get(self, request, *args, **kwargs):
        form, formset = self.get_forms()
        return self.render(form, formset)

    def post(self, request, *args, **kwargs):
        self.require_section()
        form, formset = self.get_forms(request.POST)
        if (form is None or form.is_valid()) and formset.is_valid():
            services.save_business_case(
                self.proposal, by=request.user, words=form.cleaned_data if form is not None else None,
                rows={self.rows: formset_rows(formset)},
            )
            if "add_row" in request.POST:
                messages.success(request, "Saved. Add another row below.")
                return redirect(request.path)
            messages.success(request, f"“{self.section.title}” saved.")
            return redirect("proposals:tasks", reference=self.proposal.reference)
        return self.render(form, formset)

    def render(self, form, formset):
        return self.render_to_response(self.get_context_data(
            section=self.section, form=form, formset=formset, rubric_hint=self.hint(), row_name=self.row_name,
            rows_heading=self.rows_heading, errors=error_list(form, formset), finance_columns=FinanceLineForm.COLUMNS,
            can_add=formset.total_form_count() < formset.max_num,
        ))


class FinanceEditView(FormSetSectionView):
    """The finance section: its summary, then a table of quarters. "Add another quarter" adds an empty row in
    place (htmx: the row, and the formset's count, from `?row=N`); without JavaScript it saves and reloads."""

    formset_class = FinanceLineFormSet
    kind = SectionKind.FINANCE
    rows = "finance_lines"
    row_name = "quarter"
    rows_heading = "Capital and revenue spend and savings by quarter"
    template_name = "proposals/finance_form.html"

    def get(self, request, *args, **kwargs):
        if request.headers.get("HX-Request") and "row" in request.GET:
            return self.new_row(request.GET["row"])
        return super().get(request, *args, **kwargs)

    def new_row(self, index):
        formset = self.formset_class(instance=self.proposal, prefix=self.rows)
        if not index.isdecimal() or not formset.initial_form_count() <= int(index) < formset.max_num:
            return HttpResponseBadRequest("No such row")
        index = int(index)
        return render(self.request, "proposals/_finance_new_row.html", {
            "row": formset.new_row(index), "number": index + 1, "total": index + 1,
            "finance_columns": FinanceLineForm.COLUMNS,
            "prefix": self.rows, "more": index + 1 < formset.max_num,
        })


class RisksEditView(FormSetSectionView):
    formset_class = RiskFormSet
    kind = SectionKind.RISKS
    rows = "risks"
    row_name = "risk"
    rows_heading = "Risk register"


class OptionsEditView(FormSetSectionView):
    formset_class = OptionFormSet
    kind = SectionKind.OPTIONS
    rows = "options"
    row_name = "option"
    rows_heading = "Options considered"


class TriageEditView(SectionMixin, FormView):
    kind = SectionKind.TRIAGE
    template_name = "proposals/triage_form.html"
    form_class = TriageForm

    def get_initial(self):
        return TriageForm.initial_for(self.proposal)

    def get_context_data(self, **kwargs):
        return super().get_context_data(question_3=TriageQuestion.LEADERSHIP_SUPPORT.wording(self.proposal.triaging_body()),
            triaging_body=self.proposal.triaging_body(), **kwargs)

    def get(self, request, *args, **kwargs):
        self.require_section()
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        self.require_section()
        services.record_triage(self.proposal, form.answers(), by=self.request.user)
        messages.success(self.request, "Triage answers saved.")
        return redirect("proposals:tasks", reference=self.proposal.reference)


class AttachmentsView(ProposalMixin, FormView):
    permission = "proposals.edit_proposal"
    template_name = "proposals/attachments.html"
    form_class = AttachmentForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(attachments=self.proposal.attachments.all(), **kwargs)

    def form_valid(self, form):
        services.add_attachment(
            self.proposal, by=self.request.user, title=form.cleaned_data["title"],
            kind=form.cleaned_data["kind"], file=form.cleaned_data["file"],
            content_type=form.content_type, original_name=form.original_name,
        )
        messages.success(self.request, f"“{form.cleaned_data['title']}” attached.")
        return redirect("proposals:attachments", reference=self.proposal.reference)


class AttachmentRemoveView(ProposalMixin, View):
    permission = "proposals.edit_proposal"

    def post(self, request, reference, pk):
        attachment = get_object_or_404(Attachment, pk=pk, proposal=self.proposal)
        services.remove_attachment(attachment, by=request.user)
        messages.success(request, f"“{attachment.title}” removed.")
        return redirect("proposals:attachments", reference=reference)


class AttachmentDownloadView(ProposalMixin, View):
    """Attachments are never public media URLs: each download checks who may see the proposal."""

    def get(self, request, reference, pk):
        attachment = get_object_or_404(Attachment, pk=pk, proposal=self.proposal)
        return download(attachment.file, filename=attachment.original_name, content_type=attachment.content_type)


class CheckAnswersView(ProposalMixin, TemplateView):
    permission = "proposals.edit_proposal"
    template_name = "proposals/check_answers.html"

    def get_context_data(self, **kwargs):
        proposal = self.proposal
        return super().get_context_data(
            missing=business_case.missing_sections(proposal), **route_context(proposal),
            **business_case_context(proposal), **kwargs
        )

    def post(self, request, *args, **kwargs):
        actions = available_actions(self.proposal, request.user)
        submit = (services.submit_full_case if "submit_full_case" in actions
                  else services.resubmit if "resubmit" in actions else services.submit)
        try:
            submit(self.proposal, by=request.user)
        except MovedOn:
            raise
        except ActionRefused as error:  # not ready yet: the reasons go beside the button
            errors = [("", message) for message in error.messages]
            return self.render_to_response(self.get_context_data(submit_errors=errors))
        if self.proposal.document == CaseDocument.FULL:
            messages.success(request, f"{self.proposal.reference}: the full business case is submitted, "
                                      f"{with_whom(self.proposal)}.")
        else:
            triaging = self.proposal.owning_bodies().first()
            messages.success(request, f"{self.proposal.reference} submitted. The {triaging} will triage it.")
        return redirect(self.proposal)


class WithdrawView(ProposalMixin, TemplateView):
    """The authors withdraw a proposal that has not been decided, with an optional reason."""

    permission = "proposals.withdraw_proposal"
    template_name = "proposals/withdraw.html"

    def post(self, request, reference):
        # Not through a form: drop NUL characters here, which PostgreSQL cannot store.
        reason = request.POST.get("reason", "").replace("\x00", "").strip()
        services.withdraw(self.proposal, by=request.user, reason=reason)
        messages.success(request, f"{self.proposal.reference} withdrawn.")
        return redirect(self.proposal)
