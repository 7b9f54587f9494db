"""
Two people (or two workers) acting on the same thing at once, on PostgreSQL with real threads,
each on its own database connection, lined up on a barrier so both press the button together.

Races tried (RACES below counts them; each runs ATTEMPTS times, on fresh data each time):

1. Two secretaries moving one proposal on at once through the proposal services (quality assure
   against return): one wins, the other is told the proposal has moved on.
2. Two stage 4 bodies approving at once: both approvals count, and the second completes the route.
3. Two secretaries recording a decision on the same agenda item through governance.services
   (quality assured against returned): one Decision, one transition, the other told it is decided.
4. The same proposal on two meetings' agendas, decided at both at once: one Decision and one
   transition, the other refused with "has moved on" and its Decision rolled back.
5. Two assessors submitting their scores on one proposal at once: both kept, both counted.
6. One assessor submitting twice at once (two tabs): one submission, the other refused, no mixed
   or duplicate scores.
7. Two board pack builds requested at once for one meeting and part: one version queued, once,
   and both callers given it.
8. Two workers building the same queued pack at once: one file kept, whole and readable, the
   pack ready once, no second version and no stray file.
9. Two workers building the same pack, the second failing after the first finished: the pack
   stays ready (run once: the interleaving is forced, not left to chance).
10. An author editing a returned business case while an administrator withdraws it.
11. A co-author editing a returned business case while the lead author resubmits it.
12. An author saving an edit from a stale page while the secretary returns the submitted proposal.
    (10-12: the edit either lands first and is kept, or is refused; the state change is never lost
    and the audit trail ends in the proposal's state.)
13. Two chair's actions on one proposal at once (an approval and a return): one moves it and goes on
    the next agenda, the other is told it has moved on and leaves no item, decision or action behind.
14. A meeting being opened and decided at while it is being cancelled: either it is cancelled and
    nothing is recorded at it, or it opens and decides and the cancellation is refused.
15. A co-author editing the full business case while the lead author submits it: kept and in the
    version submitted, or refused; never lost from the version once saved.
"""

import datetime
import threading
from functools import partial

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone
from pypdf import PdfReader

from governance import packs
from governance import services as governance
from governance.enums import DecisionOutcome, MeetingStatus, MembershipRole, PackStatus
from governance.models import STANDARD_SECTIONS, AgendaItem, BoardPack, ChairsAction, Decision, Meeting
from governance.signals import pack_ready
from ics_commissioning.errors import ActionRefused, MovedOn
from proposals import services
from proposals.enums import EventKind, ProposalState
from proposals.forms import SectionForm
from scoring.enums import AssessmentStatus
from scoring.models import Assessment, CategoryScore
from scoring.services import assign_assessor, declare_interest, record_scores
from scoring.summary import summarise

from .conftest import on_postgresql
from .factories import MeetingFactory, MembershipFactory, UserFactory, complete_full_case

S = ProposalState
O = DecisionOutcome

RACES = 15  # the numbered list above: what "races tried" reports
ATTEMPTS = 3  # each race is run this many times, on fresh data

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
    assert not any(t.is_alive() for t in threads), "a racer never finished (a deadlock?)"
    return results


def one_winner(results):
    """(index of the winner, the winner's result, the loser's exception): exactly one of two must win."""
    winners = [i for i, r in enumerate(results) if not isinstance(r, Exception)]
    losers = [r for r in results if isinstance(r, Exception)]
    assert len(winners) == 1 and len(losers) == 1, results
    return winners[0], results[winners[0]], losers[0]


def fresh(obj):
    """What a second browser tab holds: the same row, loaded before anyone acted."""
    return type(obj).objects.get(pk=obj.pk)


def second_secretary(body, username):
    return MembershipFactory(body=body, role=MembershipRole.SECRETARY, user=UserFactory(username=username)).user


def meeting_of(body, *, in_session=False):
    """A meeting a week ahead (its papers can change), or one that began an hour ago and is in session
    (it can decide)."""
    starts = timezone.now() + (-datetime.timedelta(hours=1) if in_session else datetime.timedelta(days=7))
    return MeetingFactory(body=body, starts_at=starts)


