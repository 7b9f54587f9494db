"""
A body's business, one function per secretary's action: meetings, the agenda, attendance,
interests, and decisions. A decision on a proposal moves it on through the proposal's own
services, in the same transaction, so the state machine's guards and audit apply unchanged.
Every refusal is an ActionRefused (ics_commissioning.errors). What a change means for the board
packs is not said here: the receivers (governance/receivers.py) see the rows change.
"""

from functools import partial

from django.db import transaction
from django.utils import timezone

from ics_commissioning.documents import pdf_page_count
from ics_commissioning.errors import ActionRefused, MovedOn, NotAllowed
from ics_commissioning.life_cycles import failed_conditions, guard, transition_of
from ics_commissioning.permissions import can
from proposals import services as proposal_services
from scoring import services as scoring_services

from . import duty_gates, minutes, packs, voting
from .enums import (
    ANY_STAGE_OUTCOMES,
    DEFAULT_ASKS,
    OUTCOMES_NEEDING_REASONS,
    PROPOSAL_OUTCOMES,
    STAGE_ASKS,
    ActionStatus,
    AgendaPart,
    DecisionMethod,
    DecisionOutcome,
    Implication,
    MeetingStatus,
    PaperAsk,
    PaperPurpose,
    paper_outcomes,
)
from .models import (
    Action,
    AgendaItem,
    Attendance,
    ChairsAction,
    Decision,
    ItemInterest,
    Meeting,
    MeetingEvent,
    Membership,
    PaperDocument,
    RegisteredInterest,
    Vote,
)
from .models.meetings import asks_error, join_words
from .rules import require_secretary
from .signals import action_raised

O = DecisionOutcome


# -- Meetings and agendas ---------------------------------------------------------------------


def create_meeting(body, *, by, starts_at, location="", online_link="", paper_deadline=None):
    require_secretary(body, by, "arrange its meetings")
    return Meeting.objects.create(
        body=body, starts_at=starts_at, location=location, online_link=online_link, paper_deadline=paper_deadline
    )


# -- The meeting's life cycle (Meeting's transitions) ------------------------------------------

MOVE_WORDS = {
    "publish": "have its papers issued", "open": "be opened", "close": "be closed as held",
    "approve_minutes": "have its minutes approved", "cancel": "be cancelled", "postpone": "be postponed",
}


def _move(meeting, action, *, by, comment="", args=(), conditions=()):
    """
    Move the meeting by its transition `action`, under its row lock: check that the move is one its
    status allows and that its conditions hold, then change the status and audit the move.
    """
    with transaction.atomic():
        current = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
        method, transition = transition_of(current, action, current.status)
        if transition is None:
            raise ActionRefused(f"A meeting that is “{current.get_status_display()}” cannot {MOVE_WORDS[action]}.")
        failed = failed_conditions(current, transition, conditions)
        if failed:
            raise ActionRefused(*failed)
        from_status = current.status
        method(*args)
        current.save()
        MeetingEvent.objects.create(meeting=current, from_status=from_status, to_status=current.status, actor=by,
                                    comment=comment)
    meeting.status, meeting.postponed_to = current.status, current.postponed_to
    return current


@guard(lambda meeting: "Build the board pack before issuing the papers, and rebuild it after any change: "
       + ", ".join(AgendaPart(part).label for part in packs.unready_parts(meeting)) + " is not built and current.")
def _packs_issued(meeting):
    return not packs.unready_parts(meeting)


def publish_meeting(meeting, *, by):
    """Issue the papers: the packs, built and current, go to the members."""
    require_secretary(meeting.body, by, "issue its papers")
    meeting = _move(meeting, "publish", by=by, conditions=[_packs_issued])
    transaction.on_commit(partial(packs.announce, meeting), robust=True)
    return meeting


def open_meeting(meeting, *, by):
    """The meeting begins: attendance, declarations and decisions can be recorded, and its pack is frozen."""
    require_secretary(meeting.body, by, "open its meetings")
    return _move(meeting, "open", by=by)


