"""
A body's business, one function per secretary's action: meetings, the agenda, attendance,
interests, and decisions. A decision on a proposal moves it on through the proposal's own
services, in the same transaction, so the state machine's guards and audit apply unchanged.
Every refusal is an ActionRefused (ics_commissioning.errors). What a change means for the board
packs is not said here: the receivers (governance/receivers.py) see the rows change.
"""

from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.utils import timezone

from ics_commissioning.documents import pdf_page_count
from ics_commissioning.errors import ActionRefused, NotAllowed
from ics_commissioning.permissions import can
from proposals import services as proposal_services
from scoring import services as scoring_services

from . import minutes, packs
from .enums import (
    ANY_STAGE_OUTCOMES,
    FORMAL_APPROVAL_BODY_KINDS,
    OUTCOMES_NEEDING_REASONS,
    PAPER_OUTCOMES,
    PROPOSAL_OUTCOMES,
    ActionStatus,
    AgendaPart,
    AttendanceStatus,
    DecisionOutcome,
    MeetingStatus,
    VoteChoice,
)
from .models import (
    Action,
    AgendaItem,
    Attendance,
    Decision,
    ItemInterest,
    Meeting,
    Membership,
    PaperDocument,
    RegisteredInterest,
    Vote,
)
from .rules import require_secretary
from .signals import action_raised

O = DecisionOutcome


# -- Meetings and agendas ---------------------------------------------------------------------


def create_meeting(body, *, by, starts_at, location="", online_link="", paper_deadline=None):
    require_secretary(body, by, "arrange its meetings")
    return Meeting.objects.create(
        body=body, starts_at=starts_at, location=location, online_link=online_link, paper_deadline=paper_deadline
    )


def set_meeting_status(meeting, status, *, by):
    """Publishing a meeting also builds its packs (Part B only if it has confidential items)."""
    require_secretary(meeting.body, by, "publish or close its meetings")
    with transaction.atomic():
        meeting.status = MeetingStatus(status)
        meeting.save(update_fields=["status"])
        if meeting.status == MeetingStatus.PUBLISHED:
            parts = {AgendaPart.PUBLIC} | set(meeting.items.values_list("part", flat=True))
            for part in sorted(parts):
                packs.request_build(meeting, part, by=by)


@transaction.atomic
def add_proposal_to_agenda(meeting, proposal, *, by, part="A", recommendations="", background="", progress=""):
    """A proposal can only come to the body that owns its current stage."""
    body = meeting.body
    require_secretary(body, by, "set its agenda")
    if body not in proposal.owning_bodies():
        raise ActionRefused(
            f"{proposal.reference} is at “{proposal.get_state_display()}”, which {body} does not decide."
        )
    if meeting.items.filter(proposal=proposal).exists():
        raise ActionRefused(f"{proposal.reference} is already on this agenda.")
    lead = proposal.lead_author
    return AgendaItem.objects.create(
        meeting=meeting, order=meeting.next_item_order(), proposal=proposal, title=proposal.title, part=part,
        author=lead.get_full_name() or lead.username, background=background or proposal.summary[:2000],
        progress=progress, recommendations=recommendations,
    )


def add_paper(meeting, *, by, title, purpose, part="A", author="", sponsor="", background="", progress="",
              recommendations=""):
    require_secretary(meeting.body, by, "set its agenda")
    if not title.strip():
        raise ActionRefused("Give the paper a title.")
    item = AgendaItem.objects.create(
        meeting=meeting, order=meeting.next_item_order(), title=title.strip(), purpose=purpose, part=part,
        author=author, sponsor=sponsor, background=background, progress=progress, recommendations=recommendations,
    )
    return item


