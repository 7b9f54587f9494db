"""Searching proposals: what is matched (title, reference, business case, decision minutes), that
only what the user may see is found (and a Part B minute finds nothing for those outside its
body), ranking and paging, hostile queries, and a fixed number of queries however many results.
The same tests run on SQLite (words contained) and PostgreSQL (full-text search)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance.enums import AgendaPart, DecisionOutcome
from governance.models import Decision
from proposals import search
from proposals.enums import ProposalState
from proposals.models import Proposal
from proposals.search import highlighted, search_proposals
from scoring.services import assign_assessor

from .factories import AgendaItemFactory, MeetingFactory, ProposalFactory

S = ProposalState
SEARCH = reverse("proposals:search")


def found(user, query):
    return list(search_proposals(user, query))


def page(client, query, **params):
    response = client.get(SEARCH, {"q": query, **params})
    assert response.status_code == 200, query
    return response


def listed(client, query, **params):
    """The proposals the search page shows, in order."""
    return [proposal for proposal, snippet in page(client, query, **params).context["results"]]


def decide(proposal, body, minute, part=AgendaPart.PUBLIC, by=None):
    """A decision with this minute on an item for the proposal at a meeting of the body."""
    item = AgendaItemFactory(meeting=MeetingFactory(body=body), proposal=proposal, part=part)
    return Decision.objects.create(item=item, outcome=DecisionOutcome.DEFERRED, minute=minute,
                                   recorded_by=by or body.memberships.first().user)


# -- What is matched


def test_it_finds_a_proposal_by_words_of_its_title(cast, proposal_in):
    wanted = proposal_in(S.SUBMITTED, title="Zephyr community stroke rehabilitation")
    proposal_in(S.SUBMITTED, title="Diabetes prevention")
    assert found(cast.author, "stroke rehabilitation") == [wanted]
    assert found(cast.clg_secretary, "ZEPHYR") == [wanted]
    assert found(cast.author, "zephyr diabetes") == []  # every word must match


def test_an_exact_reference_goes_straight_to_the_proposal(client, cast, proposal_in):
    wanted = proposal_in(S.SUBMITTED)
    proposal_in(S.SUBMITTED)
    client.force_login(cast.clg_secretary)
    for typed in (wanted.reference, wanted.reference.lower(), f"  {wanted.reference} "):
        response = client.get(SEARCH, {"q": typed})
        assert response.status_code == 302 and response.url == wanted.get_absolute_url(), typed
    assert found(cast.clg_secretary, wanted.reference) == [wanted]  # and the search itself finds it


def test_a_reference_the_user_may_not_see_is_not_followed_nor_found(client, cast):
    hidden = ProposalFactory(lead_author=cast.other_lead)
    client.force_login(cast.author)
    assert listed(client, hidden.reference) == []
    assert found(cast.author, hidden.reference) == []


def test_it_finds_words_in_every_section_of_the_full_business_case_once_submitted(cast, proposal_in):
    from proposals import services

    from .factories import OPTIONS, complete_full_case

    sections = {
        "summary": "Quetzal", "engagement": "Okapi", "procurement": "Tapir", "delivery": "Capybara",
        "benefits": "Dugong", "review": "Kinkajou", "contracting": "Numbat", "options": "Manatee",
    }
    proposals = {}
    for name, word in sections.items():
        proposal = proposals[name] = complete_full_case(proposal_in(S.FULL_CASE))
        text = f"Text that mentions the {word} here."
        if name == "options":
            services.save_business_case(proposal, by=cast.author,
                                        rows={"options": [OPTIONS[0], {**OPTIONS[1], "description": text}]})
        else:
            services.save_business_case(proposal, by=cast.author, words={name: text})
    # A full case being written is its authors' draft: search reads what they submitted.
    for name, word in sections.items():
        assert found(cast.author, word.lower()) == [], name
    for proposal in proposals.values():
        services.submit_full_case(proposal, by=cast.author)
    for name, word in sections.items():
        assert found(cast.author, word.lower()) == [proposals[name]], name
    # The outline as assessed is still found by its own words, beside the full case's.
    rewritten = proposals["summary"]
    rewritten.refresh_from_db()
    assert rewritten.outline["summary"] != rewritten.full_case["summary"]
    assert rewritten in found(cast.author, "specialised cardiology budgets")


def test_it_finds_words_in_every_section_of_the_outline(cast, proposal_in):
    sections = {
        "summary": "Quokka", "ics_aspirations": "Narwhal", "quality_safety": "Pangolin", "finance_summary": "Axolotl",
        "contracting": "Wombat",
    }
    proposals = {name: proposal_in(S.SUBMITTED, **{name: f"Text that mentions the {word} here."})
                 for name, word in sections.items()}
    for name, word in sections.items():
        assert found(cast.author, word.lower()) == [proposals[name]], name


def test_it_finds_words_in_the_minute_of_a_decision_on_the_proposal(cast, proposal_in):
    wanted = proposal_in(S.FORMAL_APPROVAL)
    proposal_in(S.FORMAL_APPROVAL)
    decide(wanted, cast.jcc, "The committee asked for a Marmoset costing before approval.")
    assert found(cast.jcc_secretary, "marmoset") == [wanted]
    assert found(cast.hsg_secretary, "marmoset costing") == [wanted]  # Part A: every committee officer


def test_title_matches_come_before_business_case_matches(cast, proposal_in):
    in_text = proposal_in(S.SUBMITTED, summary="A telehealth hub for the whole ICS.")
    in_minute = proposal_in(S.FORMAL_APPROVAL)
    decide(in_minute, cast.jcc, "Telehealth to be considered later.")
    in_title = proposal_in(S.SUBMITTED, title="Telehealth hub")
    results = found(cast.jcc_secretary, "telehealth")
    assert results[0] == in_title
    assert set(results) == {in_text, in_minute, in_title}


# -- Who finds what


def test_another_leads_draft_is_never_found(cast, proposal_in):
    draft = ProposalFactory(lead_author=cast.other_lead, title="Osprey pathway draft")
    for user in (cast.author, cast.clg_secretary, cast.hsg_secretary, cast.assessors[0], cast.member):
        assert found(user, "osprey") == [], user.username
        assert found(user, draft.reference) == [], user.username
    assert found(cast.other_lead, "osprey") == found(cast.admin, "osprey") == [draft]
    mine = proposal_in(S.DRAFT, title="Osprey pathway, my own draft")
    assert found(cast.author, "osprey") == found(cast.co_author, "osprey") == [mine]


def test_a_part_b_minute_finds_the_proposal_only_for_members_of_the_body(client, cast, proposal_in):
    proposal = proposal_in(S.FORMAL_APPROVAL, title="Regional cardiac network")
    decide(proposal, cast.jcc, "Plover settlement figures noted in confidence.", part=AgendaPart.CONFIDENTIAL)

    # The Health Strategy Group's secretary may see the proposal, but not the Joint CCG Committee's Part B.
    assert proposal in Proposal.objects.visible_to(cast.hsg_secretary)
    assert found(cast.hsg_secretary, "plover") == []
    assert found(cast.hsg_secretary, "plover settlement") == []
    client.force_login(cast.hsg_secretary)
    assert listed(client, "plover") == []
    # Found by its title, its snippet still never shows the Part B minute.
    response = page(client, "regional cardiac")
    assert [p for p, s in response.context["results"]] == [proposal]
    assert "Plover" not in response.content.decode()

    # A member of the body (its secretary) finds it by the minute, and the admin.
    assert found(cast.jcc_secretary, "plover") == [proposal]
    assert found(cast.admin, "plover settlement") == [proposal]
    client.force_login(cast.jcc_secretary)
    results = page(client, "plover").context["results"]
    assert [p for p, s in results] == [proposal]
    assert ("Plover", True) in results[0][1]  # the snippet shows the minute, the word marked
    # A plain member of the body may not see proposals at all.
    assert found(cast.member, "plover") == []


def test_an_assessor_finds_only_the_proposals_they_may_see(cast, proposal_in):
    scored = proposal_in(S.QUALITY_ASSURANCE, title="Kingfisher virtual ward")  # scored by assessors 0 and 1
    assessing = proposal_in(S.ASSESSMENT, title="Kingfisher falls service")
    assign_assessor(assessing, cast.assessors[2], by=cast.clg_secretary)
    proposal_in(S.SUBMITTED, title="Kingfisher frailty hub")
    proposal_in(S.DRAFT, title="Kingfisher draft")

    assert found(cast.assessors[0], "kingfisher") == [scored]
    assert found(cast.assessors[2], "kingfisher") == [assessing]
    assert len(found(cast.clg_secretary, "kingfisher")) == 3  # not the draft
    assert len(found(cast.author, "kingfisher")) == 4


# -- The page


def test_signed_out_the_page_asks_to_sign_in(client):
    response = client.get(SEARCH, {"q": "stroke"})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_an_empty_query_shows_only_the_form(client, cast, proposal_in):
    proposal_in(S.SUBMITTED)
    client.force_login(cast.author)
    for params in ({}, {"q": ""}, {"q": "   "}):
        response = client.get(SEARCH, params)
        assert response.status_code == 200
        html = response.content.decode()
        assert response.context["results"] == []
        assert 'id="search-q"' in html and '<label class="nhsuk-label nhsuk-label--l" for="search-q">' in html
        assert "match" not in html.split('id="search-q"')[1]


def test_the_page_lists_reference_title_state_and_a_marked_snippet(client, cast, proposal_in):
    proposal = proposal_in(S.SUBMITTED, title="Respiratory hub",
                           contracting="Phase one opens the Zephyr clinic in April; phase two follows.")
    client.force_login(cast.author)
    html = page(client, "zephyr").content.decode()
    assert proposal.reference in html and "Respiratory hub" in html and "Submitted" in html
    assert f'href="{proposal.get_absolute_url()}"' in html
    assert "<mark>Zephyr</mark> clinic" in html
    assert "1 proposal you can see matches ‘zephyr’" in html
    assert "No proposals you can see match ‘nothing-like-it’" in page(client, "nothing-like-it").content.decode()


def test_the_search_box_is_on_the_lists_of_proposals(client, cast):
    client.force_login(cast.clg_secretary)
    for name in ("proposals:list", "proposals:mine"):
        html = client.get(reverse(name)).content.decode()
        assert f'action="{SEARCH}"' in html and 'name="q"' in html and 'for="search-q"' in html, name


def test_results_page_twenty_at_a_time_keeping_the_query(client, cast):
    proposals = [ProposalFactory(lead_author=cast.author, title=f"Sandpiper {i}") for i in range(21)]
    client.force_login(cast.author)
    first = page(client, "sandpiper")
    assert len(first.context["results"]) == 20
    assert "?q=sandpiper&amp;page=2" in first.content.decode()
    second = page(client, "sandpiper", page=2)
    assert len(second.context["results"]) == 1
    shown = [p for p, s in first.context["results"] + second.context["results"]]
    assert set(shown) == set(proposals)


HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "'; DROP TABLE proposals_proposal; --",
    "' OR '1'='1",
    '"unterminated',
    "-",
    "--",
    "OR",
    "-cardiology",
    "cardiology OR",
    "!!! & | <-> :* ()",
    "%",
    "_",
    "\\",
    "a\x00b",  # a NUL character: PostgreSQL refuses them in text
    "x" * 500,  # too long
    "the",  # only a stop word
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_are_searched_or_refused_never_a_server_error(client, cast, proposal_in, query):
    proposal_in(S.SUBMITTED, summary="Cardiology budgets <b>pooled</b> across the pathway.")
    client.force_login(cast.clg_secretary)
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>pooled" not in html
    assert found(cast.clg_secretary, query) is not None  # the service alone copes too
    assert Proposal.objects.exists()


def test_hostile_text_is_escaped_wherever_the_page_shows_it(client, cast, proposal_in):
    proposal_in(S.SUBMITTED, title="Hub <script>alert(3)</script>",
                summary="Marten <img src=x onerror=alert(4)> pathway.")
    client.force_login(cast.clg_secretary)
    typed = "<script>alert(1)</script>"
    html = page(client, typed).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # in the box, the title and the message

    html = page(client, "marten").content.decode()
    assert "<script>alert(3)" not in html and "<img src=x" not in html
    assert "Hub &lt;script&gt;alert(3)&lt;/script&gt;" in html
    assert "<mark>Marten</mark> &lt;img src=x" in html


def test_words_that_only_look_like_like_patterns_match_only_themselves(cast, proposal_in):
    proposal_in(S.SUBMITTED)
    assert found(cast.clg_secretary, "%") == found(cast.clg_secretary, "_") == []


def test_a_query_too_long_says_so(client, cast):
    client.force_login(cast.author)
    response = page(client, "x" * 201)
    html = response.content.decode()
    assert "Search for 200 characters or fewer" in html and "nhsuk-error-summary" in html
    assert response.context["results"] == []


def test_highlighted_marks_what_matched():
    if connection.vendor == "postgresql":
        assert highlighted("a \ue000Word\ue001 b", "word") == [("a ", False), ("Word", True), (" b", False)]
    else:
        assert highlighted("a Word b", "word") == [("a ", False), ("Word", True), (" b", False)]
    assert highlighted("", "word") == []


# -- Work per request


def _queries(client, query):
    with CaptureQueriesContext(connection) as queries:
        response = page(client, query)
    return len(queries), len(response.context["results"])


def test_the_page_runs_a_fixed_number_of_queries(client, cast, proposal_in):
    def add(count):
        for i in range(count):
            proposal = proposal_in(S.FORMAL_APPROVAL if i % 2 else S.SUBMITTED, title=f"Lapwing service {i}")
            if i % 2:
                decide(proposal, cast.jcc, "Lapwing costs reviewed.")
                decide(proposal, cast.jcc, "Lapwing terms noted.", part=AgendaPart.CONFIDENTIAL)

    client.force_login(cast.jcc_secretary)
    add(2)
    small, shown = _queries(client, "lapwing")
    assert shown == 2
    add(10)
    large, shown = _queries(client, "lapwing")
    assert shown == 12
    assert small == large
    assert large <= 15, large


def test_beyond_the_most_ranked_the_latest_changed_come_first_and_the_page_says_so(client, cast, proposal_in,
                                                                                  monkeypatch):
    """Ranking reads every match: past MOST_RANKED matches the search lists the latest changed instead,
    only that many, and tells the user to narrow it."""
    monkeypatch.setattr(search, "MOST_RANKED", 3)
    proposals = [proposal_in(S.SUBMITTED, title=f"Kittiwake pathway {i}") for i in range(5)]
    for age, proposal in enumerate(proposals):  # the first is the latest changed
        Proposal.objects.filter(pk=proposal.pk).update(updated_at=timezone.now() - timedelta(days=age))

    results = search.search_proposals(cast.icsmg_secretary, "kittiwake")
    assert (results.count, results.shown, results.by_relevance) == (4, 3, False)
    assert list(results) == proposals[:3]

    client.force_login(cast.icsmg_secretary)
    response = page(client, "kittiwake")
    assert [p for p, _ in response.context["results"]] == proposals[:3]
    assert "More than 3 proposals you can see match ‘kittiwake’" in response.content.decode()

    monkeypatch.setattr(search, "MOST_RANKED", 5)
    ranked = search.search_proposals(cast.icsmg_secretary, "kittiwake")
    assert (ranked.count, ranked.by_relevance) == (5, True)
    assert "5 proposals you can see match" in page(client, "kittiwake").content.decode()
