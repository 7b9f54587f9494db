"""The versions of a proposal's documents as their authors submitted them, and what changed between
them, section by section. Anyone who may read the proposal may read what was submitted; the draft of a
new version stays with its authors until they submit it."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from .. import versions
from ..models import CaseVersion
from .base import ProposalMixin


class VersionListView(ProposalMixin, TemplateView):
    template_name = "proposals/version_list.html"

    def get_context_data(self, **kwargs):
        frozen = list(self.proposal.versions.select_related("submitted_by").order_by("number"))
        rows = []
        for version in frozen:
            earlier = [v for v in frozen if v.number < version.number and v.document == version.document]
            rows.append((version, versions.summary(earlier[-1] if earlier else None, version)))
        return super().get_context_data(rows=rows, **kwargs)


class VersionDetailView(ProposalMixin, TemplateView):
    """One version; with ?since=N (by default the one before, of the same document), what changed since."""

    template_name = "proposals/version_detail.html"

    def get_context_data(self, **kwargs):
        frozen = list(self.proposal.versions.order_by("number"))
        version = get_object_or_404(CaseVersion, proposal=self.proposal, number=self.kwargs["number"])
        earlier = [v for v in frozen if v.number < version.number]
        since = self.request.GET.get("since")
        if since:
            chosen = [v for v in earlier if str(v.number) == since]
            if not chosen:
                raise Http404("No such earlier version.")
            base = chosen[0]
        else:
            same = [v for v in earlier if v.document == version.document]
            base = same[-1] if same else None
        changes = versions.changes(base.content, version.content) if base else []
        for change in changes:
            change["diff"] = versions.word_diff(change["old"], change["new"])
        return super().get_context_data(
            version=version, base=base, earlier=earlier, changes=changes,
            summary=versions.summary(base, version) if base else "", **kwargs,
        )