@transaction.atomic
def move_item(item, *, by, offset):
    """Move an item up (offset -1) or down (+1) the agenda."""
    meeting = item.meeting
    require_secretary(meeting.body, by, "set its agenda")
    items = list(meeting.items.select_for_update().order_by("order", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index + offset
    if not 0 <= target < len(items):
        return
    items[index], items[target] = items[target], items[index]
    for order, each in enumerate(items, start=1):
        if each.order != order:
            each.order = order
            each.save(update_fields=["order"])


@transaction.atomic
def remove_item(item, *, by):
    require_secretary(item.meeting.body, by, "set its agenda")
    if Decision.objects.filter(item=item).exists():
        raise ActionRefused("An item with a recorded decision stays on the agenda.")
    item.delete()


# -- Attendance and interests ---------------------------------------------------------------


@transaction.atomic
def record_attendance(meeting, statuses, *, by):
    """statuses maps a person to an AttendanceStatus (or None to clear)."""
    require_secretary(meeting.body, by, "record attendance")
    for person, status in statuses.items():
        if status:
            Attendance.objects.update_or_create(meeting=meeting, user=person, defaults={"status": status})
        else:
            Attendance.objects.filter(meeting=meeting, user=person).delete()


def _check_declaration(body, *, by, member, interest, doing):
    """A member declares their own interests; the secretary may record anyone's."""
    if by != member:
        require_secretary(body, by, doing)
    if not Membership.objects.filter(body=body, user=member).exists():
        raise ActionRefused(f"{member.get_full_name() or member} is not a member of {body}.")
    if not interest.strip():
        raise ActionRefused("Describe the interest.")


def register_interest(body, *, by, member, interest, declared_from, declared_to=None):
    _check_declaration(body, by=by, member=member, interest=interest, doing="keep its register of interests")
    entry = RegisteredInterest.objects.create(
        body=body, user=member, interest=interest.strip(), declared_from=declared_from, declared_to=declared_to
    )
    return entry


def declare_item_interest(item, *, by, member, interest):
    """A member declares (or the secretary records) an interest in one item: they will not vote on it."""
    _check_declaration(item.meeting.body, by=by, member=member, interest=interest, doing="record declarations")
    declaration, _ = ItemInterest.objects.update_or_create(
        item=item, user=member, defaults={"interest": interest.strip(), "recorded_by": by}
    )
    return declaration


# -- Decisions -------------------------------------------------------------------------------


def allowed_outcomes(item):
    if item.approves_id:
        return (O.AGREED,)  # minutes are agreed as a true record (which locks them), or left for next time
    return _allowed_outcomes(item)


def _allowed_outcomes(item):
    if item.proposal_id is None:
        return PAPER_OUTCOMES
    stage = item.proposal.stage
    return (PROPOSAL_OUTCOMES.get(stage, ()) + ANY_STAGE_OUTCOMES) if stage else ()


# What a meeting that is not quorate for an item may still record: it defers a proposal, or notes a paper.
QUORUM_FREE_OUTCOMES = (O.DEFERRED, O.NOTED)


@dataclass(frozen=True)
class Quorum:
    """Whether a body that decides by vote may decide an item: its voting members present without a
    declared interest in the item, against the number its terms of reference need."""

    present: int
    needed: int

    @property
    def met(self):
        return self.present >= self.needed

    def refusal(self):
        members = "member" if self.present == 1 else "members"
        return (f"The meeting is not quorate for this item: {self.present} voting {members} able to vote "
                f"are present and {self.needed} are needed. It can only be deferred, or a paper noted.")


def quorum_for(item):
    """The item's Quorum, for a body that decides by vote; None for one that does not."""
    body = item.meeting.body
    if not body.decides_by_vote:
        return None
    voting_members = Membership.objects.filter(body=body, is_voting=True).values("user").distinct().count()
    present = len({membership.user_id for membership in eligible_voters(item)})
    return Quorum(present=present, needed=body.quorum_needed(voting_members))


def outcomes_open(item, quorum):
    """The decisions the page offers on an item now: all it allows, or, without a quorum, only a
    deferral or a noting."""
    outcomes = allowed_outcomes(item)
    if quorum is None or quorum.met:
        return outcomes
    return tuple(outcome for outcome in outcomes if outcome in QUORUM_FREE_OUTCOMES)


def eligible_voters(item):
    """Voting members of the body recorded present, less anyone who declared an interest in the item."""
    meeting = item.meeting
    present = Attendance.objects.filter(meeting=meeting, status=AttendanceStatus.PRESENT).values("user")
    conflicted = ItemInterest.objects.filter(item=item).values("user")
    return (
        Membership.objects.filter(body=meeting.body, is_voting=True, user__in=present)
        .exclude(user__in=conflicted)
        .select_related("user")
        .order_by("user__last_name")
    )


def count_votes(votes):
    """{choice: how many}, for `votes` mapping each voter to their VoteChoice."""
    return {choice: sum(1 for vote in votes.values() if vote == choice) for choice in VoteChoice}


def check_vote(item, votes):
    """
    Validate a vote (at a quorate meeting): every eligible voter's vote recorded and no one else's.
    Returns (carried, tally).
    """
    voters = {m.user for m in eligible_voters(item)}
    strangers = [p.get_full_name() or p.username for p in votes if p not in voters]
    if strangers:
        raise ActionRefused("Only voting members present without a declared interest can vote: "
                              + ", ".join(strangers) + " cannot.")
    missing = [p.get_full_name() or p.username for p in voters if p not in votes]
    if missing:
        raise ActionRefused("Record a vote (for, against or abstain) for: " + ", ".join(sorted(missing)) + ".")
    tally = count_votes(votes)
    return tally[VoteChoice.FOR] > tally[VoteChoice.AGAINST], tally


@transaction.atomic
def record_decision(item, *, by, outcome, minute="", votes=None, formal_bodies=()):
    """
    Record the body's decision on an agenda item. For a proposal the decision moves it on (or
    back) through the state machine; for a body that votes, the vote is checked for quorum and
    majority and must agree with the outcome.
    """
    # Lock the item: two secretaries recording at once must not both decide it.
    item = AgendaItem.objects.select_for_update(of=("self",)).select_related("meeting__body", "proposal").get(
        pk=item.pk
    )
    body, meeting, proposal = item.meeting.body, item.meeting, item.proposal
    require_secretary(body, by, "record its decisions")
    if Decision.objects.filter(item=item).exists():
        raise ActionRefused("A decision has already been recorded for this item.")
    if meeting.starts_at > timezone.now():
        raise ActionRefused(
            f"The meeting starts on {timezone.localtime(meeting.starts_at):%-d %B %Y at %H:%M}: a decision is "
            "recorded once it has begun."
        )
    outcome = DecisionOutcome(outcome)
    if outcome not in allowed_outcomes(item):
        raise ActionRefused(f"“{outcome.label}” is not a decision {body} can take on this item.")
    # Quorum holds for every outcome that decides anything, a rejection as much as an approval.
    quorum = quorum_for(item)
    if quorum is not None and not quorum.met and outcome not in QUORUM_FREE_OUTCOMES:
        raise ActionRefused(quorum.refusal())
    minute = (minute or "").strip()
    if outcome in OUTCOMES_NEEDING_REASONS and not minute:
        raise ActionRefused("Give the reasons in the minute: the authors will read them.")
    decision = Decision.objects.create(item=item, outcome=outcome, minute=minute, recorded_by=by)

    if proposal is not None and body.decides_by_vote and outcome in (O.APPROVED, O.NOT_APPROVED):
        carried, tally = check_vote(item, votes or {})
        if carried != (outcome == O.APPROVED):
            raise ActionRefused(
                f"The vote ({tally[VoteChoice.FOR]} for, {tally[VoteChoice.AGAINST]} against, "
                f"{tally[VoteChoice.ABSTAIN]} abstaining) {'carries' if carried else 'does not carry'} the motion: "
                f"record it as {'approved' if carried else 'not approved'}."
            )
        Vote.objects.bulk_create(Vote(decision=decision, voter=p, choice=c) for p, c in votes.items())
        minute = "\n\n".join(filter(None, [minute, f"Vote: {decision.tally_text()}."]))

    if proposal is not None:
        _move_proposal(proposal, outcome, by=by, body=body, meeting=meeting, minute=minute,
                       formal_bodies=formal_bodies)
    if item.approves_id:
        minutes.approve(item.approves, decision=decision)
    return decision


def _move_proposal(proposal, outcome, *, by, body, meeting, minute, formal_bodies):
    """A refusal here (an ActionRefused) rolls the decision back with the transaction."""
    s = proposal_services
    if outcome == O.ASSESSMENT_COMPLETE:
        scoring_services.complete_assessment(proposal, by=by, comment=minute, meeting=meeting)
    elif outcome == O.QUALITY_ASSURED:
        s.quality_assure(proposal, by=by, minute=minute, meeting=meeting)
    elif outcome == O.SIGNED_OFF:
        if any(b.kind not in FORMAL_APPROVAL_BODY_KINDS for b in formal_bodies):
            raise ActionRefused("Only stage 4 bodies can be named to approve.")
        s.sign_off(proposal, by=by, formal_bodies=formal_bodies, minute=minute, meeting=meeting)
    elif outcome in (O.APPROVED, O.NOT_APPROVED):
        s.record_formal_decision(proposal, body=body, approved=outcome == O.APPROVED, by=by, minute=minute,
                                 meeting=meeting)
    elif outcome == O.RETURNED:
        s.return_for_revision(proposal, by=by, reasons=minute, meeting=meeting, body=body)
    elif outcome == O.REJECTED:
        s.reject(proposal, by=by, reasons=minute, meeting=meeting, body=body)
    elif outcome == O.DEFERRED:
        s.defer(proposal, by=by, reason=minute, meeting=meeting, body=body)


def attach_document(item, *, by, title, file, content_type, original_name):
    """Attach a checked document (see proposals.uploads) to a plain paper."""
    require_secretary(item.meeting.body, by, "add papers")
    if item.proposal_id is not None:
        raise ActionRefused("A proposal's documents are attached to its business case by its authors.")
    if not title.strip():
        raise ActionRefused("Enter a title for the document.")
    document = PaperDocument.objects.create(
        item=item, title=title.strip(), file=file, content_type=content_type, original_name=original_name,
        size=file.size, uploaded_by=by, pdf_pages=pdf_page_count(file, content_type),
    )
    return document


# -- Actions ----------------------------------------------------------------------------------


@transaction.atomic
def raise_action(decision, *, by, description, owner, due_on):
    """An action the decision asks of someone, by a date; they are told once this commits."""
    body = decision.item.meeting.body
    require_secretary(body, by, "record its actions")
    if not description.strip():
        raise ActionRefused("Describe the action.")
    if owner is None or not owner.is_active:
        raise ActionRefused("Choose who owns the action.")
    action = Action.objects.create(
        decision=decision, body=body, description=description.strip(), owner=owner, due_on=due_on, raised_by=by,
    )
    transaction.on_commit(partial(action_raised.send, sender=Action, action=action))
    return action


@transaction.atomic
def complete_action(action, *, by, note):
    """The owner (or the body's secretary) marks an action done, saying what was done."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    if by != action.owner and not can(by, "governance.manage_body", action.body):
        raise NotAllowed("Only the action's owner or the body's secretary can mark it done.")
    if action.status == ActionStatus.DONE:
        raise ActionRefused("This action is already done.")
    if not note.strip():
        raise ActionRefused("Say briefly what was done.")
    action.status, action.done_at, action.done_by, action.done_note = ActionStatus.DONE, timezone.now(), by, note.strip()
    action.save(update_fields=["status", "done_at", "done_by", "done_note"])
    return action
