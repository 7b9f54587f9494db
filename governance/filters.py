"""
The decision log's filters (django-filter): decisions by body, meeting date, proposal and outcome.
The page and its CSV export share them.
"""

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q

from ics_commissioning.kept_choices import KeptModelChoiceFilter

from .enums import DecisionOutcome
from .models import Body, Decision
from .rules import is_admin, is_committee_officer, memberships

# Newest meeting first; within a meeting, in agenda order. The fields are the item's and meeting's,
# annotated on each decision (with_sort_fields) so that the log's keyset pages can carry them.
NEWEST_MEETING_FIRST = ("-meeting_starts_at", "-meeting_pk", "item_order", "item_id", "pk")


def with_sort_fields(decisions):
    return decisions.annotate(
        meeting_starts_at=F("item__meeting__starts_at"), meeting_pk=F("item__meeting_id"), item_order=F("item__order")
    )


def bodies_with_decisions(request):
    """The bodies whose business the user follows and that have decisions: their own bodies, or, for committee
    officers and admins (who may see every body), every body with any. Any other body is not a valid choice, so
    filtering by it shows nothing (strict mode) and its name is never offered; a body offered whose decisions
    are all Part B shows an officer outside it none. Asked of each body (a handful), not of every decision,
    so the choices cost the same however long the log."""
    if request is None or not request.user.is_authenticated:
        return Body.objects.none()
    user = request.user
    bodies = Body.objects.filter(Exists(Decision.objects.filter(item__meeting__body=OuterRef("pk"))))
    if (is_admin | is_committee_officer)(user):
        return bodies
    return bodies.filter(pk__in=[body_pk for body_pk, _ in memberships(user)])


def meeting_date(lookup, label, example):
    return django_filters.DateFilter(
        field_name="item__meeting__starts_at", lookup_expr=f"date__{lookup}", label=label,
        help_text=f"For example, {example}", widget=forms.DateInput(attrs={"class": "nhsuk-input--width-10"}),
        error_messages={"invalid": f"Enter a real date, for example {example}"},
    )


class DecisionFilter(django_filters.FilterSet):
    body = KeptModelChoiceFilter(
        field_name="item__meeting__body", queryset=bodies_with_decisions, label="Body", empty_label="Any body"
    )
    held_from = meeting_date("gte", "Meetings from", "2026-04-01")
    held_to = meeting_date("lte", "Meetings to", "2027-03-31")
    proposal = django_filters.CharFilter(
        method="filter_proposal", label="Proposal", help_text="Its reference or words from its title"
    )
    outcome = django_filters.ChoiceFilter(choices=DecisionOutcome.choices, empty_label="Any outcome")

    class Meta:
        model = Decision
        fields = ["body", "held_from", "held_to", "proposal", "outcome"]

    def filter_proposal(self, queryset, name, text):
        return queryset.filter(Q(item__proposal__reference__icontains=text) | Q(item__proposal__title__icontains=text))
