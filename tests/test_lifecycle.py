"""The proposal life cycle: every move, every guard, and who may make it."""

import pytest
from django.core.exceptions import PermissionDenied

from ics_commissioning.errors import ActionRefused, MovedOn
from proposals import services
from proposals.enums import EventKind, FormalDecision, ProposalState, TriageQuestion
from proposals.models import ProposalEvent
from proposals.signals import proposal_event_committed
from scoring import services as scoring_services
from scoring.services import assign_assessor

from .conftest import score_all

S = ProposalState

# Each action performed by someone who may take it, so only the state decides.
ACTIONS = {
    "submit": lambda p, c: services.submit(p, by=c.author),
    "resubmit": lambda p, c: services.resubmit(p, by=c.author),
    "withdraw": lambda p, c: services.withdraw(p, by=c.author),
    "refer_to_place_based": lambda p, c: services.refer_to_place_based(p, by=c.admin, reason="At place"),
    "reopen_triage": lambda p, c: services.reopen_triage(p, by=c.admin, reason="New evidence"),
    "accept_for_assessment": lambda p, c: services.accept_for_assessment(p, by=c.admin),
    "complete_assessment": lambda p, c: scoring_services.complete_assessment(p, by=c.admin),
    "submit_full_case": lambda p, c: services.submit_full_case(p, by=c.author),
    "quality_assure": lambda p, c: services.quality_assure(p, by=c.admin),
    "sign_off": lambda p, c: services.sign_off(p, by=c.admin, formal_bodies=[c.jcc]),
    "record_formal_decision": lambda p, c: services.record_formal_decision(p, body=c.jcc, approved=True, by=c.admin),
    "return_for_revision": lambda p, c: services.return_for_revision(p, by=c.admin, reasons="Needs work"),
    "reject": lambda p, c: services.reject(p, by=c.admin, reasons="Not ICS business"),
}

ON_ROUTE_EXITS = {"return_for_revision", "reject", "withdraw"}
LEGAL = {
    S.DRAFT: {"submit", "withdraw"},
    S.RETURNED: {"resubmit", "withdraw"},
    S.SUBMITTED: {"refer_to_place_based", "accept_for_assessment"} | ON_ROUTE_EXITS,
    S.PLACE_BASED: {"reopen_triage"},
    S.ASSESSMENT: {"complete_assessment", "refer_to_place_based"} | ON_ROUTE_EXITS,
    S.FULL_CASE: {"submit_full_case", "withdraw"},
    S.QUALITY_ASSURANCE: {"quality_assure"} | ON_ROUTE_EXITS,
    S.STAKEHOLDER_SIGNOFF: {"sign_off"} | ON_ROUTE_EXITS,
    S.FORMAL_APPROVAL: {"record_formal_decision"} | ON_ROUTE_EXITS,
    S.APPROVED: set(),
    S.REJECTED: set(),
    S.WITHDRAWN: set(),
}


def test_the_legal_table_covers_every_state():
    assert set(LEGAL) == set(S)


@pytest.mark.parametrize("state", list(S))
def test_every_illegal_move_is_refused_and_changes_nothing(state, proposal_in, cast):
    proposal = proposal_in(state)
    events_before = proposal.events.count()
    for action in sorted(set(ACTIONS) - LEGAL[state]):
        with pytest.raises(ActionRefused, match="cannot be"):
            ACTIONS[action](proposal, cast)
        proposal.refresh_from_db()
        assert proposal.state == state, action
    assert proposal.events.count() == events_before


def test_the_whole_route_writes_one_event_per_move(proposal_in, cast):
    proposal = proposal_in(S.APPROVED)
    moves = [(e.from_state, e.to_state) for e in proposal.events.filter(kind__in=[EventKind.TRANSITION, EventKind.FORMAL_DECISION])]
    assert moves == [
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.ASSESSMENT),
        (S.ASSESSMENT, S.FULL_CASE),  # supported: the authors write the full business case
        (S.FULL_CASE, S.QUALITY_ASSURANCE),
        (S.QUALITY_ASSURANCE, S.STAKEHOLDER_SIGNOFF),
        (S.STAKEHOLDER_SIGNOFF, S.FORMAL_APPROVAL),
        (S.FORMAL_APPROVAL, S.FORMAL_APPROVAL),  # the Joint CCG Committee approves; the CCG still to decide
        (S.FORMAL_APPROVAL, S.APPROVED),
    ]
    quality_assured = proposal.events.get(to_state=S.STAKEHOLDER_SIGNOFF)
    assert quality_assured.actor == cast.icsmg_secretary
    assert quality_assured.body == cast.icsmg


