"""Chair's action between meetings: who takes it, where it goes, what the proposal shows until the
body ratifies it, and the ratification; and stale posts refused with nothing saved."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from governance import services
from governance.enums import AttendanceStatus, DecisionMethod, DecisionOutcome, MeetingStatus, MembershipRole
from governance.models import ChairsAction, Decision, Meeting
from ics_commissioning.errors import ActionRefused
from proposals.enums import FormalDecision, ProposalState

from .factories import MeetingFactory, MembershipFactory, UserFactory

O = DecisionOutcome


@pytest.fixture
def jcc(cast):
    """The Joint CCG Committee with a chair and three other voting members, and its next meeting."""
    chair = MembershipFactory(body=cast.jcc, role=MembershipRole.CHAIR, is_voting=True,
                              user=UserFactory(username="jcc_chair", first_name="Ruth", last_name="Chair")).user
    others = [MembershipFactory(body=cast.jcc, is_voting=True, user=UserFactory(username=f"jcc_rep{n}")).user
              for n in range(3)]
    upcoming = MeetingFactory(body=cast.jcc, starts_at=timezone.now() + datetime.timedelta(days=10),
                              status=MeetingStatus.PUBLISHED)
    return chair, others, upcoming


def take(cast, proposal, member, **kwargs):
    return services.take_chairs_action(
        cast.jcc, proposal, by=cast.jcc_secretary, outcome=kwargs.pop("outcome", O.APPROVED),
        reason="The provider's offer lapses before the next meeting", concurring_member=member, **kwargs)


def test_a_chairs_action_moves_the_proposal_and_goes_on_the_next_agenda(cast, proposal_in, jcc):
    chair, others, upcoming = jcc
    proposal = proposal_in(ProposalState.FORMAL_APPROVAL)
    action = take(cast, proposal, others[0])
    assert (action.chair, action.concurring_member, action.is_ratified) == (chair, others[0], False)
    item = action.item
    assert item.meeting == upcoming and item.proposal == proposal
    assert "ratify the chair's action" in item.recommendations
    decision = item.decision
    assert (decision.outcome, decision.method, decision.recorded_by) == (O.APPROVED, DecisionMethod.CHAIRS_ACTION,
                                                                       cast.jcc_secretary)
    assert proposal.formal_approvals.get(body=cast.jcc).decision == FormalDecision.APPROVED
    event = proposal.events.last()
    assert event.meeting is None and event.body == cast.jcc
    assert "Chair's action by Ruth Chair with" in event.comment and "subject to ratification" in event.comment
    # The decision log records it as a chair's action, with the meeting that will ratify it.
    assert Decision.objects.get(method=DecisionMethod.CHAIRS_ACTION) == decision


def test_who_may_take_it_and_with_whom(cast, proposal_in, jcc):
    chair, others, upcoming = jcc
    proposal = proposal_in(ProposalState.FORMAL_APPROVAL)
    with pytest.raises(PermissionDenied):
        services.take_chairs_action(cast.jcc, proposal, by=cast.hsg_secretary, outcome=O.APPROVED,
                                    reason="Urgent", concurring_member=others[0])
    with pytest.raises(ActionRefused, match="other than the chair"):
        take(cast, proposal, chair)
    observer = MembershipFactory(body=cast.jcc, is_voting=False, user=UserFactory(username="observer")).user
    with pytest.raises(ActionRefused, match="Choose the voting member"):
        take(cast, proposal, observer)
    with pytest.raises(ActionRefused, match="Say why the decision could not wait"):
        services.take_chairs_action(cast.jcc, proposal, by=cast.jcc_secretary, outcome=O.APPROVED, reason=" ",
                                    concurring_member=others[0])
    with pytest.raises(ActionRefused, match="is not a decision the chair"):
        take(cast, proposal, others[0], outcome=O.DEFERRED)
    with pytest.raises(ActionRefused, match="Give the reasons"):
        take(cast, proposal, others[0], outcome=O.NOT_APPROVED)
    Meeting.objects.filter(pk=upcoming.pk).update(status=MeetingStatus.CANCELLED)
    with pytest.raises(ActionRefused, match="Arrange Joint CCG Committee's next meeting first"):
        take(cast, proposal, others[0])
    assert not ChairsAction.objects.exists() and not Decision.objects.exists()
    proposal.refresh_from_db()
    assert proposal.formal_approvals.get(body=cast.jcc).decision == FormalDecision.PENDING


def test_the_proposal_is_subject_to_ratification_until_the_meeting_ratifies_it(client, cast, proposal_in, jcc):
    chair, others, upcoming = jcc
    proposal = proposal_in(ProposalState.FORMAL_APPROVAL)
    action = take(cast, proposal, others[0])
    client.force_login(cast.jcc_secretary)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Subject to ratification" in page
    assert f"subject to ratification at its meeting of {upcoming.starts_at:%-d %B %Y}" in page
    ratify = reverse("governance:ratify", args=[upcoming.pk, action.item.pk])
    # Not before the meeting: the ratification is the meeting's own decision.
    assert "The meeting starts on" in client.post(ratify).content.decode()
    assert not ChairsAction.objects.get().is_ratified
    Meeting.objects.filter(pk=upcoming.pk).update(starts_at=timezone.now() - datetime.timedelta(minutes=5),
                                                  status=MeetingStatus.IN_SESSION)
    upcoming.refresh_from_db()
    services.record_attendance(upcoming, {others[0]: AttendanceStatus.PRESENT}, by=cast.jcc_secretary)
    html = client.post(ratify).content.decode()  # 1 of 5 voting members present: not quorate
    assert "not quorate to ratify" in html and not ChairsAction.objects.get().is_ratified
    services.record_attendance(upcoming, {p: AttendanceStatus.PRESENT for p in [chair, *others]},
                               by=cast.jcc_secretary)
    assert "This cannot be undone" in client.get(ratify).content.decode()  # the check page
    assert client.post(ratify).status_code == 302
    action.refresh_from_db()
    assert action.is_ratified and action.ratified_by == cast.jcc_secretary
    assert "Subject to ratification" not in client.get(proposal.get_absolute_url()).content.decode()
    with pytest.raises(ActionRefused, match="already been ratified"):
        services.ratify_chairs_action(action.item, by=cast.jcc_secretary)
    # The item is decided by the chair's action: the meeting does not decide it again.
    with pytest.raises(ActionRefused, match="already been recorded"):
        services.record_decision(action.item, by=cast.jcc_secretary, outcome=O.NOT_APPROVED, minute="No")


def test_the_chairs_action_pages_check_before_recording(client, cast, proposal_in, jcc):
    chair, others, upcoming = jcc
    proposal = proposal_in(ProposalState.FORMAL_APPROVAL)
    page = reverse("governance:chairs_action", args=[cast.jcc.pk, proposal.pk])
    client.force_login(cast.jcc_secretary)
    body_page = client.get(reverse("governance:body", args=[cast.jcc.pk])).content.decode()
    assert page in body_page  # the body page offers it for each proposal the body decides
    html = client.post(page, {"outcome": "approved", "reason": "", "part": "A"}).content.decode()
    assert "Say why the decision could not wait" in html and "Select the voting member" in html
    answers = {"outcome": "approved", "concurring_member": others[1].pk, "reason": "Offer lapses", "part": "A"}
    check = client.post(page, answers).content.decode()
    assert "You are recording: <strong>Approved</strong>" in check and "This cannot be undone" in check
    assert not ChairsAction.objects.exists()
    assert client.post(page, {**answers, "change": "reason"}).context["form"]["reason"].value() == "Offer lapses"
    response = client.post(page, {**answers, "confirmed": "yes"})
    assert response.status_code == 302 and ChairsAction.objects.get().concurring_member == others[1]
    meeting_page = client.get(reverse("governance:meeting", args=[upcoming.pk])).content.decode()
    assert "Taken by chair's action on" in meeting_page and "Subject to ratification" in meeting_page
    log = client.get(reverse("governance:decision_log")).content.decode()
    assert "By chair's action" in log and "for ratification at this meeting" in log


# -- Stale posts --------------------------------------------------------------------------------------


def test_a_decision_on_an_item_of_a_meeting_since_cancelled_is_refused(client, cast):
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() + datetime.timedelta(days=2),
                             status=MeetingStatus.PUBLISHED)
    item = services.add_paper(meeting, by=cast.icsmg_secretary, title="Winter plan", purpose="decision")
    services.cancel_meeting(meeting, by=cast.icsmg_secretary, reason="Industrial action")
    client.force_login(cast.icsmg_secretary)
    page = reverse("governance:decision", args=[meeting.pk, item.pk])
    html = client.post(page, {"outcome": "agreed", "minute": "Agreed", "confirmed": "yes"}).content.decode()
    assert "The meeting was cancelled: nothing can be recorded at it." in html
    assert not Decision.objects.exists()


def test_a_vote_by_someone_who_has_since_declared_an_interest_is_refused(client, cast, proposal_in, jcc):
    chair, others, _ = jcc
    meeting = MeetingFactory(body=cast.jcc, starts_at=timezone.now() - datetime.timedelta(hours=1))
    item = services.add_proposal_to_agenda(meeting, proposal_in(ProposalState.FORMAL_APPROVAL), by=cast.jcc_secretary)
    voters = [chair, *others]
    services.record_attendance(meeting, {p: AttendanceStatus.PRESENT for p in voters}, by=cast.jcc_secretary)
    client.force_login(cast.jcc_secretary)
    page = reverse("governance:decision", args=[meeting.pk, item.pk])
    answers = {"outcome": "approved", **{f"vote_{p.pk}": "for" for p in voters}}
    assert "This cannot be undone" in client.post(page, answers).content.decode()  # the check step, as it stood
    services.declare_item_interest(item, by=others[2], member=others[2], interest="Director of the provider")
    html = client.post(page, {**answers, "confirmed": "yes"}).content.decode()
    assert (f"The votes have changed since this page was loaded: {escape(others[2].get_full_name())} can no longer vote "
            "on this item") in html
    assert not Decision.objects.exists()


def test_a_second_decision_from_another_tab_is_refused(client, cast, proposal_in):
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() - datetime.timedelta(hours=1))
    item = services.add_proposal_to_agenda(meeting, proposal_in(ProposalState.QUALITY_ASSURANCE),
                                           by=cast.icsmg_secretary)
    client.force_login(cast.icsmg_secretary)
    page = reverse("governance:decision", args=[meeting.pk, item.pk])
    first = {"outcome": "quality_assured", "minute": "Assured", "confirmed": "yes"}
    # The other tab's answers: a decision that no longer fits the proposal's stage, as well as a second one.
    second = {"outcome": "quality_assured", "minute": "Assured again", "confirmed": "yes"}
    assert client.post(page, first).status_code == 302
    html = client.post(page, second).content.decode()
    assert "A decision has already been recorded for this item" in html
    assert Decision.objects.get().outcome == O.QUALITY_ASSURED
    item.proposal.refresh_from_db()
    assert item.proposal.state == ProposalState.STAKEHOLDER_SIGNOFF
