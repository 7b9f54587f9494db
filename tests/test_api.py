"""
The analysts' read-only API: a token per person (made and revoked on their page) or the session;
exactly what the pages show (the same queryset rules), as JSON with clear errors; filters and
keyset pages; an OpenAPI description; a fixed number of queries however many rows.
"""

import base64
import datetime
from urllib.parse import quote, urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from governance import services
from governance.enums import MembershipRole
from proposals.enums import ProposalState as S
from proposals.models import Proposal
from scoring.services import assign_assessor

from .conftest import score_all
from .factories import MeetingFactory, MembershipFactory, ProposalFactory, UserFactory


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def references(response):
    return {row["reference"] for row in response.json()["results"]}


def test_a_token_is_made_and_revoked_on_the_persons_page(client, cast, proposal_in):
    proposal_in(S.DRAFT)
    client.force_login(cast.author)
    client.post(reverse("api:token"), {"create": "1"})
    token = Token.objects.get(user=cast.author)
    assert token.key in client.get(reverse("api:token")).content.decode()
    robot = APIClient()
    robot.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert robot.get("/api/v1/proposals/").status_code == 200
    client.post(reverse("api:token"), {"revoke": "1"})
    response = robot.get("/api/v1/proposals/")
    assert response.status_code == 401 and "detail" in response.json()
    assert APIClient().get("/api/v1/proposals/").status_code == 401  # nobody signed in


def test_the_proposals_are_those_the_pages_show(cast, proposal_in):
    draft = proposal_in(S.DRAFT)
    other = ProposalFactory(lead_author=cast.other_lead)
    submitted = proposal_in(S.SUBMITTED)
    for user in (cast.author, cast.other_lead, cast.icsmg_secretary, cast.assessors[0], cast.member):
        expected = set(Proposal.objects.visible_to(user).values_list("reference", flat=True))
        assert references(api(user).get("/api/v1/proposals/")) == expected, user
    assert draft.reference not in references(api(cast.icsmg_secretary).get("/api/v1/proposals/"))
    assert api(cast.author).get(f"/api/v1/proposals/{other.reference}/").status_code == 404
    row = next(r for r in api(cast.icsmg_secretary).get("/api/v1/proposals/").json()["results"]
               if r["reference"] == submitted.reference)
    assert row["state"] == "submitted" and row["lead"] == cast.author.get_full_name()
    assert row["url"].endswith(f"/api/v1/proposals/{submitted.reference}/")


def test_scores_and_decisions_only_for_those_who_may_see_them(cast, proposal_in):
    proposal = proposal_in(S.ASSESSMENT)
    for assessor in cast.assessors[:2]:
        assign_assessor(proposal, assessor, by=cast.clg_secretary)
        score_all(proposal, assessor, [4, 4, 3, 4, 5])
    officer = api(cast.icsmg_secretary).get(f"/api/v1/proposals/{proposal.reference}/").json()
    assert officer["total_score"] is not None and officer["eligible"] is True
    assert len(officer["category_means"]) == 5 and len(officer["assessments"]) == 2
    author = api(cast.author).get(f"/api/v1/proposals/{proposal.reference}/").json()
    assert author["total_score"] is None and author["assessments"] == []  # not released to the authors
    listed = api(cast.author).get("/api/v1/proposals/").json()["results"]
    assert all(row["total_score"] is None for row in listed)

    # A decision in Part B is not in the proposal's decisions for someone outside the body.
    meeting = MeetingFactory(body=cast.clg, starts_at=timezone.now())
    item = services.add_proposal_to_agenda(meeting, proposal, by=cast.clg_secretary, part="B")
    services.record_decision(item, by=cast.clg_secretary, outcome="assessment_complete",
                             minute="Commercially sensitive discussion.")
    inside = api(cast.clg_secretary).get(f"/api/v1/proposals/{proposal.reference}/").json()
    outside = api(cast.icsmg_secretary).get(f"/api/v1/proposals/{proposal.reference}/").json()
    assert [d["minute"] for d in inside["decisions"]] == ["Commercially sensitive discussion."]
    assert outside["decisions"] == []
    assert "Commercially sensitive" not in str(outside)


def test_meetings_show_part_b_only_to_the_bodys_members(cast):
    member = MembershipFactory(body=cast.icsmg, role=MembershipRole.MEMBER, user=UserFactory(username="m1")).user
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() + datetime.timedelta(days=3))
    services.add_paper(meeting, by=cast.icsmg_secretary, title="Open paper", purpose="information")
    services.add_paper(meeting, by=cast.icsmg_secretary, title="Secret paper", purpose="decision", part="B")
    inside = api(member).get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert [i["title"] for i in inside["items"]] == ["Open paper", "Secret paper"]
    outside = api(cast.hsg_secretary).get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert [i["title"] for i in outside["items"]] == ["Open paper"]
    assert api(cast.author).get(f"/api/v1/meetings/{meeting.pk}/").status_code == 404  # not a body's business
    assert api(cast.author).get("/api/v1/meetings/").json()["results"] == []
    assert [m["id"] for m in api(member).get("/api/v1/meetings/").json()["results"]] == [meeting.pk]


def test_filters_pages_and_errors_are_json(cast, proposal_in):
    for _ in range(3):
        proposal_in(S.SUBMITTED)
    proposal_in(S.QUALITY_ASSURANCE)
    client = api(cast.icsmg_secretary)
    assert {r["state"] for r in client.get("/api/v1/proposals/?state=quality_assurance").json()["results"]} == {
        "quality_assurance"}
    bad = client.get("/api/v1/proposals/?state=nonsense")
    assert bad.status_code == 400 and "state" in bad.json()
    assert client.get("/api/v1/nothing-here/").json()["detail"].startswith("There is no such address")

    from api.pagination import NewestFirst

    NewestFirst.page_size, saved = 2, NewestFirst.page_size
    try:
        first = client.get("/api/v1/proposals/").json()
        second = client.get(first["next"]).json()
    finally:
        NewestFirst.page_size = saved
    assert len(first["results"]) == 2 and len(second["results"]) == 2
    assert not references_overlap(first, second)


