"""A body's forward work programme: the meetings ahead and their agendas, the proposals expected at
the body, and the secretary planning agendas from it."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance import services
from governance.enums import MembershipRole
from governance.models import AgendaItem
from proposals.enums import ProposalState
from proposals.models import Proposal

from .conftest import sign_in
from .factories import MeetingFactory, MembershipFactory, UserFactory

S = ProposalState


def meeting_of(body, days=7, **kwargs):
    return MeetingFactory(body=body, starts_at=timezone.now() + datetime.timedelta(days=days), **kwargs)


def programme(body):
    return reverse("governance:programme", args=[body.pk])


def add_to_meeting(body):
    return reverse("governance:programme_add", args=[body.pk])


def day(meeting):
    return f"{timezone.localtime(meeting.starts_at):%-d %B %Y}"


def expected(response):
    return [card.proposal for card in response.context["expected"]]


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_it_lists_the_meetings_ahead_in_date_order_with_what_is_on_their_agendas(client, proposal_in, cast):
    later = meeting_of(cast.icsmg, days=21, paper_deadline=timezone.localdate() + datetime.timedelta(days=14))
    sooner = meeting_of(cast.icsmg, days=3)
    past = meeting_of(cast.icsmg, days=-3)
    meeting_of(cast.hsg, days=5)  # another body's
    proposal = proposal_in(S.QUALITY_ASSURANCE)
    services.add_proposal_to_agenda(later, proposal, by=cast.icsmg_secretary)
    services.add_paper(sooner, by=cast.icsmg_secretary, title="Urgent care programme update", purpose="information")
    services.add_paper(past, by=cast.icsmg_secretary, title="Last month's finance report", purpose="information")

    client.force_login(cast.icsmg_secretary)
    response = client.get(programme(cast.icsmg))
    html = response.content.decode()
    assert response.context["meetings"] == [sooner, later]
    assert html.index(day(sooner)) < html.index(day(later))
    assert "Last month" not in html
    assert "Urgent care programme update" in html and "For information" in html
    assert proposal.title in html and proposal.reference in html and "Quality assurance" in html
    assert f"Papers due {later.paper_deadline:%-d %B %Y}" in html
    assert reverse("governance:agenda", args=[sooner.pk]) in html
    assert programme(cast.icsmg) in client.get(reverse("governance:body", args=[cast.icsmg.pk])).content.decode()


def test_part_b_items_are_listed_only_for_the_bodys_members(client, cast):
    meeting = meeting_of(cast.jcc)
    services.add_paper(meeting, by=cast.jcc_secretary, title="Cardiology update", purpose="information")
    services.add_paper(meeting, by=cast.jcc_secretary, title="Procurement evaluation scores", purpose="decision",
                       part="B")
    for user, sees_b in [(cast.member, True), (cast.jcc_secretary, True), (cast.admin, True),
                         (cast.hsg_secretary, False)]:
        sign_in(client, user)
        html = client.get(programme(cast.jcc)).content.decode()
        assert "Cardiology update" in html, user
        assert ("Procurement evaluation scores" in html) == sees_b, user


def test_expected_are_the_proposals_at_the_bodys_stage_not_yet_on_an_agenda_ahead(client, proposal_in, cast):
    waiting, newer, tabled, tabled_before = (proposal_in(S.QUALITY_ASSURANCE) for _ in range(4))
    at_another_stage = proposal_in(S.STAKEHOLDER_SIGNOFF)
    # The longest in its stage comes first, whatever the order the proposals were made in.
    Proposal.objects.filter(pk=newer.pk).update(state_changed_at=timezone.now() - datetime.timedelta(days=20))
    services.add_proposal_to_agenda(meeting_of(cast.icsmg), tabled, by=cast.icsmg_secretary)
    services.add_proposal_to_agenda(meeting_of(cast.icsmg, days=-7), tabled_before, by=cast.icsmg_secretary)

    client.force_login(cast.icsmg_secretary)
    response = client.get(programme(cast.icsmg))
    assert expected(response) == [newer, waiting, tabled_before]
    assert response.context["expected"][0].days_in_stage == 20
    html = response.content.decode()
    assert at_another_stage.reference not in html
    # The pipeline's score: two assessors' 3s in five categories.
    assert '15 <strong class="nhsuk-tag nhsuk-tag--green">Eligible</strong>' in html
    assert newer.lead_author.get_full_name() in html

    client.force_login(cast.hsg_secretary)
    assert expected(client.get(programme(cast.hsg))) == [at_another_stage]


def test_a_proposal_tabled_in_part_b_is_still_expected_for_those_who_cannot_see_part_b(client, proposal_in, cast):
    proposal = proposal_in(S.QUALITY_ASSURANCE)
    services.add_proposal_to_agenda(meeting_of(cast.icsmg), proposal, by=cast.icsmg_secretary, part="B")
    client.force_login(cast.icsmg_secretary)
    assert expected(client.get(programme(cast.icsmg))) == []
    client.force_login(cast.hsg_secretary)  # as on the pipeline, a Part B item does not say where it is going
    assert expected(client.get(programme(cast.icsmg))) == [proposal]


def test_the_secretary_adds_an_expected_proposal_to_a_meeting_ahead(client, proposal_in, cast):
    proposal = proposal_in(S.QUALITY_ASSURANCE)
    meeting_of(cast.icsmg, days=3)
    later = meeting_of(cast.icsmg, days=30)
    client.force_login(cast.icsmg_secretary)
    html = client.get(programme(cast.icsmg)).content.decode()
    assert f'<option value="{later.pk}">' in html

    response = client.post(add_to_meeting(cast.icsmg), {"proposal": proposal.pk, "meeting": later.pk}, follow=True)
    item = AgendaItem.objects.get()
    assert (item.meeting, item.proposal, item.part) == (later, proposal, "A")
    assert messages_of(response) == [f"{proposal.reference} added to the agenda of {day(later)}."]
    assert expected(response) == []
    assert response.context["meetings"][1].agenda == [item]


def test_only_the_secretary_may_add_to_an_agenda(client, proposal_in, cast):
    proposal = proposal_in(S.QUALITY_ASSURANCE)
    meeting = meeting_of(cast.icsmg)
    chair = MembershipFactory(body=cast.icsmg, role=MembershipRole.CHAIR, user=UserFactory(username="chair")).user
    for user in [chair, cast.hsg_secretary]:
        sign_in(client, user)
        html = client.get(programme(cast.icsmg)).content.decode()
        assert proposal.reference in html and 'name="meeting"' not in html, user
        assert client.post(add_to_meeting(cast.icsmg), {"proposal": proposal.pk, "meeting": meeting.pk}).status_code == 403
    assert not AgendaItem.objects.exists()


def test_it_refuses_another_bodys_meeting_a_past_meeting_and_a_proposal_at_another_stage(
    client, proposal_in, cast
):
    proposal = proposal_in(S.QUALITY_ASSURANCE)
    meeting = meeting_of(cast.icsmg)
    client.force_login(cast.icsmg_secretary)

    def add(proposal, meeting):
        response = client.post(add_to_meeting(cast.icsmg), {"proposal": proposal.pk, "meeting": meeting.pk}, follow=True)
        assert response.status_code == 200
        return messages_of(response)

    assert add(proposal, meeting_of(cast.hsg)) == ["Choose one of this body's meetings still to come"]
    assert add(proposal, meeting_of(cast.icsmg, days=-1)) == ["Choose one of this body's meetings still to come"]
    elsewhere = proposal_in(S.STAKEHOLDER_SIGNOFF)
    assert add(elsewhere, meeting) == [
        f"{elsewhere.reference} is at “Stakeholder sign-off”, which ICS Management Group does not decide."
    ]
    assert not AgendaItem.objects.exists()
    add(proposal, meeting)
    assert add(proposal, meeting) == [f"{proposal.reference} is already on this agenda."]
    assert AgendaItem.objects.count() == 1


def test_who_may_see_the_programme(client, cast):
    page = programme(cast.icsmg)
    assert client.get(page).status_code == 302  # to sign in
    for user in [cast.author, cast.assessors[0]]:
        client.force_login(user)
        assert client.get(page).status_code == 404, user
        assert client.post(page, {}).status_code == 404, user
    for user in [cast.icsmg_secretary, cast.hsg_secretary, cast.admin]:
        sign_in(client, user)
        assert client.get(page).status_code == 200, user


def _queries(client, page):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).status_code == 200
    return len(queries)


def test_the_programme_runs_a_fixed_number_of_queries(client, proposal_in, cast):
    meeting_of(cast.icsmg, days=-2)

    def add(count):
        for i in range(count):
            meeting = meeting_of(cast.icsmg, days=i + 1)
            services.add_proposal_to_agenda(meeting, proposal_in(S.QUALITY_ASSURANCE), by=cast.icsmg_secretary)
            services.add_paper(meeting, by=cast.icsmg_secretary, title="Paper", purpose="information", part="B")
            proposal_in(S.QUALITY_ASSURANCE)  # expected

    add(1)
    counts = []
    for user in [cast.icsmg_secretary, cast.hsg_secretary]:
        client.force_login(user)
        counts.append(_queries(client, programme(cast.icsmg)))
    add(4)
    for user in [cast.icsmg_secretary, cast.hsg_secretary]:
        client.force_login(user)
        counts.append(_queries(client, programme(cast.icsmg)))
    client.force_login(cast.icsmg_secretary)
    response = client.get(programme(cast.icsmg))
    assert len(response.context["meetings"]) == 5 and len(response.context["expected"]) == 5
    assert counts[:2] == counts[2:], counts