def left(proposal, state):
    """The events that moved the proposal out of `state`."""
    return proposal.events.filter(from_state=state).exclude(to_state=state)


# -- Moving a proposal on ---------------------------------------------------------------------


def test_two_secretaries_deciding_at_once_exactly_one_wins(proposal_in, cast):
    for _ in range(ATTEMPTS):
        proposal = proposal_in(S.QUALITY_ASSURANCE)
        # Both secretaries opened the page before either pressed the button.
        mine, theirs = fresh(proposal), fresh(proposal)
        results = race(
            partial(services.quality_assure, mine, by=cast.icsmg_secretary),
            partial(services.return_for_revision, theirs, by=cast.admin, reasons="Costings out of date"),
        )
        _, winner, loser = one_winner(results)
        assert isinstance(loser, MovedOn)
        assert "has moved on" in str(loser)
        proposal.refresh_from_db()
        assert proposal.state == winner.to_state
        # Nothing lost, nothing doubled: exactly one event left quality assurance.
        assert left(proposal, S.QUALITY_ASSURANCE).count() == 1


def test_two_stage_4_bodies_approving_at_once_both_count(proposal_in, cast):
    for _ in range(ATTEMPTS):
        proposal = proposal_in(S.FORMAL_APPROVAL)
        first, second = fresh(proposal), fresh(proposal)
        results = race(
            partial(services.record_formal_decision, first, body=cast.jcc, approved=True, by=cast.jcc_secretary),
            partial(services.record_formal_decision, second, body=cast.ccg, approved=True, by=cast.ccg_secretary),
        )
        # The first approval leaves the proposal in formal approval, so the second is not stale:
        # under the row lock both are applied in turn, and the second completes the route.
        assert not [r for r in results if isinstance(r, Exception)], results
        proposal.refresh_from_db()
        assert set(proposal.formal_approvals.values_list("decision", flat=True)) == {"approved"}
        assert proposal.state == S.APPROVED
        assert [e.to_state for e in proposal.events.filter(kind="formal_decision")] == [S.FORMAL_APPROVAL,
                                                                                       S.APPROVED]


# -- Recording a meeting's decision -----------------------------------------------------------

# A full case returned goes back to its authors for a new version.
DECIDED = {O.QUALITY_ASSURED: S.STAKEHOLDER_SIGNOFF, O.RETURNED: S.FULL_CASE}


def test_two_secretaries_recording_a_decision_on_one_item_at_once_record_one(proposal_in, cast):
    deputy = second_secretary(cast.icsmg, "icsmg_deputy_secretary")
    for _ in range(ATTEMPTS):
        proposal = proposal_in(S.QUALITY_ASSURANCE)
        meeting = meeting_of(cast.icsmg, in_session=True)
        item = governance.add_proposal_to_agenda(meeting, proposal, by=cast.icsmg_secretary)
        mine, theirs = fresh(item), fresh(item)
        results = race(
            partial(governance.record_decision, mine, by=cast.icsmg_secretary, outcome=O.QUALITY_ASSURED,
                    minute="Assured."),
            partial(governance.record_decision, theirs, by=deputy, outcome=O.RETURNED,
                    minute="The costings need a quarterly breakdown."),
        )
        _, decision, loser = one_winner(results)
        assert isinstance(loser, ActionRefused), repr(loser)
        assert loser.messages == ["A decision has already been recorded for this item."]
        assert list(Decision.objects.filter(item__meeting=meeting)) == [decision]
        proposal.refresh_from_db()
        assert proposal.state == DECIDED[decision.outcome]
        (event,) = left(proposal, S.QUALITY_ASSURANCE)
        assert (event.to_state, event.meeting, event.actor) == (proposal.state, meeting, decision.recorded_by)


