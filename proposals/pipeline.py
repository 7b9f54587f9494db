"""
The committee secretaries' pipeline: every live proposal by stage, as a board of columns, as a
sortable list and as a CSV file, all three with the same filters (proposals.filters). Each page
runs a fixed number of queries however many proposals there are.
"""

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from math import ceil

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.http import HttpResponse
from django.utils import timezone
from django.views.generic import TemplateView, View
from django_filters.views import FilterMixin

from governance.models import AgendaItem, Meeting
from ics_commissioning.pagination import from_first_page, paginate, with_query
from scoring.aggregation import ScoreSummary
from scoring.summary import summarise_many

from .business_case import LONG_FIELDS
from .enums import ProposalState
from .filters import LONGEST_IN_STAGE_FIRST, PipelineFilter, PipelineListFilter
from .models import Proposal
from .stages import column_headings

S = ProposalState

CARDS_PER_COLUMN = 10
# A column's proposals are counted up to this many, then shown as "more than": a count of every one
# would make the board as slow as the pipeline is long.
COLUMN_COUNT_LIMIT = 1_000
ROWS_PER_PAGE = 50

# The list's columns: label, the value of ?sort= for sortable ones (see PipelineOrdering), numeric.
LIST_COLUMNS = [
    ("Reference", "reference", False),
    ("Title", "title", False),
    ("State", "state", False),
    ("Lead", None, False),
    ("Workstream", None, False),
    ("Days in stage", "days", True),
    ("Score", None, False),
    ("Next meeting", None, False),
    ("Last change", "changed", False),
]
DEFAULT_SORT = "-days"  # longest in stage first

CSV_HEADER = [
    "Reference", "Title", "State", "Stage", "Lead", "Workstream", "Service area", "Places",
    "Days in stage", "Total score", "Eligible", "Next meeting",
]
# A cell starting with one of these is a formula to a spreadsheet (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Card:
    """A live proposal and what the pipeline shows about it."""

    proposal: Proposal
    summary: ScoreSummary
    next_meeting: Meeting | None

    @property
    def days_in_stage(self):
        return self.proposal.days_in_stage


def cards_for(proposals, user):
    """Cards for these proposals, in their order: scores and next meetings in a fixed number of
    queries, however many proposals."""
    proposals = list(proposals)
    summaries = summarise_many(proposals)
    meetings = next_meetings(proposals, user)
    return [Card(p, summaries[p.pk], meetings.get(p.pk)) for p in proposals]


def next_meetings(proposals, user):
    """
    {proposal pk: the earliest meeting still to come with the proposal on its agenda, undecided}.
    Only agenda items the user may see count, so a confidential (Part B) item never tells
    someone outside its body that the proposal is going there.
    """
    items = (
        AgendaItem.objects.visible_to(user)
        .filter(proposal__in=[p.pk for p in proposals], decision__isnull=True,
                meeting__starts_at__gte=timezone.now())
        .select_related("meeting__body")
        .order_by("meeting__starts_at", "pk")
    )
    meetings = {}
    for item in items:
        meetings.setdefault(item.proposal_id, item.meeting)
    return meetings


class PipelineMixin(PermissionRequiredMixin, FilterMixin):
    """For committee officers and admins (403 for others, the login page when signed out). The
    proposals are those the user may see, narrowed by the filters."""

    permission_required = "proposals.view_pipeline"
    filterset_class = PipelineListFilter

    def get_queryset(self):
        return (
            Proposal.objects.visible_to(self.request.user)
            .select_related("lead_author", "sponsoring_workstream")
            .defer(*LONG_FIELDS)  # the pipeline shows none of the business case
        )

    def filtered_proposals(self):
        """Sets self.filterset. A filter with a value that is not a choice (a stale link) shows
        nothing, and its error, rather than quietly everything: django-filter's strict mode."""
        self.filterset = self.get_filterset(self.get_filterset_class())
        if self.filterset.is_bound and not self.filterset.is_valid():
            return self.filterset.qs.none()
        return self.filterset.qs


@dataclass
class Column:
    state: ProposalState
    heading: str
    count: int
    page: int = 1
    cards: list = field(default_factory=list)
    previous_url: str = ""
    next_url: str = ""

    @property
    def stage(self):
        return self.state.stage

    @property
    def count_is_exact(self):
        return self.count <= COLUMN_COUNT_LIMIT

    @property
    def pages(self):
        """The number of pages, or None when there are more than COLUMN_COUNT_LIMIT proposals."""
        return max(1, ceil(self.count / CARDS_PER_COLUMN)) if self.count_is_exact else None

    @property
    def count_shown(self):
        return f"{self.count}" if self.count_is_exact else f"more than {COLUMN_COUNT_LIMIT:,}"


def _page_number(value, pages):
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 1
    return max(number, 1) if pages is None else min(max(number, 1), pages)


def _each_column(parts, select):
    """One query over the columns: `select` (SQL) over the union of each column's part (a queryset
    whose SQL stops at its LIMIT). SQLite takes a LIMIT in a union only inside a subquery, hence the nesting."""
    compiled = []
    for part in parts:
        try:
            compiled.append(part.query.sql_with_params())
        except EmptyResultSet:  # a filter that matches nothing (a value that is not a choice)
            continue
    if not compiled:
        return []
    union = " UNION ALL ".join(f"SELECT * FROM ({sql}) AS part{n}" for n, (sql, _) in enumerate(compiled))
    with connection.cursor() as cursor:
        cursor.execute(select.format(union=union), [param for _, params in compiled for param in params])
        return cursor.fetchall()


