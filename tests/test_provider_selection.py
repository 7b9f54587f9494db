"""The Provider Selection Regime: working days and the standstill, the processes' conditions, the providers
scored through the scoring engine's rules, the decision at the deciding body's meeting, representations and
the award, the record in the pack, and the annual summary. The rules, through the services."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from pypdf import PdfReader

from governance import packs
from governance import services as governance_services
from governance.enums import AttendanceStatus, DecisionOutcome, MembershipRole
from ics_commissioning.errors import ActionRefused, NotAllowed
from procurement import record, regime, services
from procurement.enums import RepresentationOutcome, SelectionStatus
from procurement.models import ProviderScore, ProviderSelection
from procurement.regime import KeyCriterion, Process
from procurement.summary import annual_summary, summary_rows
from procurement.working_days import next_working_day, why_not_a_working_day
from proposals.enums import ProposalState
from scoring.enums import AssessmentStatus

from .conftest import WEIGHTS, conditions, prepare_selection, submit_provider_scores
from .factories import MeetingFactory, MembershipFactory, UserFactory, complete_full_case

S = SelectionStatus
LONDON = ZoneInfo("Europe/London")
D = datetime.date


# -- Working days and the standstill, with fixed dates ---------------------------------------------


@pytest.mark.parametrize(("published", "last_day"), [
    # An ordinary fortnight: begins Tuesday 8th; the 8th working day after it is Friday 18th.
    (D(2026, 12, 7), D(2026, 12, 18)),
    # Christmas: Christmas Day, Boxing Day (a Saturday, so Monday 28th in lieu) and New Year's Day are not counted.
    (D(2026, 12, 18), D(2027, 1, 4)),
    # Easter 2027: Good Friday 26 March and Easter Monday 29 March are not counted.
    (D(2027, 3, 23), D(2027, 4, 7)),
    # The August bank holiday, Monday 31 August 2026.
    (D(2026, 8, 26), D(2026, 9, 9)),
])
def test_the_standstill_runs_eight_working_days_after_the_day_it_begins(published, last_day):
    assert regime.standstill_ends(published) == last_day


@pytest.mark.parametrize(("day", "why", "next_day"), [
    (D(2026, 12, 25), "Christmas Day", D(2026, 12, 29)),
    (D(2026, 12, 28), "Boxing Day (observed)", D(2026, 12, 29)),
    (D(2027, 3, 26), "Good Friday", D(2027, 3, 30)),
    (D(2027, 3, 29), "Easter Monday", D(2027, 3, 30)),
    (D(2026, 8, 29), "Saturday", D(2026, 9, 1)),  # then Sunday, then the bank holiday
    (D(2026, 8, 31), "Late Summer Bank Holiday", D(2026, 9, 1)),
])
def test_a_day_that_is_not_a_working_day_says_why_and_which_is_next(day, why, next_day):
    assert why_not_a_working_day(day) == why
    assert next_working_day(day) == next_day
    assert why_not_a_working_day(next_day) == ""


def test_after_a_review_the_award_waits_five_working_days():
    # Sent Wednesday 23 December 2026: Thursday 24th, then 29th, 30th, 31st and Monday 4 January.
    assert regime.review_wait_ends(D(2026, 12, 23)) == D(2027, 1, 4)


# -- A selection, prepared through the services ------------------------------------------------------


@pytest.fixture
def approved(cast, proposal_in):
    """An approved proposal whose commercial case names the most suitable provider process."""
    return proposal_in(ProposalState.APPROVED, procurement_route="most_suitable")


def jcc_meeting(cast, starts_at):
    meeting = MeetingFactory(body=cast.jcc, starts_at=starts_at)
    return meeting


def decide(cast, selection, meeting, outcome=DecisionOutcome.APPROVED, *, present=None):
    item = services.table(selection, meeting, by=cast.jcc_secretary, part="B")
    governance_services.record_attendance(
        meeting, {person: AttendanceStatus.PRESENT for person in (present if present is not None else [cast.member])},
        by=cast.jcc_secretary)
    governance_services.record_decision(item, by=cast.jcc_secretary, outcome=outcome,
                                        minute="" if outcome == DecisionOutcome.APPROVED else "Not value for money.")
    selection.refresh_from_db()
    return item


def test_the_commercial_case_decides_which_processes_are_open(cast, approved):
    selection = services.start_selection(approved, by=cast.author)
    assert services.processes_for(selection) == (Process.MOST_SUITABLE,)
    with pytest.raises(ActionRefused, match="leads to most suitable provider process, not the competitive process"):
        services.choose_process(selection, by=cast.author, process=Process.COMPETITIVE,
                                conditions=conditions(Process.COMPETITIVE), justification="Open it up.")
    selection.refresh_from_db()
    assert selection.process == ""


def test_a_process_whose_conditions_are_not_all_met_is_refused(cast, approved):
    selection = services.start_selection(approved, by=cast.author)
    met = conditions(Process.MOST_SUITABLE)[:-1]  # not: can identify the most suitable provider
    with pytest.raises(ActionRefused, match="can identify the most suitable provider"):
        services.choose_process(selection, by=cast.author, process=Process.MOST_SUITABLE, conditions=met,
                                justification="We think so.")
    selection.refresh_from_db()
    assert (selection.process, selection.conditions_met, selection.justification) == ("", [], "")


def test_a_commercial_case_changed_afterwards_asks_for_the_process_again(cast, proposal_in):
    proposal = proposal_in(ProposalState.FULL_CASE, procurement_route="most_suitable")
    selection = prepare_selection(cast, proposal)
    assert services.readiness_problems(selection) == []
    complete_full_case(proposal, by=cast.author, procurement_route="competitive")
    selection.refresh_from_db()
    assert services.readiness_problems(selection) == [
        "The commercial case no longer leads to the most suitable provider process: choose the process again."]


def test_a_selection_starts_only_when_the_commercial_case_buys_under_the_regime(cast, proposal_in):
    proposal = proposal_in(ProposalState.APPROVED)  # a variation to an existing contract
    with pytest.raises(NotAllowed):
        services.start_selection(proposal, by=cast.author)
    assert not ProviderSelection.objects.exists()


def test_the_weights_count_every_criterion_and_make_100(cast, approved):
    selection = services.start_selection(approved, by=cast.author)
    with pytest.raises(ActionRefused, match="add up to 90%"):
        services.save_weights(selection, {**WEIGHTS, "quality": 20}, by=cast.author)
    with pytest.raises(ActionRefused, match="Social value"):
        services.save_weights(selection, {**WEIGHTS, "quality": 40, "social_value": 0}, by=cast.author)
    assert not selection.weights.exists()


# -- Scoring: conflicts declared first, and blocking --------------------------------------------------


def test_an_assessor_with_a_declared_interest_cannot_score_and_is_not_counted(cast, approved):
    selection = prepare_selection(cast, approved, score=False)
    clean, conflicted = (services.name_assessor(selection, a, by=cast.author) for a in cast.assessors[:2])
    services.declare_interest(conflicted, by=cast.assessors[1], has_interest=True,
                              details="My partner works for Valley Rehabilitation CIC")
    provider = selection.providers.first()
    with pytest.raises(NotAllowed, match="declared an interest"):
        services.record_scores(conflicted, {(provider, "quality"): (5, "Excellent")}, by=cast.assessors[1])
    assert not ProviderScore.objects.filter(assessment=conflicted).exists()
    # Named again, they are refused; an author is refused too.
    with pytest.raises(ActionRefused, match="declared an interest in this selection"):
        services.name_assessor(selection, cast.assessors[1], by=cast.author)
    with pytest.raises(ActionRefused, match="author of this proposal"):
        services.name_assessor(selection, cast.co_author, by=cast.author)
    # Only the assessor without an interest is expected to score.
    services.declare_interest(clean, by=cast.assessors[0], has_interest=False)
    services.record_scores(clean, {(p, c): (4, "Sound") for p in selection.providers.all() for c in KeyCriterion.values},
                           by=cast.assessors[0], submit=True)
    summaries = record.provider_summaries(selection)
    assert all(summary.complete and summary.assigned_count == 1 for _, summary in summaries)
    assert record.build(selection).assessor_conflicts == [
        (record.person(cast.assessors[1]), "My partner works for Valley Rehabilitation CIC")]


def test_a_provider_added_after_the_scores_is_scored_by_every_assessor_too(cast, approved):
    selection = prepare_selection(cast, approved)
    assert services.readiness_problems(selection) == []
    services.add_provider(selection, by=cast.author, name="Fells Rehabilitation Ltd", address="2 Station Road")
    selection.refresh_from_db()
    assert set(selection.assessments.values_list("status", flat=True)) == {AssessmentStatus.DRAFT}
    assert any("must submit their scores" in p for p in services.readiness_problems(selection))
    for assessor in cast.assessors[:2]:
        submit_provider_scores(selection, assessor, lambda provider: 3)
    selection.refresh_from_db()
    assert services.readiness_problems(selection) == []


def test_submitting_needs_every_provider_scored_on_every_criterion(cast, approved):
    selection = prepare_selection(cast, approved, score=False)
    assessment = services.name_assessor(selection, cast.assessors[0], by=cast.author)
    services.declare_interest(assessment, by=cast.assessors[0], has_interest=False)
    provider = selection.providers.first()
    with pytest.raises(ActionRefused, match="Missing"):
        services.record_scores(assessment, {(provider, "quality"): (4, "Good")}, by=cast.assessors[0], submit=True)
    assessment.refresh_from_db()
    assert assessment.status != AssessmentStatus.SUBMITTED and not assessment.scores.exists()


def test_the_weighted_totals_follow_the_weights(cast, approved):
    selection = prepare_selection(cast, approved)
    totals = {p.name: s.total_display for p, s in record.provider_summaries(selection)}
    # Riverside: assessors gave 4 and 3 on every criterion, a mean of 3.5; Valley: 2 throughout.
    assert totals == {"Riverside Community Health NHS Trust": "3.5", "Valley Rehabilitation CIC": "2"}


# -- The decision, at the deciding body's meeting ---------------------------------------------------


def test_the_decision_is_the_deciding_bodys_at_its_meeting(cast, approved):
    selection = prepare_selection(cast, approved)
    with pytest.raises(NotAllowed):  # a secretary of a body that does not decide it
        services.table(selection, MeetingFactory(body=cast.icsmg), by=cast.icsmg_secretary, part="B")
    with pytest.raises(ActionRefused, match="does not decide this award"):
        services.table(selection, MeetingFactory(body=cast.icsmg), by=cast.jcc_secretary, part="B")
    meeting = jcc_meeting(cast, timezone.now() - datetime.timedelta(hours=1))
    item = decide(cast, selection, meeting)
    assert selection.status == S.DECIDED and selection.decided_on == timezone.localdate(meeting.starts_at)
    assert item.part == "B" and "Riverside Community Health NHS Trust" in item.recommendations
    assert record.build(selection).decision.decision_makers == [record.person(cast.member)]


def test_quorum_holds_for_not_approving_the_award_as_for_approving_it(cast, approved):
    selection = prepare_selection(cast, approved)
    meeting = jcc_meeting(cast, timezone.now() - datetime.timedelta(hours=1))
    for outcome in (DecisionOutcome.APPROVED, DecisionOutcome.NOT_APPROVED):
        with pytest.raises(ActionRefused, match="not quorate"):
            item = selection.decision_item or services.table(selection, meeting, by=cast.jcc_secretary, part="B")
            selection.refresh_from_db()
            governance_services.record_decision(item, by=cast.jcc_secretary, outcome=outcome, minute="Reasons.")
        selection.refresh_from_db()
        assert selection.status == S.TABLED


def test_a_member_with_an_interest_takes_no_part_and_is_on_the_record(cast, approved):
    selection = prepare_selection(cast, approved)
    second = MembershipFactory(body=cast.jcc, role=MembershipRole.MEMBER, is_voting=True,
                               user=UserFactory(username="second_member", first_name="Sam", last_name="Okafor")).user
    third = MembershipFactory(body=cast.jcc, role=MembershipRole.MEMBER, is_voting=True,
                              user=UserFactory(username="third_member")).user
    meeting = jcc_meeting(cast, timezone.now() - datetime.timedelta(hours=1))
    item = services.table(selection, meeting, by=cast.jcc_secretary, part="B")
    governance_services.record_attendance(meeting, {p: AttendanceStatus.PRESENT for p in (cast.member, second, third)},
                                          by=cast.jcc_secretary)
    governance_services.declare_item_interest(item, by=cast.jcc_secretary, member=second,
                                              interest="Non-executive director of Riverside Community Health")
    governance_services.record_decision(item, by=cast.jcc_secretary, outcome=DecisionOutcome.APPROVED)
    selection.refresh_from_db()
    built = record.build(selection)
    assert "Sam Okafor" not in built.decision.decision_makers and len(built.decision.decision_makers) == 2
    assert built.decision.conflicts == [("Sam Okafor", "Non-executive director of Riverside Community Health")]
    assert "Sam Okafor (Non-executive director of Riverside Community Health) took no part" in \
        record.notice_text(built)


def test_not_approved_brings_the_selection_back_to_be_prepared(cast, approved):
    selection = prepare_selection(cast, approved)
    decide(cast, selection, jcc_meeting(cast, timezone.now() - datetime.timedelta(hours=1)),
           DecisionOutcome.NOT_APPROVED)
    assert selection.status == S.PREPARING and selection.decision_item is None
    assert selection.events.filter(kind="not_decided").exists()


def test_a_cancelled_meeting_sends_the_selection_back_to_be_tabled_again(cast, approved):
    selection = prepare_selection(cast, approved)
    meeting = jcc_meeting(cast, timezone.now() + datetime.timedelta(days=10))
    services.table(selection, meeting, by=cast.jcc_secretary, part="B")
    governance_services.cancel_meeting(meeting, by=cast.jcc_secretary, reason="Not quorate: members unwell.")
    selection.refresh_from_db()
    assert selection.status == S.PREPARING and selection.decision_item is None
    assert "was cancelled without deciding it" in selection.events.get(kind="not_decided").comment
    later = jcc_meeting(cast, timezone.now() + datetime.timedelta(days=20))
    assert services.table(selection, later, by=cast.jcc_secretary, part="B").meeting == later


def test_it_is_tabled_only_when_the_record_is_ready_and_the_case_approved(cast, proposal_in):
    proposal = proposal_in(ProposalState.FORMAL_APPROVAL, procurement_route="most_suitable")
    selection = prepare_selection(cast, proposal, score=False)
    meeting = jcc_meeting(cast, timezone.now() + datetime.timedelta(days=3))
    with pytest.raises(ActionRefused, match="once the business case is approved"):
        services.table(selection, meeting, by=cast.jcc_secretary, part="B")
    assert not meeting.items.exists()


# -- The standstill, representations and the award -----------------------------------------------------


def at(year, month, day, hour=10):
    return datetime.datetime(year, month, day, hour, tzinfo=LONDON)


def test_from_decision_to_award_across_christmas(cast, approved):
    selection = prepare_selection(cast, approved)
    with time_machine.travel(at(2026, 12, 17), tick=False) as traveller:
        decide(cast, selection, jcc_meeting(cast, at(2026, 12, 17, 9)))
        assert selection.decided_on == D(2026, 12, 17)
        # A notice "published" on Christmas Day is refused, naming the next working day.
        traveller.move_to(at(2026, 12, 29))
        with pytest.raises(services.NotAWorkingDay, match="Christmas Day") as refused:
            services.publish_notice(selection, by=cast.jcc_secretary, published_on=D(2026, 12, 25))
        assert refused.value.suggested == D(2026, 12, 29)
        selection.refresh_from_db()
        assert selection.status == S.DECIDED and selection.notice_published_on is None
        traveller.move_to(at(2026, 12, 18))
        services.publish_notice(selection, by=cast.jcc_secretary, published_on=D(2026, 12, 18))
        selection.refresh_from_db()
        assert (selection.status, selection.standstill_ends) == (S.STANDSTILL, D(2027, 1, 4))
        assert "until midnight at the end of Monday 4 January 2027" in record.notice_text(record.build(selection))
        # Working days left, today included: 21, 22, 23, 24, 29, 30, 31 December and 4 January.
        traveller.move_to(at(2026, 12, 21))
        assert selection.standstill_days_left() == 8
        # A representation during the standstill holds the award until it is answered.
        representation = services.log_representation(
            selection, by=cast.jcc_secretary, provider_name="Valley Rehabilitation CIC", received_on=D(2026, 12, 21),
            summary="The social value scores did not reflect our local employment plan.")
        traveller.move_to(at(2027, 1, 5))
        with pytest.raises(ActionRefused, match="must be reviewed and responded to first"):
            services.award(selection, by=cast.jcc_secretary, awarded_on=D(2027, 1, 5))
        services.close_representation(representation, by=cast.jcc_secretary, outcome=RepresentationOutcome.PROCEED,
                                      response="The panel re-read the bid; the scores stand.",
                                      communicated_on=D(2027, 1, 5))
        # Five working days after the review is sent: 6, 7, 8, 11 and 12 January.
        traveller.move_to(at(2027, 1, 12))
        with pytest.raises(ActionRefused, match="waits 5 working days, to the end of Tuesday 12 January 2027"):
            services.award(selection, by=cast.jcc_secretary, awarded_on=D(2027, 1, 12))
        selection.refresh_from_db()
        assert selection.status == S.STANDSTILL and selection.awarded_on is None
        traveller.move_to(at(2027, 1, 13))
        services.award(selection, by=cast.jcc_secretary, awarded_on=D(2027, 1, 13))
        selection.refresh_from_db()
        assert (selection.status, selection.awarded_on) == (S.AWARDED, D(2027, 1, 13))


def test_no_award_before_the_standstill_ends(cast, approved):
    selection = prepare_selection(cast, approved)
    with time_machine.travel(at(2026, 8, 26), tick=False) as traveller:
        decide(cast, selection, jcc_meeting(cast, at(2026, 8, 26, 9)))
        with pytest.raises(ActionRefused, match="Publish the notice"):
            services.award(selection, by=cast.jcc_secretary, awarded_on=D(2026, 8, 26))
        services.publish_notice(selection, by=cast.jcc_secretary, published_on=D(2026, 8, 26))
        traveller.move_to(at(2026, 9, 9, 23))
        with pytest.raises(ActionRefused, match="end of Wednesday 9 September 2026"):
            services.award(selection, by=cast.jcc_secretary, awarded_on=D(2026, 9, 9))
        selection.refresh_from_db()
        assert selection.status == S.STANDSTILL and selection.awarded_on is None
        # A representation after the standstill is not one under regulation 12(3).
        traveller.move_to(at(2026, 9, 10))
        with pytest.raises(ActionRefused, match="not a representation under regulation 12"):
            services.log_representation(selection, by=cast.jcc_secretary, provider_name="Late Ltd",
                                        received_on=D(2026, 9, 10), summary="Too late.")
        services.award(selection, by=cast.jcc_secretary, awarded_on=D(2026, 9, 10))
        selection.refresh_from_db()
        assert selection.status == S.AWARDED and not selection.representations.exists()


def test_a_direct_award_a_or_b_has_no_standstill(cast, proposal_in):
    proposal = proposal_in(ProposalState.APPROVED, procurement_route="direct_award")
    selection = prepare_selection(cast, proposal, Process.DIRECT_AWARD_A, score=False)
    assert not selection.has_standstill and not selection.assesses_key_criteria
    with time_machine.travel(at(2027, 3, 30), tick=False):
        decide(cast, selection, jcc_meeting(cast, at(2027, 3, 30, 9)))
        with pytest.raises(ActionRefused, match="A standstill follows"):
            services.publish_notice(selection, by=cast.jcc_secretary, published_on=D(2027, 3, 30))
        services.award(selection, by=cast.jcc_secretary, awarded_on=D(2027, 3, 30))
    selection.refresh_from_db()
    assert selection.status == S.AWARDED
    assert record.notice_text(record.build(selection)).startswith("Notice of a contract award")


def test_direct_award_a_goes_to_the_existing_provider(cast, proposal_in):
    proposal = proposal_in(ProposalState.APPROVED, procurement_route="direct_award")
    selection = prepare_selection(cast, proposal, Process.DIRECT_AWARD_A, score=False)
    services.recommend(selection, [selection.providers.get(is_existing=False)], by=cast.author)
    assert any("recommend the existing provider" in p for p in services.readiness_problems(selection))


def test_a_review_that_goes_back_a_step_reopens_the_selection(cast, approved):
    selection = prepare_selection(cast, approved)
    with time_machine.travel(at(2026, 12, 7), tick=False) as traveller:
        decide(cast, selection, jcc_meeting(cast, at(2026, 12, 7, 9)))
        services.publish_notice(selection, by=cast.jcc_secretary, published_on=D(2026, 12, 7))
        traveller.move_to(at(2026, 12, 8))
        with pytest.raises(ActionRefused, match="began the day after the notice was published"):
            services.log_representation(selection, by=cast.jcc_secretary, provider_name="Valley Rehabilitation CIC",
                                        received_on=D(2026, 12, 7), summary="Too early.")
        representation = services.log_representation(
            selection, by=cast.jcc_secretary, provider_name="Valley Rehabilitation CIC", received_on=D(2026, 12, 8),
            summary="An evaluator was conflicted.")
        services.close_representation(representation, by=cast.jcc_secretary, outcome=RepresentationOutcome.REPEAT,
                                      response="The evaluation will be run again.", communicated_on=D(2026, 12, 8))
    selection.refresh_from_db()
    assert selection.status == S.PREPARING and selection.standstill_ends is None and selection.decision_item is None


# -- The record in the pack, and the annual summary ------------------------------------------------------


def test_the_record_is_printed_in_the_pack(cast, approved, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    selection = prepare_selection(cast, approved)
    services.add_provider(selection, by=cast.author, name="<b>Bold</b> & Co", address="<script>x</script> Lane")
    for assessor, mark in zip(cast.assessors[:2], (4, 3), strict=True):  # who had submitted score it too
        submit_provider_scores(selection, assessor, lambda p, mark=mark: mark if p.name.startswith("Riverside") else 2)
    meeting = jcc_meeting(cast, timezone.now() + datetime.timedelta(days=7))
    services.table(selection, meeting, by=cast.jcc_secretary, part="B")
    with django_capture_on_commit_callbacks(execute=True):
        pack = packs.request_build(meeting, "B", by=cast.jcc_secretary)
    pack.refresh_from_db()
    with pack.file.open("rb") as handle:
        text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages).split())
    for expected in ("Provider Selection Regime: the record of this decision", "Most suitable provider process",
                     "regulation 6(6) and 10", "Riverside Community Health NHS Trust", "1 Quay Street",
                     "Valley Rehabilitation CIC", "Quality and innovation", "30%", "3.5",
                     "scored highest on quality and integration", "£1,200,000",
                     "<b>Bold</b> & Co", "<script>x</script> Lane"):  # what was typed, printed as typed
        assert expected in text, expected


def test_the_annual_summary_counts_the_years_decisions(cast, approved):
    selection = prepare_selection(cast, approved)
    with time_machine.travel(at(2026, 8, 26), tick=False) as traveller:
        decide(cast, selection, jcc_meeting(cast, at(2026, 8, 26, 9)))
        services.publish_notice(selection, by=cast.jcc_secretary, published_on=D(2026, 8, 26))
        traveller.move_to(at(2026, 9, 10))
        services.award(selection, by=cast.jcc_secretary, awarded_on=D(2026, 9, 10))
    summary = annual_summary(2026)
    assert summary.by_process[Process.MOST_SUITABLE] == 1 and summary.direct_awards == 0
    assert summary.new_providers == 0  # awarded to the existing provider
    assert annual_summary(2025).by_process[Process.MOST_SUITABLE] == 0
    rows = list(summary_rows(2026))
    assert len(rows) == 2 and rows[1][:3] == [approved.reference, "Community neurorehabilitation",
                                              "Most suitable provider process"]
    assert rows[1][-1] == D(2026, 9, 10) and rows[1][7] == cast.jcc.name
