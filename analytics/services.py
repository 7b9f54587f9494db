"""
The pipeline's own numbers, from the proposals' audit trail (ProposalEvent):

- a stay (StageStay) runs from the event that moved a proposal into a stage of the route to the one
  that moved it on; its days are proposals.stages.days_between, as on the pipeline and in the API;
- each stay is with the body that owns the stage for that proposal (proposals.stages: its assessing
  body, its route's body or place committee, or each body named to formally approve it, until that
  body decided);
- the month's figures (StageMonth) add up the stays that ended in it: how many, how they left, and
  how many days each took, from which the median and the 90th percentile are read exactly.
"""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Count, Prefetch
from django.utils import timezone

from governance.models import Route
from proposals.enums import EventKind, FormalDecision, ProposalState
from proposals.models import Proposal, ProposalEvent
from proposals.stages import OwnerFrom, days_between, owner_of

from .models import StageMonth, StageStay

S = ProposalState
STAGES = S.ON_ROUTE  # the stages of the route a body has a proposal in, in route order
OUTCOMES = {S.APPROVED: "approved", S.RETURNED: "returned", S.REJECTED: "rejected", S.WITHDRAWN: "withdrawn"}
ALL_AREAS = "*"  # a StageMonth of every service area together (as place None is of every place)
CHUNK = 1000


def is_move(event):
    return event.kind != EventKind.STAGE_SKIPPED and event.to_state and event.from_state != event.to_state


def owners(proposal, state, default_route=None):
    """The ids of the bodies a proposal in `state` is with (the stage-owner table, proposals.stages)."""
    owner = owner_of(state)
    if owner is None:
        return []
    if owner.owner_from == OwnerFrom.FORMAL_APPROVALS:
        return [approval.body_id for approval in proposal.formal_approvals.all()]
    if owner.owner_from == OwnerFrom.ASSESSING_BODY and proposal.assessing_body_id:
        return [proposal.assessing_body_id]
    route = proposal.route if proposal.route_id else default_route
    stage = route.stage(owner.stage) if route else None
    if stage is None:
        return []
    if stage.by_place_committee:
        return sorted({place.committee_id for place in proposal.places.all() if place.committee_id})
    return [stage.body_id] if stage.body_id else []


def _close(stay, event, approvals):
    """A stay ends at the move `event`; a stay for formal approval ends when its own body decided, with that
    body's outcome (`approvals`: {body id: FormalApproval})."""
    at, to_state = event.created_at, event.to_state
    approval = approvals.get(stay.body_id) if stay.state == S.FORMAL_APPROVAL else None
    if approval is not None and approval.decided_at and approval.decision in (FormalDecision.APPROVED,
                                                                              FormalDecision.REJECTED):
        at = min(at, approval.decided_at)
        to_state = S.APPROVED if approval.decision == FormalDecision.APPROVED else S.REJECTED
    stay.left_at, stay.left_to = at, to_state
    stay.days = days_between(stay.entered_at, at)


def _entered(proposal, event, default_route):
    """The stays the move `event` begins (unsaved): one with each body that owns its stage."""
    if event.to_state not in STAGES:
        return []
    return [StageStay(proposal=proposal, body_id=body_id, state=event.to_state, service_area=proposal.service_area,
                      entered_at=event.created_at)
            for body_id in owners(proposal, event.to_state, default_route)]


def _approvals(proposal):
    return {approval.body_id: approval for approval in proposal.formal_approvals.all()}


def stays_of(proposal, events, default_route=None):
    """The stays of one proposal, from its events in order (unsaved)."""
    approvals = _approvals(proposal)
    stays, open_stays = [], []
    for event in filter(is_move, events):
        for stay in open_stays:
            _close(stay, event, approvals)
        open_stays = _entered(proposal, event, default_route)
        stays += open_stays
    return stays


def _for_owners(proposals):
    """With what owners() reads, in a fixed number of queries."""
    return proposals.select_related("route").prefetch_related("route__stages", "places", "formal_approvals")


