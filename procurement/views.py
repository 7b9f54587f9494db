import csv

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from governance.enums import MeetingStatus
from governance.models import Meeting
from ics_commissioning import financial_years
from ics_commissioning.errors import NotAllowed
from ics_commissioning.permissions import can
from ics_commissioning.views import ObjectPermissionMixin
from proposals.pipeline import spreadsheet_safe
from proposals.views.base import ProposalMixin
from scoring.enums import AssessmentStatus, ScoreLevel

from . import forms, record, services
from .enums import RepresentationOutcome, SelectionStatus
from .models import Provider, ProviderAssessment, ProviderSelection, Representation
from .regime import standstill_ends
from .rules import deciding_bodies
from .summary import annual_summary, summary_rows

EDIT, MANAGE = services.EDIT, services.MANAGE
VIEW, REPRESENTATIONS = "procurement.view_selection", "procurement.view_representations"
S = SelectionStatus


def next_steps(selection, user):
    """[(what, URL)]: the pages of the selection this person can act on now."""
    may_edit, may_manage = can(user, EDIT, selection), can(user, MANAGE, selection)
    status, standstill = selection.status, selection.has_standstill
    steps = []
    if may_edit:
        steps += [("The process and why", "process"), ("The contract and the reasons for the choice", "contract"),
                  ("Providers considered, and the recommendation", "providers")]
        if selection.assesses_key_criteria:
            steps.append(("Weights of the key criteria", "weights"))
    if may_manage and status == S.PREPARING:
        steps.append(("Table the decision to award", "table"))
    if may_manage and status == S.DECIDED and standstill:
        steps.append(("Start the standstill", "standstill"))
    if status in (S.DECIDED, S.STANDSTILL, S.AWARDED):
        steps.append(("The notice's text", "notice"))
    if standstill and selection.notice_published_on and can(user, REPRESENTATIONS, selection):
        steps.append(("Representations", "representations"))
    if may_manage and (status == S.STANDSTILL or (status == S.DECIDED and not standstill)):
        steps.append(("Mark the contract awarded", "award"))
    if may_manage and status in (S.PREPARING, S.DECIDED, S.STANDSTILL):
        steps.append(("Abandon the provider selection", "abandon"))
    return [(what, reverse(f"procurement:{name}", args=[selection.proposal.reference])) for what, name in steps]


class SelectionMixin(ObjectPermissionMixin):
    """A page about the provider selection of the proposal named in the URL: 404 unless the user may see it,
    403 unless they may do what the page does."""

    object_name = "selection"
    view_permission = VIEW

    def get_object(self):
        return get_object_or_404(ProviderSelection.objects.select_related("proposal", "decision_item__meeting__body"),
                                 proposal__reference=self.kwargs["reference"])

    def back_url(self):
        return self.selection.get_absolute_url()

    def get_context_data(self, **kwargs):
        selection = self.selection
        crumbs = [(selection.proposal.reference, selection.proposal.get_absolute_url()),
                  ("Provider selection", selection.get_absolute_url())]
        return super().get_context_data(selection=selection, proposal=selection.proposal, crumbs=crumbs, **kwargs)


