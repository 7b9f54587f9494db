"""
Quorum and votes, as each body's terms of reference set them (the fields on Body): who may vote on
an item, whether the meeting is quorate for it, and whether a vote carries. One place for these
rules: the decision page, its check step, record_decision and the tests all ask here.
"""

from dataclasses import dataclass, field

from ics_commissioning.errors import ActionRefused

from .enums import AttendanceStatus, MembershipRole, VoteChoice
from .models import Attendance, Delegation, ItemInterest, Membership
from .models.meetings import tally_text


def person(user):
    return user.get_full_name() or user.username


# -- Who may vote ------------------------------------------------------------------------------


def _present_without_interest(item):
    """The body's voting members recorded present, less anyone who declared an interest in the item."""
    meeting = item.meeting
    present = Attendance.objects.filter(meeting=meeting, status=AttendanceStatus.PRESENT).values("user")
    conflicted = ItemInterest.objects.filter(item=item).values("user")
    return Membership.objects.filter(body=meeting.body, is_voting=True, user__in=present).exclude(user__in=conflicted)


def _delegations_in_force(meeting):
    return Delegation.objects.in_force_on(meeting.starts_at.date()).values("membership")


def eligible_voters(item):
    """
    The voting members of the body recorded present, less anyone who declared an interest in the
    item; at a body that counts votes by organisation, less any representative without a delegation
    in force on the meeting's day. Memberships, in name order.
    """
    meeting = item.meeting
    voters = _present_without_interest(item).select_related("user").order_by(
        "user__last_name", "user__first_name", "pk"
    )
    if meeting.body.counts_by_organisation:
        voters = voters.filter(pk__in=_delegations_in_force(meeting))
    # One membership a person: a chair who is also listed as a member votes once.
    seen, unique = set(), []
    for membership in voters:
        if membership.user_id not in seen:
            seen.add(membership.user_id)
            unique.append(membership)
    return unique


def without_delegation(item):
    """Voting members present who cannot vote for want of a delegation in force (by-organisation bodies)."""
    meeting = item.meeting
    if not meeting.body.counts_by_organisation:
        return []
    return list(_present_without_interest(item).exclude(pk__in=_delegations_in_force(meeting)).select_related("user"))


def constituent_organisations(body):
    """The organisations the body's voting members represent."""
    return set(
        Membership.objects.filter(body=body, is_voting=True).exclude(organisation="")
        .values_list("organisation", flat=True)
    )


# -- Quorum ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quorum:
    """Whether a body that decides by vote may decide an item: the voting members able to vote on it
    against the number its terms of reference need, and, where they say so, the constituent
    organisations represented among them."""

    present: int
    needed: int
    organisations_present: int = 0
    organisations_needed: int = 0
    organisations: int = 0
    missing_organisations: tuple = field(default_factory=tuple)

    @property
    def members_met(self):
        return self.present >= self.needed

    @property
    def organisations_met(self):
        return self.organisations_present >= self.organisations_needed

    @property
    def met(self):
        return self.members_met and self.organisations_met

    def shortfall(self):
        """Why the meeting is not quorate for the item, in the secretary's words."""
        reasons = []
        if not self.members_met:
            members = "member" if self.present == 1 else "members"
            reasons.append(f"{self.present} voting {members} able to vote on it {'is' if self.present == 1 else 'are'} "
                           f"present and {self.needed} are needed")
        if not self.organisations_met:
            reasons.append(
                f"{self.organisations_present} of the {self.organisations} constituent organisations are represented "
                f"and {self.organisations_needed} must be (not represented: {', '.join(self.missing_organisations)})"
            )
        return "; ".join(reasons)

    def refusal(self):
        return (f"The meeting is not quorate for this item: {self.shortfall()}. "
                "It can only be deferred, or a paper noted.")


def quorum_for(item):
    """The item's Quorum, for a body that decides by vote; None for one that decides by consensus."""
    body = item.meeting.body
    if not body.decides_by_vote:
        return None
    voting_members = Membership.objects.filter(body=body, is_voting=True).values("user").distinct().count()
    voters = eligible_voters(item)
    organisations = constituent_organisations(body)
    represented = {m.organisation for m in voters if m.organisation}
    return Quorum(
        present=len(voters), needed=body.quorum_needed(voting_members),
        organisations_present=len(represented & organisations),
        organisations_needed=body.organisations_needed(len(organisations)),
        organisations=len(organisations),
        missing_organisations=tuple(sorted(organisations - represented)),
    )


