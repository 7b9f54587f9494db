"""Quorum and votes as each body's terms of reference set them (governance.voting), at their exact
boundaries: organisations represented, votes by organisation under delegation, a stated majority,
the chair's casting vote, abstentions, and decisions by consensus."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from governance import services, voting
from governance.enums import (
    AttendanceStatus,
    DecisionMethod,
    DecisionOutcome,
    MembershipRole,
    OrganisationsForQuorum,
    VotesCountedBy,
)
from governance.models import Decision, Delegation
from ics_commissioning.errors import ActionRefused
from proposals.enums import FormalDecision, ProposalState

from .factories import MeetingFactory, MembershipFactory, UserFactory

O = DecisionOutcome
FOR, AGAINST, ABSTAIN = "for", "against", "abstain"
CCGS = ("Riverside CCG", "Northshire CCG", "Eastvale CCG")


@pytest.fixture
def committee(cast):
    """The Joint CCG Committee as seed 002 has it: two representatives of each of three CCGs, voting
    by organisation under delegated authority, a majority of the CCGs needed for a quorum; a chair
    (one of Riverside's representatives) with a casting vote."""
    body = cast.jcc
    body.votes_counted_by = VotesCountedBy.ORGANISATION
    body.organisations_for_quorum = OrganisationsForQuorum.MAJORITY
    body.quorum = 2
    body.save()
    reps = {}
    for ccg in CCGS:
        for n in (1, 2):
            user = UserFactory(username=f"{ccg.split()[0].lower()}{n}", last_name=f"{ccg.split()[0]}{n}")
            role = MembershipRole.CHAIR if (ccg, n) == (CCGS[0], 1) else MembershipRole.MEMBER
            membership = MembershipFactory(body=body, user=user, role=role, is_voting=True, organisation=ccg)
            Delegation.objects.create(membership=membership, delegated_by=f"NHS {ccg} Governing Body",
                                      starts_on=datetime.date(2026, 4, 1), reference="GB/26/14")
            reps[(ccg, n)] = user
    return reps


def item_at(cast, proposal_in, present):
    meeting = MeetingFactory(body=cast.jcc, starts_at=timezone.now() - datetime.timedelta(hours=1))
    item = services.add_proposal_to_agenda(meeting, proposal_in(ProposalState.FORMAL_APPROVAL), by=cast.jcc_secretary)
    services.record_attendance(meeting, {p: AttendanceStatus.PRESENT for p in present}, by=cast.jcc_secretary)
    return item


# -- Quorum -----------------------------------------------------------------------------------------


def test_a_majority_of_the_organisations_must_be_represented(cast, proposal_in, committee):
    """Members enough, but both from one CCG: not quorate; one from a second CCG makes it quorate."""
    item = item_at(cast, proposal_in, [committee[(CCGS[0], 1)], committee[(CCGS[0], 2)]])
    quorum = voting.quorum_for(item)
    assert quorum.members_met and not quorum.met
    assert (quorum.organisations_present, quorum.organisations_needed) == (1, 2)
    assert quorum.missing_organisations == ("Eastvale CCG", "Northshire CCG")
    with pytest.raises(ActionRefused, match="1 of the 3 constituent organisations are represented and 2 must be"):
        services.record_decision(item, by=cast.jcc_secretary, outcome=O.REJECTED, minute="Unaffordable")
    services.record_attendance(item.meeting, {committee[(CCGS[1], 1)]: AttendanceStatus.PRESENT},
                               by=cast.jcc_secretary)
    assert voting.quorum_for(item).met


def test_a_representative_without_a_delegation_in_force_does_not_count(cast, proposal_in, committee):
    present = [committee[(CCGS[0], 1)], committee[(CCGS[1], 1)]]
    item = item_at(cast, proposal_in, present)
    assert voting.quorum_for(item).met
    meeting_day = item.meeting.starts_at.date()
    # Northshire's delegation ended the day before the meeting: its representative cannot vote.
    Delegation.objects.filter(membership__user=present[1]).update(ends_on=meeting_day - datetime.timedelta(days=1))
    assert present[1] not in {m.user for m in voting.eligible_voters(item)}
    assert [m.user for m in voting.without_delegation(item)] == [present[1]]
    assert not voting.quorum_for(item).met
    # Ending on the meeting's day, it is still in force that day.
    Delegation.objects.filter(membership__user=present[1]).update(ends_on=meeting_day)
    assert voting.quorum_for(item).met


# -- Counting by organisation -------------------------------------------------------------------------


def test_two_representatives_of_one_ccg_count_once(cast, proposal_in, committee):
    riverside, northshire = (committee[(CCGS[0], 1)], committee[(CCGS[0], 2)]), committee[(CCGS[1], 1)]
    item = item_at(cast, proposal_in, [*riverside, northshire])
    assert not voting.count(item, {riverside[0]: FOR, riverside[1]: FOR, northshire: AGAINST}).carried
    cast.jcc.chair_has_casting_vote = True
    cast.jcc.save()
    # By member it would be 2 to 1; by organisation it is one CCG each way: a tie, which the chair must break.
    with pytest.raises(ActionRefused, match="The vote is tied: record the chair's casting vote"):
        voting.count(item, {riverside[0]: FOR, riverside[1]: FOR, northshire: AGAINST})
    result = voting.count(item, {riverside[0]: FOR, riverside[1]: FOR, northshire: AGAINST}, casting_vote=FOR)
    assert (result.votes_for, result.against, result.abstentions, result.carried) == (1, 1, 0, True)
    assert result.text() == "1 for, 1 against, 0 abstentions (organisations); decided by the chair's casting vote for"


def test_the_representatives_of_one_ccg_cast_its_one_vote_together(cast, proposal_in, committee):
    riverside, northshire = (committee[(CCGS[0], 1)], committee[(CCGS[0], 2)]), committee[(CCGS[1], 1)]
    item = item_at(cast, proposal_in, [*riverside, northshire])
    with pytest.raises(ActionRefused, match="representatives voted differently: Riverside CCG"):
        services.record_decision(item, by=cast.jcc_secretary, outcome=O.APPROVED,
                                 votes={riverside[0]: FOR, riverside[1]: AGAINST, northshire: FOR})
    assert not Decision.objects.exists()
    decision = services.record_decision(item, by=cast.jcc_secretary, outcome=O.APPROVED,
                                        votes={riverside[0]: FOR, riverside[1]: FOR, northshire: FOR})
    assert (decision.votes_for, decision.votes_against, decision.counted_by_organisation) == (2, 0, True)
    assert decision.method == DecisionMethod.VOTE and decision.votes.count() == 3
    assert decision.tally_text() == "2 for, 0 against, 0 abstentions (organisations)"


# -- The majority, ties and the casting vote ------------------------------------------------------------


@pytest.fixture
def by_member(cast):
    """The committee voting one member one vote: four voting members, the first its chair."""
    members = [MembershipFactory(body=cast.jcc, is_voting=True, role=MembershipRole.CHAIR if n == 0 else
                                 MembershipRole.MEMBER, user=UserFactory(username=f"voter{n}")).user for n in range(4)]
    return members


def test_a_tie_fails_without_a_casting_vote(cast, proposal_in, by_member):
    item = item_at(cast, proposal_in, by_member)
    votes = dict(zip(by_member, [FOR, FOR, AGAINST, AGAINST], strict=True))
    assert not voting.count(item, votes).carried
    with pytest.raises(ActionRefused, match="give the chair no casting vote"):
        voting.count(item, votes, casting_vote=FOR)
    with pytest.raises(ActionRefused, match="does not carry the motion"):
        services.record_decision(item, by=cast.jcc_secretary, outcome=O.APPROVED, votes=votes)
    decision = services.record_decision(item, by=cast.jcc_secretary, outcome=O.NOT_APPROVED, votes=votes,
                                        minute="Tied: the motion falls")
    assert decision.tally_text() == "2 for, 2 against, 0 abstentions"


def test_a_tie_is_decided_by_the_chairs_casting_vote_where_the_terms_give_one(cast, proposal_in, by_member):
    cast.jcc.chair_has_casting_vote = True
    cast.jcc.save()
    item = item_at(cast, proposal_in, by_member)
    votes = dict(zip(by_member, [FOR, FOR, AGAINST, AGAINST], strict=True))
    with pytest.raises(ActionRefused, match="A casting vote is used only on a tie"):
        voting.count(item, {**votes, by_member[3]: FOR}, casting_vote=FOR)
    decision = services.record_decision(item, by=cast.jcc_secretary, outcome=O.APPROVED, votes=votes,
                                        casting_vote=FOR)
    assert decision.casting_vote == FOR
    assert item.proposal.formal_approvals.get(body=cast.jcc).decision == FormalDecision.APPROVED
    assert "decided by the chair's casting vote for" in item.proposal.events.last().comment


def test_the_chair_has_no_casting_vote_on_an_item_they_cannot_vote_on(cast, proposal_in, by_member):
    cast.jcc.chair_has_casting_vote = True
    cast.jcc.save()
    item = item_at(cast, proposal_in, by_member)
    services.declare_item_interest(item, by=by_member[0], member=by_member[0], interest="Trustee of the provider")
    votes = {by_member[1]: FOR, by_member[2]: AGAINST, by_member[3]: ABSTAIN}
    with pytest.raises(ActionRefused, match="chair is not present and able to vote"):
        voting.count(item, votes, casting_vote=FOR)
    assert not voting.count(item, votes).carried  # a tie without a casting vote: the motion falls


def test_abstentions_are_not_votes_cast(cast, proposal_in, by_member):
    item = item_at(cast, proposal_in, by_member)
    result = voting.count(item, dict(zip(by_member, [FOR, ABSTAIN, ABSTAIN, ABSTAIN], strict=True)))
    assert (result.cast, result.carried) == (1, True)
    assert not voting.count(item, dict.fromkeys(by_member, ABSTAIN)).carried  # no votes cast at all


@pytest.mark.parametrize("votes_for, against, carried", [(2, 1, True), (3, 2, False), (4, 0, True), (1, 1, False)])
def test_a_stated_majority_of_two_thirds(cast, proposal_in, by_member, votes_for, against, carried):
    cast.jcc.majority_numerator, cast.jcc.majority_denominator = 2, 3
    cast.jcc.save()
    assert voting.carries(cast.jcc, votes_for, against) is carried
    assert cast.jcc.majority_text() == "at least 2 in 3 of the votes cast"


def test_a_stated_majority_is_checked_on_the_vote(cast, proposal_in, by_member):
    cast.jcc.majority_numerator, cast.jcc.majority_denominator = 3, 4
    cast.jcc.save()
    item = item_at(cast, proposal_in, by_member)
    votes = dict(zip(by_member, [FOR, FOR, AGAINST, ABSTAIN], strict=True))  # two thirds of the votes cast
    with pytest.raises(ActionRefused, match="which needs at least 3 in 4 of the votes cast"):
        services.record_decision(item, by=cast.jcc_secretary, outcome=O.APPROVED, votes=votes)


# -- Consensus -------------------------------------------------------------------------------------------


def test_a_body_that_decides_by_consensus_records_it(cast, proposal_in):
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() - datetime.timedelta(hours=1))
    item = services.add_proposal_to_agenda(meeting, proposal_in(ProposalState.QUALITY_ASSURANCE),
                                           by=cast.icsmg_secretary)
    assert voting.quorum_for(item) is None
    with pytest.raises(ActionRefused, match="A casting vote is recorded only with a vote"):
        services.record_decision(item, by=cast.icsmg_secretary, outcome=O.QUALITY_ASSURED, casting_vote=FOR)
    decision = services.record_decision(item, by=cast.icsmg_secretary, outcome=O.QUALITY_ASSURED)
    assert (decision.method, decision.tally_text()) == (DecisionMethod.CONSENSUS, "By consensus")


def test_the_decision_page_explains_the_bodys_rules(client, cast, proposal_in, committee):
    cast.jcc.chair_has_casting_vote = True
    cast.jcc.save()
    riverside = committee[(CCGS[0], 1)]
    item = item_at(cast, proposal_in, [riverside, committee[(CCGS[0], 2)]])
    Delegation.objects.filter(membership__user=committee[(CCGS[0], 2)]).delete()
    client.force_login(cast.jcc_secretary)
    html = client.get(reverse("governance:decision", args=[item.meeting.pk, item.pk])).content.decode()
    assert "one vote for each constituent organisation, cast by its representatives under delegated authority" in html
    assert "A motion needs a simple majority of the votes cast; on a tie the chair has a casting vote" in html
    assert "Present without a delegation in force, so not voting:" in html
    assert "<strong>Not quorate</strong> for this item: 1 voting member able to vote on it is present and 2 are " \
           "needed; 1 of the 3 constituent organisations are represented" in html
