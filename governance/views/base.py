"""Access to a body's and a meeting's pages: who may see them is checked on every request."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from ics_commissioning.permissions import can
from ics_commissioning.views import ObjectPermissionMixin

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


def hidden_answers(request):
    """What a form posted, carried through its check page in hidden fields."""
    return [(name, value) for name in request.POST for value in request.POST.getlist(name)
            if name not in ("csrfmiddlewaretoken", "confirmed", "change")]


class BodyPageMixin(ObjectPermissionMixin):
    """A page about one body (/bodies/<pk>/…): loaded as self.body; 404 unless the user may see its
    business, 403 unless they may do what the page does."""

    object_name = "body"
    view_permission = "governance.view_body"

    def get_object(self):
        return get_object_or_404(Body, pk=self.kwargs["pk"])


class MeetingMixin(ObjectPermissionMixin):
    """A page about one meeting (/meetings/<pk>/…): loaded as self.meeting; its rules are its body's."""

    object_name = "meeting"
    view_permission = "governance.view_body"

    def get_object(self):
        return get_object_or_404(Meeting.objects.select_related("body"), pk=self.kwargs["pk"])

    def permission_object(self, meeting):
        return meeting.body

    def back_url(self):
        """Back to the meeting's page, where most of its forms are; a page with a form of its own
        (the agenda, attendance, minutes) shows the refusal on itself."""
        return reverse("governance:meeting", args=[self.meeting.pk])

    def items(self):
        """The agenda as this user may see it: Part B only for the body's members."""
        return (
            AgendaItem.objects.visible_to(self.request.user)
            .filter(meeting=self.meeting)
            .select_related("proposal", "decision", "chairs_action__chair", "chairs_action__concurring_member")
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
            managing=can(self.request.user, "governance.manage_body", self.meeting.body), **kwargs,
        )
