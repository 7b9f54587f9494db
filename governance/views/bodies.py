"""The bodies: the list by stage, and a body's members, meetings and register of interests."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.generic import ListView, TemplateView

from ics_commissioning.permissions import can
from ics_commissioning.views import PageAction
from proposals.models import Proposal

from .. import memberships, services
from ..enums import Stage
from ..forms import (
    GiveRoleForm,
    MeetingForm,
    RegisterInterestForm,
)
from ..models import Body, Membership, RegisteredInterest, Route, RouteStage
from ..rules import is_admin, is_committee_officer
from .base import BodyPageMixin


class BodyListView(LoginRequiredMixin, ListView):
    template_name = "governance/body_list.html"
    context_object_name = "bodies"

    def get_queryset(self):
        return Body.objects.filter(is_active=True).order_by("name")

    def get_context_data(self, **kwargs):
        """The bodies by the stage they take part in, from the data: the stages they own on the default
        route, assessing (stage 1) and formally approving (stage 4); the rest are programme boards and
        other groups."""
        context = super().get_context_data(**kwargs)
        user = self.request.user
        mine = set(Membership.objects.filter(user=user).values_list("body_id", flat=True))
        # Its page opens for its members, committee officers and admins (governance.view_body): the rest see
        # its name, and a link to its public page if it meets in public. One query, not one per body.
        opens_all = (is_committee_officer | is_admin)(user)
        owned = set(RouteStage.objects.filter(route__in=Route.objects.defaults().values("pk")[:1], body__isnull=False)
                    .values_list("stage", "body_id"))
        in_stage = {stage: [] for stage in Stage}
        others = []
        for body in context["bodies"]:
            stages = {stage for stage, body_id in owned if body_id == body.pk}
            stages |= {Stage.DEVELOPMENT} if body.assesses_proposals else set()
            stages |= {Stage.FORMAL_APPROVAL} if body.makes_statutory_decisions else set()
            entry = (body, body.pk in mine, opens_all or body.pk in mine)
            for stage in sorted(stages):
                in_stage[stage].append(entry)
            if not stages:
                others.append(entry)
        context["stages"] = [(stage.label, bodies) for stage, bodies in in_stage.items()]
        context["stages"].append(("Programme boards and other groups", others))
        context["opens_all"] = opens_all
        return context


class BodyDetailView(BodyPageMixin, TemplateView):
    template_name = "governance/body_detail.html"

    def get_context_data(self, **kwargs):
        body, user = self.body, self.request.user
        now = timezone.now()
        meetings = list(body.meetings.all())
        managing = can(user, "governance.manage_body", body)
        return super().get_context_data(
            body=body,
            members=body.memberships.select_related("user").order_by("role", "user__last_name"),
            organisations=body.organisation_names(),
            route_roles=RouteStage.objects.filter(body=body, route__in=Route.objects.defaults().values("pk")[:1])
            .select_related("route"),
            places_served=[place.name for place in body.places_served.all()],
            interests=RegisteredInterest.objects.filter(body=body).select_related("user"),
            upcoming=sorted([m for m in meetings if m.starts_at >= now], key=lambda m: m.starts_at),
            past=[m for m in meetings if m.starts_at < now],
            managing=managing,
            owned_proposals=Proposal.objects.owned_by(body).order_by("reference") if managing else [],
            meeting_form=kwargs.pop("meeting_form", None) or MeetingForm(),
            role_form=kwargs.pop("role_form", None) or GiveRoleForm(),
            interest_form=kwargs.pop("interest_form", None) or RegisterInterestForm(members=self.members()),
            crumbs=[("Bodies", reverse("governance:bodies"))],
            **kwargs,
        )

    def members(self):
        return get_user_model().objects.filter(pk__in=self.body.memberships.values("user")).order_by("last_name")



class BodyActionView(PageAction, BodyDetailView):
    """One thing the secretary does from the body page: its form is posted here; with errors, the
    body page shows again."""

    permission = "governance.manage_body"

    def back_url(self):
        return reverse("governance:body", args=[self.body.pk])


class ArrangeMeetingView(BodyActionView):
    form_name = "meeting_form"

    def form(self):
        return MeetingForm(self.request.POST)

    def act(self, form):
        meeting = services.create_meeting(self.body, by=self.request.user, **form.cleaned_data)
        messages.success(self.request, f"Meeting of {meeting.starts_at:%-d %B %Y} arranged. Now set its agenda.")
        return redirect("governance:agenda", pk=meeting.pk)


class RegisterInterestView(BodyActionView):
    form_name = "interest_form"

    def form(self):
        return RegisterInterestForm(self.request.POST, members=self.members())

    def act(self, form):
        services.register_interest(self.body, by=self.request.user, **form.cleaned_data)
        messages.success(self.request, "Interest added to the register.")
        return redirect(self.back_url())


class GiveRoleView(BodyActionView):
    """The secretary gives someone a role on the body: found by the e-mail address they sign in with."""

    form_name = "role_form"

    def form(self):
        return GiveRoleForm(self.request.POST)

    def act(self, form):
        membership = memberships.give_role(self.body, by=self.request.user, **form.cleaned_data)
        messages.success(self.request, f"{membership.user.get_full_name() or membership.user} is now "
                                       f"{membership.get_role_display().lower()} of {self.body}.")
        return redirect(self.back_url())


class EndRoleView(BodyActionView):
    """Ending someone's role, after a check step."""

    http_method_names = ["get", "post"]

    def get_membership(self):
        return get_object_or_404(Membership.objects.select_related("user", "from_group"), pk=self.kwargs["membership_pk"],
                                 body=self.body)

    def get(self, request, *args, **kwargs):
        return render(request, "governance/end_role_check.html", {
            "body": self.body, "membership": self.get_membership(),
            "crumbs": [("Bodies", reverse("governance:bodies")), (self.body.name, self.back_url())],
        })

    def post(self, request, *args, **kwargs):
        membership = self.get_membership()
        memberships.end_role(membership, by=request.user)
        messages.success(request, f"{membership.user.get_full_name() or membership.user} is no longer "
                                  f"{membership.get_role_display().lower()} of {self.body}.")
        return redirect(self.back_url())
