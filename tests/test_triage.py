"""The decision-making flowchart for ICS-level commissioning issues (seed 004)."""

import pytest
from django.urls import reverse

from proposals.enums import ProposalState, TriageOutcome, TriageQuestion
from proposals.models import triage_outcome

Q1, Q2, Q3 = TriageQuestion
O = TriageOutcome


@pytest.mark.parametrize(
    "q1, q2, q3, outcome",
    [
        (None, None, None, O.INCOMPLETE),
        (False, None, None, O.INCOMPLETE),
        (None, False, None, O.INCOMPLETE),
        (False, False, None, O.PLACE_BASED),  # neither national nor cross-ICP: place-based
        (False, False, True, O.PLACE_BASED),  # question 3 is never reached
        (True, None, None, O.AWAITING_SUPPORT),
        (None, True, None, O.AWAITING_SUPPORT),
        (True, False, None, O.AWAITING_SUPPORT),
        (False, True, None, O.AWAITING_SUPPORT),
        (True, True, True, O.BUSINESS_CASE),
        (False, True, True, O.BUSINESS_CASE),
        (True, False, True, O.BUSINESS_CASE),
        (True, True, False, O.PLACE_BASED),  # no Clinical Leadership Group support
        (False, True, False, O.PLACE_BASED),
    ],
)
def test_the_flowchart(q1, q2, q3, outcome):
    assert triage_outcome({Q1: q1, Q2: q2, Q3: q3}) == outcome


def test_the_questions_are_the_seeds():
    assert Q1.label.startswith("Are (i) standards and outcomes and (ii) the service delivery model")
    assert "more than one ICP" in Q2.label
    # Question 3 names the body that assesses the proposal: the seed's Clinical Leadership Group, on its route.
    assert Q3.wording("Clinical Leadership Group") == (
        "Following an assessment exercise, is there support from the Clinical Leadership Group (or an alternative "
        "body) for an ICS-level commissioning solution?")
    assert "Clinical Leadership Group" not in Q3.label


def test_question_3_names_the_body_on_the_proposals_route(client, cast, proposal_in):
    """The triage page and the proposal page ask question 3 of the body that assesses the proposal."""
    proposal = proposal_in(ProposalState.SUBMITTED)
    client.force_login(cast.clg_secretary)
    page = client.get(reverse("proposals:triage", args=[proposal.reference])).content.decode()
    assert "is there support from the Clinical Leadership Group (or an alternative body)" in page
    cast.clg.name = "Clinical and Care Professional Committee"
    cast.clg.save()
    page = client.get(reverse("proposals:triage", args=[proposal.reference])).content.decode()
    assert "is there support from the Clinical and Care Professional Committee (or an alternative body)" in page
    assert "Clinical Leadership Group" not in page
