"""Lists of proposals, the proposal page and the guide."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import ListView, TemplateView

from governance.confidential import withheld_from
from governance.enums import Stage
from governance.models import ChairsAction, Route
from ics_commissioning.pagination import paginate
from ics_commissioning.permissions import can
from procurement.enums import SelectionStatus
from procurement.rules import selection_open_to, selects_a_provider
from scoring.models import RubricVersion
from scoring.summary import summarise

from .. import versions
from ..business_case import LONG_FIELDS
from ..enums import ProposalState, TriageQuestion
from ..models import CaseVersion, FormalApproval, Proposal, triage_outcome
from ..rules import is_proposal_author
from ..stages import OwnerFrom, owner_of, with_whom
from .base import ProposalMixin, business_case_context, return_reasons, route_context

# What the authors do next where it is theirs to do, or where the route has ended; on the route,
# who has it (proposals.stages).
AUTHORS_NEXT_STEP = {
    ProposalState.DRAFT: "Complete the business case and submit it",
    ProposalState.RETURNED: "Revise the business case and resubmit it",
    ProposalState.APPROVED: "None: approved",
    ProposalState.PLACE_BASED: "Take it forward with your place (ICP)",
    ProposalState.REJECTED: "None: rejected",
    ProposalState.WITHDRAWN: "None: withdrawn",
}


def next_step_for_authors(proposal):
    if proposal.state in AUTHORS_NEXT_STEP:
        return AUTHORS_NEXT_STEP[proposal.state]
    return f"None: {with_whom(proposal)}"


class MyProposalsView(LoginRequiredMixin, ListView):
    template_name = "proposals/my_proposals.html"
    context_object_name = "proposals"
    paginate_by = 25

    def get_queryset(self):
        user = self.request.user
        return (
            Proposal.objects.filter(pk__in=Proposal.objects.filter(Q(lead_author=user) | Q(co_authors=user)).values("pk"))
            .select_related("lead_author", "route")
            .prefetch_related("route__stages")  # each proposal's next step names its route's stage
            .order_by("-updated_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = [(p, next_step_for_authors(p)) for p in context["proposals"]]
        return context


class ProposalListView(LoginRequiredMixin, TemplateView):
    """Every proposal the user may see (committee officers see all submitted ones), the latest
    change first, paginated by keyset (ics_commissioning.pagination): page 500 costs page 1's work."""

    template_name = "proposals/proposal_list.html"
    ordering = ("-updated_at", "-pk")
    paginate_by = 50

    def get_context_data(self, **kwargs):
        proposals = (
            Proposal.objects.visible_to(self.request.user)
            .select_related("lead_author", "sponsoring_workstream")
            .defer(*LONG_FIELDS)
        )
        page = paginate(proposals, self.ordering, self.request, self.paginate_by)
        return super().get_context_data(proposals=page, page_obj=page, **kwargs)


def provider_selection_context(user, proposal):
    if not selects_a_provider(proposal):
        return {}
    selection, may_start = selection_open_to(user, proposal)
    in_standstill = selection is not None and selection.status == SelectionStatus.STANDSTILL
    return {"provider_selection": selection, "may_start_selection": may_start,
            "standstill_days_left": selection.standstill_days_left() if in_standstill else None}


class ProposalDetailView(ProposalMixin, TemplateView):
    template_name = "proposals/proposal_detail.html"
    prefetch = ("co_authors",)  # listed on the page, and asked of in every permission check

    def get_queryset(self):
        # What a proposal has only late in its route, or rarely, asked in the proposal's own query: the page
        # reads each only where there is something to show.
        proposal = OuterRef("pk")
        return super().get_queryset().annotate(
            has_versions=Exists(CaseVersion.objects.filter(proposal=proposal)),
            has_formal_approvals=Exists(FormalApproval.objects.filter(proposal=proposal)),
            has_chairs_action_to_ratify=Exists(
                ChairsAction.objects.awaiting_ratification().filter(item__proposal=proposal)),
        )

    def crumbs(self):
        return super().crumbs()[:1]

    def get_context_data(self, **kwargs):
        proposal = self.proposal
        user = self.request.user
        context = business_case_context(proposal)
        # A draft of a new version stays with its authors: others read the version last submitted.
        if proposal.is_editable and not is_proposal_author(user, proposal):
            context.update(draft_withheld=True, submitted_version=versions.latest_version(proposal))
        owner = owner_of(proposal.state)
        # Whose meeting decides it next, for its secretary; stage 1 is run from the triage and score pages.
        decided_at_meetings = owner is not None and owner.tabled and owner.owner_from != OwnerFrom.ASSESSING_BODY
        return super().get_context_data(
            owning_bodies=proposal.owners()
            if decided_at_meetings and can(user, "proposals.decide_proposal", proposal) else [],
            return_reasons=return_reasons(proposal, user),
            triage_outcome=triage_outcome({a.question: a.answer for a in context["triage_answers"]}),
            events=with_minutes_withheld(user, proposal.events.select_related("actor", "body", "meeting__body")),
            formal_approvals=proposal.formal_approvals.select_related("body", "meeting")
            if proposal.has_formal_approvals else [],
            # Why this route: the route version it keeps, its stages, and the rule that chose it.
            **(route_context(proposal) if proposal.route_id else {}),
            # A chair's action that moved it, until its body ratifies it.
            awaiting_ratification=ChairsAction.objects.awaiting_ratification().filter(item__proposal=proposal)
            .select_related("item__meeting__body").first() if proposal.has_chairs_action_to_ratify else None,
            # Authors see their scores once the secretary releases them.
            score_summary=summarise(proposal) if can(user, "scoring.view_scores", proposal) else None,
            # Its commercial case buys services under the Provider Selection Regime: the selection's record.
            **provider_selection_context(user, proposal),
            **context,
            **kwargs,
        )


def with_minutes_withheld(user, events):
    """The timeline, each Part B minute the user may not read marked `withheld` (governance.confidential)."""
    events = list(events)
    withheld = withheld_from(user, events)
    for event in events:
        event.withheld = event.pk in withheld
    return events


class HowItWorksView(LoginRequiredMixin, TemplateView):
    """The route, the triage questions and the active rubric, all read from the data."""

    template_name = "proposals/how_it_works.html"

    def get_context_data(self, **kwargs):
        rubric = RubricVersion.objects.filter(is_active=True).prefetch_related("categories__levels").first()
        route = Route.objects.default()
        stages = list(route.stages.select_related("body")) if route else []
        assessing = next((s.body for s in stages if s.stage == Stage.DEVELOPMENT), None)
        return super().get_context_data(
            triage_questions=[q.wording(assessing) for q in TriageQuestion], assessing_body=assessing,
            route=route, stages=stages, rubric=rubric, **kwargs
        )


def home(request):
    if not request.user.is_authenticated:
        return redirect("login")
    return redirect(reverse("proposals:mine"))