@transaction.atomic
def rebuild():
    """Every stay again from the audit trail, then the months' figures."""
    StageStay.objects.all().delete()
    default_route = Route.objects.default()
    ids = list(Proposal.objects.exclude(submitted_at__isnull=True).order_by("pk").values_list("pk", flat=True))
    moves = Prefetch("events", queryset=ProposalEvent.objects.order_by("created_at", "pk"), to_attr="moves")
    for start in range(0, len(ids), CHUNK):
        batch = _for_owners(Proposal.objects.filter(pk__in=ids[start:start + CHUNK])).prefetch_related(moves)
        StageStay.objects.bulk_create(
            stay for proposal in batch for stay in stays_of(proposal, proposal.moves, default_route)
        )
    refresh_months()


@transaction.atomic
def record_move(event):
    """One move as it commits: the proposal's open stays end, and its stays in the new stage begin."""
    if not is_move(event):
        return
    proposal = _for_owners(Proposal.objects.filter(pk=event.proposal_id)).first()
    approvals = _approvals(proposal)
    for stay in StageStay.objects.select_for_update().filter(proposal=proposal, left_at__isnull=True):
        _close(stay, event, approvals)
        stay.save(update_fields=["left_at", "left_to", "days"])
    # The default route is read only for a proposal that has none of its own (owners()).
    default_route = None if proposal.route_id else Route.objects.default()
    StageStay.objects.bulk_create(_entered(proposal, event, default_route))


def month_of(moment):
    day = timezone.localdate(moment)
    return date(day.year, day.month, 1)


@transaction.atomic
def refresh_months():
    """The months' figures, worked out again from the stays that have ended (nightly, by beat)."""
    now = timezone.now()
    rows = {}
    ended = (StageStay.objects.filter(left_at__isnull=False)
             .values_list("body_id", "state", "service_area", "left_at", "left_to", "days", "proposal_id"))
    places = defaultdict(list)
    for proposal_id, place_id in Proposal.places.through.objects.values_list("proposal_id", "place_id"):
        places[proposal_id].append(place_id)
    for body_id, state, service_area, left_at, left_to, days, proposal_id in ended.iterator(chunk_size=5000):
        month = month_of(left_at)
        # Each stay counts in its service area's row and in the row of all of them; in its places' rows and in
        # the row of all places: so that the page reads one row a month whichever filters are chosen.
        for area in (service_area, ALL_AREAS):
            for place_id in [None, *places[proposal_id]]:
                key = (month, body_id, state, area, place_id)
                row = rows.get(key)
                if row is None:
                    row = rows[key] = StageMonth(month=month, body_id=body_id, state=state, service_area=area,
                                                 place_id=place_id, days=Counter(), computed_at=now)
                row.ended += 1
                if left_to in OUTCOMES:
                    setattr(row, OUTCOMES[left_to], getattr(row, OUTCOMES[left_to]) + 1)
                row.days[days] += 1
    for row in rows.values():
        row.days = {str(days): count for days, count in sorted(row.days.items())}
    StageMonth.objects.all().delete()
    StageMonth.objects.bulk_create(rows.values(), batch_size=2000)


# -- The figures a page shows ----------------------------------------------------------------------


def _nth(histogram, n):
    """The n-th smallest (from 1) of the stays counted in `histogram` ({days: count})."""
    seen = 0
    for days in sorted(histogram):
        seen += histogram[days]
        if seen >= n:
            return days
    return None


def percentile(histogram, fraction):
    """The `fraction` percentile, by nearest rank: the fewest days within which that fraction of the stays
    ended (the 90th: 9 in 10 took no longer). None if there are none."""
    total = sum(histogram.values())
    return _nth(histogram, max(1, math.ceil(fraction * total))) if total else None


