"""
The pipeline's own numbers (analytics): stays worked out from the audit trail, kept as each move commits,
the months' figures, and the page and CSV. The figures are checked against a small history whose
answers are worked out by hand below.
"""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from analytics import services
from analytics.models import StageMonth, StageStay
from governance.models import Place, Route
from proposals.enums import EventKind, ProposalState, ServiceArea
from proposals.models import ProposalEvent
from proposals.stages import days_between

from .conftest import sign_in
from .factories import ProposalFactory
from .html_checks import page_problems

pytestmark = pytest.mark.django_db

S = ProposalState
LONDON = ZoneInfo("Europe/London")
TODAY = datetime.datetime(2026, 4, 30, 12, 0, tzinfo=LONDON)


def at(month, day, hour=10):
    return datetime.datetime(2026, month, day, hour, 0, tzinfo=LONDON)


def moved(proposal, when, from_state, to_state, by):
    ProposalEvent.objects.create(proposal=proposal, kind=EventKind.TRANSITION, from_state=from_state, to_state=to_state,
                                 actor=by, created_at=when)


@pytest.fixture
def history(cast):
    """
    Six proposals at the Clinical Leadership Group (each proposal's assessing body), moved at 10:00:

    proposal  service area    place       assessment               days  how it left
    P1        cardiology      North ICP   2 Mar → 5 Mar full case   3     moved on      (March)
    P2        mental health   –           2 Mar → 12 Mar returned  10     returned      (March)
    P3        cardiology      North ICP   10 Mar → 1 Apr rejected  22     rejected      (April)
    P4        cardiology      South ICP   1 Apr → 8 Apr full case   7     moved on      (April)
    P5        cardiology      –           20 Apr → still there     10 on 30 April: waiting
    P6        cardiology      –           submitted 25 Apr, not yet assessed: waiting at "submitted"

    Assessment, March to April: 4 left; days 3, 7, 10, 22: median (7 + 10) / 2 = 8.5, 90th percentile the 4th
    of 4 (ceil(0.9 × 4) = 4): 22; March 2, April 2; returned 1 in 4, rejected 1 in 4, moved on 2 in 4.
    North ICP only: P1 and P3: days 3 and 22: median 12.5, 90th percentile 22. Mental health only: P2.
    """
    north, south = Place.objects.create(name="North ICP"), Place.objects.create(name="South ICP")
    route = Route.objects.default()
    plan = [
        ("P1", ServiceArea.CARDIOLOGY, [north], [(at(3, 2), S.SUBMITTED, S.ASSESSMENT), (at(3, 5), S.ASSESSMENT, S.FULL_CASE)]),
        ("P2", ServiceArea.MENTAL_HEALTH, [], [(at(3, 2), S.SUBMITTED, S.ASSESSMENT), (at(3, 12), S.ASSESSMENT, S.RETURNED)]),
        ("P3", ServiceArea.CARDIOLOGY, [north], [(at(3, 10), S.SUBMITTED, S.ASSESSMENT), (at(4, 1), S.ASSESSMENT, S.REJECTED)]),
        ("P4", ServiceArea.CARDIOLOGY, [south], [(at(4, 1), S.SUBMITTED, S.ASSESSMENT), (at(4, 8), S.ASSESSMENT, S.FULL_CASE)]),
        ("P5", ServiceArea.CARDIOLOGY, [], [(at(4, 20), S.SUBMITTED, S.ASSESSMENT)]),
        ("P6", ServiceArea.CARDIOLOGY, [], [(at(4, 25), S.DRAFT, S.SUBMITTED)]),
    ]
    proposals = {}
    for name, area, places, moves in plan:
        proposal = ProposalFactory(title=f"Proposal {name}", lead_author=cast.author, service_area=area,
                                   assessing_body=cast.clg, route=route, submitted_at=at(2, 1))
        proposal.places.set(places)
        for when, from_state, to_state in moves:
            moved(proposal, when, from_state, to_state, cast.clg_secretary)
        proposals[name] = proposal
    with time_machine.travel(TODAY, tick=False):
        services.rebuild()
    return proposals


def figures_of(cast, **filters):
    with time_machine.travel(TODAY, tick=False):
        return {stage.state: stage for stage in services.figures(
            cast.clg, first_month=datetime.date(2026, 3, 1), last_month=datetime.date(2026, 4, 1), **filters)}