def references_overlap(*pages):
    seen = [row["reference"] for page in pages for row in page["results"]]
    return len(seen) != len(set(seen))


def test_the_openapi_description_is_served(cast):
    response = api(cast.member).get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/v1/proposals/", "/api/v1/proposals/{reference}/", "/api/v1/meetings/",
            "/api/v1/meetings/{id}/", "/api/v1/bodies/"} <= set(paths)


def test_the_list_takes_the_same_queries_however_many_rows(cast, proposal_in):
    def queries():
        secretary = type(cast.icsmg_secretary).objects.get(pk=cast.icsmg_secretary.pk)  # as a new request has
        with CaptureQueriesContext(connection) as captured:
            assert api(secretary).get("/api/v1/proposals/").status_code == 200
        return len(captured)

    proposal_in(S.QUALITY_ASSURANCE)
    few = queries()
    for _ in range(6):
        proposal_in(S.QUALITY_ASSURANCE)
    assert queries() == few


@pytest.mark.parametrize("path", ["/api/v1/proposals/", "/api/v1/meetings/", "/api/v1/bodies/"])
def test_the_api_only_reads(cast, path):
    assert api(cast.admin).post(path, {}).status_code == 405


def test_a_minute_taken_in_part_b_is_withheld_in_the_timeline(cast, proposal_in):
    proposal = proposal_in(S.QUALITY_ASSURANCE)
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() - datetime.timedelta(days=1))
    item = services.add_proposal_to_agenda(meeting, proposal, by=cast.icsmg_secretary, part="B")
    services.record_decision(item, by=cast.icsmg_secretary, outcome="returned",
                             minute="The provider's prices are above the benchmark.")
    for user, sees in ((cast.author, True), (cast.icsmg_secretary, True), (cast.hsg_secretary, False)):
        timeline = api(user).get(f"/api/v1/proposals/{proposal.reference}/").json()["timeline"]
        assert any("above the benchmark" in (e["comment"] or "") for e in timeline) is sees, user
        assert any(e["confidential"] for e in timeline) is not sees, user


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(["/api/v1/proposals/", "/api/v1/meetings/", "/api/v1/bodies/"]),
       params=st.dictionaries(st.sampled_from(["state", "body", "workstream", "service_area", "place",
                                               "submitted_after", "submitted_before", "after", "before",
                                               "status", "cursor", "format"]), TEXT, max_size=4),
       reference=TEXT)
def test_fuzzed_api_requests_never_fail(cast, path, params, reference):
    client = api(cast.icsmg_secretary)
    assert client.get(path, params).status_code < 500
    assert client.get(f"/api/v1/proposals/{quote(reference, safe='')}/").status_code < 500


def b64(query):
    return base64.b64encode(query.encode()).decode()


LISTS = ["/api/v1/proposals/", "/api/v1/meetings/", "/api/v1/bodies/"]


@pytest.fixture
def analyst(cast, proposal_in):
    """A secretary's program, signed in with their token, and a row on each list."""
    proposal_in(S.SUBMITTED)
    MeetingFactory(body=cast.icsmg)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=cast.icsmg_secretary).key}")
    return client


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("cursor", [
    b64("p=abc&r=1"),  # a position that is not a key
    b64("p=1.5"), b64("p=99999999999999999999999999"), b64("p=\x00"), b64("o=-1"), b64("r=yes"),
    "not base64 at all", "%%%", "w6k=",  # "é": not ASCII
])
def test_a_cursor_that_cannot_be_read_is_a_400_with_a_reason(analyst, path, cursor):
    response = analyst.get(path, {"cursor": cursor})
    assert response.status_code == 400
    assert response.json() == {"detail": "Invalid cursor: follow the next and previous links the API gives, "
                                         "unchanged."}


@pytest.mark.parametrize("path", LISTS)
def test_a_cursor_written_by_hand_still_reads(analyst, path):
    newest = analyst.get(path).json()["results"][0]
    pk = Proposal.objects.get(reference=newest["reference"]).pk if "reference" in newest else newest["id"]
    response = analyst.get(path, {"cursor": b64(f"p={pk + 1}")})  # the rows below one past the newest
    assert response.status_code == 200 and response.json()["results"][0] == newest


# Positions as a hand-edited cursor might carry them: text, numbers of any size, dates and times.
POSITIONS = st.one_of(TEXT, st.integers().map(str), st.floats().map(str), st.datetimes().map(str),
                      st.datetimes(timezones=st.builds(datetime.timezone, st.timedeltas(
                          min_value=-datetime.timedelta(hours=23), max_value=datetime.timedelta(hours=23))))
                      .map(datetime.datetime.isoformat))
CURSORS = st.one_of(
    TEXT,
    st.dictionaries(st.sampled_from(["p", "r", "o"]), st.one_of(POSITIONS, st.sampled_from(["0", "1", "-1"])))
    .map(lambda tokens: b64(urlencode(tokens))),
    st.binary(max_size=30).map(lambda raw: base64.b64encode(raw).decode()),
)


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(LISTS), cursor=CURSORS)
def test_fuzzed_cursors_are_read_or_refused_never_a_500(analyst, path, cursor):
    response = analyst.get(path, {"cursor": cursor})
    assert response.status_code in (200, 400), (cursor, response.content)
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == ({"next", "previous", "results"} if response.status_code == 200 else {"detail"})