def test_one_proposal_decided_at_two_meetings_at_once_moves_once(proposal_in, cast):
    # The item locks cannot serialise two different items: the proposal's row lock must.
    deputy = second_secretary(cast.icsmg, "icsmg_deputy_secretary")
    for _ in range(ATTEMPTS):
        proposal = proposal_in(S.QUALITY_ASSURANCE)
        ours, extraordinary = (
            governance.add_proposal_to_agenda(meeting_of(cast.icsmg, in_session=True), proposal, by=secretary)
            for secretary in (cast.icsmg_secretary, deputy)
        )
        results = race(
            partial(governance.record_decision, ours, by=cast.icsmg_secretary, outcome=O.QUALITY_ASSURED),
            partial(governance.record_decision, extraordinary, by=deputy, outcome=O.RETURNED,
                    minute="The costings need a quarterly breakdown."),
        )
        _, decision, loser = one_winner(results)
        assert isinstance(loser, ActionRefused), repr(loser)
        # Refused either at the proposal's lock, or (if the winner committed first) because the
        # decision no longer fits the proposal's stage: both say clearly why nothing was recorded.
        message = " ".join(loser.messages)
        assert "This proposal has moved on" in message or "is not a decision" in message, message
        # The loser's Decision went with its transaction: one decision, one transition, matching.
        assert list(Decision.objects.filter(item__proposal=proposal)) == [decision]
        proposal.refresh_from_db()
        assert proposal.state == DECIDED[decision.outcome]
        (event,) = left(proposal, S.QUALITY_ASSURANCE)
        assert (event.to_state, event.meeting) == (proposal.state, decision.item.meeting)


# -- Scoring ----------------------------------------------------------------------------------


def ready_to_score(proposal, assessor, by):
    assessment = assign_assessor(proposal, assessor, by=by)
    return declare_interest(assessment, by=assessor, has_interest=False)


def all_scored(assessment, score):
    return {c: (score, f"Scored {score} on {c.name}") for c in assessment.rubric.categories.all()}


def test_two_assessors_submitting_at_once_are_both_counted(proposal_in, cast):
    first, second = cast.assessors[:2]
    for _ in range(ATTEMPTS):
        proposal = proposal_in(S.ASSESSMENT)
        theirs = [ready_to_score(proposal, a, cast.clg_secretary) for a in (first, second)]
        results = race(
            partial(record_scores, fresh(theirs[0]), all_scored(theirs[0], 4), by=first, submit=True),
            partial(record_scores, fresh(theirs[1]), all_scored(theirs[1], 2), by=second, submit=True),
        )
        assert not [r for r in results if isinstance(r, Exception)], results
        categories = theirs[0].rubric.categories.count()
        for assessment, score in zip(theirs, (4, 2), strict=True):
            assessment.refresh_from_db()
            assert assessment.status == AssessmentStatus.SUBMITTED and assessment.submitted_at is not None
            assert list(assessment.scores.values_list("score", flat=True)) == [score] * categories
        summary = summarise(proposal)
        assert (summary.submitted_count, summary.assigned_count, summary.complete) == (2, 2, True)
        assert all(sorted(s.score for s in c.scores) == [2, 4] for c in summary.categories)


def test_one_assessor_submitting_twice_at_once_submits_once(proposal_in, cast):
    assessor = cast.assessors[0]
    for _ in range(ATTEMPTS):
        proposal = proposal_in(S.ASSESSMENT)
        assessment = ready_to_score(proposal, assessor, cast.clg_secretary)
        tab, other_tab = fresh(assessment), fresh(assessment)
        results = race(
            partial(record_scores, tab, all_scored(assessment, 5), by=assessor, submit=True),
            partial(record_scores, other_tab, all_scored(assessment, 1), by=assessor, submit=True),
        )
        index, submitted, loser = one_winner(results)
        assert isinstance(loser, ActionRefused), repr(loser)
        assert loser.messages == ["This assessment has been submitted and is locked."]
        # Only the winning tab's scores, one per category: nothing mixed in from the other tab.
        categories = assessment.rubric.categories.count()
        assert list(CategoryScore.objects.filter(assessment=assessment).values_list("score", flat=True)) == (
            [(5, 1)[index]] * categories
        )
        assert Assessment.objects.get(pk=assessment.pk).submitted_at == submitted.submitted_at
        summary = summarise(proposal)
        assert (summary.submitted_count, summary.assigned_count) == (1, 1)


