"""The secretary's console through the web: triage, agendas, attendance, decisions, Part B."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance import services
from governance.enums import AttendanceStatus, MeetingStatus, MembershipRole
from governance.models import AgendaItem, Decision
from proposals.enums import ProposalState, TriageQuestion

from .conftest import dated, sign_in
from .factories import MeetingFactory, MembershipFactory, UserFactory

S = ProposalState


def meeting_of(body, days=7, **kwargs):
    return MeetingFactory(body=body, starts_at=timezone.now() + datetime.timedelta(days=days), **kwargs)


def triage(proposal, action):
    return reverse(f"proposals:{action}", args=[proposal.reference])


def test_the_secretary_triages_and_accepts_for_assessment(client, proposal_in, cast):
    proposal = proposal_in(S.SUBMITTED)
    page = reverse("proposals:triage", args=[proposal.reference])
    client.force_login(cast.author)
    assert client.get(page).status_code == 403
    client.force_login(cast.clg_secretary)
    html = client.post(triage(proposal, "record_triage"), {"nationally_described": "False"}).content.decode()
    assert "Select yes if the service vulnerability affects more than one ICP" in html
    # Question 3 waits for the assessment exercise: an answer to it posted with the triage is not recorded.
    client.post(triage(proposal, "record_triage"), {"nationally_described": "False", "vulnerability_across_icps": "True",
                                                    "leadership_support": "True", "on_behalf_of": cast.clg.pk})
    assert proposal.triage_answers.get(question=TriageQuestion.VULNERABILITY_ACROSS_ICPS).answered_by == cast.clg_secretary
    assert not proposal.triage_answers.filter(question=TriageQuestion.LEADERSHIP_SUPPORT).exists()
    response = client.post(triage(proposal, "accept_for_assessment"), {"assessing_body": cast.clg.pk})
    proposal.refresh_from_db()
    assert proposal.state == S.ASSESSMENT
    assert response.url == reverse("scoring:summary", args=[proposal.reference])


def test_place_based_needs_a_reason_and_can_be_reopened(client, proposal_in, cast):
    proposal = proposal_in(S.SUBMITTED)
    client.force_login(cast.clg_secretary)
    # Question 2 says yes (the authors' answer): not place-based at triage, whatever the reason.
    client.post(triage(proposal, "refer_to_place_based"), {"reason": "Best delivered by each ICP"})
    proposal.refresh_from_db()
    assert proposal.state == S.SUBMITTED
    client.post(triage(proposal, "record_triage"), {"nationally_described": "False", "vulnerability_across_icps": "False"})
    assert "Give the reason" in client.post(triage(proposal, "refer_to_place_based"), {}).content.decode()
    client.post(triage(proposal, "refer_to_place_based"), {"reason": "Best delivered by each ICP"})
    proposal.refresh_from_db()
    assert proposal.state == S.PLACE_BASED
    client.force_login(cast.author)
    assert "Best delivered by each ICP" in client.get(proposal.get_absolute_url()).content.decode()
    client.force_login(cast.clg_secretary)
    client.post(triage(proposal, "reopen_triage"), {"reason": "New regional data"})
    proposal.refresh_from_db()
    assert proposal.state == S.SUBMITTED


def test_not_supported_after_the_assessment_is_place_based_with_question_3_answered_no(client, proposal_in, cast):
    """Question 3 answered no, on the score page once the outline is scored (not on the triage page)."""
    proposal = proposal_in(S.ASSESSMENT)
    client.force_login(cast.clg_secretary)
    assert client.post(triage(proposal, "refer_to_place_based"), {"reason": "Too early"}).status_code == 403
    decide = reverse("scoring:decide", args=[proposal.reference])
    page = client.post(decide, {"decision": "not_supported"}).content.decode()
    assert "Give the reasons" in page
    check = client.post(decide, {"decision": "not_supported", "reasons": "No support for an ICS-level solution"})
    assert "This cannot be undone" in check.content.decode()  # the check step changes nothing
    proposal.refresh_from_db()
    assert proposal.state == S.ASSESSMENT
    assert not proposal.triage_answers.filter(question=TriageQuestion.LEADERSHIP_SUPPORT).exists()
    client.post(decide, {"decision": "not_supported", "reasons": "No support for an ICS-level solution",
                         "confirmed": "yes"})
    proposal.refresh_from_db()
    assert proposal.state == S.PLACE_BASED
    answer = proposal.triage_answers.get(question=TriageQuestion.LEADERSHIP_SUPPORT)
    assert (answer.answer, answer.answered_by) == (False, cast.clg_secretary)


def test_the_agenda_offers_only_proposals_at_the_bodys_stage(client, proposal_in, cast):
    at_qa = proposal_in(S.QUALITY_ASSURANCE)
    at_signoff = proposal_in(S.STAKEHOLDER_SIGNOFF)
    meeting = meeting_of(cast.icsmg)
    page = reverse("governance:agenda", args=[meeting.pk])
    client.force_login(cast.icsmg_secretary)
    html = client.get(page).content.decode()
    assert at_qa.reference in html and at_signoff.reference not in html
    add = reverse("governance:agenda_add_proposal", args=[meeting.pk])
    html = client.post(add, {"proposal-proposal": at_signoff.pk, "proposal-part": "A"}).content.decode()
    assert "Select a valid choice" in html
    client.post(add, {"proposal-proposal": at_qa.pk, "proposal-part": "A"})
    assert list(meeting.items.values_list("proposal", flat=True)) == [at_qa.pk]


def test_a_secretary_runs_only_their_own_bodys_meetings(client, cast):
    meeting = meeting_of(cast.icsmg)
    client.force_login(cast.hsg_secretary)
    for name in ["agenda", "attendance"]:
        assert client.get(reverse(f"governance:{name}", args=[meeting.pk])).status_code == 403
    assert client.post(reverse("governance:agenda_add_paper", args=[meeting.pk]),
                       {"paper-title": "x", "paper-purpose": "information", "paper-part": "A"}).status_code == 403
    assert not meeting.items.exists()


def test_part_b_is_hidden_from_everyone_but_the_bodys_members(client, cast):
    chair = MembershipFactory(body=cast.jcc, role=MembershipRole.CHAIR, user=UserFactory(username="chair")).user
    meeting = meeting_of(cast.jcc)
    services.add_paper(meeting, by=cast.jcc_secretary, title="Update on cardiology", purpose="information")
    services.add_paper(meeting, by=cast.jcc_secretary, title="Procurement evaluation scores", purpose="decision",
                       part="B")
    page = reverse("governance:meeting", args=[meeting.pk])
    for user, sees_b in [(chair, True), (cast.member, True), (cast.jcc_secretary, True), (cast.admin, True),
                         (cast.hsg_secretary, False), (cast.clg_secretary, False)]:
        sign_in(client, user)
        html = client.get(page).content.decode()
        assert "Update on cardiology" in html, user
        assert ("Procurement evaluation scores" in html) == sees_b, user
    for user in [cast.author, cast.assessors[0]]:
        sign_in(client, user)
        assert client.get(page).status_code == 404
    part_b = AgendaItem.objects.get(part="B")
    client.force_login(cast.hsg_secretary)
    assert client.get(reverse("governance:decision", args=[meeting.pk, part_b.pk])).status_code == 403


def test_a_vote_without_quorum_is_refused_with_a_clear_message(client, proposal_in, cast):
    voters = [cast.member] + [
        MembershipFactory(body=cast.jcc, is_voting=True, user=UserFactory(username=f"rep{i}")).user for i in range(2)
    ]
    proposal = proposal_in(S.FORMAL_APPROVAL)
    meeting = meeting_of(cast.jcc, days=-0.05)  # in session: it began a little over an hour ago
    item = services.add_proposal_to_agenda(meeting, proposal, by=cast.jcc_secretary)
    services.record_attendance(meeting, {voters[0]: AttendanceStatus.PRESENT}, by=cast.jcc_secretary)
    client.force_login(cast.jcc_secretary)
    page = reverse("governance:decision", args=[meeting.pk, item.pk])
    response = client.get(page)
    html = response.content.decode()
    assert "<strong>Not quorate</strong> for this item: 1 voting member able to vote on it is present and 2 are " \
           "needed. It can only be deferred, or a paper noted" in html
    # Not quorate, so a deferral is the only decision offered: neither approval nor rejection.
    assert [value for value, _ in response.context["form"].fields["outcome"].choices] == ["deferred"]
    for outcome in ("approved", "rejected"):
        html = client.post(page, {"outcome": outcome, "minute": "Refused", f"vote_{voters[0].pk}": "for"}).content
        assert "Select a valid choice" in html.decode()
    assert not Decision.objects.exists()
    client.post(reverse("governance:attendance", args=[meeting.pk]),
                {f"member_{p.pk}": "present" for p in voters})
    html = client.post(page, {"outcome": "approved", f"vote_{voters[0].pk}": "for"}).content.decode()
    assert f"Select {voters[1].get_full_name() or voters[1].username}" in html  # every vote is required
    assert not Decision.objects.exists()
    answers = {"outcome": "approved", **{f"vote_{p.pk}": "for" for p in voters}}
    check = client.post(page, answers).content.decode()  # the check step: nothing recorded yet
    assert "You are recording: <strong>Approved</strong> by the Joint CCG Committee on" in check
    assert "3 for, 0 against, 0 abstentions" in check and "This cannot be undone" in check
    assert not Decision.objects.exists()
    changing = client.post(page, {**answers, "change": "votes"})  # "Change": the form again, as answered
    assert changing.context["form"]["outcome"].value() == "approved" and not Decision.objects.exists()
    response = client.post(page, {**answers, "confirmed": "yes"})
    assert response.status_code == 302
    assert Decision.objects.get().votes_for == 3
    meeting_page = client.get(reverse("governance:meeting", args=[meeting.pk])).content.decode()
    assert "Approved (3 for, 0 against, 0 abstentions)" in meeting_page
    services.close_meeting(meeting, by=cast.jcc_secretary)
    client.post(reverse("governance:draft_minutes", args=[meeting.pk]))
    client.force_login(cast.member)  # a member reads the draft minutes (the secretary edits them)
    minutes_page = client.get(reverse("governance:minutes", args=[meeting.pk])).content.decode()
    assert "Approved (3 for, 0 against, 0 abstentions)" in minutes_page  # the tally is minuted too
    assert proposal.formal_approvals.get(body=cast.jcc).decision == "approved"


def test_a_member_declares_an_interest_on_an_item(client, proposal_in, cast):
    meeting = meeting_of(cast.jcc, status=MeetingStatus.PUBLISHED)  # papers issued: members give notice ahead
    item = services.add_proposal_to_agenda(meeting, proposal_in(S.FORMAL_APPROVAL), by=cast.jcc_secretary)
    client.force_login(cast.member)
    client.post(reverse("governance:interest", args=[meeting.pk, item.pk]),
                {"interest": "Governor of a trust affected", "member": cast.jcc_secretary.pk})
    declaration = item.interests.get()
    assert declaration.user == cast.member  # a member declares only for themself
    html = client.get(reverse("governance:meeting", args=[meeting.pk])).content.decode()
    assert "Governor of a trust affected" in html and "does not vote on this item" in html


def test_the_secretary_arranges_a_meeting(client, cast):
    client.force_login(cast.icsmg_secretary)
    page = reverse("governance:arrange_meeting", args=[cast.icsmg.pk])
    html = client.post(page, dated({"starts_at": ""})).content.decode()
    assert "There is a problem" in html
    response = client.post(page, dated({"starts_at": "2027-01-14 14:00", "location": "Civic Centre"}))
    meeting = cast.icsmg.meetings.get()
    assert response.url == reverse("governance:agenda", args=[meeting.pk])
    client.force_login(cast.hsg_secretary)
    assert client.post(page, dated({"starts_at": "2027-02-14 14:00"})).status_code == 403
    assert cast.icsmg.meetings.count() == 1


def _queries(client, page):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).status_code == 200, page
    return len(queries)


def test_meeting_pages_use_a_fixed_number_of_queries(client, proposal_in, cast):
    def meeting_with(n):
        meeting = meeting_of(cast.icsmg)
        for _ in range(n):
            services.add_proposal_to_agenda(meeting, proposal_in(S.QUALITY_ASSURANCE), by=cast.icsmg_secretary)
            services.add_paper(meeting, by=cast.icsmg_secretary, title="Paper", purpose="information", part="B")
        return meeting

    small, large = meeting_with(1), meeting_with(8)
    client.force_login(cast.icsmg_secretary)
    for name in ["meeting", "agenda"]:
        counts = [_queries(client, reverse(f"governance:{name}", args=[m.pk])) for m in (small, large)]
        assert counts[0] == counts[1], (name, counts)
    counts = [_queries(client, reverse("governance:body", args=[cast.icsmg.pk]))]
    meeting_with(3)
    counts.append(_queries(client, reverse("governance:body", args=[cast.icsmg.pk])))
    assert counts[0] == counts[1]


def test_the_secretary_keeps_the_register_of_interests(client, cast):
    page = reverse("governance:body", args=[cast.jcc.pk])
    register = reverse("governance:register_interest", args=[cast.jcc.pk])
    client.force_login(cast.jcc_secretary)
    html = client.post(register, dated({"member": cast.member.pk, "interest": "Trustee",
                              "declared_from": "2026-05-01", "declared_to": "2026-04-01"})).content.decode()
    assert "The end date must be on or after the start date" in html
    assert not cast.jcc.registered_interests.exists()
    client.post(register, dated({"member": cast.member.pk, "interest": "Trustee of a local hospice",
                           "declared_from": "2026-05-01"}))
    assert cast.jcc.registered_interests.get().user == cast.member
    client.force_login(cast.hsg_secretary)  # sees the register, cannot add to it
    assert "Trustee of a local hospice" in client.get(page).content.decode()
    assert client.post(register, dated({"member": cast.member.pk, "interest": "x",
                                  "declared_from": "2026-05-01"})).status_code == 403


def test_plain_papers_carry_checked_documents_behind_the_part_b_rule(client, cast, settings, tmp_path):
    from .documents import EXE, PDF, upload

    settings.MEDIA_ROOT = tmp_path
    meeting = meeting_of(cast.jcc)
    paper = services.add_paper(meeting, by=cast.jcc_secretary, title="Market evaluation", purpose="decision",
                               part="B")
    attach = reverse("governance:attach_document", args=[meeting.pk, paper.pk])
    client.force_login(cast.jcc_secretary)
    field = f"document-{paper.pk}"
    html = client.post(attach, {f"{field}-title": "Scores", f"{field}-file": upload("scores.pdf", EXE)}).content.decode()
    assert "not a real .pdf file" in html and not paper.documents.exists()
    client.post(attach, {f"{field}-title": "Scores", f"{field}-file": upload("scores.pdf", PDF)})
    document = paper.documents.get()
    download = reverse("governance:paper_document", args=[meeting.pk, paper.pk, document.pk])
    assert b"".join(client.get(download).streaming_content) == PDF
    client.force_login(cast.member)  # a member of the Joint CCG Committee
    assert client.get(download).status_code == 200
    client.force_login(cast.hsg_secretary)  # not a member: Part B is hidden
    assert client.get(download).status_code == 404
