"""
Keyset pagination for the lists that grow with the years: all proposals and the pipeline list.

Page N of an OFFSET query reads and throws away every row before it, and its "of M pages" counts
every row; at 100,000 proposals page 500 costs many times page 1. Here a page link carries the
sort values of the last row shown (`after`) or the first (`before`), so every page is a walk of
an index from that row, the cost of page 1. The links' `page` is only the number shown.

DRF's CursorPagination (used by the API) breaks ties on its first sort field by an offset, which
grows with the ties (thousands of proposals share a state); this cursor holds every sort field
down to the primary key, so ties cost nothing.

The total is counted up to COUNT_LIMIT rows, then shown as "more than": a count of every row would
make every page as slow as the table is long.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from math import ceil

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Q
from django.utils import timezone

COUNT_LIMIT = 10_000


@dataclass
class KeysetPage:
    """One page of a keyset-paginated list, with what `_keyset_pagination.html` needs for its links."""

    object_list: list
    number: int
    per_page: int
    count: int  # the rows, up to count_limit + 1
    next_url: str = ""
    previous_url: str = ""
    count_limit: int = COUNT_LIMIT

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    @property
    def count_is_exact(self):
        return self.count <= self.count_limit

    @property
    def num_pages(self):
        """The number of pages, or None when there are more than count_limit rows."""
        return max(1, ceil(self.count / self.per_page)) if self.count_is_exact else None

    @property
    def has_next(self):
        return bool(self.next_url)

    @property
    def has_previous(self):
        return bool(self.previous_url)

    @property
    def has_other_pages(self):
        return self.has_next or self.has_previous

    @property
    def start_index(self):
        return (self.number - 1) * self.per_page + 1 if self.object_list else 0

    @property
    def end_index(self):
        return (self.number - 1) * self.per_page + len(self.object_list)


def paginate(queryset, ordering, request, per_page, count_limit=None):
    """
    The page of `queryset` that the request's query string asks for, sorted by `ordering`: order_by
    terms ("-updated_at", "title") that end with "pk" or "-pk", so that every row has its own place.
    A cursor that cannot be read (edited, or from an older sort) gives the first page. The rows are
    counted up to count_limit: a list whose rows are costlier to count (a join) says "more than" sooner.
    """
    assert ordering[-1].lstrip("-") == "pk", "the ordering must end with the primary key"
    params = request.GET
    count_limit = count_limit or COUNT_LIMIT
    count = queryset.order_by()[: count_limit + 1].count()
    after, before = _decode(queryset, ordering, params.get("after")), _decode(queryset, ordering, params.get("before"))
    number = _page_number(params.get("page")) if (after or before) else 1
    if before:
        backwards = [_reversed(term) for term in ordering]
        rows = list(queryset.filter(_beyond(backwards, before)).order_by(*backwards)[: per_page + 1])
        more_before, more_after = len(rows) > per_page, True
        rows = rows[:per_page][::-1]
    else:
        rows = list(queryset.filter(_beyond(ordering, after) if after else Q()).order_by(*ordering)[: per_page + 1])
        more_before, more_after = bool(after), len(rows) > per_page
        rows = rows[:per_page]
    if not rows and (after or before):  # a cursor past the end (rows since removed): the first page
        rows = list(queryset.order_by(*ordering)[: per_page + 1])
        number, more_before, more_after = 1, False, len(rows) > per_page
        rows = rows[:per_page]
    page = KeysetPage(rows, max(number, 2) if more_before else 1, per_page, count, count_limit=count_limit)
    if more_after and rows:
        page.next_url = with_query(request, after=_encode(ordering, rows[-1]), before=None, page=page.number + 1)
    if more_before and rows:
        if page.number <= 2:  # page 1 is the page without a cursor
            page.previous_url = with_query(request, after=None, before=None, page=None)
        else:
            page.previous_url = with_query(request, after=None, before=_encode(ordering, rows[0]), page=page.number - 1)
    return page


def with_query(request, **params):
    """The current page's query string with some parameters changed (None removes one)."""
    query = request.GET.copy()
    for name, value in params.items():
        if value is None:
            query.pop(name, None)
        else:
            query[name] = value
    return f"?{query.urlencode()}" if query else "?"


def from_first_page(request, **params):
    """The query string for the same list from its first page, its filters and sort kept (and any
    changed): for the links that sort it and for its CSV export."""
    return with_query(request, page=None, after=None, before=None, **params)


def _beyond(ordering, values):
    """The rows after the one with these sort values: (a, b, pk) > (x, y, z) in each term's direction.
    The first term is also bounded on its own (a >= x), which the database can start an index
    walk from, rather than filter every row before it."""
    condition = Q(pk__in=[])
    equal = Q()
    for term, value in zip(ordering, values, strict=True):
        name = term.lstrip("-")
        lookup = "lt" if term.startswith("-") else "gt"
        condition |= equal & Q(**{f"{name}__{lookup}": value})
        equal &= Q(**{name: value})
    first = ordering[0]
    return Q(**{f"{first.lstrip('-')}__{'lte' if first.startswith('-') else 'gte'}": values[0]}) & condition


def _reversed(term):
    return term[1:] if term.startswith("-") else f"-{term}"


def _value(row, term):
    name = term.lstrip("-")
    return row.pk if name == "pk" else getattr(row, name)


def _encode(ordering, row):
    values = [_value(row, term) for term in ordering]
    text = json.dumps([v.isoformat() if hasattr(v, "isoformat") else v for v in values])
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode(queryset, ordering, cursor):
    """The sort values in a cursor, each as its field's Python value; None if it cannot be read."""
    if not cursor:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(values, list) or len(values) != len(ordering):
            return None
        values = [_field(queryset, term).to_python(value) for term, value in zip(ordering, values, strict=True)]
        if any(value is None or (isinstance(value, datetime) and timezone.is_naive(value)) for value in values):
            return None  # the sort fields are never null, and their times are stored with their zone
        return values
    except (ValueError, TypeError, binascii.Error, ValidationError, FieldDoesNotExist):
        return None


def _field(queryset, term):
    name = term.lstrip("-")
    if name in queryset.query.annotations:
        return queryset.query.annotations[name].output_field
    return queryset.model._meta.pk if name == "pk" else queryset.model._meta.get_field(name)


def _page_number(value):
    try:
        return min(max(int(value), 1), 10**9)
    except (TypeError, ValueError):
        return 1
