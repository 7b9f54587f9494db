"""The decision log: who sees which decisions, its filters and pages, the CSV export, fixed queries."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance import services
from governance.enums import AgendaPart, AttendanceStatus, DecisionOutcome, MembershipRole, PaperPurpose
from governance.models import Decision, Route
from governance.views import decision_log
from proposals.enums import ProposalState
from proposals.models import Proposal

from .conftest import sign_in, sign_in_with_second_factor
from .factories import MeetingFactory, MembershipFactory, ProposalFactory, UserFactory

S = ProposalState
O = DecisionOutcome
A, B = AgendaPart.PUBLIC, AgendaPart.CONFIDENTIAL
LOG, CSV = "governance:decision_log", "governance:decision_log_csv"


def meeting_of(body, days_ago):
    return MeetingFactory(body=body, starts_at=timezone.now() - timedelta(days=days_ago))


def decide_paper(meeting, title, *, part=A, outcome=O.NOTED, minute=""):
    secretary = meeting.body.memberships.get(role=MembershipRole.SECRETARY).user
    purpose = PaperPurpose.INFORMATION if outcome == O.NOTED else PaperPurpose.DECISION  # what it asks for
    item = services.add_paper(meeting, by=secretary, title=title, purpose=purpose, part=part)
    if outcome != O.NOTED:  # a body that votes needs its quorum to agree anything
        voting = meeting.body.memberships.filter(is_voting=True).select_related("user")
        services.record_attendance(meeting, {m.user: AttendanceStatus.PRESENT for m in voting}, by=secretary)
    return services.record_decision(item, by=secretary, outcome=outcome, minute=minute)


def decide_proposal(meeting, proposal, *, part=A, minute="Await the costings"):
    secretary = meeting.body.memberships.get(role=MembershipRole.SECRETARY).user
    item = services.add_proposal_to_agenda(meeting, proposal, by=secretary, part=part)
    return services.record_decision(item, by=secretary, outcome=O.DEFERRED, minute=minute)


def at_quality_assurance(cast, **fields):
    """A proposal for the ICS Management Group, made directly: the route is not what these tests are about."""
    proposal = ProposalFactory(lead_author=cast.other_lead, **fields)
    Proposal.objects.filter(pk=proposal.pk).update(state=S.QUALITY_ASSURANCE, route=Route.objects.default())
    return Proposal.objects.get(pk=proposal.pk)


@pytest.fixture
def decisions(cast, proposal_in):
    """Part A and Part B decisions of two bodies, the ICS Management Group's a month ago."""
    icsmg, jcc = meeting_of(cast.icsmg, days_ago=30), meeting_of(cast.jcc, days_ago=10)
    return {
        "icsmg_a": decide_paper(icsmg, "Programme update"),
        "icsmg_b": decide_proposal(icsmg, proposal_in(S.QUALITY_ASSURANCE, title="Cardiology pathway"), part=B),
        "jcc_a": decide_paper(jcc, "Finance report", outcome=O.AGREED),
        "jcc_b": decide_paper(jcc, "Contract negotiation", part=B, minute="Terms agreed in confidence"),
    }


@pytest.fixture
def people(cast):
    """Everyone in the cast, and a plain member of the ICS Management Group, a chair of another body
    and a superuser who has left."""
    return {
        **cast.everyone,
        "icsmg_member": MembershipFactory(body=cast.icsmg, user=UserFactory(username="icsmg_member")).user,
        "hsg_chair": MembershipFactory(body=cast.hsg, role=MembershipRole.CHAIR,
                                       user=UserFactory(username="hsg_chair")).user,
        "former_admin": UserFactory(username="former_admin", is_superuser=True, is_active=False),
    }


def get(client, name, **params):
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    return response


def logged(client, **params):
    """The decisions the log shows, in order, for these filters."""
    return get(client, LOG, **params).context["rows"]


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