def close_meeting(meeting, *, by):
    """The meeting has been held: its minutes can be written."""
    require_secretary(meeting.body, by, "close its meetings")
    return _move(meeting, "close", by=by)


def cancel_meeting(meeting, *, by, reason):
    require_secretary(meeting.body, by, "cancel its meetings")
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused("Say why the meeting is cancelled: the members will read it.")
    return _move(meeting, "cancel", by=by, comment=reason)


@transaction.atomic
def postpone_meeting(meeting, *, by, starts_at, reason):
    """Move the meeting to a new date: a new meeting takes its agenda, and the old one says where it went."""
    require_secretary(meeting.body, by, "postpone its meetings")
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused("Say why the meeting is postponed: the members will read it.")
    if starts_at <= timezone.now():
        raise ActionRefused("Choose a new date and time in the future.")
    new = Meeting.objects.create(
        body=meeting.body, starts_at=starts_at, location=meeting.location, online_link=meeting.online_link,
    )
    meeting = _move(meeting, "postpone", by=by, args=(new,), comment=reason)
    # The agenda moves with it, in its order; the old meeting keeps the packs it issued.
    for item in AgendaItem.objects.filter(meeting=meeting).order_by("order", "pk"):
        item.meeting = new
        item.save(update_fields=["meeting"])
    MeetingEvent.objects.create(meeting=new, from_status=MeetingStatus.DRAFT, to_status=MeetingStatus.DRAFT,
                                actor=by, comment=f"Arranged in place of the postponed meeting of "
                                                  f"{timezone.localtime(meeting.starts_at):%-d %B %Y}.")
    return new


RECORDING_REFUSALS = {
    MeetingStatus.DRAFT: "Its papers have not been issued yet.",
    MeetingStatus.PUBLISHED: "Open the meeting once it begins; {what} is recorded from then on.",
    MeetingStatus.CANCELLED: "The meeting was cancelled: nothing can be recorded at it.",
    MeetingStatus.POSTPONED: "The meeting was postponed: record it at the meeting that took its agenda.",
    MeetingStatus.MINUTES_APPROVED: "The minutes of this meeting have been approved, so nothing at it can change: "
                                    "a correction is a new item at a later meeting.",
}


def require_recording(meeting, what):
    """Attendance, declarations and decisions are recorded only at a meeting in session or held, and
    never before its start time. Refuses with what to do instead."""
    if meeting.is_recording:
        return
    not_yet = meeting.status in (*MeetingStatus.recording(), MeetingStatus.PUBLISHED)
    if not_yet and meeting.starts_at > timezone.now():
        raise ActionRefused(
            f"The meeting starts on {timezone.localtime(meeting.starts_at):%-d %B %Y at %H:%M}: {what} is "
            "recorded once it has begun."
        )
    raise ActionRefused(RECORDING_REFUSALS[meeting.status].format(what=what))


def require_agenda_open(meeting):
    if not meeting.agenda_is_open:
        raise ActionRefused(
            f"The agenda of a meeting that is “{meeting.get_status_display()}” can no longer change"
            + (": a correction is a new item at a later meeting." if meeting.has_started else ".")
        )


# -- Cover sheets ----------------------------------------------------------------------------

IMPLICATION_FIELDS = tuple(implication.field for implication in Implication)


def _implications(values):
    """The implications among a service's keyword arguments, each stripped; any other is a mistake."""
    unknown = set(values) - set(IMPLICATION_FIELDS)
    if unknown:
        raise TypeError(f"Unexpected arguments: {', '.join(sorted(unknown))}")
    return {field: (values[field] or "").strip() for field in IMPLICATION_FIELDS if field in values}


def _checked_asks(purpose, asks):
    """What the cover sheet asks, as PaperAsk values in order; refused unless it fits the purpose."""
    asks = [str(ask) for ask in asks]
    error = asks_error(purpose=purpose, asks=asks)
    if error:
        raise ActionRefused(f"{error}.")
    return asks


