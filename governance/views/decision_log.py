"""
The decision log: every decision the user may see, across bodies and meetings, newest meeting
first, as a page and as a CSV file with the same filters (governance.filters). Both run a fixed
number of queries however many decisions there are.
"""

import csv

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import HttpResponse
from django.utils import timezone
from django.views.generic import TemplateView, View
from django_filters.views import FilterMixin

from ics_commissioning.pagination import from_first_page, paginate
from proposals.models import Proposal
from proposals.pipeline import spreadsheet_safe

from ..filters import NEWEST_MEETING_FIRST, DecisionFilter, with_sort_fields
from ..models import AgendaItem, Decision

ROWS_PER_PAGE = 25
# Each decision counted is a join of three tables: beyond a thousand, the page says "more than 1,000",
# so that the count costs the same with ten years of meetings as with one.
COUNT_LIMIT = 1_000

CSV_HEADER = [
    "Meeting date", "Body", "Item", "Title", "Part", "Proposal", "Outcome", "How decided", "Minute", "Recorded by",
    "Recorded at",
]


def item_position():
    """The item's place in its part of the agenda: with the part, its number as the board pack
    prints it (A1, A2, B1), which is how the minutes and the members refer to it."""
    up_to_it = AgendaItem.objects.filter(
        Q(order__lt=OuterRef("item__order")) | Q(order=OuterRef("item__order"), pk__lte=OuterRef("item_id")),
        meeting=OuterRef("item__meeting"), part=OuterRef("item__part"),
    )
    return Subquery(up_to_it.order_by().values("meeting").annotate(count=Count("pk")).values("count"))


class DecisionLogMixin(LoginRequiredMixin, FilterMixin):
    """For anyone signed in, who sees only the decisions they may (Decision.objects.visible_to),
    narrowed by the filters."""

    filterset_class = DecisionFilter

    def get_queryset(self):
        return with_sort_fields(
            Decision.objects.visible_to(self.request.user)
            .select_related("item__meeting__body", "item__proposal", "recorded_by")
        ).order_by(*NEWEST_MEETING_FIRST)

    def filtered_decisions(self):
        """Sets self.filterset. A filter with a value that is not a choice (a stale link, a body whose
        decisions the user may not see) shows nothing, and its error: django-filter's strict mode."""
        self.filterset = self.get_filterset(self.get_filterset_class())
        if self.filterset.is_bound and not self.filterset.is_valid():
            return self.filterset.qs.none()
        return self.filterset.qs


class DecisionLogView(DecisionLogMixin, TemplateView):
    """The log, paginated by keyset (ics_commissioning.pagination): page 500 costs page 1's work."""

    template_name = "governance/decision_log.html"

    def get_context_data(self, **kwargs):
        # The page is found on the narrow rows (decision, item, meeting) and only then read whole,
        # with the proposal, its body and who recorded it, and each item's number on its agenda.
        narrow = self.filtered_decisions().select_related(None).only("pk", "item_id")
        page = paginate(narrow, NEWEST_MEETING_FIRST, self.request, ROWS_PER_PAGE, count_limit=COUNT_LIMIT)
        whole = {
            decision.pk: decision
            for decision in self.get_queryset().filter(pk__in=[d.pk for d in page]).annotate(position=item_position())
        }
        page.object_list = [whole[decision.pk] for decision in page]
        return super().get_context_data(
            filter=self.filterset, page_obj=page, rows=page.object_list, openable=self.openable_proposals(page),
            query=from_first_page(self.request),  # the CSV link: the filters
            **kwargs,
        )

    def openable_proposals(self, decisions):
        """The pks of the proposals on this page whose page the user may open (a body's member is
        not always one of a proposal's readers): only those are links."""
        pks = {d.item.proposal_id for d in decisions if d.item.proposal_id}
        if not pks:
            return set()
        return set(Proposal.objects.visible_to(self.request.user).filter(pk__in=pks).values_list("pk", flat=True))


def csv_row(decision):
    item, by = decision.item, decision.recorded_by
    meeting = item.meeting
    return [
        f"{timezone.localtime(meeting.starts_at):%Y-%m-%d}",
        meeting.body.name,
        f"{item.part}{decision.position}",
        item.title,
        item.get_part_display(),
        item.proposal.reference if item.proposal_id else "",
        decision.get_outcome_display(),
        decision.how_decided(),
        decision.minute,
        by.get_full_name() or by.username,
        f"{timezone.localtime(decision.recorded_at):%Y-%m-%d %H:%M}",
    ]


class DecisionLogCsvView(DecisionLogMixin, View):
    """The filtered log, all of it, as a CSV file."""

    def get(self, request, *args, **kwargs):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="decision-log-{timezone.localdate():%Y-%m-%d}.csv"'
        response.write("\ufeff")  # so that Excel reads the file as UTF-8
        writer = csv.writer(response)
        writer.writerow(CSV_HEADER)
        for decision in self.filtered_decisions().annotate(position=item_position()):
            writer.writerow([spreadsheet_safe(value) for value in csv_row(decision)])
        return response