class SelectionView(SelectionMixin, TemplateView):
    """The record regulation 24 asks for, on one page, with what can be done next. Before the record is
    started, its authors are offered to start it (StartView); for anyone else there is nothing (404)."""

    template_name = "procurement/selection.html"

    def dispatch(self, request, *args, **kwargs):
        if not ProviderSelection.objects.filter(proposal__reference=kwargs["reference"]).exists():
            return StartView.as_view()(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        selection, user = self.selection, self.request.user
        context = {
            "record": record.build(selection, with_representations=can(user, REPRESENTATIONS, selection)),
            "problems": services.readiness_problems(selection) if selection.status == S.PREPARING else [],
            "next_steps": next_steps(selection, user),
            "in_standstill": selection.status == S.STANDSTILL,
            "wait": services.award_wait(selection),
            "days_left": selection.standstill_days_left(),
            "my_assessment": selection.assessments.filter(assessor=user).first(),
            "events": selection.events.select_related("actor"),
        }
        if can(user, EDIT, selection):
            context["assessor_form"] = kwargs.pop("assessor_form", None) or forms.AssessorForm(
                candidates=services.assessor_candidates(selection))
        return super().get_context_data(**context, **kwargs)


class StartView(ProposalMixin, TemplateView):
    """What the record is, and the button that starts it: for the proposal's authors."""

    template_name = "procurement/start.html"
    permission = "procurement.start_selection"

    def permission_refused(self, proposal):
        raise Http404  # nothing to show: no record, and not theirs to start

    def post(self, request, *args, **kwargs):
        selection = services.start_selection(self.proposal, by=request.user)
        return redirect(selection)


class FormView(SelectionMixin, TemplateView):
    """A page with one form: shown, then posted; with errors shown again; done, back to the record."""

    template_name = "procurement/form.html"
    permission = EDIT
    heading = caption = intro = button = ""

    def make_form(self, data=None):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.make_form())
        return super().get_context_data(heading=self.heading, intro=self.intro, button=self.button or "Save",
                                        **kwargs)

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        return self.act(form)

    def act(self, form):
        raise NotImplementedError


class ProcessView(FormView):
    template_name = "procurement/process_form.html"
    heading = "The process and why"
    intro = ("The commercial case's procurement route decides which processes are open. Each can only be followed "
             "when all its conditions are met.")

    def make_form(self, data=None):
        s = self.selection
        initial = {"process": s.process, "conditions": s.conditions_met, "justification": s.justification}
        return forms.ProcessForm(data, processes=services.processes_for(s), initial=initial)

    def act(self, form):
        services.choose_process(self.selection, by=self.request.user, **form.cleaned_data)
        messages.success(self.request, "Process saved.")
        return redirect(self.selection)


class ContractView(FormView):
    heading = "The contract"

    def make_form(self, data=None):
        s = self.selection
        return forms.ContractForm(data, initial={f: getattr(s, f) for f in (
            "contract_title", "services", "estimated_value", "contract_starts", "contract_ends", "reasons")})

    def act(self, form):
        services.save_contract(self.selection, by=self.request.user, **form.cleaned_data)
        messages.success(self.request, "Contract details saved.")
        return redirect(self.selection)


class WeightsView(FormView):
    heading = "How much each key criterion counts"
    intro = "Every key criterion counts (regulation 5). Give each a share of the whole, in per cent: together 100."

    def make_form(self, data=None):
        return forms.WeightsForm(data, weights={w.criterion: w.weight for w in self.selection.weights.all()})

    def act(self, form):
        services.save_weights(self.selection, form.cleaned_data, by=self.request.user)
        messages.success(self.request, "Weights saved.")
        return redirect(self.selection)


class ProvidersView(SelectionMixin, TemplateView):
    template_name = "procurement/providers.html"
    permission = EDIT

    def get_context_data(self, **kwargs):
        providers = list(self.selection.providers.all())
        several = bool(self.selection.rules and self.selection.rules.several_providers)
        kwargs.setdefault("provider_form", forms.ProviderForm())
        if providers:
            kwargs.setdefault("recommend_form", forms.RecommendForm(providers=providers, several=several))
        return super().get_context_data(providers=providers, **kwargs)

    def post(self, request, *args, **kwargs):
        if "recommend" in request.POST:
            providers = list(self.selection.providers.all())
            several = bool(self.selection.rules and self.selection.rules.several_providers)
            form = forms.RecommendForm(request.POST, providers=providers, several=several)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(recommend_form=form))
            services.recommend(self.selection, form.chosen(), by=request.user)
            messages.success(request, "Recommendation saved.")
            return redirect(self.selection)
        form = forms.ProviderForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(provider_form=form))
        provider = services.add_provider(self.selection, by=request.user, **form.cleaned_data)
        messages.success(request, f"{provider.name} added.")
        return redirect(request.path)

    def back_url(self):
        return reverse("procurement:providers", args=[self.selection.proposal.reference])