def board_columns(proposals, request):
    """
    The board's columns, each with its count and a page of cards (?<state>_page=N).

    Each column walks the index on (state, state_changed_at, id) as far as it needs and stops: its
    count at COLUMN_COUNT_LIMIT ("more than 1,000"), its page of cards at the page. One query counts
    every column, one finds every column's page and one reads their cards, so the work is the pages',
    not the number of live proposals'.
    """
    headings = column_headings()
    counted = [proposals.filter(state=state).order_by().values("state")[:COLUMN_COUNT_LIMIT + 1] for state in headings]
    counts = dict(_each_column(counted, "SELECT state, COUNT(*) FROM ({union}) AS counted GROUP BY state"))
    columns = [Column(state, heading, counts.get(state, 0)) for state, heading in headings.items()]
    pages = []
    for column in columns:
        column.page = _page_number(request.GET.get(f"{column.state}_page"), column.pages)
        start = (column.page - 1) * CARDS_PER_COLUMN
        # One more than the page: whether there is a next page, when the count stopped short.
        pages.append(proposals.filter(state=column.state).order_by(*LONGEST_IN_STAGE_FIRST)
                     .values("state", "state_changed_at", "pk")[start:start + CARDS_PER_COLUMN + 1])
    on_pages = defaultdict(list)
    for state, _changed_at, pk in sorted(_each_column(pages, "SELECT * FROM ({union}) AS cards"),
                                        key=lambda row: row[1:]):
        on_pages[state].append(pk)
    shown = [pk for pks in on_pages.values() for pk in pks[:CARDS_PER_COLUMN]]
    cards = cards_for(proposals.filter(pk__in=shown).order_by(*LONGEST_IN_STAGE_FIRST), request.user)
    for column in columns:
        column.cards = [card for card in cards if card.proposal.state == column.state]
        parameter = f"{column.state}_page"  # page 1 is the page without the parameter
        if column.page > 1:
            column.previous_url = with_query(request, **{parameter: column.page - 1 if column.page > 2 else None})
        if len(on_pages[column.state]) > CARDS_PER_COLUMN:
            column.next_url = with_query(request, **{parameter: column.page + 1})
    return columns


class PipelineBoardView(PipelineMixin, TemplateView):
    """Every live proposal by stage; in each column the longest in its stage first."""

    template_name = "proposals/pipeline_board.html"
    filterset_class = PipelineFilter

    def get_context_data(self, **kwargs):
        columns = board_columns(self.filtered_proposals(), self.request)
        return super().get_context_data(
            filter=self.filterset, columns=columns,
            total=sum(min(c.count, COLUMN_COUNT_LIMIT) for c in columns),
            total_is_exact=all(c.count_is_exact for c in columns),
            # The filters alone, for the links to the list and the CSV file.
            query=with_query(self.request, **{f"{column.state}_page": None for column in columns}),
            **kwargs,
        )


class PipelineListView(PipelineMixin, TemplateView):
    """The same proposals as a table, sortable by its column headers, 50 to a page, paginated by
    keyset in the chosen order (ics_commissioning.pagination)."""

    template_name = "proposals/pipeline_list.html"

    def get_context_data(self, **kwargs):
        proposals = self.filtered_proposals()
        # The filters' order (PipelineOrdering), which always ends with the primary key.
        page = paginate(proposals, list(proposals.query.order_by), self.request, ROWS_PER_PAGE)
        return super().get_context_data(
            filter=self.filterset, page_obj=page, rows=cards_for(page, self.request.user),
            headers=self.headers(),
            query=from_first_page(self.request),  # the CSV link: filters and sort
            **kwargs,
        )

    def headers(self):
        """Each column's label and, for sortable ones, the link that sorts by it and how it is sorted now
        (the NHS.UK sortable table's aria-sort)."""
        current = self.request.GET.get("sort") or DEFAULT_SORT
        headers = []
        for label, key, numeric in LIST_COLUMNS:
            header = {"label": label, "numeric": numeric}
            if key:
                header["aria_sort"] = {key: "ascending", f"-{key}": "descending"}.get(current)
                header["url"] = from_first_page(self.request, sort=f"-{key}" if current == key else key)
            headers.append(header)
        return headers


def spreadsheet_safe(value):
    """The value as a CSV cell that a spreadsheet will show, never run as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_row(card):
    proposal, summary, meeting = card.proposal, card.summary, card.next_meeting
    lead = proposal.lead_author
    return [
        proposal.reference,
        proposal.title,
        proposal.get_state_display(),
        proposal.stage.label,
        lead.get_full_name() or lead.username,
        proposal.sponsoring_workstream or "",
        proposal.get_service_area_display(),
        "; ".join(place.name for place in proposal.places.all()),
        card.days_in_stage,
        summary.total_display if summary.total is not None else "",
        # Blank until every assigned assessor has scored.
        ("yes" if summary.eligible else "no") if summary.complete else "",
        f"{timezone.localtime(meeting.starts_at):%Y-%m-%d} {meeting.body}" if meeting else "",
    ]


class PipelineCsvView(PipelineMixin, View):
    """The filtered, sorted list, all of it, as a CSV file."""

    def get(self, request, *args, **kwargs):
        proposals = self.filtered_proposals().prefetch_related("places")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="pipeline-{timezone.localdate():%Y-%m-%d}.csv"'
        response.write("\ufeff")  # so that Excel reads the file as UTF-8
        writer = csv.writer(response)
        writer.writerow(CSV_HEADER)
        for card in cards_for(proposals, request.user):
            writer.writerow([spreadsheet_safe(value) for value in csv_row(card)])
        return response
