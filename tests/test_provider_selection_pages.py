"""The provider selection through its pages: what each person sees and may do, bad input refused with a
message and nothing saved, the check steps, and the representations kept to the decision-makers."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from governance import services as governance_services
from governance.enums import AttendanceStatus, DecisionOutcome
from procurement import services
from procurement.enums import SelectionStatus
from procurement.models import Provider, ProviderSelection
from procurement.regime import Process
from proposals.enums import ProposalState

from .conftest import conditions, dated, prepare_selection, sign_in, submit_provider_scores
from .factories import MeetingFactory
from .html_checks import page_problems

S = SelectionStatus
LONDON = ZoneInfo("Europe/London")


def url(name, selection_or_proposal, *args):
    proposal = getattr(selection_or_proposal, "proposal", selection_or_proposal)
    return reverse(f"procurement:{name}", args=[proposal.reference, *args])


def page(client, address, status=200):
    response = client.get(address)
    assert response.status_code == status, (address, response.status_code)
    html = response.content.decode()
    assert not page_problems(html), page_problems(html)
    return html


@pytest.fixture
def approved(cast, proposal_in):
    return proposal_in(ProposalState.APPROVED, procurement_route="most_suitable")


def test_the_author_starts_the_record_from_the_proposal(client, cast, approved):
    sign_in(client, cast.author)
    html = page(client, approved.get_absolute_url())
    assert url("selection", approved) in html
    assert "Start the provider selection record" in page(client, url("selection", approved))
    response = client.post(url("start", approved))
    selection = ProviderSelection.objects.get(proposal=approved)
    assert response.status_code == 302 and response.url == selection.get_absolute_url()
    assert "Provider selection: " in page(client, url("selection", approved))


def test_nobody_else_starts_it_or_sees_a_link_to_nothing(client, cast, approved):
    sign_in(client, cast.icsmg_secretary)
    assert url("selection", approved) not in page(client, approved.get_absolute_url())
    page(client, url("selection", approved), 404)
    assert client.post(url("start", approved)).status_code == 404
    assert not ProviderSelection.objects.exists()


def test_a_process_with_a_condition_not_ticked_is_refused_and_nothing_saved(client, cast, approved):
    selection = services.start_selection(approved, by=cast.author)
    sign_in(client, cast.author)
    html = page(client, url("process", selection))
    assert "Most suitable provider process" in html and "Competitive process" not in html
    response = client.post(url("process", selection), {
        "process": Process.MOST_SUITABLE, "conditions": conditions(Process.MOST_SUITABLE)[:2],
        "justification": "Two providers."})
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert "needs every one of its conditions" in html and "can identify the most suitable provider" in html
    assert not page_problems(html)
    selection.refresh_from_db()
    assert selection.process == ""
    response = client.post(url("process", selection), {
        "process": Process.MOST_SUITABLE, "conditions": conditions(Process.MOST_SUITABLE),
        "justification": "Two providers; the market is known."})
    selection.refresh_from_db()
    assert response.status_code == 302 and selection.process == Process.MOST_SUITABLE


def test_weights_that_do_not_make_100_are_refused(client, cast, approved):
    selection = services.start_selection(approved, by=cast.author)
    sign_in(client, cast.author)
    html = client.post(url("weights", selection), {"quality": 50, "value": 20, "integration": 20, "access": 5,
                                                    "social_value": 0}).content.decode()
    assert "Social value must count" in html
    html = client.post(url("weights", selection), {"quality": 50, "value": 20, "integration": 20, "access": 5,
                                                    "social_value": 1}).content.decode()
    assert "must add up to 100%: they add up to 96%" in html
    assert not selection.weights.exists()


def test_providers_are_added_recommended_and_removed_after_a_check(client, cast, approved):
    selection = services.start_selection(approved, by=cast.author)
    sign_in(client, cast.author)
    client.post(url("providers", selection), {"name": "<b>Valley</b> Rehabilitation CIC", "address": "4 Mill Lane"})
    provider = Provider.objects.get(selection=selection)
    html = page(client, url("providers", selection))
    assert "&lt;b&gt;Valley&lt;/b&gt; Rehabilitation CIC" in html and "<b>Valley</b>" not in html
    client.post(url("providers", selection), {"recommend": "1", "providers": provider.pk})
    provider.refresh_from_db()
    assert provider.is_recommended
    remove = url("remove_provider", selection, provider.pk)
    assert "Any scores the assessors have given it are deleted" in page(client, remove)
    client.post(remove, {})  # not confirmed: nothing happens
    assert Provider.objects.filter(pk=provider.pk).exists()
    client.post(remove, {"confirmed": "yes"})
    assert not Provider.objects.filter(pk=provider.pk).exists()


def test_an_assessor_declares_then_scores_and_a_conflicted_one_cannot(client, cast, approved):
    selection = prepare_selection(cast, approved, score=False)
    clean = services.name_assessor(selection, cast.assessors[0], by=cast.author)
    conflicted = services.name_assessor(selection, cast.assessors[1], by=cast.author)
    sign_in(client, cast.assessors[1])
    assert page(client, reverse("procurement:assessment", args=[clean.pk]), 404)
    address = reverse("procurement:assessment", args=[conflicted.pk])
    assert "Declare your interests first" in page(client, address)
    client.post(address, {"has_interest": "True", "details": "Trustee of Valley Rehabilitation CIC"})
    html = page(client, address)
    assert "do not score these providers" in html
    provider = selection.providers.first()
    response = client.post(address, {"submit": "1", f"score_{provider.pk}_quality": "5",
                                     f"rationale_{provider.pk}_quality": "Excellent"})
    assert response.status_code == 403
    assert not conflicted.scores.exists()
    client.force_login(cast.assessors[0])
    address = reverse("procurement:assessment", args=[clean.pk])
    client.post(address, {"has_interest": "False", "details": ""})
    data = {"submit": "1"}
    for p in selection.providers.all():
        for c in ("quality", "value", "integration", "access", "social_value"):
            data.update({f"score_{p.pk}_{c}": "4", f"rationale_{p.pk}_{c}": f"{p.name} is sound"})
    del data[f"rationale_{provider.pk}_value"]
    html = client.post(address, data).content.decode()
    assert "Give a rationale for" in html and not clean.scores.exists()
    data[f"rationale_{provider.pk}_value"] = "Fair price"
    assert client.post(address, data).status_code == 302
    clean.refresh_from_db()
    assert clean.status == "submitted" and clean.scores.count() == 10


def tabled_and_decided(cast, selection, when):
    meeting = MeetingFactory(body=cast.jcc, starts_at=when)
    item = services.table(selection, meeting, by=cast.jcc_secretary, part="B")
    governance_services.record_attendance(meeting, {cast.member: AttendanceStatus.PRESENT}, by=cast.jcc_secretary)
    governance_services.record_decision(item, by=cast.jcc_secretary, outcome=DecisionOutcome.APPROVED)
    selection.refresh_from_db()
    return item


def test_the_secretary_tables_it_at_a_deciding_bodys_meeting(client, cast, approved):
    selection = prepare_selection(cast, approved)
    meeting = MeetingFactory(body=cast.jcc, starts_at=timezone.now() + datetime.timedelta(days=5))
    MeetingFactory(body=cast.icsmg, starts_at=timezone.now() + datetime.timedelta(days=5))
    sign_in(client, cast.jcc_secretary)
    html = page(client, url("table", selection))
    assert "Joint CCG Committee" in html and "ICS Management Group" not in html
    response = client.post(url("table", selection), {"meeting": meeting.pk, "part": "B"})
    assert response.status_code == 302
    selection.refresh_from_db()
    assert selection.status == S.TABLED and selection.decision_item.meeting == meeting
    # The author can no longer change it.
    client.force_login(cast.author)
    response = client.post(url("contract", selection), {"contract_title": "Changed", "services": "x",
                                                        "estimated_value": "1"})
    assert response.status_code == 403
    selection.refresh_from_db()
    assert selection.contract_title == "Community neurorehabilitation"


def test_a_standstill_start_on_a_bank_holiday_moves_to_the_next_working_day(client, cast, approved):
    selection = prepare_selection(cast, approved)
    with time_machine.travel(datetime.datetime(2026, 12, 30, 10, tzinfo=LONDON), tick=False):
        tabled_and_decided(cast, selection, datetime.datetime(2026, 12, 24, 9, tzinfo=LONDON))
        sign_in(client, cast.jcc_secretary)
        response = client.post(url("standstill", selection), dated({"published_on": datetime.date(2026, 12, 28)}),
                               follow=True)
        html = response.content.decode()
        assert "Monday 28 December 2026 is not a working day (Boxing Day (observed))" in html
        assert "The standstill starts on the next working day, Tuesday 29 December 2026" in html
        assert 'name="published_on_day" value="29"' in html  # filled in, for the secretary to check
        selection.refresh_from_db()
        assert selection.status == S.DECIDED and selection.notice_published_on is None
        # A working day: the check step, then started.
        response = client.post(url("standstill", selection), dated({"published_on": datetime.date(2026, 12, 29)}))
        html = response.content.decode()
        assert "Check the standstill before you start it" in html
        assert "Midnight at the end of Tuesday 12 January 2027" in html and not page_problems(html)
        selection.refresh_from_db()
        assert selection.status == S.DECIDED
        client.post(url("standstill", selection), {**dated({"published_on": datetime.date(2026, 12, 29)}),
                                                   "confirmed": "yes"})
        selection.refresh_from_db()
        assert (selection.status, selection.standstill_ends) == (S.STANDSTILL, datetime.date(2027, 1, 12))
        html = page(client, url("selection", selection))
        # Today, 30 December, the day it began, to 12 January: 30, 31 December, 4 to 8 and 11, 12 January.
        assert "9 working days left" in html and "Tuesday 12 January 2027" in html


def test_representations_stay_with_the_decision_makers(client, cast, approved):
    selection = prepare_selection(cast, approved)
    with time_machine.travel(datetime.datetime(2026, 12, 8, 10, tzinfo=LONDON), tick=False):
        tabled_and_decided(cast, selection, datetime.datetime(2026, 12, 7, 9, tzinfo=LONDON))
        services.publish_notice(selection, by=cast.jcc_secretary, published_on=datetime.date(2026, 12, 7))
        services.log_representation(selection, by=cast.jcc_secretary, provider_name="Valley Rehabilitation CIC",
                                    received_on=datetime.date(2026, 12, 8),
                                    summary="Our bid's social value was misread by the panel.")
        address = url("representations", selection)
        for person in (cast.author, cast.co_author, cast.assessors[0], cast.icsmg_secretary, cast.clg_secretary):
            sign_in(client, person)
            assert client.get(address).status_code in (403, 404), person
            assert "misread by the panel" not in client.get(url("selection", selection)).content.decode()
            assert client.post(address, dated({"provider_name": "X", "received_on": datetime.date(2026, 12, 8),
                                               "summary": "Y"})).status_code in (403, 404)
        for person in (cast.member, cast.jcc_secretary, cast.ccg_secretary):
            sign_in(client, person)
            assert "misread by the panel" in page(client, address), person
        assert selection.representations.count() == 1


def test_the_award_has_a_check_step_and_waits_for_the_standstill(client, cast, approved):
    selection = prepare_selection(cast, approved)
    with time_machine.travel(datetime.datetime(2026, 12, 8, 10, tzinfo=LONDON), tick=False) as traveller:
        tabled_and_decided(cast, selection, datetime.datetime(2026, 12, 7, 9, tzinfo=LONDON))
        services.publish_notice(selection, by=cast.jcc_secretary, published_on=datetime.date(2026, 12, 7))
        sign_in(client, cast.jcc_secretary)
        data = dated({"awarded_on": datetime.date(2026, 12, 8)})
        client.post(url("award", selection), {**data, "confirmed": "yes"})
        selection.refresh_from_db()
        assert selection.status == S.STANDSTILL
        traveller.move_to(datetime.datetime(2026, 12, 21, 10, tzinfo=LONDON))
        sign_in(client, cast.jcc_secretary)  # signed out after a fortnight idle
        data = dated({"awarded_on": datetime.date(2026, 12, 21)})
        html = client.post(url("award", selection), data).content.decode()
        assert "Check the award before you record it" in html and "This cannot be undone" in html
        client.post(url("award", selection), {**data, "confirmed": "yes"})
        selection.refresh_from_db()
        assert selection.status == S.AWARDED and selection.awarded_on == datetime.date(2026, 12, 21)
        assert "Notice of intention to award a contract" in page(client, url("notice", selection))


def test_the_annual_summary_is_for_committee_officers(client, cast, approved):
    sign_in(client, cast.author)
    assert client.get(reverse("procurement:annual_summary")).status_code == 403
    sign_in(client, cast.jcc_secretary)
    html = page(client, reverse("procurement:annual_summary"))
    assert "Contracts awarded by the most suitable provider process" in html
    response = client.get(reverse("procurement:annual_summary"), {"year": 2026, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().startswith("Proposal,Contract,Process")
    assert client.get(reverse("procurement:annual_summary"), {"year": "1999"}).status_code == 200


def test_the_record_page_reads_a_fixed_number_of_queries_however_many_providers_and_assessors(client, cast, approved):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    selection = prepare_selection(cast, approved)
    sign_in(client, cast.author)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("selection", selection)).status_code == 200
        return len(captured)

    queries()  # the first request of a session reads what later ones find remembered
    few = queries()
    for n in range(4):
        services.add_provider(selection, by=cast.author, name=f"Provider {n}", address=f"{n} High Street")
    services.name_assessor(selection, cast.assessors[2], by=cast.author)
    for assessor in cast.assessors[:2]:  # who had submitted, score the new providers too
        submit_provider_scores(selection, assessor, lambda provider: 3)
    assert queries() == few <= 27
