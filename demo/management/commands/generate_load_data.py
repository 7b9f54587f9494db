"""
Load many realistic, invented proposals for performance work: `generate_load_data --proposals N`.

Proposals are spread over every state of the route (as years of use would leave them), with their
audit events, two submitted assessments each once they have been scored, and meetings of every
body with agenda items and decisions for those that reached a body. Everything is written with
bulk_create in batches, so 100,000 proposals take minutes, not hours. Run seed_demo first (it is
run for you if the demo's bodies are missing): the load uses its bodies, people and rubric.
"""

import random
import time
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from analytics import services as analytics
from governance.enums import DecisionOutcome, MeetingStatus
from governance.models import AgendaItem, Body, Decision, Meeting, Route
from proposals.enums import EventKind, ProposalState, ServiceArea
from proposals.models import Proposal, ProposalEvent
from scoring.enums import AssessmentStatus
from scoring.models import Assessment, CategoryScore, RubricVersion

from ...organisation import BODIES

S = ProposalState
# How a mature pipeline is spread over the states (weights).
STATES = {
    S.DRAFT: 8, S.SUBMITTED: 6, S.ASSESSMENT: 8, S.QUALITY_ASSURANCE: 4, S.STAKEHOLDER_SIGNOFF: 3,
    S.FORMAL_APPROVAL: 3, S.APPROVED: 30, S.RETURNED: 5, S.REJECTED: 12, S.WITHDRAWN: 8, S.PLACE_BASED: 13,
}
SCORED = {S.QUALITY_ASSURANCE, S.STAKEHOLDER_SIGNOFF, S.FORMAL_APPROVAL, S.APPROVED}
# The body that decided a proposal's latest move, and what it decided.
DECIDED = {
    S.QUALITY_ASSURANCE: ("clg", DecisionOutcome.ASSESSMENT_COMPLETE),
    S.STAKEHOLDER_SIGNOFF: ("icsmg", DecisionOutcome.QUALITY_ASSURED),
    S.FORMAL_APPROVAL: ("hsg", DecisionOutcome.SIGNED_OFF),
    S.APPROVED: ("jcc", DecisionOutcome.APPROVED),
    S.REJECTED: ("icsmg", DecisionOutcome.REJECTED),
    S.RETURNED: ("icsmg", DecisionOutcome.RETURNED),
}
SUBJECTS = [
    "Integrated pathway for {0}", "Single operating model for {0}", "Collaborative commissioning of {0}",
    "Shared waiting list for {0}", "ICS-wide procurement of {0}", "Consistent access policy for {0}",
]
SERVICES = [
    "cardiology", "stroke rehabilitation", "diabetes care", "musculoskeletal services", "adult mental health beds",
    "complex neurorehabilitation", "lung cancer diagnostics", "urgent treatment centres", "community dental services",
    "wheelchair services", "continuing healthcare", "end of life care",
]
PROSE = (
    "The proposal brings commissioners and providers across the places together to agree one pathway, "
    "shared outcome measures and a common approach to workforce. Early work has mapped activity, spend and "
    "outcomes and found where duplication between organisations can be removed. "
)
BATCH = 5000
# Where a closed proposal left the route from (it may have been returned, rejected or withdrawn at any stage).
LEFT_FROM = {S.APPROVED: [S.FORMAL_APPROVAL], S.PLACE_BASED: [S.SUBMITTED],
             S.RETURNED: [S.SUBMITTED, S.ASSESSMENT, S.QUALITY_ASSURANCE, S.STAKEHOLDER_SIGNOFF],
             S.REJECTED: [S.SUBMITTED, S.ASSESSMENT, S.QUALITY_ASSURANCE, S.STAKEHOLDER_SIGNOFF, S.FORMAL_APPROVAL],
             S.WITHDRAWN: [S.SUBMITTED, S.ASSESSMENT, S.FULL_CASE, S.QUALITY_ASSURANCE]}


def moves_to(state, last_move):
    """A path of moves [(from, to, at)] along the route that ends in `state` at `last_move`: submitted, then each
    stage in turn, a few days to a couple of months in each (none for a draft)."""
    if state == S.DRAFT:
        return []
    last_on_route = random.choice(LEFT_FROM[state]) if state in LEFT_FROM else state
    states = [S.DRAFT, *S.ON_ROUTE[:S.ON_ROUTE.index(last_on_route) + 1]]
    if state not in S.ON_ROUTE:
        states.append(state)
    moves, at = [], last_move
    for from_state, to_state in reversed(list(zip(states, states[1:], strict=False))):
        moves.append((from_state, to_state, at))
        at -= timedelta(days=random.randint(1, 60), minutes=random.randint(0, 600))
    return list(reversed(moves))


