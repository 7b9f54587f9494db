"""Two people acting on the same proposal at once, on PostgreSQL with real connections."""

import threading

import pytest
from django.db import connection

from proposals import services
from proposals.enums import ProposalState
from proposals.models import Proposal

from .conftest import on_postgresql

S = ProposalState

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seed_rubric"),
    pytest.mark.skipif(not on_postgresql(), reason="row locks across connections need PostgreSQL"),
]


def race(*actions):
    """Run the actions in parallel threads, each on its own connection; return results or exceptions."""
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(i, action):
        try:
            barrier.wait(timeout=10)
            results[i] = action()
        except Exception as exc:  # noqa: BLE001 - the exception is the result under test
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


@pytest.mark.parametrize("attempt", range(3))
def test_two_secretaries_deciding_at_once_exactly_one_wins(attempt, proposal_in, cast):
    proposal = proposal_in(S.QUALITY_ASSURANCE)
    # Both secretaries opened the page before either pressed the button.
    mine, theirs = Proposal.objects.get(pk=proposal.pk), Proposal.objects.get(pk=proposal.pk)
    results = race(
        lambda: services.quality_assure(mine, by=cast.icsmg_secretary),
        lambda: services.return_for_revision(theirs, by=cast.admin, reasons="Costings out of date"),
    )
    winners = [r for r in results if not isinstance(r, Exception)]
    losers = [r for r in results if isinstance(r, Exception)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert isinstance(losers[0], services.ProposalMovedOn)
    proposal.refresh_from_db()
    assert proposal.state == winners[0].to_state
    # Nothing lost, nothing doubled: exactly one event left quality assurance.
    assert proposal.events.filter(from_state=S.QUALITY_ASSURANCE).exclude(to_state=S.QUALITY_ASSURANCE).count() == 1


def test_two_stage_4_bodies_approving_at_once_both_count(proposal_in, cast):
    proposal = proposal_in(S.FORMAL_APPROVAL)
    first, second = Proposal.objects.get(pk=proposal.pk), Proposal.objects.get(pk=proposal.pk)
    results = race(
        lambda: services.record_formal_decision(first, body=cast.jcc, approved=True, by=cast.jcc_secretary),
        lambda: services.record_formal_decision(second, body=cast.ccg, approved=True, by=cast.ccg_secretary),
    )
    # The first approval leaves the proposal in formal approval, so the second is not stale:
    # under the row lock both are applied in turn, and the second completes the route.
    assert not [r for r in results if isinstance(r, Exception)], results
    proposal.refresh_from_db()
    assert set(proposal.formal_approvals.values_list("decision", flat=True)) == {"approved"}
    assert proposal.state == S.APPROVED
    assert [e.to_state for e in proposal.events.filter(kind="formal_decision")] == [S.FORMAL_APPROVAL, S.APPROVED]
