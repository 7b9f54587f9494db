"""An agenda item's cover sheet: written by the body's secretary while the agenda is open."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView

from ics_commissioning.errors import ActionRefused, NotAllowed

from .. import services
from ..cover_sheets import previously_considered
from ..enums import Implication, MeetingStatus
from ..forms import CoverSheetForm
from .base import MeetingMixin


class CoverSheetView(MeetingMixin, TemplateView):
    """Edit the cover sheet of one item (a paper, or a proposal tabled): what the body is asked to do,
    the texts, the implications and the assurance risks. Where it was considered before is shown,
    read from the records."""

    permission = "governance.manage_body"
    template_name = "governance/cover_sheet.html"

    def setup_item(self):
        self.item = get_object_or_404(self.items().select_related("follows__meeting__body"), pk=self.kwargs["item_pk"])
        self.item.meeting = self.meeting

    def back_url(self):
        return reverse("governance:agenda", args=[self.meeting.pk])

    def form(self, data=None):
        item = self.item
        initial = {
            "title": item.title, "purpose": item.purpose, "author": item.author, "sponsor": item.sponsor,
            "asks": [ask.value for ask in item.asked], "recommendations": item.recommendations,
            "background": item.background, "progress": item.progress, "next_steps": item.next_steps,
            "baf_risks": list(item.baf_risks.all()), "follows": item.follows,
            **{implication.field: getattr(item, implication.field) for implication in Implication},
        }
        return CoverSheetForm(data, initial=initial, meeting=self.meeting, user=self.request.user, item=item)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            item=self.item, form=kwargs.pop("form", None) or self.form(),
            locked=services.cover_sheet_locked(self.item), considered=previously_considered(self.item),
            issued=self.meeting.status != MeetingStatus.DRAFT, **kwargs,
        )

    def get(self, request, *args, **kwargs):
        self.setup_item()
        return super().get(request, *args, **kwargs)

    def post(self, request, pk, item_pk):
        self.setup_item()
        form = self.form(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.update_cover_sheet(self.item, by=request.user, asks=data.pop("asks"),
                                            baf_risks=list(data.pop("baf_risks", [])), **data)
            except NotAllowed:
                raise
            except ActionRefused as refusal:  # shown on the form, beside what was entered
                form.add_error(None, refusal.messages)
            else:
                messages.success(request, f"Cover sheet saved: {data.get('title', self.item.title)}.")
                return redirect(self.back_url())
        return self.render_to_response(self.get_context_data(form=form))
