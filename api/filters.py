"""The API's filters: as the list pages', over every proposal the user may see, live or closed."""

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from governance.models import Body, Meeting, Place
from proposals.enums import ProposalState, ServiceArea
from proposals.models import Proposal


class ProposalFilter(django_filters.FilterSet):
    state = django_filters.MultipleChoiceFilter(choices=ProposalState.choices)
    body = extend_schema_field(OpenApiTypes.INT)(django_filters.ModelChoiceFilter(
        queryset=Body.objects.deciding(), method="filter_body",
        help_text="The id of the body that owns the proposal's current stage.",
    ))
    workstream = django_filters.ModelChoiceFilter(
        field_name="sponsoring_workstream", queryset=Body.objects.sponsoring()
    )
    service_area = django_filters.ChoiceFilter(choices=ServiceArea.choices)
    place = django_filters.ModelChoiceFilter(field_name="places", queryset=Place.objects.all())
    submitted_after = django_filters.DateFilter(field_name="submitted_at", lookup_expr="date__gte")
    submitted_before = django_filters.DateFilter(field_name="submitted_at", lookup_expr="date__lte")

    class Meta:
        model = Proposal
        fields = ["state", "body", "workstream", "service_area", "place"]

    def filter_body(self, queryset, name, body):
        return queryset.owned_by(body)


class MeetingFilter(django_filters.FilterSet):
    body = django_filters.ModelChoiceFilter(queryset=Body.objects.all())
    after = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__gte")
    before = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__lte")

    class Meta:
        model = Meeting
        fields = ["body", "status"]
