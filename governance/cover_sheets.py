"""
What a paper's cover sheet says that nobody types: where it was considered before ("Previously
considered by"). It is read from the records, never typed, so it cannot disagree with them:

- a proposal: the earlier meetings whose agenda it was on (once they had begun), with the decision
  taken there, and the decisions a body took on it outside a meeting (the proposal's history:
  triage, a chair's action), from its ProposalEvents;
- a plain paper: the earlier papers it follows (AgendaItem.follows), one after another, with the
  decision taken on each.

The board pack (governance.packs.inputs) reads the rows itself, prefetched with the agenda, and
passes them to proposal_considerations and paper_considerations; a page asks previously_considered.
"""

from dataclasses import dataclass
from datetime import datetime

from proposals.enums import EventKind
from proposals.models import ProposalEvent

from .enums import AgendaPart, MeetingStatus
from .models import AgendaItem

# Meetings at which a paper was considered: those that have begun.
BEGUN = (MeetingStatus.IN_SESSION, MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED)
# The events that record a body's decision on a proposal (as the pack's "Earlier decisions" reads them).
DECISION_EVENTS = (EventKind.TRANSITION, EventKind.FORMAL_DECISION, EventKind.DEFERRED)
# How far back a chain of papers is followed, however it was linked.
MAX_EARLIER_PAPERS = 20


@dataclass(frozen=True)
class Consideration:
    """One earlier consideration: the body, when (a meeting's start, or the moment of a decision taken
    outside a meeting), and what it decided, in words."""

    body: str
    when: datetime
    what: str
    at_meeting: bool = True


def earlier_items(meeting):
    """The agenda items at meetings of any body that began before `meeting`: for a Prefetch of a
    proposal's agenda items, so that a whole agenda's are read in one query."""
    return (
        AgendaItem.objects.filter(meeting__starts_at__lt=meeting.starts_at, meeting__status__in=BEGUN)
        .exclude(meeting=meeting)
        .select_related("meeting__body", "decision")
    )


def earlier_decision_events(meeting):
    """A proposal's decision events by a body, other than at `meeting`: for a Prefetch."""
    return (
        ProposalEvent.objects.filter(kind__in=DECISION_EVENTS, body__isnull=False)
        .exclude(meeting=meeting)
        .select_related("body", "meeting__body")
    )


def _decided(item):
    decision = getattr(item, "decision", None)
    if decision is None:
        return "no decision recorded"
    return decision.get_outcome_display().lower() + (" by chair's action" if decision.by_chairs_action else "")


def _event_words(event):
    if event.kind == EventKind.TRANSITION:
        return f"{event.get_from_state_display()} → {event.get_to_state_display()}".lower()
    return event.get_kind_display().lower()


def proposal_considerations(items, events, *, before):
    """
    Where a proposal was considered before the moment `before` (its meeting's start), oldest first:
    its agenda items at earlier meetings that have begun (`items`), with their decisions, and its
    decision events by a body (`events`), excluding the meeting whose cover sheet this is. An event
    at a meeting is that meeting's decision, already read from its item (unless it was recorded without
    one); one outside a meeting is listed on its own.
    """
    considered = [Consideration(item.meeting.body.name, item.meeting.starts_at, _decided(item)) for item in items]
    meetings = {item.meeting_id for item in items}
    for event in events:
        if event.meeting_id is None:
            considered.append(Consideration(event.body.name, event.created_at, _event_words(event), at_meeting=False))
        elif event.meeting_id not in meetings and event.meeting.status in BEGUN:
            meetings.add(event.meeting_id)
            considered.append(Consideration(event.meeting.body.name, event.meeting.starts_at, _event_words(event)))
    return sorted((c for c in considered if c.when < before), key=lambda c: c.when)


def paper_considerations(item, chain):
    """Where a plain paper was considered before, oldest first: the papers it follows (`chain`, from
    earlier_papers), at meetings that had begun before its own. A Part A paper does not print what was
    decided on a Part B one."""
    considered = []
    for earlier in chain:
        meeting = earlier.meeting
        if meeting.status not in BEGUN or meeting.starts_at >= item.meeting.starts_at:
            continue
        private = earlier.part == AgendaPart.CONFIDENTIAL and item.part != AgendaPart.CONFIDENTIAL
        considered.append(Consideration(meeting.body.name, meeting.starts_at,
                                        "in confidential session" if private else _decided(earlier)))
    return sorted(considered, key=lambda c: c.when)


def earlier_papers(items):
    """{item id: [the papers it follows, nearest first]} for the given items, with their meetings,
    bodies and decisions: a query for each step back along the longest chain, however many items."""
    found = {}
    wanted = {item.follows_id for item in items if item.follows_id}
    for _ in range(MAX_EARLIER_PAPERS):
        wanted -= found.keys()
        if not wanted:
            break
        for earlier in AgendaItem.objects.filter(pk__in=wanted).select_related("meeting__body", "decision"):
            found[earlier.pk] = earlier
        wanted = {earlier.follows_id for earlier in found.values() if earlier.follows_id}
    chains = {}
    for item in items:
        chain, seen, step = [], {item.pk}, item.follows_id
        while step in found and step not in seen:
            seen.add(step)
            chain.append(found[step])
            step = found[step].follows_id
        chains[item.pk] = chain
    return chains


def previously_considered(item):
    """Where one agenda item was considered before, oldest first (for its pages; the pack reads the
    same rows in bulk)."""
    meeting = item.meeting
    if item.proposal_id is None:
        return paper_considerations(item, earlier_papers([item])[item.pk])
    return proposal_considerations(
        list(earlier_items(meeting).filter(proposal_id=item.proposal_id)),
        list(earlier_decision_events(meeting).filter(proposal_id=item.proposal_id)),
        before=meeting.starts_at,
    )