# -- Who sees what ----------------------------------------------------------------------------


def test_visible_to_agrees_with_the_rules_for_every_decision_and_person(decisions, people):
    for name, user in people.items():
        visible = set(Decision.objects.visible_to(user))
        for key, decision in decisions.items():
            body = decision.item.meeting.body
            may = user.has_perm("governance.view_body", body) and (
                not decision.item.is_confidential or user.has_perm("governance.view_confidential", body)
            )
            assert (decision in visible) == may, (name, key)
    assert not Decision.objects.visible_to(AnonymousUser()).exists()


@pytest.mark.parametrize("name, expected", [
    ("admin", {"icsmg_a", "icsmg_b", "jcc_a", "jcc_b"}),
    ("icsmg_secretary", {"icsmg_a", "icsmg_b", "jcc_a"}),  # own body in full, others' Part A
    ("hsg_chair", {"icsmg_a", "jcc_a"}),
    ("member", {"jcc_a", "jcc_b"}),  # a plain member: their own body only
    ("icsmg_member", {"icsmg_a", "icsmg_b"}),
    ("author", set()),
    ("former_admin", set()),
])
def test_each_person_sees_their_bodies_business_and_part_b_only_as_a_member(client, decisions, people, name,
                                                                             expected):
    keys = {decision.pk: key for key, decision in decisions.items()}
    assert {keys[d.pk] for d in Decision.objects.visible_to(people[name])} == expected
    if people[name].is_active:
        sign_in(client, people[name])
        assert {keys[d.pk] for d in logged(client)} == expected
        assert {row[3] for row in csv_rows(get(client, CSV))[1:]} == {decisions[k].item.title for k in expected}


