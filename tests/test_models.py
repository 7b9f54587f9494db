from datetime import datetime

import pytest
from django.utils import timezone

from governance.models import Route
from proposals.enums import ProposalState
from proposals.models import Proposal

from .factories import ProposalFactory

S = ProposalState


def test_references_count_up_within_the_year(cast):
    first, second = ProposalFactory(lead_author=cast.author), ProposalFactory(lead_author=cast.author)
    year = timezone.localdate().year
    assert first.reference == f"ICS-{year}-001"
    assert second.reference == f"ICS-{year}-002"


def test_references_keep_counting_past_999(cast):
    year = timezone.localdate().year
    ProposalFactory(lead_author=cast.author)
    Proposal.objects.update(reference=f"ICS-{year}-999")
    assert ProposalFactory(lead_author=cast.author).reference == f"ICS-{year}-1000"
    assert ProposalFactory(lead_author=cast.author).reference == f"ICS-{year}-1001"


@pytest.mark.parametrize(
    "state, owner",
    [
        (S.SUBMITTED, "clg"), (S.ASSESSMENT, "clg"), (S.QUALITY_ASSURANCE, "icsmg"),
        (S.STAKEHOLDER_SIGNOFF, "hsg"), (S.DRAFT, None), (S.APPROVED, None),
    ],
)
def test_each_stage_is_owned_by_its_body(state, owner, proposal_in, cast):
    proposal = proposal_in(state)
    expected = [getattr(cast, owner)] if owner else []
    assert list(proposal.owning_bodies()) == expected
    # The page's list of them, read from the route it keeps (the cache's copy) without a query, agrees.
    fresh = Proposal.objects.get(pk=proposal.pk)
    if fresh.route_id:
        fresh.route = Route.objects.configured(fresh.route_id)
    assert fresh.owners() == expected


def test_at_stage_4_the_bodies_still_to_decide_own_it(proposal_in, cast):
    from proposals import services

    proposal = proposal_in(S.FORMAL_APPROVAL)
    assert set(proposal.owning_bodies()) == set(proposal.owners()) == {cast.jcc, cast.ccg}
    services.record_formal_decision(proposal, body=cast.jcc, approved=True, by=cast.jcc_secretary)
    assert list(proposal.owning_bodies()) == [cast.ccg]


def test_state_change_time_is_stored(proposal_in, cast):
    from proposals import services

    proposal = proposal_in(S.QUALITY_ASSURANCE)
    Proposal.objects.filter(pk=proposal.pk).update(state_changed_at=timezone.make_aware(datetime(2026, 1, 1)))
    services.quality_assure(proposal, by=cast.icsmg_secretary)
    assert proposal.state_changed_at > timezone.make_aware(datetime(2026, 1, 2))


def test_owned_by_agrees_with_owning_bodies(proposal_in, cast):
    proposals = [proposal_in(state) for state in
                 (S.DRAFT, S.SUBMITTED, S.ASSESSMENT, S.QUALITY_ASSURANCE, S.STAKEHOLDER_SIGNOFF, S.FORMAL_APPROVAL,
                  S.APPROVED)]
    for body in [cast.clg, cast.icsmg, cast.hsg, cast.jcc, cast.ccg]:
        expected = {p for p in proposals if body in p.owning_bodies()}
        assert set(Proposal.objects.owned_by(body)) == expected, body