def test_days_in_a_stage_are_calendar_days_in_london():
    assert days_between(at(3, 2, 16), at(3, 3, 9)) == 1  # 4pm Monday to 9am Tuesday: one day
    assert days_between(at(3, 2, 9), at(3, 2, 23)) == 0
    # Across the clocks going forward (29 March 2026) and at midnight UTC in summer (1am in London).
    assert days_between(at(3, 28, 12), datetime.datetime(2026, 3, 30, 0, 30, tzinfo=datetime.UTC)) == 2
    assert days_between(datetime.datetime(2026, 6, 1, 23, 30, tzinfo=datetime.UTC), at(6, 2, 9)) == 0


def test_the_figures_worked_out_by_hand(cast, history):
    stages = figures_of(cast)
    assessment = stages[S.ASSESSMENT]
    assert (assessment.ended, assessment.median_days, assessment.p90_days) == (4, 8.5, 22)
    assert assessment.months == {datetime.date(2026, 3, 1): 2, datetime.date(2026, 4, 1): 2}
    assert (assessment.approved, assessment.returned, assessment.rejected, assessment.moved_on) == (0, 1, 1, 2)
    assert assessment.waiting == 1 and [s.proposal.title for s in assessment.longest] == ["Proposal P5"]
    with time_machine.travel(TODAY, tick=False):
        assert assessment.longest[0].days_so_far == 10
    submitted = stages[S.SUBMITTED]
    # P1 to P5's histories begin with their move to assessment, so they have no stay at triage: only P6's.
    assert submitted.waiting == 1 and [s.proposal.title for s in submitted.longest] == ["Proposal P6"]


def test_the_figures_by_place_service_area_stage_and_period(cast, history):
    north = Place.objects.get(name="North ICP")
    assessment = figures_of(cast, place=north)[S.ASSESSMENT]
    assert (assessment.ended, assessment.median_days, assessment.p90_days, assessment.waiting) == (2, 12.5, 22, 0)
    mental_health = figures_of(cast, service_area=ServiceArea.MENTAL_HEALTH)
    assert list(mental_health) == [S.ASSESSMENT] and mental_health[S.ASSESSMENT].returned == 1
    assert list(figures_of(cast, state=S.SUBMITTED)) == [S.SUBMITTED]
    with time_machine.travel(TODAY, tick=False):
        april = {s.state: s for s in services.figures(cast.clg, first_month=datetime.date(2026, 4, 1),
                                                      last_month=datetime.date(2026, 4, 1))}
    assert (april[S.ASSESSMENT].ended, april[S.ASSESSMENT].median_days) == (2, 14.5)  # days 7 and 22
    assert services.figures(cast.icsmg, first_month=datetime.date(2026, 3, 1),
                            last_month=datetime.date(2026, 4, 1)) == []


def test_percentiles_and_medians():
    assert services.median({}) is None and services.percentile({}, 0.9) is None
    assert services.median({5: 1}) == 5 and services.percentile({5: 1}, 0.9) == 5
    histogram = {1: 5, 2: 3, 10: 1, 40: 1}  # 1 1 1 1 1 2 2 2 10 40
    assert services.median(histogram) == 1.5 and services.percentile(histogram, 0.9) == 10
    assert services.percentile(histogram, 0.91) == 40