@pytest.mark.parametrize(
    "state, action, target",
    [
        (S.DRAFT, "withdraw", S.WITHDRAWN),
        (S.RETURNED, "resubmit", S.SUBMITTED),
        (S.RETURNED, "withdraw", S.WITHDRAWN),
        (S.SUBMITTED, "return_for_revision", S.RETURNED),
        (S.SUBMITTED, "reject", S.REJECTED),
        (S.SUBMITTED, "withdraw", S.WITHDRAWN),
        (S.PLACE_BASED, "reopen_triage", S.SUBMITTED),
        (S.ASSESSMENT, "return_for_revision", S.RETURNED),
        (S.ASSESSMENT, "reject", S.REJECTED),
        (S.ASSESSMENT, "withdraw", S.WITHDRAWN),
        (S.ASSESSMENT, "refer_to_place_based", S.PLACE_BASED),  # not supported: question 3 answered no
        (S.FULL_CASE, "withdraw", S.WITHDRAWN),
        (S.QUALITY_ASSURANCE, "return_for_revision", S.FULL_CASE),  # a new version of the full case
        (S.QUALITY_ASSURANCE, "reject", S.REJECTED),
        (S.QUALITY_ASSURANCE, "withdraw", S.WITHDRAWN),
        (S.STAKEHOLDER_SIGNOFF, "return_for_revision", S.FULL_CASE),  # a new version of the full case
        (S.STAKEHOLDER_SIGNOFF, "reject", S.REJECTED),
        (S.STAKEHOLDER_SIGNOFF, "withdraw", S.WITHDRAWN),
        (S.FORMAL_APPROVAL, "return_for_revision", S.FULL_CASE),  # a new version of the full case
        (S.FORMAL_APPROVAL, "reject", S.REJECTED),
        (S.FORMAL_APPROVAL, "withdraw", S.WITHDRAWN),
    ],
)
def test_each_side_move_lands_in_its_state_with_its_event(state, action, target, proposal_in, cast):
    proposal = proposal_in(state)
    event = ACTIONS[action](proposal, cast)
    proposal.refresh_from_db()
    assert proposal.state == target
    assert (event.from_state, event.to_state) == (state, target)
    assert proposal.events.last() == event


def test_reaching_each_end_of_triage(proposal_in):
    assert proposal_in(S.PLACE_BASED).state == S.PLACE_BASED
    assert proposal_in(S.ASSESSMENT).state == S.ASSESSMENT


# -- Guards ---------------------------------------------------------------------------------


def test_submission_is_refused_with_the_list_of_missing_sections(cast):
    from .factories import ProposalFactory

    proposal = ProposalFactory(lead_author=cast.author, contracting="", with_finance_and_risk=False)
    with pytest.raises(ActionRefused) as refused:
        services.submit(proposal, by=cast.author)
    message = refused.value.messages[0]
    assert message.startswith("The outline proposal is not complete.")
    for missing in ["Finance: projected spend and savings", "Risks", "Contracting and procurement", "Triage questions"]:
        assert missing in message
    assert "Summary and case for change" not in message
    proposal.refresh_from_db()
    assert proposal.state == S.DRAFT
    assert proposal.submitted_at is None


def test_triage_outcome_must_match_the_move(proposal_in, cast):
    proposal = proposal_in(S.SUBMITTED)  # the authors answered: not nationally described, vulnerable across ICPs
    with pytest.raises(ActionRefused, match="do not point to place-based"):
        services.refer_to_place_based(proposal, by=cast.clg_secretary, reason="At place")
    both_no = {TriageQuestion.NATIONALLY_DESCRIBED: False, TriageQuestion.VULNERABILITY_ACROSS_ICPS: False}
    services.record_triage(proposal, both_no, by=cast.clg_secretary)
    with pytest.raises(ActionRefused, match="do not point to an ICS-level assessment"):
        services.accept_for_assessment(proposal, by=cast.clg_secretary)
    services.record_triage(proposal, {TriageQuestion.VULNERABILITY_ACROSS_ICPS: True}, by=cast.clg_secretary)
    services.accept_for_assessment(proposal, by=cast.clg_secretary)
    assert proposal.state == S.ASSESSMENT


@pytest.mark.parametrize("who", ["author", "clg_secretary"])
def test_question_3_waits_for_the_assessment(proposal_in, cast, who):
    """Seed 004's order: the assessing body gives its view after scoring the outline, not at triage."""
    proposal = proposal_in(S.DRAFT if who == "author" else S.SUBMITTED)
    with pytest.raises(ActionRefused, match="answered after the assessment exercise"):
        services.record_triage(proposal, {TriageQuestion.LEADERSHIP_SUPPORT: True}, by=getattr(cast, who))
    assert not proposal.triage_answers.filter(question=TriageQuestion.LEADERSHIP_SUPPORT).exists()