def _check_follows(meeting, follows, *, by, item=None):
    """A paper may follow an earlier plain paper, at a meeting that starts before its own, which the
    secretary may see."""
    if follows is None:
        return
    if item is not None and follows.pk == item.pk:
        raise ActionRefused("A paper cannot follow itself.")
    if follows.proposal_id is not None:
        raise ActionRefused("A paper can follow an earlier paper; a proposal's history is read from the proposal.")
    if follows.meeting.starts_at >= meeting.starts_at:
        raise ActionRefused("The paper it follows must be at an earlier meeting.")
    if not AgendaItem.objects.visible_to(by).filter(pk=follows.pk).exists():
        raise NotAllowed("You cannot see the paper chosen.")


def _check_risks(risks, *, item=None):
    """Open risks only; a risk closed since it was linked stays linked."""
    linked = set(item.baf_risks.values_list("pk", flat=True)) if item is not None else set()
    closed = [risk for risk in risks if not risk.is_open and risk.pk not in linked]
    if closed:
        raise ActionRefused(f"{join_words(r.reference for r in closed)} {'is' if len(closed) == 1 else 'are'} "
                            "closed on the board assurance framework: choose an open risk.")
    return list(risks)


@transaction.atomic
def add_proposal_to_agenda(meeting, proposal, *, by, part="A", recommendations="", background="", progress="",
                           asks=()):
    """A proposal can only come to the body that owns its current stage. Its cover sheet asks what its
    stage asks (STAGE_ASKS) unless `asks` says otherwise; the rest of the cover sheet is written on
    its own page (update_cover_sheet)."""
    body = meeting.body
    require_secretary(body, by, "set its agenda")
    require_agenda_open(meeting)
    if body not in proposal.owning_bodies():
        raise ActionRefused(
            f"{proposal.reference} is at “{proposal.get_state_display()}”, which {body} does not decide."
        )
    if meeting.items.filter(proposal=proposal).exists():
        raise ActionRefused(f"{proposal.reference} is already on this agenda.")
    duty_gates.require_in_date(proposal, meeting, "tabled")
    asks = _checked_asks(PaperPurpose.DECISION, asks or STAGE_ASKS.get(proposal.stage, DEFAULT_ASKS[PaperPurpose.DECISION]))
    lead = proposal.lead_author
    return AgendaItem.objects.create(
        meeting=meeting, order=meeting.next_item_order(), proposal=proposal, title=proposal.title, part=part,
        author=lead.get_full_name() or lead.username, background=background or proposal.summary[:2000],
        progress=progress, recommendations=recommendations, asks=asks,
    )


@transaction.atomic
def add_paper(meeting, *, by, title, purpose, part="A", author="", author_title="", sponsor="", background="", progress="",
              recommendations="", asks=(), next_steps="", baf_risks=(), follows=None, **implications):
    """A plain paper, with its cover sheet. What it asks defaults to what its purpose implies
    (DEFAULT_ASKS); the implications are keyword arguments named as AgendaItem's fields."""
    require_secretary(meeting.body, by, "set its agenda")
    require_agenda_open(meeting)
    if not title.strip():
        raise ActionRefused("Give the paper a title.")
    purpose = PaperPurpose(purpose)
    asks = _checked_asks(purpose, asks or DEFAULT_ASKS[purpose])
    _check_follows(meeting, follows, by=by)
    risks = _check_risks(baf_risks)
    item = AgendaItem.objects.create(
        meeting=meeting, order=meeting.next_item_order(), title=title.strip(), purpose=purpose, part=part,
        author=author, author_title=author_title, sponsor=sponsor, background=background, progress=progress, recommendations=recommendations,
        asks=asks, next_steps=next_steps, follows=follows, **_implications(implications),
    )
    item.baf_risks.set(risks)
    return item


def _related(item, name):
    try:
        return getattr(item, name)
    except (Decision.DoesNotExist, ChairsAction.DoesNotExist):
        return None