# -- Board packs ------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def queued(monkeypatch):
    """Build requests are recorded, not run: the test plays the worker."""
    calls = []
    monkeypatch.setattr(packs, "_enqueue", lambda pack: calls.append(pack.pk))
    return calls


def pack_meeting(cast, proposal_in):
    meeting = meeting_of(cast.icsmg)
    governance.add_proposal_to_agenda(meeting, proposal_in(S.QUALITY_ASSURANCE), by=cast.icsmg_secretary)
    governance.add_paper(meeting, by=cast.icsmg_secretary, title="Update on complex rehabilitation",
                         purpose="information")
    return meeting


def test_two_build_requests_at_once_queue_one_pack(proposal_in, cast, media, queued):
    deputy = second_secretary(cast.icsmg, "icsmg_deputy_secretary")
    for _ in range(ATTEMPTS):
        meeting = pack_meeting(cast, proposal_in)
        queued.clear()
        results = race(
            partial(packs.request_build, fresh(meeting), "A", by=cast.icsmg_secretary),
            partial(packs.request_build, fresh(meeting), "A", by=deputy),
        )
        assert not [r for r in results if isinstance(r, Exception)], results
        (pack,) = BoardPack.objects.filter(meeting=meeting)
        assert [r.pk for r in results] == [pack.pk, pack.pk]
        assert (pack.version, pack.status) == (1, PackStatus.QUEUED)
        assert queued == [pack.pk]  # handed to the worker once


def test_two_workers_building_one_pack_at_once_keep_one_file(proposal_in, cast, media, queued, monkeypatch, request):
    renders, told = [], []
    render = packs.render
    monkeypatch.setattr(packs, "render", lambda inputs, previous=None: renders.append(1) or render(
        inputs, previous=previous))
    def count_told(sender, pack, **kwargs):
        told.append(pack.pk)

    pack_ready.connect(count_told, dispatch_uid="test.count_told")
    request.addfinalizer(lambda: pack_ready.disconnect(dispatch_uid="test.count_told"))
    for _ in range(ATTEMPTS):
        meeting = pack_meeting(cast, proposal_in)
        pack = packs.request_build(meeting, "A", by=cast.icsmg_secretary)
        # Published, so a finished build tells the members (and looks for changes to rebuild).
        Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.PUBLISHED)
        renders.clear()
        told.clear()
        # A task delivered twice (acks_late, a redelivery), or a retry while the first still runs.
        results = race(partial(packs.build, fresh(pack)), partial(packs.build, fresh(pack)))
        assert not [r for r in results if isinstance(r, Exception)], results
        (built,) = BoardPack.objects.filter(meeting=meeting)
        assert (built.pk, built.version, built.status, built.progress) == (pack.pk, 1, PackStatus.READY, 100)
        # One render: the second delivery finds the first's lease (or the pack ready) and leaves it; the
        # pack turns ready once and the members are told once.
        assert len(renders) == 1 and told == [built.pk], (renders, told)
        with built.file.open("rb") as handle:
            assert len(PdfReader(handle).pages) == built.page_count >= 2
        stored = [p.relative_to(media).as_posix() for p in (media / "packs" / f"meeting-{meeting.pk}").rglob("*.pdf")]
        assert stored == [built.file.name]  # no second copy left behind


def test_a_run_taken_over_that_fails_after_the_other_finished_leaves_the_pack_ready(proposal_in, cast, media,
                                                                                  queued, monkeypatch):
    """A worker hung past its lease: another delivery takes the pack over and finishes it; the hung run then
    fails. The pack stays ready, not marked failed."""
    meeting = pack_meeting(cast, proposal_in)
    pack = packs.request_build(meeting, "A", by=cast.icsmg_secretary)
    render = packs.render

    def hung_then_crashed(inputs, previous=None):
        monkeypatch.setattr(packs, "render", render)
        BoardPack.objects.filter(pk=pack.pk).update(lease_until=timezone.now() - datetime.timedelta(seconds=1))
        assert packs.build(fresh(pack)).status == PackStatus.READY  # the other delivery, while this one hangs
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(packs, "render", hung_then_crashed)
    with pytest.raises(RuntimeError, match="renderer crashed"):
        packs.build(fresh(pack))
    pack.refresh_from_db()
    assert (pack.status, pack.error, pack.progress, pack.attempts) == (PackStatus.READY, "", 100, 2)
    with pack.file.open("rb") as handle:
        assert len(PdfReader(handle).pages) == pack.page_count >= 2