def median(histogram):
    """The middle stay's days; with an even number of stays, halfway between the two middle ones."""
    total = sum(histogram.values())
    if not total:
        return None
    if total % 2:
        return _nth(histogram, (total + 1) // 2)
    return (_nth(histogram, total // 2) + _nth(histogram, total // 2 + 1)) / 2


@dataclass
class Counts:
    """Stays that ended, and how: for a month, or a whole period."""

    ended: int = 0
    approved: int = 0
    returned: int = 0
    rejected: int = 0
    withdrawn: int = 0
    histogram: Counter = field(default_factory=Counter)

    def add(self, row):
        self.ended += row.ended
        for outcome in OUTCOMES.values():
            setattr(self, outcome, getattr(self, outcome) + getattr(row, outcome))
        self.histogram.update({int(days): count for days, count in row.days.items()})

    @property
    def moved_on(self):
        return self.ended - self.approved - self.returned - self.rejected - self.withdrawn

    @property
    def median_days(self):
        return median(self.histogram)

    @property
    def p90_days(self):
        return percentile(self.histogram, 0.9)

    def share(self, count):
        return count / self.ended if self.ended else None

    @property
    def shares(self):
        """[(outcome, count, share)] for the page."""
        return [(label, count, self.share(count)) for label, count in [
            ("Approved", self.approved), ("Returned for revision", self.returned), ("Rejected", self.rejected),
            ("Withdrawn", self.withdrawn), ("Moved on to the next stage", self.moved_on)]]


@dataclass
class StageFigures(Counts):
    state: str = ""
    waiting: int = 0
    longest: list = field(default_factory=list)  # the open stays, longest first (proposal loaded)
    per_month: dict = field(default_factory=dict)  # {first day of the month: Counts}

    @property
    def label(self):
        return S(self.state).label

    @property
    def months(self):
        """{month: stays ended}, for the chart."""
        return {month: counts.ended for month, counts in self.per_month.items()}

    def by_month(self):
        for month, c in self.per_month.items():
            yield month, [c.ended, c.approved, c.returned, c.rejected, c.withdrawn, c.moved_on,
                          "" if c.median_days is None else f"{c.median_days:g}",
                          "" if c.p90_days is None else c.p90_days, ""]


def months_between(first, last):
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def figures(body, *, first_month, last_month, state=None, place=None, service_area=""):
    """Each stage's figures at `body`: ended stays in the months from `first_month` to `last_month` (the
    nightly figures), and what is waiting now (live). A fixed number of queries, whatever the data."""
    months = months_between(first_month, last_month)
    rows = StageMonth.objects.filter(body=body, month__gte=months[0], month__lte=months[-1],
                                     service_area=service_area or ALL_AREAS)
    rows = rows.filter(place=place) if place else rows.filter(place__isnull=True)
    waiting = StageStay.objects.filter(body=body, left_at__isnull=True)
    if place:
        waiting = waiting.filter(proposal__places=place)
    if service_area:
        waiting = waiting.filter(service_area=service_area)
    if state:
        rows, waiting = rows.filter(state=state), waiting.filter(state=state)
    stages = {}

    def stage_of(state):
        return stages.setdefault(state, StageFigures(state=state, per_month={month: Counts() for month in months}))

    for row in rows:
        stage = stage_of(row.state)
        stage.add(row)
        stage.per_month[row.month].add(row)
    # COUNT(*), which the partial index on open stays answers without reading the table.
    for state_waiting, count in waiting.values_list("state").annotate(count=Count("*")).order_by():
        stage_of(state_waiting).waiting = count
    ordered = [stages[s] for s in STAGES if s in stages]
    for stage in ordered:
        if stage.waiting:
            stage.longest = list(waiting.filter(state=stage.state).select_related("proposal")
                                 .order_by("entered_at", "pk")[:10])
    return ordered


def last_computed():
    """When the months' figures were last worked out (None: never)."""
    # Every row of one night's work has the same time: any row says it (the first, through the primary key).
    return StageMonth.objects.order_by("pk").values_list("computed_at", flat=True).first()