def cover_sheet_locked(item):
    """Why the item's cover sheet can no longer change, or None: the agenda is closed, the body has
    decided on the item (it stays as it was decided on; a chair's action is decided before its item
    is written, so its cover sheet stays open until the meeting ratifies it), or it puts earlier
    minutes to the meeting. Reads the item's decision and chair's action as loaded, if they were."""
    meeting = item.meeting
    if not meeting.agenda_is_open:
        return (f"The agenda of a meeting that is “{meeting.get_status_display()}” can no longer change"
                + (": a correction is a new item at a later meeting." if meeting.has_started else "."))
    action = _related(item, "chairs_action")
    if action is not None and action.is_ratified:
        return "The chair's action has been ratified: its cover sheet stays as it was ratified."
    if action is None and _related(item, "decision") is not None:
        return "The decision on this item has been recorded: its cover sheet stays as it was decided on."
    if item.approves_id:
        return "This item puts earlier minutes to the meeting: its cover sheet is set from them."
    return None


# What update_cover_sheet may change on every item, and on a plain paper only.
COVER_SHEET_FIELDS = ("author", "author_title", "sponsor", "recommendations", "background", "progress", "next_steps",
                      *IMPLICATION_FIELDS)
PAPER_ONLY_FIELDS = ("title", "purpose", "follows")


@transaction.atomic
def update_cover_sheet(item, *, by, asks, baf_risks=(), **fields):
    """
    Change an item's cover sheet while its agenda is open: what it asks, its texts and implications,
    the risks it bears on; for a plain paper also its title, purpose and the paper it follows. A
    proposal's title and purpose are the proposal's. Once the body has decided on the item its cover
    sheet stays as it was decided on. What this means for packs already built is the receivers' to say
    (a new version before the meeting, a supplement during it).
    """
    # The meeting's lock, then the item's, as record_decision takes them: an edit and a decision on the
    # same item, at once, are one after the other, and the second sees the first.
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=item.meeting_id)
    item = AgendaItem.objects.select_for_update(of=("self",)).get(pk=item.pk)
    item.meeting = meeting
    require_secretary(meeting.body, by, "set its agenda")
    locked = cover_sheet_locked(item)
    if locked:
        raise ActionRefused(f"{locked} Nothing was changed.")
    unknown = set(fields) - set(COVER_SHEET_FIELDS) - set(PAPER_ONLY_FIELDS)
    if unknown:
        raise TypeError(f"Unexpected arguments: {', '.join(sorted(unknown))}")
    if item.proposal_id is not None and any(
        name in fields and fields[name] != getattr(item, name) for name in PAPER_ONLY_FIELDS
    ):
        raise ActionRefused("A proposal's title and purpose are the proposal's, and its history is its own.")
    if "title" in fields:
        fields["title"] = (fields["title"] or "").strip()
        if not fields["title"]:
            raise ActionRefused("Give the paper a title.")
    purpose = PaperPurpose(fields.get("purpose", item.purpose))
    if "follows" in fields:
        _check_follows(meeting, fields["follows"], by=by, item=item)
    risks = _check_risks(baf_risks, item=item)
    item.asks = _checked_asks(purpose, asks)
    for name, value in fields.items():
        setattr(item, name, value.strip() if name in IMPLICATION_FIELDS else value)
    item.save()
    item.baf_risks.set(risks)
    return item


@transaction.atomic
def move_item(item, *, by, offset):
    """Move an item up (offset -1) or down (+1) the agenda."""
    meeting = item.meeting
    require_secretary(meeting.body, by, "set its agenda")
    require_agenda_open(meeting)
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
    require_agenda_open(item.meeting)
    if Decision.objects.filter(item=item).exists():
        raise ActionRefused("An item with a recorded decision stays on the agenda.")
    item.delete()


# -- Attendance and interests ---------------------------------------------------------------