# -- Editing the business case while it moves on ----------------------------------------------


def edit(proposal, text, document="outline"):
    """What the author's summary page saves, filled in and valid, for the proposal as their page loaded
    it: the save, ready to run."""
    form = SectionForm({"summary": text}, section=STANDARD_SECTIONS[document][0])
    assert form.is_valid(), form.errors

    def save(by):
        return services.save_business_case(proposal, by=by, words=form.cleaned_data)

    return save


def version_text(proposal, key="summary"):
    """A section's words in the latest version its authors submitted."""
    version = proposal.versions.order_by("-number").first()
    return next(s["text"] for s in version.content["sections"] if s["key"] == key)


def check_edit_race(proposal, results, *, text, before, after, refusals):
    """Either the edit landed first and is kept, or it was refused with a message a person can read;
    the state change happened either way, once, and the audit trail ends in the proposal's state."""
    saved, moved = results
    assert not isinstance(moved, Exception), moved
    proposal.refresh_from_db()
    assert proposal.state == after
    if isinstance(saved, Exception):
        assert isinstance(saved, refusals), repr(saved)
        assert "has moved on" in str(saved) or "while it is a draft or returned" in str(saved), saved
        assert proposal.summary != text
    else:
        assert proposal.summary == text  # kept, and carried by the state change's save
    (event,) = left(proposal, before)
    assert event.to_state == after == proposal.events.last().to_state
    return not isinstance(saved, Exception)


def test_an_edit_racing_a_withdrawal_is_kept_or_refused(proposal_in, cast):
    for attempt in range(ATTEMPTS):
        proposal = proposal_in(S.RETURNED)
        text = f"A revised summary with a quarterly breakdown ({attempt})."
        save = edit(fresh(proposal), text)
        results = race(
            partial(save, by=cast.author),
            partial(services.withdraw, fresh(proposal), by=cast.admin, reason="Superseded by the regional plan"),
        )
        check_edit_race(proposal, results, text=text, before=S.RETURNED, after=S.WITHDRAWN,
                        refusals=MovedOn)


def test_an_edit_racing_a_resubmission_is_kept_or_refused(proposal_in, cast):
    for attempt in range(ATTEMPTS):
        proposal = proposal_in(S.RETURNED)
        text = f"The co-author's revised summary ({attempt})."
        save = edit(fresh(proposal), text)
        results = race(
            partial(save, by=cast.co_author),
            partial(services.resubmit, fresh(proposal), by=cast.author, comment="Costings revised"),
        )
        kept = check_edit_race(proposal, results, text=text, before=S.RETURNED,
                               after=S.SUBMITTED, refusals=MovedOn)
        # The version resubmitted is the outline as it stood when it moved: with the edit if it was kept.
        assert (version_text(proposal) == text) == kept


def test_an_edit_of_the_full_case_racing_its_submission_is_kept_in_the_version_or_refused(proposal_in, cast):
    for attempt in range(ATTEMPTS):
        proposal = complete_full_case(proposal_in(S.FULL_CASE))
        text = f"The co-author's case for change, in full ({attempt})."
        save = edit(fresh(proposal), text, document="full")
        results = race(
            partial(save, by=cast.co_author),
            partial(services.submit_full_case, fresh(proposal), by=cast.author),
        )
        kept = check_edit_race(proposal, results, text=text, before=S.FULL_CASE,
                               after=S.QUALITY_ASSURANCE, refusals=MovedOn)
        assert version_text(proposal) == (text if kept else proposal.full_case["summary"])
        assert proposal.versions.filter(document="full").count() == 1


