"""
Searching proposals: the proposals a user may see whose reference, title, business case or
decision minutes match the words they typed, best first (or, past MOST_RANKED matches, the latest
changed first).

A decision's minute counts only if the user may see that decision (Decision.objects.visible_to):
a Part B minute never makes a proposal findable by someone outside the body.

On PostgreSQL this is full-text search (django.contrib.postgres: web search syntax, English
stemming) through GIN indexes: the proposal's stored search_document (reference and title weighing
most, then the business case; kept by a trigger) or one of the minutes the user may see, ranked last.
Elsewhere (SQLite, for the demo) every word typed must appear, in any case, somewhere in the same
text, and proposals with the words in their title or reference come first.

Both match in the database: the only business case text read into Python is each result's
snippet, cut to a few lines by the database.
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Greatest, Lower, StrIndex, Substr

from governance.models import Decision

from .business_case import LONG_FIELDS

# The business case's words as search reads them: both documents in one column (Proposal.case_text).
TEXT_FIELDS = ("case_text",)
from .models import Proposal

MAX_QUERY_LENGTH = 200
MOST_RANKED = 1000  # ranking reads every match: beyond this many, the latest changed first
MAX_WORDS = 10  # without full-text search each word is a match over every field: keep it bounded
SNIPPET_LENGTH = 240
SNIPPET_LEAD = 60  # characters shown before the word found, without full-text search
REFERENCE = re.compile(r"ICS-\d{4}-\d+", re.IGNORECASE)
# What ts_headline puts around the words it matched: characters no one types (Unicode private
# use), split off in Python so that the snippet is escaped like any other text (highlighted()).
START, STOP = "\ue000", "\ue001"


def clean(query):
    """The query as searched: no NUL characters (PostgreSQL refuses them), spaces collapsed, cut short."""
    return " ".join(str(query or "").replace("\x00", " ").split())[:MAX_QUERY_LENGTH]


def words_of(query):
    """The words the fallback matches: runs of anything but spaces and double quotes, each once."""
    return list(dict.fromkeys(re.findall(r'[^\s"]+', clean(query))))[:MAX_WORDS]


def full_text():
    return connection.vendor == "postgresql"


def proposal_with_reference(user, query):
    """The proposal the query names by its exact reference (in any case), if the user may see it."""
    query = clean(query)
    if not REFERENCE.fullmatch(query):
        return None
    return Proposal.objects.visible_to(user).filter(reference__iexact=query).only("reference").first()


@dataclass
class Results:
    """What a search found: `proposals` in the order to show them; `count`, the matches counted up
    to MOST_RANKED + 1; `by_relevance`, whether they are best first or, when more than MOST_RANKED
    match, the MOST_RANKED changed most recently, latest first."""

    proposals: object
    count: int
    by_relevance: bool = True

    def __iter__(self):
        return iter(self.proposals)

    @property
    def shown(self):
        return min(self.count, MOST_RANKED)


def search_proposals(user, query):
    """
    The proposals the user may see that match the query (annotated with `rank` when best first),
    without their business case fields: snippets() gives a page's excerpts.

    Ranking reads every match; a query matching thousands of proposals (one word of a common
    title) would make the page as slow as the table is long. So the matches are counted only up to
    MOST_RANKED + 1: up to MOST_RANKED are ranked, best first; beyond, the latest changed come
    first, which the database reads from the list's index, a page at a time.
    """
    query = clean(query)
    proposals = Proposal.objects.visible_to(user).defer(*LONG_FIELDS)
    if not query:
        return Results(proposals.none(), 0)
    minutes = _visible_minutes(user)
    if full_text():
        from django.contrib.postgres.search import SearchRank, SearchVector

        search = _search_query(query)
        # Both through GIN indexes (migration 0005): the proposal's stored document (reference and
        # title, then the business case), or one of its minutes the user may see, which ranks lowest.
        # The minutes' proposals are looked up first (the latest MOST_RANKED), so that the database
        # can combine the two indexes rather than test every proposal.
        in_minutes = list(
            minutes.annotate(text=SearchVector("minute", config="english")).filter(text=search)
            .order_by("-recorded_at").values_list("item__proposal", flat=True)[:MOST_RANKED]
        )
        matches = proposals.filter(Q(search_document=search) | Q(pk__in=in_minutes))
        rank = SearchRank(F("search_document"), search) + Case(
            When(pk__in=in_minutes, then=Value(0.01)), default=Value(0.0), output_field=FloatField()
        )
    else:
        words = words_of(query)
        matches = _containing_every_word(proposals, minutes.filter(item__proposal=OuterRef("pk")), words)
        rank = _words_in_title(words)
    count = matches.order_by()[: MOST_RANKED + 1].count()
    if count > MOST_RANKED:
        return Results(matches.order_by("-updated_at", "-pk")[:MOST_RANKED], count, by_relevance=False)
    return Results(matches.annotate(rank=rank).order_by("-rank", "-updated_at", "-pk"), count)


def snippets(user, query, proposals):
    """{proposal pk: its snippet as (text, matched) parts} for a page of results, in one query: a few
    lines of its business case or of the minutes the user may see, where the query matched."""
    pks = [proposal.pk for proposal in proposals]
    query = clean(query)
    if not pks or not query:
        return {}
    minutes = _visible_minutes(user).filter(item__proposal=OuterRef("pk"))
    if full_text():
        from django.contrib.postgres.search import SearchHeadline

        # The business case and the visible minutes, a line each (CONCAT_WS leaves out those empty).
        text = Func(Value("\n"), *TEXT_FIELDS, "minutes_text", function="CONCAT_WS", output_field=TextField())
        snippet = SearchHeadline(
            text, _search_query(query), config="english",
            start_sel=START, stop_sel=STOP, max_words=30, min_words=12, max_fragments=2, fragment_delimiter=" … ",
        )
        rows = Proposal.objects.filter(pk__in=pks).alias(minutes_text=_minutes_text(minutes)).annotate(snippet=snippet)
    else:
        words = words_of(query)
        if not words:
            return {}
        rows = Proposal.objects.filter(pk__in=pks).annotate(snippet=_snippet_around(words[0], minutes))
    return {pk: highlighted(text, query) for pk, text in rows.order_by().values_list("pk", "snippet")}


def _visible_minutes(user):
    """The minutes of decisions on proposals' agenda items that the user may see."""
    return Decision.objects.visible_to(user).filter(item__proposal__isnull=False).exclude(minute="")