@pytest.mark.parametrize("name", [LOG, CSV])
def test_signed_out_people_are_asked_to_sign_in(client, decisions, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_body_whose_decisions_you_cannot_see_is_not_a_filter_and_shows_nothing(client, cast, decisions):
    client.force_login(cast.member)
    response = get(client, LOG, body=cast.icsmg.pk)
    assert response.context["rows"] == []
    html = response.content.decode()
    assert "Select a valid choice" in html
    assert f'<option value="{cast.icsmg.pk}"' not in html and f'<option value="{cast.jcc.pk}"' in html
    assert csv_rows(get(client, CSV, body=cast.icsmg.pk)) == [csv_rows(get(client, CSV))[0]]

    client.force_login(cast.hsg_secretary)  # an officer outside the body: its Part A only
    assert logged(client, body=cast.jcc.pk) == [decisions["jcc_a"]]
    assert logged(client, body=cast.jcc.pk, outcome=O.NOTED) == []  # its Part B decision


def test_a_proposal_is_a_link_only_for_those_who_may_open_it(client, cast, decisions, people):
    proposal = decisions["icsmg_b"].item.proposal
    link = f'href="{proposal.get_absolute_url()}"'
    client.force_login(cast.icsmg_secretary)
    assert link in get(client, LOG).content.decode()
    client.force_login(people["icsmg_member"])  # sees the decision, but is not one of the proposal's readers
    html = get(client, LOG).content.decode()
    assert proposal.reference in html and link not in html


# -- The page ---------------------------------------------------------------------------------


def test_the_log_shows_each_decision_newest_meeting_first_in_agenda_order(client, cast, decisions):
    sign_in_with_second_factor(client, cast.admin)
    response = get(client, LOG)
    assert response.context["rows"] == [decisions[k] for k in ("jcc_a", "jcc_b", "icsmg_a", "icsmg_b")]
    html = response.content.decode()
    jcc_meeting = decisions["jcc_a"].item.meeting
    assert f'href="{reverse("governance:meeting", args=[jcc_meeting.pk])}">A1. Finance report</a>' in html
    assert "B1. Contract negotiation" in html and "Part B – confidential" in html
    assert "B1. Cardiology pathway" in html and "<p>Await the costings</p>" in html
    assert "Agreed" in html and "Deferred" in html
    assert cast.jcc_secretary.get_full_name() in html
    assert '<caption class="nhsuk-table__caption nhsuk-table__caption--m" id="decision-log-caption">' in html
    assert '<th class="nhsuk-table__header" scope="col">Outcome</th>' in html


def test_the_filters(client, cast, decisions):
    sign_in_with_second_factor(client, cast.admin)
    jcc_day = timezone.localdate(decisions["jcc_a"].item.meeting.starts_at)
    between = jcc_day - timedelta(days=10)

    assert logged(client, body=cast.icsmg.pk) == [decisions["icsmg_a"], decisions["icsmg_b"]]
    assert logged(client, held_from=between) == [decisions["jcc_a"], decisions["jcc_b"]]
    assert logged(client, held_to=between) == [decisions["icsmg_a"], decisions["icsmg_b"]]
    assert logged(client, held_from=jcc_day, held_to=jcc_day) == [decisions["jcc_a"], decisions["jcc_b"]]
    assert logged(client, held_from=jcc_day + timedelta(days=1)) == []
    proposal = decisions["icsmg_b"].item.proposal
    assert logged(client, proposal=proposal.reference) == [decisions["icsmg_b"]]
    assert logged(client, proposal="cardiology PATH") == [decisions["icsmg_b"]]
    assert logged(client, proposal="Finance") == []  # a paper's title is not a proposal
    assert logged(client, outcome=O.NOTED) == [decisions["jcc_b"], decisions["icsmg_a"]]
    assert logged(client, outcome=O.NOTED, body=cast.jcc.pk) == [decisions["jcc_b"]]

    response = get(client, LOG, outcome="made_up")
    assert response.context["rows"] == [] and "Select a valid choice" in response.content.decode()
    response = get(client, LOG, held_from="last week")
    assert response.context["rows"] == [] and "Enter a real date, for example 2026-04-01" in response.content.decode()


def test_the_log_pages_twenty_five_at_a_time_keeping_the_filters(client, cast):
    meeting = meeting_of(cast.jcc, days_ago=3)
    for number in range(26):
        decide_paper(meeting, f"Update {number}")
    decide_paper(meeting, "Agreed paper", outcome=O.AGREED)
    client.force_login(cast.member)
    first = get(client, LOG, outcome=O.NOTED)
    assert len(first.context["rows"]) == 25
    assert [d.item.title for d in first.context["rows"]] == [f"Update {n}" for n in range(25)]  # agenda order
    next_url = first.context["page_obj"].next_url
    assert next_url.startswith("?outcome=noted&after=") and next_url.endswith("&page=2")
    assert "Page 2 of 2" in first.content.decode()
    second = client.get(reverse(LOG) + next_url)
    assert [d.item.title for d in second.context["rows"]] == ["Update 25"]
    assert [d.position for d in second.context["rows"]] == [26]  # its number on the agenda, A26
    back = client.get(reverse(LOG) + second.context["page_obj"].previous_url)
    assert [d.pk for d in back.context["rows"]] == [d.pk for d in first.context["rows"]]


def test_beyond_its_count_limit_the_log_says_more_than(client, cast, monkeypatch):
    """Decisions are counted up to COUNT_LIMIT (a join each), so the page costs the same however many."""
    monkeypatch.setattr(decision_log, "COUNT_LIMIT", 3)
    meeting = meeting_of(cast.jcc, days_ago=3)
    for number in range(5):
        decide_paper(meeting, f"Update {number}")
    client.force_login(cast.member)
    page = client.get(reverse(LOG)).content.decode()
    assert "More than 3 decisions" in page and len(client.get(reverse(LOG)).context["rows"]) == 5


def test_html_in_a_minute_or_a_title_is_shown_as_text(client, cast):
    decide_paper(meeting_of(cast.jcc, days_ago=1), '<img src=x onerror="alert(1)">',
                 minute="<script>alert('minute')</script>\nSecond line")
    client.force_login(cast.jcc_secretary)
    html = get(client, LOG).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#x27;minute&#x27;)&lt;/script&gt;<br>Second line" in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_the_navigation_offers_the_log_to_members_officers_and_admins(client, cast, people):
    log = f'href="{reverse(LOG)}"'
    for name, offered in [("author", False), ("member", True), ("icsmg_member", True), ("hsg_chair", True),
                          ("admin", True)]:
        sign_in(client, people[name])
        assert (log in client.get(reverse("proposals:mine")).content.decode()) == offered, name


# -- The CSV file -----------------------------------------------------------------------------


def test_the_csv_is_the_filtered_log_with_formulas_neutralised(client, cast, decisions):
    meeting = decisions["jcc_a"].item.meeting
    risky = decide_paper(meeting, "@SUM(A1)", minute='=HYPERLINK("http://evil.example","x")')
    client.force_login(cast.jcc_secretary)

    response = get(client, CSV, body=cast.jcc.pk)
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="decision-log-{timezone.localdate():%Y-%m-%d}.csv"' in response["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header == ["Meeting date", "Body", "Item", "Title", "Part", "Proposal", "Outcome", "How decided",
                      "Minute", "Recorded by", "Recorded at"]
    assert [row[2] for row in rows] == [f"{d.item.part}{d.position}" for d in logged(client, body=cast.jcc.pk)] == [
        "A1", "B1", "A2"]
    secret = dict(zip(header, rows[1], strict=True))
    assert secret == {
        "Meeting date": f"{timezone.localtime(meeting.starts_at):%Y-%m-%d}", "Body": "Joint CCG Committee",
        "Item": "B1", "Title": "Contract negotiation", "Part": "Part B – confidential", "Proposal": "",
        "Outcome": "Noted", "How decided": "By consensus", "Minute": "Terms agreed in confidence",
        "Recorded by": cast.jcc_secretary.get_full_name(),
        "Recorded at": f"{timezone.localtime(decisions['jcc_b'].recorded_at):%Y-%m-%d %H:%M}",
    }
    neutralised = dict(zip(header, rows[2], strict=True))
    assert neutralised["Item"] == "A2"
    assert neutralised["Title"] == "'@SUM(A1)" and neutralised["Minute"] == "'" + risky.minute

    sign_in_with_second_factor(client, cast.admin)
    everything = csv_rows(get(client, CSV, proposal="Cardiology"))
    assert [row[5] for row in everything[1:]] == [decisions["icsmg_b"].item.proposal.reference]


# -- Queries ----------------------------------------------------------------------------------


def _queries(client, name, **params):
    with CaptureQueriesContext(connection) as queries:
        get(client, name, **params)
    return len(queries)


def test_the_log_and_its_csv_run_a_fixed_number_of_queries(client, cast):
    icsmg, jcc = meeting_of(cast.icsmg, days_ago=20), meeting_of(cast.jcc, days_ago=5)

    def add(count):
        for i in range(count):
            if i % 3 == 0:
                decide_proposal(icsmg, at_quality_assurance(cast), part=(A, B)[i % 2])
            else:
                decide_paper((icsmg, jcc)[i % 2], f"Paper {i}", part=(A, B)[i % 2])

    client.force_login(cast.icsmg_secretary)
    pages = [(LOG, {}), (CSV, {}), (LOG, {"body": cast.icsmg.pk, "outcome": O.DEFERRED}),
             (LOG, {"held_from": "2000-01-01", "proposal": "ICS"})]
    add(2)
    small = [_queries(client, name, **params) for name, params in pages]
    add(10)
    assert Decision.objects.count() == 12
    large = [_queries(client, name, **params) for name, params in pages]
    assert small == large
    assert max(large) <= 25, large  # counting the session and the navigation (its "Needs my action" count: 2)
