"""
Chair's action between meetings: the secretary records an urgent decision the chair took with one
other voting member (with a check step, as for any decision), and the next meeting ratifies it.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import TemplateView

from ics_commissioning.errors import ActionRefused, NotAllowed
from proposals.models import Proposal

from .. import services, voting
from ..enums import AgendaPart, DecisionOutcome
from ..forms import ChairsActionForm
from ..models import Membership
from .base import BodyPageMixin, MeetingMixin, hidden_answers


class ChairsActionView(BodyPageMixin, TemplateView):
    permission = "governance.manage_body"
    template_name = "governance/chairs_action.html"

    def setup_proposal(self):
        self.proposal = get_object_or_404(Proposal.objects.owned_by(self.body), pk=self.kwargs["proposal_pk"])
        outcomes = services.chairs_action_outcomes(self.proposal)
        chair = voting.chair_of(self.body)
        members = get_user_model().objects.filter(
            pk__in=Membership.objects.filter(body=self.body, is_voting=True).values("user")
        ).exclude(pk=getattr(chair, "pk", None)).order_by("last_name", "first_name")
        self.chair = chair
        self.form_kwargs = {"outcomes": outcomes, "members": members, "proposal": self.proposal,
                            "can_name_bodies": DecisionOutcome.SIGNED_OFF in outcomes}

    def crumbs(self):
        return [("Bodies", reverse("governance:bodies")), (self.body.name, reverse("governance:body", args=[self.body.pk]))]

    def get_context_data(self, **kwargs):
        self.setup_proposal()
        return super().get_context_data(
            body=self.body, proposal=self.proposal, chair=self.chair, next_meeting=services.next_meeting(self.body),
            form=kwargs.pop("form", None) or ChairsActionForm(**self.form_kwargs), crumbs=self.crumbs(), **kwargs,
        )

    def post(self, request, pk, proposal_pk):
        self.setup_proposal()
        form = ChairsActionForm(request.POST, **self.form_kwargs)
        if form.is_valid() and "change" not in request.POST:
            data = form.cleaned_data
            if request.POST.get("confirmed") != "yes":
                return self.check_step(form)
            try:
                services.take_chairs_action(
                    self.body, self.proposal, by=request.user, outcome=data["outcome"], reason=data["reason"],
                    concurring_member=data["concurring_member"], minute=data["minute"], part=data["part"],
                    formal_bodies=list(data.get("formal_bodies") or []),
                )
            except NotAllowed:
                raise
            except ActionRefused as refusal:
                form.add_error(None, refusal.messages)
            else:
                messages.success(request, f"Chair's action recorded on {self.proposal.reference}: it is on the next "
                                          "meeting's agenda for ratification.")
                return redirect(self.proposal.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form))

    def check_step(self, form):
        data = form.cleaned_data
        return TemplateResponse(self.request, "governance/chairs_action_check.html", {
            "body": self.body, "proposal": self.proposal, "chair": self.chair,
            "outcome": DecisionOutcome(data["outcome"]), "member": data["concurring_member"],
            "reason": data["reason"], "minute": data["minute"], "part": AgendaPart(data["part"]),
            "formal_bodies": list(data.get("formal_bodies") or []), "next_meeting": services.next_meeting(self.body),
            "answers": hidden_answers(self.request), "crumbs": self.crumbs(),
        })


class RatifyView(MeetingMixin, TemplateView):
    """The meeting ratifies a chair's action on its agenda, after a check page."""

    permission = "governance.manage_body"
    template_name = "governance/ratify.html"

    def get_context_data(self, **kwargs):
        item = get_object_or_404(self.items().filter(chairs_action__isnull=False), pk=self.kwargs["item_pk"])
        return super().get_context_data(item=item, action=item.chairs_action, quorum=voting.quorum_for(item), **kwargs)

    def post(self, request, pk, item_pk):
        item = get_object_or_404(self.items().filter(chairs_action__isnull=False), pk=item_pk)
        try:
            services.ratify_chairs_action(item, by=request.user)
        except NotAllowed:
            raise
        except ActionRefused as refusal:
            return self.render_to_response(self.get_context_data(refusal=refusal.messages))
        messages.success(request, f"Chair's action ratified: {item.title}.")
        return redirect("governance:meeting", pk=self.meeting.pk)
