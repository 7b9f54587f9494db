"""
The analysts' read-only API (/api/v1/): exactly what the user may see in the pages, through the
same queryset rules (Proposal/Meeting/AgendaItem/Decision .visible_to), as JSON, keyset-paginated.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import redirect
from django.views.generic import TemplateView
from rest_framework import viewsets
from rest_framework.authtoken.models import Token

from governance.confidential import withheld_from
from governance.enums import AgendaPart, PackStatus
from governance.models import AgendaItem, BoardPack, Body, Decision, Meeting, Route, RouteStage
from ics_commissioning.permissions import can
from proposals.models import Proposal, ProposalEvent, TriageAnswer
from scoring.enums import AssessmentStatus
from scoring.rules import scores_visible_to
from scoring.summary import summarise_many

from .filters import MeetingFilter, ProposalFilter
from .serializers import (
    BodySerializer,
    MeetingDetailSerializer,
    MeetingSerializer,
    ProposalDetailSerializer,
    ProposalSerializer,
)


def default_route_stages(via=""):
    """What BodySerializer says of the stages each body owns on the default route, read in one query."""
    return Prefetch(f"{via}route_stages", to_attr="default_route_stages", queryset=RouteStage.objects.filter(
        route__in=Route.objects.defaults().values("pk")[:1]).order_by("stage"))


class ProposalViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "reference"
    filterset_class = ProposalFilter

    def get_queryset(self):
        return (
            Proposal.objects.visible_to(self.request.user)
            .select_related("lead_author", "sponsoring_workstream")
            .prefetch_related("places")
        )

    def get_serializer_class(self):
        return ProposalDetailSerializer if self.action == "retrieve" else ProposalSerializer

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        # Each proposal's scores for those who may see them (scoring.view_scores), in a fixed number of queries.
        visible = scores_visible_to(request.user, page)
        summaries = summarise_many([proposal for proposal in page if proposal.pk in visible])
        serializer = self.get_serializer(page, many=True, context={**self.get_serializer_context(),
                                                                   "summaries": summaries})
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request, *args, **kwargs):
        proposal = self.get_object()
        user = request.user
        may_see_scores = can(user, "scoring.view_scores", proposal)
        summaries = summarise_many([proposal]) if may_see_scores else {}
        assessments = [
            {"assessor": a.assessor.get_full_name() or a.assessor.username, "status": a.status,
             "scores": {str(s.category.name): s.score for s in a.scores.all()}}
            for a in proposal.assessments.select_related("assessor").prefetch_related("scores__category")
            if a.assessor_id == user.pk or (may_see_scores and a.status == AssessmentStatus.SUBMITTED)
        ]
        decisions = Decision.objects.visible_to(user).filter(item__proposal=proposal).select_related(
            "item__meeting__body").order_by("item__meeting__starts_at")
        proposal = Proposal.objects.prefetch_related(
            "places", Prefetch("triage_answers", queryset=TriageAnswer.objects.select_related("answered_on_behalf_of")),
            Prefetch("events", queryset=ProposalEvent.objects.select_related("body", "meeting__body")),
        ).select_related("lead_author", "sponsoring_workstream").get(pk=proposal.pk)
        context = {**self.get_serializer_context(), "summaries": summaries, "assessments": assessments,
                   "decisions": list(decisions), "withheld": withheld_from(user, proposal.events.all())}
        return JsonResponse(ProposalDetailSerializer(proposal, context=context).data)


class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    filterset_class = MeetingFilter

    def get_queryset(self):
        return Meeting.objects.visible_to(self.request.user).select_related("body").prefetch_related(
            "body__organisations", default_route_stages("body__")
        )

    def get_serializer_class(self):
        return MeetingDetailSerializer if self.action == "retrieve" else MeetingSerializer

    def get_object(self):
        meeting = super().get_object()
        user = self.request.user
        meeting.visible_items = list(
            AgendaItem.objects.visible_to(user).filter(meeting=meeting).select_related("proposal", "decision")
            .order_by("order", "pk")
        )
        parts = [AgendaPart.PUBLIC]
        if can(user, "governance.view_confidential", meeting.body):
            parts.append(AgendaPart.CONFIDENTIAL)
        packs = list(BoardPack.objects.filter(meeting=meeting, part__in=parts, status=PackStatus.READY)
                     .order_by("part", "-version"))
        latest = {}
        for pack in packs:
            latest.setdefault(pack.part, pack.pk)
            pack.is_latest = latest[pack.part] == pack.pk  # only the latest version is downloadable
        meeting.visible_packs = packs
        return meeting


class BodyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = BodySerializer

    def get_queryset(self):
        return Body.objects.filter(is_active=True).prefetch_related("organisations", default_route_stages())


def not_found(request, *args, **kwargs):
    return JsonResponse({"detail": "There is no such address in this API. See /api/v1/schema/."}, status=404)


class TokenView(LoginRequiredMixin, TemplateView):
    """A person's API token: create one, see it, or revoke it. The API gives what the pages give."""

    template_name = "api/token.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(token=Token.objects.filter(user=self.request.user).first(), **kwargs)

    def post(self, request):
        Token.objects.filter(user=request.user).delete()
        if "revoke" in request.POST:
            messages.success(request, "Your API token is revoked: programs using it can no longer sign in.")
        else:
            Token.objects.create(user=request.user)
            messages.success(request, "A new API token is ready. Any earlier token no longer works.")
        return redirect("api:token")