def test_stays_are_kept_as_each_move_commits_and_match_the_audit_trail(cast, proposal_in,
                                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        approved = proposal_in(S.APPROVED)
        proposal_in(S.QUALITY_ASSURANCE)
        proposal_in(S.RETURNED)
    fields = ("proposal_id", "body_id", "state", "entered_at", "left_at", "left_to", "days")
    kept = sorted(StageStay.objects.values_list(*fields))
    services.rebuild()
    assert sorted(StageStay.objects.values_list(*fields)) == kept
    # The approved one: triage, assessment and full case with the assessing body, quality assurance, sign-off,
    # then formal approval with each of the two bodies named.
    route = [(s.state, s.body_id, s.left_to) for s in StageStay.objects.filter(proposal=approved).order_by("pk")]
    assert route == [
        (S.SUBMITTED, cast.clg.pk, S.ASSESSMENT), (S.ASSESSMENT, cast.clg.pk, S.FULL_CASE),
        (S.FULL_CASE, cast.clg.pk, S.QUALITY_ASSURANCE), (S.QUALITY_ASSURANCE, cast.icsmg.pk, S.STAKEHOLDER_SIGNOFF),
        (S.STAKEHOLDER_SIGNOFF, cast.hsg.pk, S.FORMAL_APPROVAL),
        (S.FORMAL_APPROVAL, cast.jcc.pk, S.APPROVED), (S.FORMAL_APPROVAL, cast.ccg.pk, S.APPROVED),
    ]
    assert StageStay.objects.filter(left_at__isnull=True).count() == 1  # the one at quality assurance


# -- The page and the CSV ------------------------------------------------------------------------------


def test_the_page_shows_the_figures_charts_and_the_longest_waiting(client, cast, history):
    sign_in(client, cast.clg_secretary)
    with time_machine.travel(TODAY, tick=False):
        response = client.get(reverse("analytics:figures"), {"period": "fy2025"})  # April 2025 to March 2026
        page = response.content.decode()
        assert response.status_code == 200 and not page_problems(page)
        assert "Pipeline figures: Clinical Leadership Group" in page
        # In March: P1 and P2 left assessment (3 and 10 days).
        assert "6.5 days" in page and "Proposals that left the stage, by month." in page
        assert "March 2026: 2" in page and 'data-month="2026-03"' in page
        page = client.get(reverse("analytics:figures"), {"period": "3"}).content.decode()  # Feb–April 2026
        assert "8.5 days" in page and "22 days" in page and "Proposal P5" in page


def test_the_csv_has_a_row_per_stage_and_month_and_the_period(client, cast, history):
    sign_in(client, cast.clg_secretary)
    with time_machine.travel(TODAY, tick=False):
        response = client.get(reverse("analytics:figures_csv"), {"period": "3", "stage": S.ASSESSMENT})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Body", "Stage", "Month", "Left the stage"]
    assert rows[1:] == [
        ["Clinical Leadership Group", "Assessment", "2026-02", "0", "0", "0", "0", "0", "0", "", "", ""],
        ["Clinical Leadership Group", "Assessment", "2026-03", "2", "0", "1", "0", "0", "1", "6.5", "10", ""],
        ["Clinical Leadership Group", "Assessment", "2026-04", "2", "0", "0", "1", "0", "1", "14.5", "22", ""],
        ["Clinical Leadership Group", "Assessment", "Whole period", "4", "0", "1", "1", "0", "2", "8.5", "22", "1"],
    ]


def test_only_committee_officers_and_admins_see_the_figures(client, cast, history):
    assert client.get(reverse("analytics:figures")).status_code == 302
    for user in (cast.author, cast.member, cast.assessors[0]):
        sign_in(client, user)
        assert client.get(reverse("analytics:figures")).status_code == 403
        assert client.get(reverse("analytics:figures_csv")).status_code == 403
    for user in (cast.hsg_secretary, cast.admin):
        sign_in(client, user)
        assert client.get(reverse("analytics:figures")).status_code == 200


def test_bad_filters_are_shown_and_change_nothing(client, cast, history):
    sign_in(client, cast.clg_secretary)
    before = StageMonth.objects.count()
    response = client.get(reverse("analytics:figures"), {"body": "999999", "period": "forever", "stage": "limbo"})
    page = response.content.decode()
    assert response.status_code == 200 and "Select a valid choice" in page and "<title>Error:" in page
    assert "Waiting now" not in page
    assert client.get(reverse("analytics:figures_csv"), {"period": "forever"}).status_code == 400
    assert StageMonth.objects.count() == before


def test_the_page_reads_a_fixed_number_of_queries(client, cast, history, django_assert_max_num_queries):
    sign_in(client, cast.clg_secretary)
    url = reverse("analytics:figures")
    with django_assert_max_num_queries(20) as few:
        client.get(url, {"body": cast.clg.pk})
    for _ in range(30):  # thirty more, waiting in assessment
        proposal = ProposalFactory(lead_author=cast.author, assessing_body=cast.clg, submitted_at=at(2, 1))
        moved(proposal, at(4, 2), S.SUBMITTED, S.ASSESSMENT, cast.clg_secretary)
    services.rebuild()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url, {"body": cast.clg.pk})
