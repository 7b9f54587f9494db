"""
A meeting's board packs: their state (polled while building), the build button, and the
permission-checked download.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.generic import TemplateView, View

from ics_commissioning.documents import download
from ics_commissioning.permissions import can

from .. import packs
from ..enums import AgendaPart
from ..models import BoardPack, PackDownload
from .base import MeetingMixin


def pack_panel(user, meeting, part):
    """What governance/_pack_status.html shows of one part's pack: the latest build, the latest
    ready pack, what changed since the version this user downloaded, and whether they build it."""
    ready = packs.latest_ready(meeting, part)
    return {
        "meeting": meeting, "part": part,
        "pack": BoardPack.objects.latest_for(meeting, part),
        "ready": ready,
        "since_download": packs.changed_since_download(user, [ready]).get(getattr(ready, "pk", None)),
        "managing": can(user, "governance.manage_body", meeting.body),
    }


class PackMixin(MeetingMixin):
    """Part A for anyone who may see the body's business; Part B only for the body's members."""

    def dispatch(self, request, *args, **kwargs):
        self.part = kwargs["part"].upper()
        if self.part not in AgendaPart.values:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @property
    def view_permission(self):
        return "governance.view_confidential" if self.part == AgendaPart.CONFIDENTIAL else "governance.view_body"

    def pack_context(self):
        return pack_panel(self.request.user, self.meeting, self.part)


class PackStatusView(PackMixin, TemplateView):
    """The pack's state as a fragment; the meeting page polls it (htmx) while a build runs."""

    template_name = "governance/_pack_status.html"

    def get_context_data(self, **kwargs):
        return self.pack_context()


class PackBuildView(PackMixin, View):
    permission = "governance.manage_body"

    def post(self, request, pk, part):
        pack = packs.request_build(self.meeting, self.part, by=request.user)
        if request.headers.get("HX-Request"):
            return TemplateResponse(request, "governance/_pack_status.html", self.pack_context())
        pack.refresh_from_db()
        if pack.in_progress and pack.error:  # queued, but the build service could not be reached
            messages.warning(request, f"{pack.get_part_display()} pack: {pack.error}")
        else:
            messages.success(request, f"{pack.get_part_display()} pack: {pack.get_status_display().lower()}.")
        return redirect("governance:meeting", pk=self.meeting.pk)


class PackDownloadView(PackMixin, View):
    """Packs are never public media URLs: every download checks who may read that part."""

    def get(self, request, pk, part):
        pack = packs.latest_ready(self.meeting, self.part)
        if pack is None:
            raise Http404
        name = f"{self.meeting.body.short_name or self.meeting.body.name} {self.meeting.starts_at:%Y-%m-%d} " \
               f"Part {self.part} v{pack.version}.pdf"
        PackDownload.objects.create(pack=pack, user=request.user)  # so a new version can say what changed
        return download(pack.file, filename=name, content_type="application/pdf")
