"""The committee secretaries' pipeline: the board, the list and the CSV export, their filters,
sorting and paging, who may see them, what "next meeting" may reveal, and fixed queries."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from governance.enums import AgendaPart, DecisionOutcome, MembershipRole
from governance.models import Decision
from proposals import pipeline, services
from proposals.enums import ProposalState, ServiceArea
from proposals.models import Proposal
from scoring.services import assign_assessor, moderate
from scoring.summary import summarise, summarise_many

from .conftest import score_all, sign_in, sign_in_with_second_factor
from .factories import (
    AgendaItemFactory,
    BodyFactory,
    MeetingFactory,
    MembershipFactory,
    PlaceFactory,
    ProposalFactory,
    UserFactory,
)

S = ProposalState
BOARD, LIST, CSV = "proposals:pipeline", "proposals:pipeline_list", "proposals:pipeline_csv"


def get(client, name, **params):
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    return response


def listed(client, **params):
    """The references the list shows, in order, for these filters."""
    return [card.proposal.reference for card in get(client, LIST, **params).context["rows"]]


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def live_submissions(cast, count, **fields):
    """Submitted proposals made directly (the route is not what these tests are about), each a
    day longer in its stage than the next."""
    proposals = [ProposalFactory(lead_author=cast.other_lead, **fields) for _ in range(count)]
    now = timezone.now()
    for age, proposal in enumerate(reversed(proposals)):
        Proposal.objects.filter(pk=proposal.pk).update(state=S.SUBMITTED, submitted_at=now - timedelta(days=age),
                                                       state_changed_at=now - timedelta(days=age))
    return [Proposal.objects.get(pk=p.pk) for p in proposals]


@pytest.fixture
def route(proposal_in):
    """One proposal in every state, live or not."""
    return {state: proposal_in(state) for state in S}


def test_the_board_shows_each_live_proposal_in_its_column(client, cast, route):
    Proposal.objects.filter(pk=route[S.ASSESSMENT].pk).update(state_changed_at=timezone.now() - timedelta(days=5))
    client.force_login(cast.clg_secretary)
    response = get(client, BOARD)
    columns = {column.state: column for column in response.context["columns"]}
    assert list(columns) == list(S.ON_ROUTE)
    for state in S.ON_ROUTE:
        assert columns[state].count == 1
        assert [card.proposal for card in columns[state].cards] == [route[state]]
    html = response.content.decode()
    for state in S.ON_ROUTE:
        assert route[state].reference in html
    for state in (S.DRAFT, S.RETURNED, *S.CLOSED):
        assert route[state].reference not in html, state
    assert html.count('(1<span class="nhsuk-u-visually-hidden"> proposal</span>)') == 6  # each heading's count

    qa = columns[S.QUALITY_ASSURANCE].cards[0]
    assert qa.summary.total_display == "15" and qa.summary.eligible
    submitted = columns[S.SUBMITTED].cards[0]
    assert submitted.summary.total is None and not submitted.summary.eligible
    assert "Eligible" in html and "Not scored" in html
    assert columns[S.ASSESSMENT].cards[0].days_in_stage == 5 and "5 days" in html


def test_summarise_many_agrees_with_summarise(cast, proposal_in):
    unscored = proposal_in(S.SUBMITTED)
    scoring = proposal_in(S.ASSESSMENT)
    for assessor, scores in zip(cast.assessors[:2], ([5, 4, 3, 2, 1], [1, 1, 1, 1, 1]), strict=True):
        assign_assessor(scoring, assessor, by=cast.clg_secretary)
        score_all(scoring, assessor, scores)
    category = scoring.assessments.first().rubric.categories.first()
    moderate(scoring, category, score=Decimal("4"), reason="Agreed at the panel", by=cast.clg_secretary)
    scored = proposal_in(S.QUALITY_ASSURANCE)
    proposals = [unscored, scoring, scored]

    with CaptureQueriesContext(connection) as queries:
        many = summarise_many(proposals)
    assert len(queries) <= 5
    for proposal in proposals:
        one = summarise(proposal)
        assert (many[proposal.pk].total, many[proposal.pk].eligible, many[proposal.pk].complete) == (
            one.total, one.eligible, one.complete)
        assert [c.governing for c in many[proposal.pk].categories] == [c.governing for c in one.categories]
    assert many[scoring.pk].categories[0].moderated == 4
    assert summarise_many([]) == {}


def test_the_body_filter_follows_who_owns_the_current_stage(client, cast, route):
    sign_in_with_second_factor(client, cast.admin)
    assert set(listed(client, body=cast.clg.pk)) == {route[S.SUBMITTED].reference, route[S.ASSESSMENT].reference}
    assert listed(client, body=cast.icsmg.pk) == [route[S.QUALITY_ASSURANCE].reference]
    assert listed(client, body=cast.hsg.pk) == [route[S.STAKEHOLDER_SIGNOFF].reference]
    in_formal_approval = route[S.FORMAL_APPROVAL]
    assert listed(client, body=cast.jcc.pk) == listed(client, body=cast.ccg.pk) == [in_formal_approval.reference]
    services.record_formal_decision(in_formal_approval, body=cast.jcc, approved=True, by=cast.jcc_secretary)
    assert listed(client, body=cast.jcc.pk) == []
    assert listed(client, body=cast.ccg.pk) == [in_formal_approval.reference]


def test_the_workstream_service_area_place_and_state_filters(client, cast, proposal_in):
    cardiology = BodyFactory(name="Cardiology workstream", sponsors_proposals=True)
    stroke = BodyFactory(name="Stroke workstream", sponsors_proposals=True)
    north, south = PlaceFactory(name="North ICP"), PlaceFactory(name="South ICP")
    heart = proposal_in(S.SUBMITTED, sponsoring_workstream=cardiology, service_area=ServiceArea.CARDIOLOGY)
    heart.places.set([north, south])
    brain = proposal_in(S.ASSESSMENT, sponsoring_workstream=stroke, service_area=ServiceArea.STROKE)
    brain.places.set([south])
    client.force_login(cast.hsg_secretary)

    assert listed(client, workstream=cardiology.pk) == [heart.reference]
    assert listed(client, service_area=ServiceArea.STROKE) == [brain.reference]
    assert listed(client, place=north.pk) == [heart.reference]
    assert set(listed(client, place=south.pk)) == {heart.reference, brain.reference}
    assert listed(client, state=S.ASSESSMENT) == [brain.reference]
    assert listed(client, place=south.pk, state=S.SUBMITTED) == [heart.reference]
    board = get(client, BOARD, workstream=stroke.pk).context["columns"]
    assert [(c.state, c.count) for c in board if c.count] == [(S.ASSESSMENT, 1)]


def test_a_value_that_is_not_a_choice_shows_nothing_and_says_why(client, cast, proposal_in):
    proposal_in(S.SUBMITTED)
    client.force_login(cast.clg_secretary)
    response = get(client, LIST, state=S.DRAFT)
    assert response.context["rows"] == []
    assert "Select a valid choice" in response.content.decode()
    assert csv_rows(get(client, CSV, state=S.DRAFT)) == [csv_rows(get(client, CSV))[0]]


def test_the_list_sorts_by_its_columns(client, cast, proposal_in):
    formal = proposal_in(S.FORMAL_APPROVAL, title="Alpha")
    submitted = proposal_in(S.SUBMITTED, title="Charlie")
    assessment = proposal_in(S.ASSESSMENT, title="Bravo")
    now = timezone.now()
    for proposal, days in ((formal, 1), (submitted, 30), (assessment, 7)):
        Proposal.objects.filter(pk=proposal.pk).update(state_changed_at=now - timedelta(days=days))
    client.force_login(cast.clg_secretary)

    assert listed(client) == [submitted.reference, assessment.reference, formal.reference]  # longest in stage
    assert listed(client, sort="title") == [formal.reference, assessment.reference, submitted.reference]
    assert listed(client, sort="-title") == [submitted.reference, assessment.reference, formal.reference]
    assert listed(client, sort="state") == [submitted.reference, assessment.reference, formal.reference]
    assert listed(client, sort="-state") == [formal.reference, assessment.reference, submitted.reference]
    assert listed(client, sort="days") == [formal.reference, assessment.reference, submitted.reference]
    assert listed(client, sort="-days") == [submitted.reference, assessment.reference, formal.reference]
    assert listed(client, sort="reference") == sorted(listed(client))

    html = get(client, LIST, sort="title", state=S.SUBMITTED).content.decode()
    assert 'aria-sort="ascending"' in html
    assert 'href="?sort=-title&amp;state=submitted"' in html  # selecting it again reverses it, keeping the filter


def test_the_list_pages_fifty_at_a_time_keeping_the_filters_and_the_sort(client, cast):
    live_submissions(cast, 51, service_area=ServiceArea.STROKE)
    sign_in_with_second_factor(client, cast.admin)
    first = get(client, LIST, service_area=ServiceArea.STROKE, sort="title")
    assert len(first.context["rows"]) == 50
    assert first.context["page_obj"].count == 51
    next_url = first.context["page_obj"].next_url
    assert next_url.startswith("?service_area=stroke&sort=title&after=") and next_url.endswith("&page=2")
    assert f'href="{escape(next_url)}"' in first.content.decode()
    assert "Page 2 of 2" in first.content.decode()
    second = client.get(reverse(LIST) + next_url)
    assert len(second.context["rows"]) == 1
    references = [card.proposal.reference for card in first.context["rows"] + second.context["rows"]]
    in_order = Proposal.objects.filter(service_area=ServiceArea.STROKE).order_by("title", "state_changed_at", "pk")
    assert references == [p.reference for p in in_order]  # every one once, in the sort's order
    back = client.get(reverse(LIST) + second.context["page_obj"].previous_url)
    assert [c.proposal.pk for c in back.context["rows"]] == [c.proposal.pk for c in first.context["rows"]]


def test_a_column_shows_its_count_and_pages_through_its_cards_longest_in_stage_first(client, cast, proposal_in):
    proposals = live_submissions(cast, 12)
    other = proposal_in(S.ASSESSMENT)
    client.force_login(cast.clg_secretary)

    first = {c.state: c for c in get(client, BOARD).context["columns"]}
    submitted = first[S.SUBMITTED]
    assert (submitted.count, submitted.page, submitted.pages) == (12, 1, 2)
    assert [card.proposal for card in submitted.cards] == proposals[:10]
    assert "?submitted_page=2" in submitted.next_url and not submitted.previous_url
    assert [card.proposal for card in first[S.ASSESSMENT].cards] == [other]

    second = {c.state: c for c in get(client, BOARD, submitted_page=2).context["columns"]}
    assert [card.proposal for card in second[S.SUBMITTED].cards] == proposals[10:]
    assert second[S.SUBMITTED].previous_url == "?"
    assert [card.proposal for card in second[S.ASSESSMENT].cards] == [other]  # other columns keep their page

    beyond = {c.state: c for c in get(client, BOARD, submitted_page=99).context["columns"]}
    assert beyond[S.SUBMITTED].page == 2
    assert {c.state: c for c in get(client, BOARD, submitted_page="x").context["columns"]}[S.SUBMITTED].page == 1


def test_a_column_counted_beyond_its_limit_says_more_than_and_still_pages_on(client, cast, monkeypatch):
    """A column is counted up to COLUMN_COUNT_LIMIT (the board costs the same however long the pipeline):
    beyond it, "more than", and its pages go on as long as there are cards."""
    monkeypatch.setattr(pipeline, "COLUMN_COUNT_LIMIT", 11)
    proposals = live_submissions(cast, 23)
    client.force_login(cast.clg_secretary)
    response = get(client, BOARD)
    submitted = {c.state: c for c in response.context["columns"]}[S.SUBMITTED]
    assert (submitted.count, submitted.pages, submitted.count_shown) == (12, None, "more than 11")
    assert "Submitted (more than 11" in response.content.decode().replace("\n", " ") or \
        "(more than 11<span" in response.content.decode()
    assert "more than 11 in all" in response.content.decode()
    third = {c.state: c for c in get(client, BOARD, submitted_page=3).context["columns"]}[S.SUBMITTED]
    assert [card.proposal for card in third.cards] == proposals[20:]
    assert not third.next_url and "submitted_page=2" in third.previous_url


def test_the_csv_is_the_filtered_list_with_formulas_neutralised(client, cast, proposal_in):
    place = PlaceFactory(name="North ICP")
    risky = proposal_in(S.QUALITY_ASSURANCE, title='=HYPERLINK("http://evil.example","x")')
    risky.places.set([place])
    proposal_in(S.SUBMITTED, title="@SUM(A1)", service_area=ServiceArea.STROKE)
    proposal_in(S.ASSESSMENT, title="Plain")
    client.force_login(cast.icsmg_secretary)

    response = get(client, CSV, service_area=ServiceArea.CARDIOLOGY, sort="title")
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="pipeline-{timezone.localdate():%Y-%m-%d}.csv"' in response["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header[:4] == ["Reference", "Title", "State", "Stage"]
    assert [row[0] for row in rows] == listed(client, service_area=ServiceArea.CARDIOLOGY, sort="title")
    row = dict(zip(header, rows[0], strict=True))
    assert row["Title"] == "'" + risky.title
    assert row["State"] == "Quality assurance" and row["Stage"] == "Stage 2: quality assurance"
    assert row["Places"] == "North ICP" and row["Total score"] == "15" and row["Eligible"] == "yes"
    assert row["Days in stage"] == "0"

    everything = csv_rows(get(client, CSV))
    titles = [line[1] for line in everything[1:]]
    assert "'@SUM(A1)" in titles and "Plain" in titles
    assert all(not title.startswith(("=", "+", "-", "@")) for title in titles)


@pytest.mark.parametrize("name", [BOARD, LIST, CSV])
def test_only_committee_officers_and_admins_see_the_pipeline(client, cast, proposal_in, name):
    proposal = proposal_in(S.ASSESSMENT)
    assign_assessor(proposal, cast.assessors[0], by=cast.clg_secretary)
    chair = MembershipFactory(body=cast.hsg, role=MembershipRole.CHAIR, user=UserFactory(username="chair")).user
    url = reverse(name)

    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    for user, status in [(cast.author, 403), (cast.assessors[0], 403), (cast.member, 403),
                         (cast.clg_secretary, 200), (chair, 200), (cast.admin, 200)]:
        sign_in(client, user)
        assert client.get(url).status_code == status, user.username


def test_the_navigation_offers_the_pipeline_to_officers_only(client, cast):
    pipeline = f'href="{reverse(BOARD)}"'
    client.force_login(cast.author)
    assert pipeline not in client.get(reverse("proposals:mine")).content.decode()
    client.force_login(cast.hsg_secretary)
    assert pipeline in client.get(reverse("proposals:mine")).content.decode()


def test_a_confidential_item_is_the_next_meeting_only_for_members_of_its_body(client, cast, proposal_in):
    proposal = proposal_in(S.FORMAL_APPROVAL)
    now = timezone.now()
    confidential = MeetingFactory(body=cast.jcc, starts_at=now + timedelta(days=7))
    AgendaItemFactory(meeting=confidential, proposal=proposal, part=AgendaPart.CONFIDENTIAL)
    public = MeetingFactory(body=cast.ccg, starts_at=now + timedelta(days=21))
    AgendaItemFactory(meeting=public, proposal=proposal, part=AgendaPart.PUBLIC)
    # Neither a past meeting nor an item already decided is "next".
    AgendaItemFactory(meeting=MeetingFactory(body=cast.ccg, starts_at=now - timedelta(days=1)), proposal=proposal)
    decided = AgendaItemFactory(meeting=MeetingFactory(body=cast.ccg, starts_at=now + timedelta(days=1)),
                                proposal=proposal)
    Decision.objects.create(item=decided, outcome=DecisionOutcome.DEFERRED, recorded_by=cast.ccg_secretary)

    def next_meeting(user):
        """What the board, the list and the CSV file each say about the next meeting."""
        client.force_login(user)
        board = get(client, BOARD)
        card = board.context["columns"][-1].cards[0]
        row = get(client, LIST).context["rows"][0]
        exported = dict(zip(*csv_rows(get(client, CSV)), strict=True))["Next meeting"]
        return card.next_meeting, row.next_meeting, exported, board.content.decode()

    day = timezone.localtime(confidential.starts_at)
    shown = f"Joint CCG Committee, {day.day} {day:%b %Y}"
    on_board, on_list, exported, html = next_meeting(cast.jcc_secretary)
    assert on_board == on_list == confidential
    assert exported == f"{day:%Y-%m-%d} Joint CCG Committee" and shown in html

    on_board, on_list, exported, html = next_meeting(cast.hsg_secretary)
    assert on_board == on_list == public
    assert "Joint CCG Committee" not in exported and shown not in html


def _queries(client, name, **params):
    with CaptureQueriesContext(connection) as queries:
        get(client, name, **params)
    return len(queries)


def test_the_pipeline_pages_run_a_fixed_number_of_queries(client, cast, proposal_in):
    place = PlaceFactory(name="North ICP")
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() + timedelta(days=3))
    states = [S.QUALITY_ASSURANCE, S.SUBMITTED, S.ASSESSMENT, S.FORMAL_APPROVAL, S.STAKEHOLDER_SIGNOFF, S.ASSESSMENT]

    def add(count):
        for i in range(count):
            proposal = proposal_in(states[i % len(states)])
            proposal.places.add(place)
            AgendaItemFactory(meeting=meeting, proposal=proposal)

    client.force_login(cast.icsmg_secretary)
    pages = [(BOARD, {}), (LIST, {}), (CSV, {}), (LIST, {"sort": "state", "place": place.pk}),
             (BOARD, {"body": cast.icsmg.pk})]
    add(2)
    small = [_queries(client, name, **params) for name, params in pages]
    add(10)
    assert Proposal.objects.filter(state__in=S.ON_ROUTE).count() == 12
    large = [_queries(client, name, **params) for name, params in pages]
    assert small == large
    # 19, 17, 11, 19, 19 with nothing kept (the session and the navigation counted); the board's columns are one
    # query, not one each
    assert max(large) <= 20, large
