from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from scoring.services import summarise

from .business_case import SECTIONS
from .models import Proposal
from .rules import is_admin, is_committee_officer


class ProposalListView(LoginRequiredMixin, ListView):
    template_name = "proposals/proposal_list.html"
    context_object_name = "proposals"
    paginate_by = 50

    def get_queryset(self):
        return (
            Proposal.objects.visible_to(self.request.user)
            .select_related("lead_author", "sponsoring_workstream")
            .order_by("-updated_at", "-pk")
        )


class ProposalDetailView(LoginRequiredMixin, DetailView):
    template_name = "proposals/proposal_detail.html"
    context_object_name = "proposal"

    def get_object(self, queryset=None):
        proposal = get_object_or_404(
            Proposal.objects.select_related("lead_author", "sponsoring_workstream", "assessing_body"),
            reference=self.kwargs["reference"],
        )
        # 404 rather than 403: someone else's draft should not even be known to exist.
        if not self.request.user.has_perm("proposals.view_proposal", proposal):
            raise Http404
        return proposal

    def get_context_data(self, **kwargs):
        proposal = self.object
        return super().get_context_data(
            sections=[(s, s.is_complete(proposal)) for s in SECTIONS],
            triage_answers=proposal.triage_answers.select_related("answered_by", "answered_on_behalf_of"),
            triage_outcome=proposal.triage_outcome(),
            events=proposal.events.select_related("actor", "body", "meeting__body"),
            formal_approvals=proposal.formal_approvals.select_related("body", "meeting"),
            # Authors see their scores once the secretary releases them (scoring screens).
            score_summary=summarise(proposal) if (is_committee_officer | is_admin)(self.request.user) else None,
            finance_lines=proposal.finance_lines.all(),
            risks=proposal.risks.all(),
            **kwargs,
        )