@transaction.atomic
def record_attendance(meeting, statuses, *, by):
    """statuses maps a person to an AttendanceStatus (or None to clear)."""
    require_secretary(meeting.body, by, "record attendance")
    require_recording(meeting, "attendance")
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
    """
    A member declares (or the secretary records) an interest in one item: they will not vote on it.
    The secretary records declarations made at the meeting; a member may also give notice of their own
    once the papers are issued, as members are asked to before the meeting.
    """
    meeting = item.meeting
    if not (by == member and meeting.status == MeetingStatus.PUBLISHED):
        require_recording(meeting, "a declaration")
    _check_declaration(item.meeting.body, by=by, member=member, interest=interest, doing="record declarations")
    declaration, _ = ItemInterest.objects.update_or_create(
        item=item, user=member, defaults={"interest": interest.strip(), "recorded_by": by}
    )
    return declaration


# -- Decisions -------------------------------------------------------------------------------


def allowed_outcomes(item):
    if item.approves_id:
        return (O.AGREED,)  # minutes are agreed as a true record (which locks them), or left for next time
    if hasattr(item, "chairs_action"):
        return ()  # decided by the chair's action; the meeting ratifies it (ratify_chairs_action)
    return _allowed_outcomes(item)


def _allowed_outcomes(item):
    if item.proposal_id is None:
        return paper_outcomes(item.asked)  # what its cover sheet asks (governance.enums.ASK_OUTCOMES)
    stage = item.proposal.stage
    return (PROPOSAL_OUTCOMES.get(stage, ()) + ANY_STAGE_OUTCOMES) if stage else ()


# What a meeting that is not quorate for an item may still record: it defers it, or notes a paper.
QUORUM_FREE_OUTCOMES = (O.DEFERRED, O.NOTED)
# What a body may do with a proposal whose statutory-duty gates are not in date: put it off, or send it
# back to its authors. Every decision on its merits, a rejection as much as an approval, needs them.
GATE_FREE_OUTCOMES = (O.DEFERRED, O.RETURNED)
# The outcomes a body that votes decides by a vote of its members present (the form asks for each vote).
VOTED_OUTCOMES = (O.APPROVED, O.NOT_APPROVED)


def outcomes_open(item, quorum):
    """The decisions the page offers on an item now: all it allows, or, without a quorum, only a
    deferral or a noting."""
    outcomes = allowed_outcomes(item)
    if quorum is None or quorum.met:
        return outcomes
    return tuple(outcome for outcome in outcomes if outcome in QUORUM_FREE_OUTCOMES)


def is_voted(item, outcome):
    return item.proposal_id is not None and item.meeting.body.decides_by_vote and outcome in VOTED_OUTCOMES