def test_support_after_scoring_answers_question_3_and_starts_the_full_case(proposal_in, cast):
    proposal = _assessed(proposal_in, cast, [3, 3, 3, 3, 3], [3, 3, 3, 3, 3])
    scoring_services.complete_assessment(proposal, by=cast.clg_secretary, on_behalf_of=cast.clg)
    proposal.refresh_from_db()
    answer = proposal.triage_answers.get(question=TriageQuestion.LEADERSHIP_SUPPORT)
    assert (answer.answer, answer.answered_by, answer.answered_on_behalf_of) == (True, cast.clg_secretary, cast.clg)
    assert proposal.state == S.FULL_CASE and proposal.document == "full"
    # The full case starts from the outline's words, for the sections the two documents share.
    assert proposal.full_case["summary"] == proposal.outline["summary"]
    with pytest.raises(ActionRefused, match="The full business case is not complete"):
        services.submit_full_case(proposal, by=cast.author)
    assert proposal.state == S.FULL_CASE


def test_not_supported_after_scoring_answers_question_3_no(proposal_in, cast):
    proposal = _assessed(proposal_in, cast, [3, 3, 3, 3, 3])
    services.refer_to_place_based(proposal, by=cast.clg_secretary, reason="Best solved at place")
    proposal.refresh_from_db()
    assert proposal.state == S.PLACE_BASED
    assert proposal.triage_answers.get(question=TriageQuestion.LEADERSHIP_SUPPORT).answer is False


def test_a_full_case_cannot_be_written_before_the_assessing_bodys_support(proposal_in, cast):
    from .factories import FULL_CASE

    proposal = proposal_in(S.DRAFT)
    with pytest.raises(ActionRefused, match="once the Clinical Leadership Group has assessed the outline"):
        services.save_business_case(proposal, by=cast.author, words=FULL_CASE, document="full")
    proposal.refresh_from_db()
    assert proposal.full_case == {} or "benefits" not in proposal.full_case


def _assessed(proposal_in, cast, *score_rows):
    proposal = proposal_in(S.ASSESSMENT)
    for assessor, scores in zip(cast.assessors, score_rows, strict=False):
        assign_assessor(proposal, assessor, by=cast.clg_secretary)
        if scores is not None:
            score_all(proposal, assessor, scores)
    return proposal


def test_leaving_assessment_needs_assessors(proposal_in, cast):
    proposal = proposal_in(S.ASSESSMENT)
    with pytest.raises(ActionRefused, match=r"0 of 0 submitted"):
        scoring_services.complete_assessment(proposal, by=cast.clg_secretary)


def test_leaving_assessment_needs_every_assigned_assessor_to_submit(proposal_in, cast):
    proposal = _assessed(proposal_in, cast, [5, 5, 5, 5, 5], None)
    with pytest.raises(ActionRefused, match=r"1 of 2 submitted"):
        scoring_services.complete_assessment(proposal, by=cast.clg_secretary)
    proposal.refresh_from_db()
    assert proposal.state == S.ASSESSMENT


def test_a_total_of_14_is_not_eligible(proposal_in, cast):
    proposal = _assessed(proposal_in, cast, [3, 3, 3, 3, 2], [3, 3, 3, 3, 2])
    with pytest.raises(ActionRefused, match=r"total score 14 is below the eligibility threshold of 15"):
        scoring_services.complete_assessment(proposal, by=cast.clg_secretary)
    assert proposal.state == S.ASSESSMENT


def test_a_total_just_below_15_from_differing_assessors_is_not_eligible(proposal_in, cast):
    proposal = _assessed(proposal_in, cast, [3, 3, 3, 3, 3], [3, 3, 3, 3, 2])  # 14.5
    with pytest.raises(ActionRefused, match=r"14\.5 is below"):
        scoring_services.complete_assessment(proposal, by=cast.clg_secretary)


def test_a_total_of_15_is_eligible(proposal_in, cast):
    proposal = _assessed(proposal_in, cast, [3, 3, 3, 3, 3], [4, 3, 3, 3, 2])
    scoring_services.complete_assessment(proposal, by=cast.clg_secretary)
    assert proposal.state == S.FULL_CASE