# -- Counting a vote -----------------------------------------------------------------------------


@dataclass(frozen=True)
class VoteResult:
    """A vote counted by the body's rules: the counts are of members, or of organisations."""

    votes_for: int
    against: int
    abstentions: int
    carried: bool
    by_organisation: bool = False
    casting_vote: str = ""

    @property
    def cast(self):
        """Abstentions are not votes cast."""
        return self.votes_for + self.against

    def as_dict(self):
        return {"for": self.votes_for, "against": self.against, "abstain": self.abstentions}

    def text(self):
        return tally_text(self.votes_for, self.against, self.abstentions, by_organisation=self.by_organisation,
                          casting_vote=self.casting_vote)


def carries(body, votes_for, against):
    """Whether votes for and against carry a motion at this body (abstentions do not count)."""
    cast = votes_for + against
    if cast == 0:
        return False
    if body.majority is None:
        return votes_for > against
    return votes_for >= body.majority * cast


def is_tie(body, votes_for, against):
    return body.majority is None and votes_for == against and votes_for > 0


def chair_of(body):
    chair = Membership.objects.filter(body=body, role=MembershipRole.CHAIR).select_related("user").first()
    return chair.user if chair else None


def count(item, votes, *, casting_vote=""):
    """
    Check and count a vote on an item: `votes` maps each eligible voter to their VoteChoice. Every
    eligible voter's vote is needed and no one else's. By organisation, the representatives of one
    organisation cast its one vote together. On a tie, the chair's casting vote decides where the
    body gives one. Raises ActionRefused, saying what to put right.
    """
    body = item.meeting.body
    voters = {m.user: m for m in eligible_voters(item)}
    strangers = [person(p) for p in votes if p not in voters]
    if strangers:
        raise ActionRefused("Only voting members present without a declared interest can vote: "
                            + ", ".join(strangers) + " cannot.")
    missing = sorted(person(p) for p in voters if p not in votes)
    if missing:
        raise ActionRefused("Record a vote (for, against or abstain) for: " + ", ".join(missing) + ".")
    choices = [VoteChoice(choice) for choice in votes.values()]
    if body.counts_by_organisation:
        by_organisation = {}
        for voter, choice in votes.items():
            by_organisation.setdefault(voters[voter].organisation or person(voter), set()).add(VoteChoice(choice))
        split = sorted(name for name, cast in by_organisation.items() if len(cast) > 1)
        if split:
            raise ActionRefused(
                "Each organisation casts one vote, and its representatives voted differently: "
                + ", ".join(split) + ". Record the vote each organisation cast."
            )
        choices = [next(iter(cast)) for cast in by_organisation.values()]
    votes_for = choices.count(VoteChoice.FOR)
    against = choices.count(VoteChoice.AGAINST)
    abstentions = choices.count(VoteChoice.ABSTAIN)
    carried = carries(body, votes_for, against)
    if casting_vote:
        casting_vote = VoteChoice(casting_vote)
        chair = chair_of(body)
        if not body.chair_has_casting_vote:
            raise ActionRefused(f"The terms of reference of {body} give the chair no casting vote.")
        if not is_tie(body, votes_for, against):
            raise ActionRefused("A casting vote is used only on a tie.")
        if chair is None or chair not in voters:
            raise ActionRefused("The chair is not present and able to vote on this item, so has no casting vote.")
        if casting_vote == VoteChoice.ABSTAIN:
            raise ActionRefused("A casting vote is for or against.")
        carried = casting_vote == VoteChoice.FOR
    elif is_tie(body, votes_for, against) and body.chair_has_casting_vote and chair_of(body) in voters:
        raise ActionRefused("The vote is tied: record the chair's casting vote.")
    return VoteResult(votes_for, against, abstentions, carried, by_organisation=body.counts_by_organisation,
                      casting_vote=casting_vote or "")
