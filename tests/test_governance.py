"""The secretary's business: agendas, attendance, interests, decisions, votes and quorum."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from governance import services, voting
from governance.enums import AttendanceStatus, DecisionOutcome, MeetingStatus, MembershipRole, VoteChoice
from governance.models import AgendaItem, Decision, Vote
from ics_commissioning.errors import ActionRefused
from proposals.enums import EventKind, FormalDecision, ProposalState

from .factories import MeetingFactory, MembershipFactory, UserFactory

S = ProposalState
O = DecisionOutcome


def meeting_of(body, **kwargs):
    """A meeting that began an hour ago: in session, so it can take decisions."""
    return MeetingFactory(body=body, starts_at=timezone.now() - datetime.timedelta(hours=1), **kwargs)


@pytest.fixture
def jcc_members(cast):
    """Four voting CCG representatives (with cast.member) and a non-voting member."""
    voters = [cast.member] + [
        MembershipFactory(body=cast.jcc, role=MembershipRole.MEMBER, is_voting=True,
                          user=UserFactory(username=f"ccg_rep{i}")).user
        for i in range(3)
    ]
    MembershipFactory(body=cast.jcc, role=MembershipRole.MEMBER, is_voting=False,
                      user=UserFactory(username="observer"))
    return voters


def test_a_proposal_goes_only_on_the_agenda_of_the_body_owning_its_stage(proposal_in, cast):
    proposal = proposal_in(S.QUALITY_ASSURANCE)
    with pytest.raises(ActionRefused, match="which Health Strategy Group does not decide"):
        services.add_proposal_to_agenda(meeting_of(cast.hsg), proposal, by=cast.hsg_secretary)
    with pytest.raises(PermissionDenied):
        services.add_proposal_to_agenda(meeting_of(cast.icsmg), proposal, by=cast.hsg_secretary)
    item = services.add_proposal_to_agenda(meeting_of(cast.icsmg), proposal, by=cast.icsmg_secretary)
    assert (item.title, item.proposal) == (proposal.title, proposal)
    with pytest.raises(ActionRefused, match="already on this agenda"):
        services.add_proposal_to_agenda(item.meeting, proposal, by=cast.icsmg_secretary)


def test_items_are_reordered(cast):
    meeting = meeting_of(cast.icsmg)
    first, second, third = (
        services.add_paper(meeting, by=cast.icsmg_secretary, title=t, purpose="information") for t in "ABC"
    )
    services.move_item(third, by=cast.icsmg_secretary, offset=-1)
    assert list(meeting.items.values_list("title", flat=True)) == ["A", "C", "B"]
    services.move_item(first, by=cast.icsmg_secretary, offset=-1)  # already first: nothing moves
    assert list(meeting.items.values_list("title", flat=True)) == ["A", "C", "B"]
    with pytest.raises(PermissionDenied):
        services.move_item(second, by=cast.hsg_secretary, offset=1)


@pytest.mark.parametrize(
    "state, body, secretary, outcome, target",
    [
        (S.QUALITY_ASSURANCE, "icsmg", "icsmg_secretary", O.QUALITY_ASSURED, S.STAKEHOLDER_SIGNOFF),
        (S.QUALITY_ASSURANCE, "icsmg", "icsmg_secretary", O.RETURNED, S.FULL_CASE),  # back to its authors for a new version
        (S.QUALITY_ASSURANCE, "icsmg", "icsmg_secretary", O.REJECTED, S.REJECTED),
        (S.QUALITY_ASSURANCE, "icsmg", "icsmg_secretary", O.DEFERRED, S.QUALITY_ASSURANCE),
        (S.STAKEHOLDER_SIGNOFF, "hsg", "hsg_secretary", O.SIGNED_OFF, S.FORMAL_APPROVAL),
        (S.FORMAL_APPROVAL, "ccg", "ccg_secretary", O.APPROVED, S.FORMAL_APPROVAL),
        (S.FORMAL_APPROVAL, "ccg", "ccg_secretary", O.NOT_APPROVED, S.REJECTED),
    ],
)
def test_each_decision_moves_the_proposal_through_the_state_machine(state, body, secretary, outcome, target,
                                                                     proposal_in, cast):
    proposal = proposal_in(state)
    meeting = meeting_of(getattr(cast, body))
    by = cast.everyone[secretary]
    item = services.add_proposal_to_agenda(meeting, proposal, by=by)
    decision = services.record_decision(item, by=by, outcome=outcome, minute="Discussed in full.",
                                        formal_bodies=[cast.jcc])
    proposal.refresh_from_db()
    assert proposal.state == target
    event = proposal.events.last()
    assert (event.meeting, event.body, event.actor) == (meeting, getattr(cast, body), by)
    assert decision.outcome == outcome
    if outcome == O.DEFERRED:
        assert event.kind == EventKind.DEFERRED and event.comment == "Discussed in full."


def test_a_decision_the_stage_does_not_allow_is_refused_and_nothing_is_recorded(proposal_in, cast):
    proposal = proposal_in(S.QUALITY_ASSURANCE)
    item = services.add_proposal_to_agenda(meeting_of(cast.icsmg), proposal, by=cast.icsmg_secretary)
    with pytest.raises(ActionRefused, match="not a decision"):
        services.record_decision(item, by=cast.icsmg_secretary, outcome=O.SIGNED_OFF)
    with pytest.raises(ActionRefused, match="reasons"):
        services.record_decision(item, by=cast.icsmg_secretary, outcome=O.RETURNED, minute=" ")
    assert not Decision.objects.exists()
    proposal.refresh_from_db()
    assert proposal.state == S.QUALITY_ASSURANCE


def test_a_decision_is_recorded_once(proposal_in, cast):
    proposal = proposal_in(S.QUALITY_ASSURANCE)
    item = services.add_proposal_to_agenda(meeting_of(cast.icsmg), proposal, by=cast.icsmg_secretary)
    services.record_decision(item, by=cast.icsmg_secretary, outcome=O.DEFERRED, minute="Await costings")
    with pytest.raises(ActionRefused, match="already been recorded"):
        services.record_decision(item, by=cast.icsmg_secretary, outcome=O.QUALITY_ASSURED)
    proposal.refresh_from_db()
    assert proposal.state == S.QUALITY_ASSURANCE


def test_a_decision_is_recorded_only_once_the_meeting_has_begun(proposal_in, cast):
    """A decision belongs to a meeting that has taken place: none is recorded ahead of it."""
    proposal = proposal_in(S.QUALITY_ASSURANCE)
    coming = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() + datetime.timedelta(minutes=5),
                            status=MeetingStatus.PUBLISHED)
    item = services.add_proposal_to_agenda(coming, proposal, by=cast.icsmg_secretary)
    with pytest.raises(ActionRefused, match="a decision is recorded once it has begun"):
        services.record_decision(item, by=cast.icsmg_secretary, outcome=O.QUALITY_ASSURED)
    assert not Decision.objects.exists()
    with time_machine.travel(coming.starts_at + datetime.timedelta(seconds=1)):
        with pytest.raises(ActionRefused, match="Open the meeting"):
            services.record_decision(item, by=cast.icsmg_secretary, outcome=O.QUALITY_ASSURED)
        services.open_meeting(coming, by=cast.icsmg_secretary)
        services.record_decision(item, by=cast.icsmg_secretary, outcome=O.QUALITY_ASSURED)
    proposal.refresh_from_db()
    assert proposal.state == S.STAKEHOLDER_SIGNOFF


def test_a_secretary_decides_only_for_their_own_body(proposal_in, cast):
    proposal = proposal_in(S.QUALITY_ASSURANCE)
    item = services.add_proposal_to_agenda(meeting_of(cast.icsmg), proposal, by=cast.icsmg_secretary)
    for name in ["hsg_secretary", "clg_secretary", "author", "member"]:
        with pytest.raises(PermissionDenied):
            services.record_decision(item, by=cast.everyone[name], outcome=O.QUALITY_ASSURED)
    assert not Decision.objects.exists()


def test_plain_papers_are_noted_or_agreed(cast):
    paper = services.add_paper(meeting_of(cast.jcc), by=cast.jcc_secretary, title="Update on cardiology",
                               purpose="information")
    with pytest.raises(ActionRefused):
        services.record_decision(paper, by=cast.jcc_secretary, outcome=O.APPROVED)
    assert services.record_decision(paper, by=cast.jcc_secretary, outcome=O.NOTED).outcome == O.NOTED


# -- Votes and quorum ------------------------------------------------------------------------


@pytest.fixture
def jcc_item(proposal_in, cast, jcc_members):
    proposal = proposal_in(S.FORMAL_APPROVAL)
    return services.add_proposal_to_agenda(meeting_of(cast.jcc), proposal, by=cast.jcc_secretary)


def attend(item, cast, people, status=AttendanceStatus.PRESENT):
    services.record_attendance(item.meeting, {p: status for p in people}, by=cast.jcc_secretary)


def test_without_quorum_no_decision_is_recorded(jcc_item, cast, jcc_members):
    attend(jcc_item, cast, jcc_members[:2])  # 2 of 4 voting members; a majority (3) is needed
    with pytest.raises(ActionRefused, match="not quorate.*2 voting members.*3 are needed"):
        services.record_decision(jcc_item, by=cast.jcc_secretary, outcome=O.APPROVED,
                                 votes={p: VoteChoice.FOR for p in jcc_members[:2]})
    assert not Decision.objects.exists()
    assert jcc_item.proposal.formal_approvals.get(body=cast.jcc).decision == FormalDecision.PENDING


@pytest.mark.parametrize("outcome", [O.REJECTED, O.RETURNED, O.APPROVED])
def test_quorum_holds_for_every_decision_at_its_exact_boundary(jcc_item, cast, jcc_members, outcome):
    """Four voting members, so three (a majority) must be present: with two, nothing is decided,
    a rejection no more than an approval; with three, it is."""
    votes = {p: VoteChoice.FOR for p in jcc_members[:3]} if outcome == O.APPROVED else None
    attend(jcc_item, cast, jcc_members[:2])
    assert not voting.quorum_for(jcc_item).met
    with pytest.raises(ActionRefused, match="not quorate.*2 voting members.*3 are needed.*only be deferred"):
        services.record_decision(jcc_item, by=cast.jcc_secretary, outcome=outcome, minute="Reasons", votes=votes)
    assert not Decision.objects.exists()
    jcc_item.proposal.refresh_from_db()
    assert jcc_item.proposal.state == S.FORMAL_APPROVAL
    attend(jcc_item, cast, jcc_members[2:3])
    assert voting.quorum_for(jcc_item).met
    services.record_decision(jcc_item, by=cast.jcc_secretary, outcome=outcome, minute="Reasons", votes=votes)
    assert Decision.objects.get().outcome == outcome


def test_an_inquorate_item_can_be_deferred(jcc_item, cast, jcc_members):
    attend(jcc_item, cast, jcc_members[:1])
    services.record_decision(jcc_item, by=cast.jcc_secretary, outcome=O.DEFERRED, minute="Not quorate")
    assert jcc_item.proposal.events.last().kind == "deferred"


def test_a_declared_interest_can_take_the_meeting_below_quorum(jcc_item, cast, jcc_members):
    attend(jcc_item, cast, jcc_members[:3])
    assert voting.quorum_for(jcc_item).met
    services.declare_item_interest(jcc_item, by=jcc_members[2], member=jcc_members[2], interest="Provider director")
    quorum = voting.quorum_for(jcc_item)
    assert (quorum.present, quorum.needed, quorum.met) == (2, 3, False)
    with pytest.raises(ActionRefused, match="not quorate"):
        services.record_decision(jcc_item, by=cast.jcc_secretary, outcome=O.REJECTED, minute="Unaffordable")
    assert not Decision.objects.exists()


def test_a_quorate_majority_approves_and_the_tally_is_kept(jcc_item, cast, jcc_members):
    attend(jcc_item, cast, jcc_members[:3])
    votes = {jcc_members[0]: VoteChoice.FOR, jcc_members[1]: VoteChoice.FOR, jcc_members[2]: VoteChoice.ABSTAIN}
    decision = services.record_decision(jcc_item, by=cast.jcc_secretary, outcome=O.APPROVED, votes=votes)
    assert (decision.votes_for, decision.votes_against, decision.abstentions) == (2, 0, 1)
    assert decision.tally_text() == "2 for, 0 against, 1 abstention"
    proposal = jcc_item.proposal
    assert proposal.formal_approvals.get(body=cast.jcc).decision == FormalDecision.APPROVED
    assert "Vote: 2 for, 0 against, 1 abstention." in proposal.events.last().comment


def test_the_outcome_must_agree_with_the_vote(jcc_item, cast, jcc_members):
    attend(jcc_item, cast, jcc_members)
    votes = dict(zip(jcc_members, [VoteChoice.FOR, VoteChoice.AGAINST, VoteChoice.AGAINST, VoteChoice.ABSTAIN],
                     strict=True))
    with pytest.raises(ActionRefused, match="does not carry the motion, which needs a simple majority of the votes cast: record it as not approved"):
        services.record_decision(jcc_item, by=cast.jcc_secretary, outcome=O.APPROVED, votes=votes)
    assert not Vote.objects.exists() and not Decision.objects.exists()
    services.record_decision(jcc_item, by=cast.jcc_secretary, outcome=O.NOT_APPROVED, votes=votes,
                             minute="Affordability not demonstrated")
    jcc_item.proposal.refresh_from_db()
    assert jcc_item.proposal.state == S.REJECTED


def test_every_eligible_voter_votes_and_nobody_else(jcc_item, cast, jcc_members):
    attend(jcc_item, cast, jcc_members[:3])
    observer = UserFactory(username="observer")
    with pytest.raises(ActionRefused, match="Record a vote"):
        services.record_decision(jcc_item, by=cast.jcc_secretary, outcome=O.APPROVED,
                                 votes={jcc_members[0]: VoteChoice.FOR, jcc_members[1]: VoteChoice.FOR})
    with pytest.raises(ActionRefused, match="cannot"):
        services.record_decision(jcc_item, by=cast.jcc_secretary, outcome=O.APPROVED,
                                 votes={**{p: VoteChoice.FOR for p in jcc_members[:3]}, observer: VoteChoice.FOR})
    assert not Decision.objects.exists()


def test_a_member_with_a_declared_interest_cannot_vote_on_that_item(jcc_item, cast, jcc_members):
    attend(jcc_item, cast, jcc_members)
    services.declare_item_interest(jcc_item, by=jcc_members[3], member=jcc_members[3],
                                   interest="Non-executive director of a provider affected")
    assert jcc_members[3] not in {m.user for m in voting.eligible_voters(jcc_item)}
    with pytest.raises(ActionRefused, match="cannot"):
        services.record_decision(jcc_item, by=cast.jcc_secretary, outcome=O.APPROVED,
                                 votes={p: VoteChoice.FOR for p in jcc_members})
    services.record_decision(jcc_item, by=cast.jcc_secretary, outcome=O.APPROVED,
                             votes={p: VoteChoice.FOR for p in jcc_members[:3]})
    assert Vote.objects.count() == 3


def test_a_failed_move_rolls_back_the_decision(proposal_in, cast):
    proposal = proposal_in(S.STAKEHOLDER_SIGNOFF)
    item = services.add_proposal_to_agenda(meeting_of(cast.hsg), proposal, by=cast.hsg_secretary)
    with pytest.raises(ActionRefused, match="Name at least one stage 4 body"):
        services.record_decision(item, by=cast.hsg_secretary, outcome=O.SIGNED_OFF, formal_bodies=[])
    assert not Decision.objects.exists()
    proposal.refresh_from_db()
    assert proposal.state == S.STAKEHOLDER_SIGNOFF


def test_only_members_may_declare_and_secretaries_record_for_others(jcc_item, cast, jcc_members):
    with pytest.raises(PermissionDenied):
        services.declare_item_interest(jcc_item, by=cast.hsg_secretary, member=jcc_members[0], interest="x")
    with pytest.raises(ActionRefused, match="not a member"):
        services.declare_item_interest(jcc_item, by=cast.jcc_secretary, member=cast.author, interest="x")
    services.declare_item_interest(jcc_item, by=cast.jcc_secretary, member=jcc_members[1], interest="Employer")
    assert jcc_item.interests.get().user == jcc_members[1]


def test_part_b_items_are_visible_only_to_members_of_the_body(cast, jcc_members):
    meeting = meeting_of(cast.jcc)
    services.add_paper(meeting, by=cast.jcc_secretary, title="Public update", purpose="information")
    services.add_paper(meeting, by=cast.jcc_secretary, title="Procurement evaluation", purpose="decision", part="B")
    for user, titles in [
        (jcc_members[0], {"Public update", "Procurement evaluation"}),
        (cast.jcc_secretary, {"Public update", "Procurement evaluation"}),
        (cast.admin, {"Public update", "Procurement evaluation"}),
        (cast.hsg_secretary, {"Public update"}),
        (cast.author, {"Public update"}),
    ]:
        assert set(AgendaItem.objects.visible_to(user).values_list("title", flat=True)) == titles, user