class CheckStep:
    """An action that cannot be undone: its form, then a check page with the answers and Change, then done."""

    check_heading = check_warning = confirm = ""
    warning_button = False

    def before_check(self, form):
        """Refuse (an ActionRefused) what the service would refuse, before the check page asks to confirm it."""

    def answers(self, form):
        """[(label, value shown)] for the check page."""
        return [(form.fields[name].label, value) for name, value in form.cleaned_data.items()]

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        if not form.is_valid() or "change" in request.POST:
            return self.render_to_response(self.get_context_data(form=form))
        self.before_check(form)
        if request.POST.get("confirmed") != "yes":
            hidden = [(k, v) for k in request.POST if k not in ("csrfmiddlewaretoken", "confirmed", "change")
                      for v in request.POST.getlist(k)]
            return render(request, "procurement/check.html", self.get_context_data(
                form=form, hidden=hidden, rows=self.answers(form), check_heading=self.check_heading,
                check_warning=self.check_warning, confirm=self.confirm, warning_button=self.warning_button))
        return self.act(form)


class RemoveProviderView(SelectionMixin, TemplateView):
    template_name = "procurement/check.html"
    permission = EDIT

    def get_context_data(self, **kwargs):
        provider = get_object_or_404(Provider, pk=self.kwargs["pk"], selection=self.selection)
        return super().get_context_data(
            provider=provider, check_heading=f"Remove {provider.name}?",
            check_warning="Any scores the assessors have given it are deleted with it.", confirm="Remove the provider",
            warning_button=True, rows=[("Provider", provider.name), ("Address", provider.address)], hidden=[],
            **kwargs)

    def post(self, request, *args, **kwargs):
        provider = get_object_or_404(Provider, pk=self.kwargs["pk"], selection=self.selection)
        if request.POST.get("confirmed") != "yes":
            return redirect(request.path)
        services.remove_provider(provider, by=request.user)
        messages.success(request, f"{provider.name} removed.")
        return redirect("procurement:providers", self.selection.proposal.reference)


class NameAssessorView(SelectionView):
    http_method_names = ["post"]
    permission = EDIT

    def post(self, request, *args, **kwargs):
        form = forms.AssessorForm(request.POST, candidates=services.assessor_candidates(self.selection))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(assessor_form=form))
        assessment = services.name_assessor(self.selection, form.person(), by=request.user)
        messages.success(request, f"{assessment.assessor.get_full_name()} named to score the providers.")
        return redirect(self.selection)


class TableView(FormView):
    permission = MANAGE
    heading = "Table the decision to award"
    intro = ("The selection goes to a meeting of a body that decides the award as a paper asking it to approve the "
             "award. Its decision is taken there, with the meeting's quorum, votes and declared interests.")
    button = "Add to the agenda"

    def meetings(self):
        """The meetings of the deciding bodies whose agenda can still take a paper: coming, or in session."""
        return Meeting.objects.filter(
            body__in=deciding_bodies(self.selection.proposal), status__in=MeetingStatus.agenda_open(),
        ).select_related("body").order_by("starts_at")

    def make_form(self, data=None):
        return forms.TableForm(data, meetings=self.meetings())

    def act(self, form):
        item = services.table(self.selection, form.cleaned_data["meeting"], by=self.request.user,
                              part=form.cleaned_data["part"])
        messages.success(self.request, f"Added to the agenda of the {item.meeting.body}, "
                                       f"{timezone.localtime(item.meeting.starts_at):%-d %B %Y}.")
        return redirect(self.selection)


class NoticeView(SelectionMixin, TemplateView):
    template_name = "procurement/notice.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(notice=record.notice_text(record.build(self.selection)), **kwargs)


