"""Searching the proposals one may see (proposals.search)."""

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.views.generic import ListView

from ..search import MAX_QUERY_LENGTH, proposal_with_reference, search_proposals, snippets


class SearchForm(forms.Form):
    """What was typed in the search box (templates/proposals/_search_form.html)."""

    q = forms.CharField(
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={"max_length": f"Search for {MAX_QUERY_LENGTH} characters or fewer"},
    )


class ProposalSearchView(LoginRequiredMixin, ListView):
    """The proposals the user may see that match what they typed, best first, 20 to a page; an
    exact reference goes straight to its proposal."""

    template_name = "proposals/search.html"
    context_object_name = "proposals"
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        self.form = SearchForm(request.GET)
        self.query = self.form.cleaned_data["q"] if self.form.is_valid() else ""
        proposal = proposal_with_reference(request.user, self.query) if self.query else None
        if proposal is not None:
            return redirect(proposal)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        self.results = search_proposals(self.request.user, self.query)  # none for an empty query
        return self.results.proposals

    def get_paginator(self, queryset, per_page, **kwargs):
        # Pages over what the search counted (at most MOST_RANKED), not a second count of every match.
        paginator = Paginator(queryset, per_page, **kwargs)
        paginator.count = self.results.shown
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(form=self.form, query=self.query, search=self.results, **kwargs)
        proposals = context["proposals"]
        excerpts = snippets(self.request.user, self.query, proposals)
        context["results"] = [(proposal, excerpts.get(proposal.pk, [])) for proposal in proposals]
        context["errors"] = [("search-q", error) for error in self.form.errors.get("q", [])]
        return context
