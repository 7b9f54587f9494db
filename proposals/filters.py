"""
The pipeline's filters (django-filter): live proposals by the body that owns their current stage,
sponsoring workstream, service area, place and state. The list and its CSV export also sort.
"""

import django_filters
from django.db.models import Case, IntegerField, When

from governance.models import Body, Place
from ics_commissioning.kept_choices import KeptModelChoiceFilter

from .enums import ProposalState, ServiceArea
from .models import Proposal

S = ProposalState

# Most urgent first: the longest in its current stage. The board's order, and the list's by default.
LONGEST_IN_STAGE_FIRST = ("state_changed_at", "pk")

# A proposal's position along the route, so that sorting by state follows the route, not the alphabet.
ROUTE_ORDER = Case(
    *(When(state=state, then=position) for position, state in enumerate(S.ON_ROUTE)),
    output_field=IntegerField(),
)


class PipelineFilter(django_filters.FilterSet):
    """Filters live proposals (on the route: submitted to formal approval) and nothing else."""

    body = KeptModelChoiceFilter(
        queryset=Body.objects.deciding(),
        method="filter_body",
        label="Body",
        empty_label="Any body",
        help_text="The body that owns the proposal’s current stage.",
    )
    workstream = KeptModelChoiceFilter(
        field_name="sponsoring_workstream",
        queryset=Body.objects.sponsoring(),
        label="Sponsoring workstream",
        empty_label="Any workstream",
    )
    service_area = django_filters.ChoiceFilter(choices=ServiceArea.choices, empty_label="Any service area")
    place = KeptModelChoiceFilter(
        field_name="places", queryset=Place.objects.all(), label="Place", empty_label="Any place"
    )
    state = django_filters.ChoiceFilter(
        choices=[(state.value, state.label) for state in S.ON_ROUTE], empty_label="Any state"
    )

    class Meta:
        model = Proposal
        fields = ["body", "workstream", "service_area", "place", "state"]

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            queryset = Proposal.objects.all()
        live = queryset.filter(state__in=S.ON_ROUTE).order_by(*LONGEST_IN_STAGE_FIRST)
        super().__init__(data, live, **kwargs)

    def filter_body(self, queryset, name, body):
        return queryset.owned_by(body)


class PipelineOrdering(django_filters.OrderingFilter):
    """
    Sorts by reference, title, state (in route order), days in stage or last change, then by the
    longest in stage. Days in stage grow as state_changed_at gets older, so "days" sorts that
    field the other way round: ?sort=days puts the fewest days first, ?sort=-days the most.
    """

    def get_ordering_value(self, param):
        value = super().get_ordering_value(param)
        field = value.removeprefix("-")
        if field == "state_changed_at":
            return field if value.startswith("-") else f"-{field}"
        return value

    def filter(self, qs, value):
        ordering = [self.get_ordering_value(param) for param in value or () if param]
        return qs.annotate(route_order=ROUTE_ORDER).order_by(*ordering, *LONGEST_IN_STAGE_FIRST)


class PipelineListFilter(PipelineFilter):
    sort = PipelineOrdering(
        fields=[
            ("reference", "reference"),
            ("title", "title"),
            ("route_order", "state"),
            ("state_changed_at", "days"),
            ("updated_at", "changed"),
        ],
        field_labels={
            "reference": "Reference",
            "title": "Title",
            "route_order": "State",
            "state_changed_at": "Days in stage",
            "updated_at": "Last change",
        },
        label="Sort by",
        empty_label="Longest in stage first",
    )

    class Meta(PipelineFilter.Meta):
        fields = [*PipelineFilter.Meta.fields, "sort"]