# -- PostgreSQL: full-text search


def _search_query(query):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(query, search_type="websearch", config="english")


def _minutes_text(minutes):
    """The outer proposal's visible minutes as one text."""
    from django.contrib.postgres.aggregates import StringAgg

    return Subquery(
        minutes.order_by().values("item__proposal").annotate(text=StringAgg("minute", delimiter="\n")).values("text")
    )


# -- Elsewhere: every word somewhere


def _containing_every_word(proposals, minutes, words):
    """minutes: the outer proposal's visible minutes."""
    if not words:
        return proposals.none()
    condition = Q()
    for word in words:
        anywhere = Q(reference__icontains=word) | Q(title__icontains=word)
        for name in TEXT_FIELDS:
            anywhere |= Q(**{f"{name}__icontains": word})
        anywhere |= Q(Exists(minutes.filter(minute__icontains=word)))
        condition &= anywhere
    return proposals.filter(condition)


def _words_in_title(words):
    """How many of the words are in the title or reference: those proposals first."""
    return sum(
        (Case(When(Q(title__icontains=word) | Q(reference__icontains=word), then=Value(1)), default=Value(0),
              output_field=IntegerField()) for word in words),
        start=Value(0),
    )


def _snippet_around(word, minutes):
    """A few lines of the first business case field (or else visible minute) with the word in it,
    from just before the word; else the start of the summary."""

    def around(field):
        position = StrIndex(Lower(field), Value(word.lower()))
        return Substr(field, Greatest(position - SNIPPET_LEAD, Value(1)), SNIPPET_LENGTH)

    matching_minutes = minutes.filter(minute__icontains=word)
    return Case(
        *(When(**{f"{name}__icontains": word, "then": around(name)}) for name in TEXT_FIELDS),
        When(Exists(matching_minutes), then=Subquery(
            matching_minutes.order_by("recorded_at", "pk").annotate(snippet=around("minute")).values("snippet")[:1]
        )),
        default=Substr("case_text", 1, SNIPPET_LENGTH),
        output_field=CharField(),
    )


def highlighted(snippet, query):
    """A snippet as (text, matched) parts, for the template to escape and mark up."""
    snippet = snippet or ""
    if full_text():
        parts = re.split(f"{START}(.*?){STOP}", snippet, flags=re.DOTALL)
        parts = [part.replace(START, "").replace(STOP, "") for part in parts]
    else:
        words = sorted(words_of(query), key=len, reverse=True)
        parts = re.split(f"({'|'.join(map(re.escape, words))})", snippet, flags=re.IGNORECASE) if words else [snippet]
    # re.split with one group: the matched text is at the odd positions.
    return [(part, index % 2 == 1) for index, part in enumerate(parts) if part]