@transaction.atomic
def record_decision(item, *, by, outcome, minute="", votes=None, casting_vote="", formal_bodies=()):
    """
    Record the body's decision on an agenda item. For a proposal the decision moves it on (or
    back) through the state machine. Quorum holds for every outcome that decides anything, and at a
    body that votes an approval or non-approval is put to the vote, counted by its rules (voting).
    """
    # Lock the meeting, then the item: a decision recorded while the meeting is being cancelled, or from
    # a second tab, waits and then sees what the other did.
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=item.meeting_id)
    item = AgendaItem.objects.select_for_update(of=("self",)).select_related("proposal").get(pk=item.pk)
    item.meeting = meeting
    body, proposal = meeting.body, item.proposal
    require_secretary(body, by, "record its decisions")
    require_recording(meeting, "a decision")
    if Decision.objects.filter(item=item).exists():
        raise ActionRefused("A decision has already been recorded for this item.")
    if proposal is not None:
        require_still_decides(body, proposal)
    outcome = DecisionOutcome(outcome)
    allowed = allowed_outcomes(item)
    if outcome not in allowed:
        if allowed and proposal is None and not item.approves_id:
            raise ActionRefused(
                f"“{outcome.label}” is not what this paper asks of {body}: it asks it to {item.asked_text()}, so it "
                f"can be {join_words((o.label.lower() for o in allowed), 'or')}. To ask for something else, change "
                "the paper's cover sheet first."
            )
        raise ActionRefused(f"“{outcome.label}” is not a decision {body} can take on this item.")
    quorum = voting.quorum_for(item)
    if quorum is not None and not quorum.met and outcome not in QUORUM_FREE_OUTCOMES:
        raise ActionRefused(quorum.refusal())
    minute = (minute or "").strip()
    if outcome in OUTCOMES_NEEDING_REASONS and not minute:
        raise ActionRefused("Give the reasons in the minute: the authors will read them.")
    result = None
    if is_voted(item, outcome):
        result = voting.count(item, votes or {}, casting_vote=casting_vote)
        if result.carried != (outcome == O.APPROVED):
            raise ActionRefused(
                f"The vote ({result.text()}) {'carries' if result.carried else 'does not carry'} the motion, "
                f"which needs {body.majority_text()}: record it as {'approved' if result.carried else 'not approved'}."
            )
    elif casting_vote:
        raise ActionRefused("A casting vote is recorded only with a vote.")
    decision = Decision.objects.create(
        item=item, outcome=outcome, minute=minute, recorded_by=by,
        method=DecisionMethod.VOTE if result else DecisionMethod.CONSENSUS,
        **(_counts(result) if result else {}),
    )
    if result:
        Vote.objects.bulk_create(Vote(decision=decision, voter=p, choice=c) for p, c in votes.items())
        minute = "\n\n".join(filter(None, [minute, f"Vote: {result.text()}."]))
    if proposal is not None and outcome not in GATE_FREE_OUTCOMES:
        duty_gates.require_in_date(proposal, meeting, "decided")
    if proposal is not None:
        _move_proposal(proposal, outcome, by=by, body=body, meeting=meeting, minute=minute,
                       formal_bodies=formal_bodies)
    if item.approves_id:
        minutes.approve(item.approves, decision=decision)
        _move(item.approves.meeting, "approve_minutes", by=by,
              comment=f"Minutes approved at the meeting of {timezone.localtime(meeting.starts_at):%-d %B %Y}.")
    return decision


def require_still_decides(body, proposal):
    """A decision from a page loaded before the proposal moved on (decided elsewhere, or by another
    tab) is refused, and says so."""
    if body not in proposal.owning_bodies():
        raise MovedOn(
            f"This proposal has moved on: {proposal.reference} is now “{proposal.get_state_display()}”, which "
            f"{body} does not decide. Nothing was recorded."
        )


def _counts(result):
    return {"votes_for": result.votes_for, "votes_against": result.against, "abstentions": result.abstentions,
            "counted_by_organisation": result.by_organisation, "casting_vote": result.casting_vote}


def _move_proposal(proposal, outcome, *, by, body, meeting, minute, formal_bodies):
    """A refusal here (an ActionRefused) rolls the decision back with the transaction."""
    s = proposal_services
    if outcome == O.ASSESSMENT_COMPLETE:
        scoring_services.complete_assessment(proposal, by=by, comment=minute, meeting=meeting, on_behalf_of=body)
    elif outcome == O.NOT_SUPPORTED:
        s.refer_to_place_based(proposal, by=by, reason=minute, meeting=meeting, on_behalf_of=body)
    elif outcome == O.QUALITY_ASSURED:
        s.quality_assure(proposal, by=by, minute=minute, meeting=meeting)
    elif outcome == O.SIGNED_OFF:
        if any(not b.makes_statutory_decisions for b in formal_bodies):
            raise ActionRefused("Only bodies that may formally approve (stage 4) can be named to approve.")
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


# -- Chair's action between meetings ------------------------------------------------------------


def chairs_action_outcomes(proposal):
    """What a chair's action may decide on a proposal: its stage's decision, a return or a rejection
    (a deferral is no urgent decision)."""
    stage = proposal.stage
    return (PROPOSAL_OUTCOMES.get(stage, ()) + (O.RETURNED, O.REJECTED)) if stage else ()


def next_meeting(body):
    """The body's next meeting whose agenda is still being set or issued."""
    return (Meeting.objects.filter(body=body, status__in=MeetingStatus.upcoming(), starts_at__gt=timezone.now())
            .order_by("starts_at").first())