class StandstillView(CheckStep, FormView):
    permission = MANAGE
    heading = "Start the standstill"
    intro = ("Record the day the notice of intention to award was published. The standstill begins the next day; "
             "providers may make written representations until midnight at the end of the 8th working day after it "
             "begins (regulation 12).")
    check_heading = "Check the standstill before you start it"
    check_warning = "Once started, the standstill's dates are part of the record and cannot be changed."
    confirm = "Start the standstill"

    def make_form(self, data=None):
        return forms.NoticeForm(data)

    def before_check(self, form):
        services.check_notice_date(self.selection, form.cleaned_data["published_on"])

    def answers(self, form):
        day = form.cleaned_data["published_on"]
        return [("Notice published", services.long_date(day)),
                ("Representations until", f"Midnight at the end of {services.long_date(standstill_ends(day))}")]

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except services.NotAWorkingDay as refusal:
            # Nothing saved: the form comes back with the next working day filled in, and says why.
            form = forms.NoticeForm(initial={"published_on": refusal.suggested})
            messages.error(request, " ".join(refusal.messages))
            return self.render_to_response(self.get_context_data(form=form))

    def act(self, form):
        services.publish_notice(self.selection, by=self.request.user, published_on=form.cleaned_data["published_on"])
        messages.success(self.request, "Standstill started.")
        return redirect(self.selection)


class AwardView(CheckStep, FormView):
    permission = MANAGE
    heading = "Mark the contract awarded"
    button = "Continue"
    check_heading = "Check the award before you record it"
    check_warning = "This cannot be undone. The award closes the record of this selection."
    confirm = "Mark the contract awarded"

    def make_form(self, data=None):
        return forms.AwardForm(data, initial={"awarded_on": timezone.localdate()})

    def answers(self, form):
        providers = ", ".join(p.name for p in self.selection.providers.filter(is_recommended=True))
        return [("Contract", self.selection.contract_title), ("Awarded to", providers),
                ("Awarded on", services.long_date(form.cleaned_data["awarded_on"]))]

    def act(self, form):
        services.award(self.selection, by=self.request.user, awarded_on=form.cleaned_data["awarded_on"])
        messages.success(self.request, "Contract awarded.")
        return redirect(self.selection)


class AbandonView(CheckStep, FormView):
    permission = MANAGE
    heading = "Abandon the provider selection"
    button = "Continue"
    check_heading = "Abandon this provider selection?"
    check_warning = "This cannot be undone: a new procurement starts a new record."
    confirm = "Abandon it"
    warning_button = True

    def make_form(self, data=None):
        return forms.AbandonForm(data)

    def act(self, form):
        services.abandon(self.selection, by=self.request.user, reason=form.cleaned_data["reason"])
        messages.success(self.request, "Provider selection abandoned.")
        return redirect(self.selection)


class RepresentationsView(SelectionMixin, TemplateView):
    """The representations, private to the decision-makers; the secretary logs them here."""

    template_name = "procurement/representations.html"
    permission = REPRESENTATIONS

    def get_context_data(self, **kwargs):
        selection = self.selection
        may_manage = can(self.request.user, MANAGE, selection)
        in_standstill = selection.status == S.STANDSTILL
        if may_manage and in_standstill:
            kwargs.setdefault("form", forms.RepresentationForm())
        return super().get_context_data(representations=selection.representations.all(), may_manage=may_manage,
                                        in_standstill=in_standstill, **kwargs)

    def post(self, request, *args, **kwargs):
        if not can(request.user, MANAGE, self.selection):
            raise PermissionDenied
        form = forms.RepresentationForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        services.log_representation(self.selection, by=request.user, **form.cleaned_data)
        messages.success(request, "Representation logged. The award waits until it has been reviewed and answered.")
        return redirect(request.path)

    def back_url(self):
        return reverse("procurement:representations", args=[self.selection.proposal.reference])