def test_sign_off_must_name_stage_4_bodies(proposal_in, cast):
    proposal = proposal_in(S.STAKEHOLDER_SIGNOFF)
    with pytest.raises(ActionRefused, match="Name at least one stage 4 body"):
        services.sign_off(proposal, by=cast.hsg_secretary, formal_bodies=[])
    with pytest.raises(ActionRefused, match="Only stage 4 bodies"):
        services.sign_off(proposal, by=cast.hsg_secretary, formal_bodies=[cast.icsmg])
    assert proposal.state == S.STAKEHOLDER_SIGNOFF
    assert not proposal.formal_approvals.exists()


def test_approved_only_when_every_named_body_has_approved(proposal_in, cast):
    proposal = proposal_in(S.FORMAL_APPROVAL)
    services.record_formal_decision(proposal, body=cast.ccg, approved=True, by=cast.ccg_secretary)
    assert proposal.state == S.FORMAL_APPROVAL
    assert proposal.formal_approvals.get(body=cast.ccg).decision == FormalDecision.APPROVED
    assert proposal.formal_approvals.get(body=cast.jcc).decision == FormalDecision.PENDING
    services.record_formal_decision(proposal, body=cast.jcc, approved=True, by=cast.jcc_secretary)
    assert proposal.state == S.APPROVED


def test_one_body_not_approving_rejects_the_proposal(proposal_in, cast):
    proposal = proposal_in(S.FORMAL_APPROVAL)
    services.record_formal_decision(proposal, body=cast.jcc, approved=True, by=cast.jcc_secretary)
    with pytest.raises(ActionRefused, match="reasons"):
        services.record_formal_decision(proposal, body=cast.ccg, approved=False, by=cast.ccg_secretary)
    services.record_formal_decision(proposal, body=cast.ccg, approved=False, by=cast.ccg_secretary,
                                    minute="Affordability not shown for this CCG")
    assert proposal.state == S.REJECTED
    assert proposal.events.last().body == cast.ccg


def test_a_body_decides_once_and_only_if_named(proposal_in, cast):
    proposal = proposal_in(S.FORMAL_APPROVAL)
    services.record_formal_decision(proposal, body=cast.jcc, approved=True, by=cast.jcc_secretary)
    with pytest.raises(ActionRefused, match="already recorded its decision"):
        services.record_formal_decision(proposal, body=cast.jcc, approved=True, by=cast.admin)
    with pytest.raises(ActionRefused, match="has not been named"):
        services.record_formal_decision(proposal, body=cast.hsg, approved=True, by=cast.admin)
    assert proposal.formal_approvals.filter(decision=FormalDecision.APPROVED).count() == 1


def test_reasons_are_required_to_return_or_reject(proposal_in, cast):
    proposal = proposal_in(S.QUALITY_ASSURANCE)
    with pytest.raises(ActionRefused, match="reasons for returning"):
        services.return_for_revision(proposal, by=cast.icsmg_secretary, reasons="  ")
    with pytest.raises(ActionRefused, match="reasons for rejecting"):
        services.reject(proposal, by=cast.icsmg_secretary, reasons="")
    assert proposal.state == S.QUALITY_ASSURANCE


def test_a_deferral_keeps_the_state_and_records_why(proposal_in, cast):
    proposal = proposal_in(S.QUALITY_ASSURANCE)
    event = services.defer(proposal, by=cast.icsmg_secretary, reason="Awaiting updated costings")
    proposal.refresh_from_db()
    assert proposal.state == S.QUALITY_ASSURANCE
    assert (event.kind, event.from_state, event.to_state) == (EventKind.DEFERRED, S.QUALITY_ASSURANCE, S.QUALITY_ASSURANCE)
    assert event.comment == "Awaiting updated costings"
    with pytest.raises(PermissionDenied):
        services.defer(proposal, by=cast.hsg_secretary, reason="Not mine to defer")


def test_returned_reasons_reach_the_author_and_resubmission_goes_back_to_triage(proposal_in, cast):
    proposal = proposal_in(S.RETURNED)
    assert proposal.events.last().comment == "Finance section needs a quarterly breakdown"
    services.resubmit(proposal, by=cast.co_author, comment="Quarterly breakdown added")
    assert proposal.state == S.SUBMITTED


# -- Who may --------------------------------------------------------------------------------

