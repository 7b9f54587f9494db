"""The decision-making flowchart for ICS-level commissioning issues (seed 004)."""

import pytest

from proposals.enums import TriageOutcome, TriageQuestion
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
    assert "Clinical Leadership Group" in Q3.label