@transaction.atomic
def take_chairs_action(body, proposal, *, by, outcome, reason, concurring_member, minute="",
                       part=AgendaPart.PUBLIC, formal_bodies=()):
    """
    An urgent decision between meetings, taken by the chair with one other voting member and recorded
    by the secretary: it moves the proposal now, and goes onto the next meeting's agenda for the body to
    ratify. Until then the proposal is "subject to ratification".
    """
    require_secretary(body, by, "record a chair's action")
    # The proposal's lock first: of two chair's actions at once, the second sees what the first did.
    proposal = proposal_services.lock(proposal)
    require_still_decides(body, proposal)
    outcome = DecisionOutcome(outcome)
    if outcome not in chairs_action_outcomes(proposal):
        raise ActionRefused(f"“{outcome.label}” is not a decision the chair of {body} can take on this proposal.")
    chair = voting.chair_of(body)
    if chair is None:
        raise ActionRefused(f"{body} has no chair recorded: a chair's action needs one.")
    voting_members = set(Membership.objects.filter(body=body, is_voting=True).values_list("user_id", flat=True))
    if concurring_member is None or concurring_member.pk not in voting_members or concurring_member == chair:
        raise ActionRefused("Choose the voting member, other than the chair, who agreed the action.")
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused("Say why the decision could not wait for the next meeting.")
    minute = (minute or "").strip()
    if outcome in OUTCOMES_NEEDING_REASONS and not minute:
        raise ActionRefused("Give the reasons for the decision: the authors will read them.")
    meeting = next_meeting(body)
    if meeting is None:
        raise ActionRefused(f"Arrange {body}'s next meeting first: a chair's action goes onto its agenda to be ratified.")
    item = meeting.items.filter(proposal=proposal, decision__isnull=True).first()
    if item is None:
        item = add_proposal_to_agenda(meeting, proposal, by=by, part=part)
    taken_at = timezone.now()
    item.recommendations = (f"The committee is asked to ratify the chair's action of {timezone.localtime(taken_at):%-d %B %Y}"
                            f": {outcome.label.lower()}.")
    item.asks = [PaperAsk.RATIFY]
    item.save(update_fields=["recommendations", "asks"])
    Decision.objects.create(item=item, outcome=outcome, minute=minute, recorded_by=by,
                            method=DecisionMethod.CHAIRS_ACTION, recorded_at=taken_at)
    action = ChairsAction.objects.create(item=item, reason=reason, chair=chair, concurring_member=concurring_member,
                                         taken_at=taken_at)
    comment = (f"Chair's action by {voting.person(chair)} with {voting.person(concurring_member)}, subject to "
               f"ratification at the meeting of {timezone.localtime(meeting.starts_at):%-d %B %Y}. "
               f"Why it could not wait: {reason}")
    _move_proposal(proposal, outcome, by=by, body=body, meeting=None,
                   minute="\n\n".join(filter(None, [minute, comment])), formal_bodies=formal_bodies)
    return action


@transaction.atomic
def ratify_chairs_action(item, *, by):
    """The meeting ratifies a chair's action on its agenda: a quorate decision like any other."""
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=item.meeting_id)
    action = ChairsAction.objects.select_for_update().select_related("item").filter(item_id=item.pk).first()
    require_secretary(meeting.body, by, "ratify its chair's actions")
    if action is None:
        raise ActionRefused("This item is not a chair's action.")
    require_recording(meeting, "a ratification")
    if action.is_ratified:
        raise ActionRefused("This chair's action has already been ratified.")
    action.item.meeting = meeting
    quorum = voting.quorum_for(action.item)
    if quorum is not None and not quorum.met:
        raise ActionRefused(f"The meeting is not quorate to ratify the action: {quorum.shortfall()}.")
    action.ratified_at, action.ratified_by = timezone.now(), by
    action.save(update_fields=["ratified_at", "ratified_by"])
    return action


def attach_document(item, *, by, title, file, content_type, original_name):
    """Attach a checked document (see proposals.uploads) to a plain paper."""
    require_secretary(item.meeting.body, by, "add papers")
    require_agenda_open(item.meeting)
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