WHO_MAY = [
    # state, action, person, allowed
    (S.DRAFT, lambda p, c, u: services.submit(p, by=u), ["author", "co_author"],
     ["other_lead", "clg_secretary", "member"]),
    (S.DRAFT, lambda p, c, u: services.withdraw(p, by=u), ["author", "co_author", "admin"],
     ["other_lead", "clg_secretary"]),
    (S.SUBMITTED, lambda p, c, u: services.return_for_revision(p, by=u, reasons="r"), ["clg_secretary", "admin"],
     ["author", "icsmg_secretary", "hsg_secretary", "member", "assessor"]),
    (S.ASSESSMENT, lambda p, c, u: services.reject(p, by=u, reasons="r"), ["clg_secretary", "admin"],
     ["author", "icsmg_secretary", "jcc_secretary"]),
    (S.QUALITY_ASSURANCE, lambda p, c, u: services.quality_assure(p, by=u), ["icsmg_secretary", "admin"],
     ["author", "co_author", "clg_secretary", "hsg_secretary", "member", "assessor"]),
    (S.STAKEHOLDER_SIGNOFF, lambda p, c, u: services.sign_off(p, by=u, formal_bodies=[c.jcc]),
     ["hsg_secretary", "admin"], ["author", "icsmg_secretary", "jcc_secretary"]),
    (S.FORMAL_APPROVAL, lambda p, c, u: services.record_formal_decision(p, body=c.jcc, approved=True, by=u),
     ["jcc_secretary", "admin"], ["author", "ccg_secretary", "hsg_secretary", "member"]),
]


@pytest.mark.parametrize("state, act, allowed, refused", WHO_MAY)
def test_only_the_right_people_may_act(state, act, allowed, refused, proposal_in, cast):
    for name in refused:
        proposal = proposal_in(state)
        with pytest.raises(PermissionDenied):
            act(proposal, cast, cast.everyone[name])
        proposal.refresh_from_db()
        assert proposal.state == state, name
    for name in allowed:
        proposal = proposal_in(state)
        act(proposal, cast, cast.everyone[name])
        proposal.refresh_from_db()
        assert proposal.state != state or state == S.FORMAL_APPROVAL, name
        assert proposal.events.last().actor == cast.everyone[name]


# -- Atomicity and concurrency ---------------------------------------------------------------


def test_a_failure_inside_a_transition_leaves_neither_state_nor_event(proposal_in, cast, monkeypatch,
                                                                      django_capture_on_commit_callbacks):
    proposal = proposal_in(S.QUALITY_ASSURANCE)
    events_before = proposal.events.count()

    def broken_save(self, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ProposalEvent, "save", broken_save)
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError):
        services.quality_assure(proposal, by=cast.icsmg_secretary)
    assert callbacks == []
    proposal.refresh_from_db()
    assert proposal.state == S.QUALITY_ASSURANCE
    assert proposal.events.count() == events_before


def test_side_effects_are_sent_once_after_commit(proposal_in, cast, django_capture_on_commit_callbacks):
    proposal = proposal_in(S.QUALITY_ASSURANCE)
    received = []

    def receiver(sender, event, **kwargs):
        received.append(event)

    proposal_event_committed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            event = services.quality_assure(proposal, by=cast.icsmg_secretary)
            assert received == []  # nothing goes out before the commit
    finally:
        proposal_event_committed.disconnect(receiver)
    assert received == [event]


def test_acting_on_a_stale_page_is_told_it_has_moved_on(proposal_in, cast):
    proposal = proposal_in(S.QUALITY_ASSURANCE)
    stale = type(proposal).objects.get(pk=proposal.pk)
    services.quality_assure(proposal, by=cast.icsmg_secretary)
    with pytest.raises(MovedOn, match="moved on.*Stakeholder sign-off"):
        services.return_for_revision(stale, by=cast.admin, reasons="Too late")
    proposal.refresh_from_db()
    assert proposal.state == S.STAKEHOLDER_SIGNOFF
    assert not proposal.events.filter(to_state=S.RETURNED).exists()


def test_the_audit_trail_cannot_be_changed(proposal_in):
    proposal = proposal_in(S.SUBMITTED)
    event = proposal.events.last()
    said = event.comment
    event.comment = "rewritten"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        ProposalEvent.objects.filter(pk=event.pk).update(comment="rewritten")
    with pytest.raises(PermissionError):
        ProposalEvent.objects.all().delete()
    assert ProposalEvent.objects.get(pk=event.pk).comment == said


def test_the_event_names_the_body_the_secretary_acted_for(proposal_in, cast):
    withdrawn = proposal_in(S.SUBMITTED)
    services.withdraw(withdrawn, by=cast.author)
    assert withdrawn.events.last().body is None  # the author acts for no body
    returned = proposal_in(S.FORMAL_APPROVAL)
    services.return_for_revision(returned, by=cast.ccg_secretary, reasons="Local consultation incomplete")
    assert returned.events.last().body == cast.ccg