class Command(BaseCommand):
    help = "Load N invented proposals (with events, assessments, meetings and decisions) in bulk, for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--proposals", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=2026, help="the random seed, for repeatable loads")

    def handle(self, *args, proposals, seed, **options):
        started = time.monotonic()
        random.seed(seed)
        if not Body.objects.filter(name=BODIES["jcc"].name).exists():
            call_command("seed_demo", stdout=self.stdout)
        with transaction.atomic():
            made = self.load(proposals)
        self.stdout.write(f"Loaded {made} proposals in {time.monotonic() - started:.0f} s.")
        # The pipeline's figures, as beat works them out each night: how long that takes at this size.
        started = time.monotonic()
        analytics.rebuild()
        self.stdout.write(f"Worked out the pipeline's figures in {time.monotonic() - started:.1f} s.")

    def load(self, count):
        users = self.leads()
        meetings = self.meetings()
        rubric = RubricVersion.objects.active()
        categories = list(rubric.categories.all())
        assessors = list(get_user_model().objects.filter(memberships__role="assessor").distinct()[:6]) or users[:2]
        secretary = get_user_model().objects.filter(is_superuser=True).first() or users[0]
        start = Proposal.objects.count()
        route = Route.objects.default()
        now = timezone.now()
        states, weights = list(STATES), list(STATES.values())
        for first in range(0, count, BATCH):
            rows = []
            paths = {}
            for n in range(first, min(first + BATCH, count)):
                state = random.choices(states, weights)[0]
                changed = now - timedelta(days=random.randint(0, 730), minutes=random.randint(0, 1440))
                subject = random.choice(SUBJECTS).format(random.choice(SERVICES))
                paths[n] = path = moves_to(state, changed)
                rows.append(Proposal(
                    reference=f"ICS-{changed.year}-{start + n + 1:06d}", title=subject.capitalize(),
                    lead_author=random.choice(users), state=state, state_changed_at=changed,
                    route=None if state == S.DRAFT else route,
                    submitted_at=path[0][2] if path else None,
                    service_area=random.choice(ServiceArea.values),
                    outline={"summary": PROSE, "ics_aspirations": PROSE, "finance_summary": PROSE}, case_text=PROSE,
                ))
            made = Proposal.objects.bulk_create(rows)
            self.events(made, [paths[n] for n in range(first, first + len(made))], secretary)
            self.scores([p for p in made if p.state in SCORED], rubric, categories, assessors)
            self.decisions([p for p in made if p.state in DECIDED], meetings, secretary)
        return count

    def leads(self):
        users = [get_user_model()(username=f"load_lead_{n}", first_name="Load", last_name=f"Lead {n}",
                                  email=f"load_lead_{n}@example.invalid") for n in range(200)]
        for user in users:
            user.set_unusable_password()
        get_user_model().objects.bulk_create(users, ignore_conflicts=True)
        return list(get_user_model().objects.filter(username__startswith="load_lead_"))

    def meetings(self):
        """A meeting a fortnight for each deciding body over two years, all held: {body key: meetings}."""
        now, grouped = timezone.now(), {}
        for key in dict.fromkeys(key for key, _ in DECIDED.values()):
            body = Body.objects.get(name=BODIES[key].name)
            grouped[key] = Meeting.objects.bulk_create(
                Meeting(body=body, starts_at=now - timedelta(days=14 * n), status=MeetingStatus.HELD,
                        location="Load test room") for n in range(1, 53))
        return grouped

    def events(self, proposals, paths, actor):
        """Its audit trail: created, then each move of its path along the route (moves_to)."""
        rows = []
        for p, path in zip(proposals, paths, strict=True):
            rows.append(ProposalEvent(proposal=p, kind=EventKind.CREATED, to_state=S.DRAFT, actor=p.lead_author,
                                      created_at=(path[0][2] if path else p.state_changed_at) - timedelta(days=20)))
            rows += [ProposalEvent(proposal=p, kind=EventKind.TRANSITION, from_state=from_state, to_state=to_state,
                                   actor=actor, created_at=at) for from_state, to_state, at in path]
        ProposalEvent.objects.bulk_create(rows)

    def scores(self, proposals, rubric, categories, assessors):
        assessments = [
            Assessment(proposal=p, assessor=assessor, rubric=rubric, status=AssessmentStatus.SUBMITTED,
                       has_interest=False, submitted_at=p.state_changed_at)
            for p in proposals for assessor in random.sample(assessors, min(2, len(assessors)))
        ]
        Assessment.objects.bulk_create(assessments)
        CategoryScore.objects.bulk_create(
            CategoryScore(assessment=a, category=c, score=random.randint(3, 5), rationale="Meets the criterion.")
            for a in assessments for c in categories
        )

    def decisions(self, proposals, meetings, secretary):
        items = []
        for p in proposals:
            key, outcome = DECIDED[p.state]
            meeting = random.choice(meetings[key])
            items.append(AgendaItem(meeting=meeting, proposal=p, title=p.title, order=p.pk))
        AgendaItem.objects.bulk_create(items)
        Decision.objects.bulk_create(
            Decision(item=item, outcome=DECIDED[item.proposal.state][1], minute="Decided as recommended.",
                     recorded_by=secretary, recorded_at=item.meeting.starts_at)
            for item in items
        )