def test_an_edit_from_a_stale_page_racing_a_return_is_refused(proposal_in, cast):
    for attempt in range(ATTEMPTS):
        proposal = proposal_in(S.SUBMITTED)
        text = f"Changed after submission ({attempt})."
        save = edit(fresh(proposal), text)
        results = race(
            partial(save, by=cast.author),
            partial(services.return_for_revision, fresh(proposal), by=cast.clg_secretary,
                    reasons="Finance section needs a quarterly breakdown"),
        )
        # Submitted is not editable: whichever goes first, the edit never lands.
        kept = check_edit_race(proposal, results, text=text, before=S.SUBMITTED,
                               after=S.RETURNED, refusals=(MovedOn, PermissionDenied))
        assert not kept
        assert proposal.events.filter(kind=EventKind.TRANSITION, to_state=S.RETURNED).count() == 1


# -- Chair's action and the meeting's life cycle ------------------------------------------------------


def test_two_chairs_actions_on_one_proposal_at_once_move_it_once(proposal_in, cast):
    MembershipFactory(body=cast.jcc, role=MembershipRole.CHAIR, is_voting=True, user=UserFactory(username="jcc_chair"))
    agreeing = MembershipFactory(body=cast.jcc, is_voting=True, user=UserFactory(username="jcc_rep")).user
    deputy = second_secretary(cast.jcc, "jcc_deputy_secretary")
    MeetingFactory(body=cast.jcc, starts_at=timezone.now() + datetime.timedelta(days=10),
                   status=MeetingStatus.PUBLISHED)
    for _ in range(ATTEMPTS):
        proposal = proposal_in(S.FORMAL_APPROVAL)
        results = race(
            partial(governance.take_chairs_action, cast.jcc, fresh(proposal), by=cast.jcc_secretary,
                    outcome=O.APPROVED, reason="The offer lapses", concurring_member=agreeing),
            partial(governance.take_chairs_action, cast.jcc, fresh(proposal), by=deputy, outcome=O.RETURNED,
                    reason="The costs changed", minute="Recost the pathway", concurring_member=agreeing),
        )
        _, action, loser = one_winner(results)
        assert isinstance(loser, MovedOn), repr(loser)
        assert ChairsAction.objects.filter(item__proposal=proposal).get() == action
        assert Decision.objects.filter(item__proposal=proposal).count() == 1
        assert AgendaItem.objects.filter(proposal=proposal).count() == 1
        proposal.refresh_from_db()
        if action.item.decision.outcome == O.RETURNED:
            assert proposal.state == S.FULL_CASE
        else:  # the Committee's approval is recorded; the other named body is still to decide
            assert proposal.formal_approvals.get(body=cast.jcc).decision == "approved"
            assert proposal.state == S.FORMAL_APPROVAL


def test_a_meeting_decided_at_while_it_is_cancelled_ends_one_way_only(proposal_in, cast):
    deputy = second_secretary(cast.icsmg, "icsmg_deputy_secretary")
    for _ in range(ATTEMPTS):
        meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() - datetime.timedelta(minutes=5),
                                 status=MeetingStatus.PUBLISHED)
        item = governance.add_paper(meeting, by=cast.icsmg_secretary, title="Winter plan", purpose="decision")

        def open_and_decide(meeting=meeting, item=item):
            governance.open_meeting(fresh(meeting), by=cast.icsmg_secretary)
            return governance.record_decision(fresh(item), by=cast.icsmg_secretary, outcome=O.AGREED, minute="Agreed")

        results = race(open_and_decide, partial(governance.cancel_meeting, fresh(meeting), by=deputy,
                                                reason="The chair is unwell"))
        _, _, loser = one_winner(results)
        assert isinstance(loser, ActionRefused), repr(loser)
        meeting.refresh_from_db()
        decided = Decision.objects.filter(item=item).exists()
        assert (meeting.status, decided) in {(MeetingStatus.CANCELLED, False), (MeetingStatus.IN_SESSION, True)}
        assert meeting.events.count() == 1
