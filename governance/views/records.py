"""
What a meeting leaves behind: the actions its decisions raise, and its minutes (drafted by the
secretary, approved by the body's next meeting, printed to PDF by the worker).
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView, View

from ics_commissioning.documents import download
from ics_commissioning.errors import ActionRefused
from ics_commissioning.permissions import can

from .. import minutes as minutes_services
from .. import services
from ..enums import ActionStatus, AgendaPart, MeetingStatus
from ..forms import ActionForm, MinutesForm
from ..models import Action, Decision, Minutes
from .base import BodyPageMixin, MeetingMixin, posted_pk


def body_people(body):
    """Who can own a body's actions: its members, in name order."""
    return get_user_model().objects.filter(memberships__body=body, is_active=True).distinct().order_by(
        "last_name", "first_name"
    )


class RaiseActionView(MeetingMixin, View):
    permission = "governance.manage_body"

    def post(self, request, pk, item_pk):
        decision = get_object_or_404(Decision, item__in=self.items(), item_id=item_pk)
        form = ActionForm(request.POST, people=body_people(self.meeting.body))
        if not form.is_valid():
            raise ActionRefused(*(e for errors in form.errors.values() for e in errors))
        services.raise_action(decision, by=request.user, **form.cleaned_data)
        messages.success(request, f"Action recorded for {form.cleaned_data['owner'].get_full_name()}.")
        return redirect(self.back_url())


class MinutesView(MeetingMixin, TemplateView):
    """The minutes of a held meeting: read by anyone who may see the body (Part B items only by its
    members), drafted and edited by its secretary until the next meeting approves them."""

    template_name = "governance/minutes.html"

    def back_url(self):
        return reverse("governance:minutes", args=[self.meeting.pk])

    def get_minutes(self):
        return Minutes.objects.filter(meeting=self.meeting).select_related("updated_by").first()

    def get_context_data(self, **kwargs):
        minutes = self.get_minutes()
        confidential = can(self.request.user, "governance.view_confidential", self.meeting.body)
        managing = can(self.request.user, "governance.manage_body", self.meeting.body)
        form = kwargs.pop("form", None)
        if minutes and managing and not minutes.locked and form is None:
            form = MinutesForm(entries=minutes.entries.select_related("item__decision"),
                               initial={"opening": minutes.opening, "closing": minutes.closing})
        return super().get_context_data(
            minutes=minutes, form=form, confidential=confidential,
            may_write_minutes=self.meeting.status == MeetingStatus.HELD,
            content=minutes_services.content(minutes, confidential=confidential) if minutes else None,
            **kwargs,
        )

    def post(self, request, pk):
        """The secretary saves the draft."""
        if not can(request.user, "governance.manage_body", self.meeting.body):
            raise Http404
        minutes = self.get_minutes()
        if minutes is None:
            raise Http404
        form = MinutesForm(request.POST, entries=minutes.entries.select_related("item__decision"))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        minutes_services.save(minutes, by=request.user, opening=form.cleaned_data["opening"],
                              closing=form.cleaned_data["closing"], entries=form.entry_texts())
        messages.success(request, "Draft minutes saved.")
        return redirect(request.path)


class MinutesActionView(MinutesView):
    """Starting the draft minutes, or asking for their PDF: posted from, and back to, the minutes page."""

    permission = "governance.manage_body"
    http_method_names = ["post"]


class DraftMinutesView(MinutesActionView):
    def post(self, request, pk):
        minutes_services.draft(self.meeting, by=request.user)
        messages.success(request, "Draft minutes started from the decisions recorded.")
        return redirect(self.back_url())


class MinutesPdfView(MinutesActionView):
    def post(self, request, pk):
        minutes = get_object_or_404(Minutes, meeting=self.meeting)
        minutes_services.request_pdf(minutes, by=request.user)
        messages.success(request, "The PDF is being prepared: it appears here when ready.")
        return redirect(self.back_url())


class MinutesDownloadView(MeetingMixin, View):
    """The minutes' PDF: the public minutes to anyone who may see the body, the confidential
    (Part B) minutes only to its members."""

    def get(self, request, pk, part):
        minutes = get_object_or_404(Minutes, meeting=self.meeting)
        if part.upper() == AgendaPart.CONFIDENTIAL:
            if not can(request.user, "governance.view_confidential", self.meeting.body):
                raise Http404
            file = minutes.file_confidential
        elif part.upper() == AgendaPart.PUBLIC:
            file = minutes.file_public
        else:
            raise Http404
        if not file:
            raise Http404
        name = f"{self.meeting.body.short_name or self.meeting.body.name} {self.meeting.starts_at:%Y-%m-%d} minutes" \
               f"{' (confidential)' if part.upper() == AgendaPart.CONFIDENTIAL else ''}.pdf"
        return download(file, filename=name, content_type="application/pdf")


class MinutesToAgendaView(MeetingMixin, View):
    """Put an earlier meeting's draft minutes on this meeting's agenda, for approval."""

    permission = "governance.manage_body"

    def post(self, request, pk):
        minutes = get_object_or_404(
            Minutes, pk=posted_pk(request, "minutes"), meeting__body=self.meeting.body,
            meeting__status=MeetingStatus.HELD,
        )
        minutes_services.add_to_agenda(self.meeting, minutes, by=request.user)
        messages.success(request, "The minutes are on the agenda for approval.")
        return redirect(self.back_url())


class ActionLogView(BodyPageMixin, TemplateView):
    """A body's action log: every action its decisions raised, open (overdue first) then done.
    Actions from Part B decisions only for the body's members."""

    template_name = "governance/action_log.html"

    def get_context_data(self, **kwargs):
        parts = [AgendaPart.PUBLIC]
        if can(self.request.user, "governance.view_confidential", self.body):
            parts.append(AgendaPart.CONFIDENTIAL)
        actions = list(
            Action.objects.filter(body=self.body, decision__item__part__in=parts)
            .select_related("owner", "done_by", "decision__item__meeting").order_by("due_on", "pk")
        )
        return super().get_context_data(
            body=self.body, crumbs=[("Bodies", reverse("governance:bodies")),
                                    (self.body.name, reverse("governance:body", args=[self.body.pk]))],
            open_actions=[a for a in actions if a.status == ActionStatus.OPEN],
            done_actions=sorted((a for a in actions if a.status == ActionStatus.DONE),
                                key=lambda a: a.done_at, reverse=True),
            **kwargs,
        )