class RespondView(CheckStep, FormView):
    permission = MANAGE
    heading = "Respond to the representation"
    button = "Continue"
    check_heading = "Check the further decision before you record it"
    check_warning = ("This closes the representation. Going back to an earlier step reopens the selection; "
                     "abandoning ends it.")
    confirm = "Record the further decision"

    @property
    def representation(self):
        return get_object_or_404(Representation, pk=self.kwargs["pk"], selection=self.selection)

    def get_context_data(self, **kwargs):
        return super().get_context_data(representation=self.representation, **kwargs)

    def make_form(self, data=None):
        return forms.ResponseForm(data)

    def answers(self, form):
        data = form.cleaned_data
        return [("From", self.representation.provider_name), ("Response", data["response"]),
                ("Further decision", RepresentationOutcome(data["outcome"]).label),
                ("Sent on", services.long_date(data["communicated_on"]))]

    def act(self, form):
        services.close_representation(self.representation, by=self.request.user, **form.cleaned_data)
        messages.success(self.request, "Further decision recorded.")
        return redirect("procurement:representations", self.selection.proposal.reference)


class AssessmentView(ObjectPermissionMixin, TemplateView):
    """A named assessor's page: declare interests, then score each provider on each key criterion."""

    template_name = "procurement/assessment.html"
    object_name = "assessment"
    view_permission = "procurement.view_assessment"

    def get_object(self):
        return get_object_or_404(ProviderAssessment.objects.select_related("selection__proposal"), pk=self.kwargs["pk"])

    def back_url(self):
        return reverse("procurement:assessment", args=[self.assessment.pk])

    def scores_form(self, data=None, submitting=False):
        saved = {(s.provider_id, s.criterion): s for s in self.assessment.scores.all()}
        return forms.ProviderScoresForm(data, providers=list(self.assessment.selection.providers.all()), saved=saved,
                                        submitting=submitting)

    def get_context_data(self, **kwargs):
        a = self.assessment
        context = {"assessment": a, "selection": a.selection, "proposal": a.selection.proposal,
                   "levels": ScoreLevel.choices}
        if a.has_interest is None:
            context.setdefault("interest_form", forms.InterestForm())
        elif a.status == AssessmentStatus.SUBMITTED or a.has_interest or a.selection.status != S.PREPARING:
            context["given"] = a.scores.select_related("provider")
        else:
            context.setdefault("form", self.scores_form())
        return super().get_context_data(**{**context, **kwargs})

    def post(self, request, *args, **kwargs):
        if "has_interest" in request.POST:
            form = forms.InterestForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(interest_form=form))
            services.declare_interest(self.assessment, by=request.user, **form.cleaned_data)
            if form.cleaned_data["has_interest"]:
                messages.info(request, "Interest declared. You will not score these providers.")
            return redirect(request.path)
        if self.assessment.has_interest:
            raise NotAllowed("You declared an interest, so you cannot score these providers.")
        submitting = "submit" in request.POST
        form = self.scores_form(request.POST, submitting=submitting)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        services.record_scores(self.assessment, form.scores(), by=request.user, submit=submitting)
        messages.success(request, "Scores submitted." if submitting else "Draft saved.")
        return redirect(self.assessment.selection if submitting else request.path)


class AnnualSummaryView(LoginRequiredMixin, TemplateView):
    """Regulation 25's annual summary, for a financial year, and every decision in it as CSV."""

    template_name = "procurement/annual_summary.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can(request.user, "procurement.view_annual_summary"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        this_year = financial_years.financial_year_of(timezone.localdate())
        years = [(y, financial_years.short_name(y)) for y in range(this_year, 2023 - 1, -1)]
        form = forms.SummaryForm(request.GET or {"year": this_year}, years=years)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        year = form.cleaned_data["year"]
        if request.GET.get("format") == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="provider-selection-{year}.csv"'
            writer = csv.writer(response)
            for row in summary_rows(year):
                writer.writerow([spreadsheet_safe(cell) for cell in row])
            return response
        return self.render_to_response(self.get_context_data(form=form, year=year, summary=annual_summary(year),
                                                             year_name=financial_years.short_name(year)))
