"""Access to a body's and a meeting's pages: who may see them is checked on every request."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from ..models import AgendaItem, Body, ItemInterest, Meeting


def posted_pk(request, name):
    """The id of a row that a form posts in `name`, or 404: a hand-edited "abc" (or a number with
    more digits than Python reads) is a page not found, not a server error."""
    value = request.POST.get(name, "")
    try:
        if value.isdecimal():
            return int(value)
    except ValueError:
        pass
    raise Http404


class BodyMixin(LoginRequiredMixin):
    permission = "governance.view_body"

    def check(self, body):
        if not self.request.user.has_perm("governance.view_body", body):
            raise Http404
        if not self.request.user.has_perm(self.permission, body):
            raise PermissionDenied


class BodyPageMixin(BodyMixin):
    """A page about one body (/bodies/<pk>/…): loads it as self.body and checks who may see it."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.body = get_object_or_404(Body, pk=kwargs["pk"])
        self.check(self.body)
        return super().dispatch(request, *args, **kwargs)


class MeetingMixin(BodyMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=kwargs["pk"])
        self.check(self.meeting.body)
        return super().dispatch(request, *args, **kwargs)

    def items(self):
        """The agenda as this user may see it: Part B only for the body's members."""
        return (
            AgendaItem.objects.visible_to(self.request.user)
            .filter(meeting=self.meeting)
            .select_related("proposal", "decision")
            .prefetch_related(Prefetch("interests", queryset=ItemInterest.objects.select_related("user")), "documents")
            .order_by("order", "pk")
        )

    def crumbs(self):
        body = self.meeting.body
        return [("Bodies", reverse("governance:bodies")), (body.name, reverse("governance:body", args=[body.pk])),
                (f"{self.meeting.starts_at:%-d %B %Y}", reverse("governance:meeting", args=[self.meeting.pk]))]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            meeting=self.meeting, body=self.meeting.body, crumbs=self.crumbs(),
            managing=self.request.user.has_perm("governance.manage_body", self.meeting.body), **kwargs,
        )

    def fail(self, error):
        messages.error(self.request, " ".join(error.messages))
        return redirect(self.request.path)
