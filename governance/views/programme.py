"""
A body's forward work programme: its meetings ahead with what is already on their agendas, and the
proposals expected at the body that no meeting ahead has taken yet, from which the secretary plans
the agendas. A fixed number of queries however many meetings, items and proposals.
"""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from ics_commissioning.errors import ActionRefused
from ics_commissioning.permissions import can
from proposals.filters import LONGEST_IN_STAGE_FIRST
from proposals.models import Proposal
from proposals.pipeline import cards_for

from .. import services
from ..forms import AddToMeetingForm
from ..models import AgendaItem
from .base import BodyPageMixin


class ProgrammeView(BodyPageMixin, TemplateView):
    template_name = "governance/programme.html"

    def dispatch(self, request, *args, **kwargs):
        self.now = timezone.now()
        return super().dispatch(request, *args, **kwargs)

    def meetings_ahead(self):
        return self.body.meetings.filter(starts_at__gte=self.now).order_by("starts_at")

    def expected(self, meetings):
        """Proposals at the stage this body owns (the agenda editor's rule) on none of these agendas,
        longest in stage first. Only the items this user may see count, as on the pipeline: a Part B
        item does not tell someone outside the body where a proposal is going. And only proposals
        they may see at all: a member who is not a committee officer sees their own."""
        user = self.request.user
        tabled = {item.proposal_id for meeting in meetings for item in meeting.agenda if item.proposal_id}
        proposals = (
            Proposal.objects.visible_to(user).owned_by(self.body).exclude(pk__in=tabled)
            .select_related("lead_author").order_by(*LONGEST_IN_STAGE_FIRST)
        )
        return cards_for(proposals, user)

    def get_context_data(self, **kwargs):
        body, user = self.body, self.request.user
        meetings = list(self.meetings_ahead().prefetch_related(Prefetch(
            "items", to_attr="agenda",
            queryset=AgendaItem.objects.visible_to(user).select_related("proposal").order_by("order", "pk"),
        )))
        return super().get_context_data(
            body=body, meetings=meetings, expected=self.expected(meetings),
            # Raised for this body from outside its agendas (governance.escalations), waiting for a meeting.
            escalations=list(body.escalations.awaiting_a_meeting().select_related("proposal", "raised_for")),
            managing=can(user, "governance.manage_body", body), today=timezone.localdate(),
            crumbs=[("Bodies", reverse("governance:bodies")), (body.name, reverse("governance:body", args=[body.pk]))],
            **kwargs,
        )



class AddToMeetingView(ProgrammeView):
    """The secretary puts an expected proposal on the agenda of one of the meetings ahead."""

    permission = "governance.manage_body"
    http_method_names = ["post"]

    def back_url(self):
        return reverse("governance:programme", args=[self.body.pk])

    def post(self, request, pk):
        # The choices are checked again here: only this body's meetings still to come.
        form = AddToMeetingForm(request.POST, meetings=self.meetings_ahead(),
                                proposals=Proposal.objects.visible_to(request.user))
        if not form.is_valid():
            raise ActionRefused(*(e for errors in form.errors.values() for e in errors))
        meeting, proposal = form.cleaned_data["meeting"], form.cleaned_data["proposal"]
        services.add_proposal_to_agenda(meeting, proposal, by=request.user)
        messages.success(request, f"{proposal.reference} added to the agenda of "
                                  f"{timezone.localtime(meeting.starts_at):%-d %B %Y}.")
        return redirect(self.back_url())
