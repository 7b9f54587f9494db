"""In Chromium: from the commercial case to the award. The lead names the most suitable provider process in
the commercial case and prepares the selection's record; an assessor scores the providers; the Joint CCG
Committee's secretary tables it, starts the standstill (a Saturday refused for the next working day), reads the
notice and marks the contract awarded."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from governance import services as governance_services
from governance.enums import AttendanceStatus, DecisionOutcome
from procurement.enums import SelectionStatus
from procurement.models import ProviderSelection
from procurement.regime import KeyCriterion
from procurement.services import long_date
from procurement.working_days import next_working_day
from proposals import services
from proposals.enums import ProposalState

from ..factories import PASSWORD, MeetingFactory, complete_full_case
from .conftest import assert_accessible, fill_date, follow, screenshot, sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("seed_rubric")]
PROVIDERS = ("Riverside Community Health NHS Trust", "Valley Rehabilitation CIC")
NOTICE = "When was the notice of intention to award published?"


def test_from_the_commercial_case_to_the_award(new_page, cast, proposal_in):
    proposal = proposal_in(ProposalState.FULL_CASE)
    complete_full_case(proposal, by=cast.author)  # a variation, until the lead changes the commercial case

    # The commercial case: the lead chooses the most suitable provider process as the procurement route.
    lead = new_page()
    sign_in(lead, "author", PASSWORD)
    lead.goto(reverse("proposals:edit_section", args=[proposal.reference, "procurement"]))
    lead.get_by_label("Most suitable provider process (Provider Selection Regime)").check()
    lead.locator("textarea").fill("Two providers could run community neurorehabilitation; we know the market.")
    lead.get_by_role("button", name="Save and return to the business case").click()
    lead.locator(".nhsuk-notification-banner--success").wait_for()

    # Quality assured, signed off and approved by both bodies named to approve it.
    services.submit_full_case(proposal, by=cast.author)
    services.quality_assure(proposal, by=cast.icsmg_secretary)
    services.sign_off(proposal, by=cast.hsg_secretary, formal_bodies=[cast.jcc, cast.ccg])
    services.record_formal_decision(proposal, body=cast.jcc, approved=True, by=cast.jcc_secretary)
    services.record_formal_decision(proposal, body=cast.ccg, approved=True, by=cast.ccg_secretary)

    lead.goto(proposal.get_absolute_url())
    lead.get_by_role("link", name="The provider selection record").click()
    lead.get_by_role("button", name="Start the provider selection record").click()
    lead.get_by_role("heading", name=re.compile("Provider selection: ")).wait_for()
    selection_url = lead.url

    # The process: its last condition left unticked is refused, with the message at the field.
    lead.get_by_role("link", name="The process and why").click()
    lead.get_by_label("Most suitable provider process").check()
    boxes = lead.locator("input[name=conditions]")
    assert boxes.count() == 3
    for number in range(2):
        boxes.nth(number).check()
    lead.get_by_label("Why this process?").fill("Two credible providers; the authority knows them both well.")
    lead.get_by_role("button", name="Save").click()
    assert "can identify the most suitable provider" in lead.locator(".nhsuk-error-summary").inner_text()
    assert_accessible(lead, "the process, with an error")
    boxes.last.check()
    lead.get_by_role("button", name="Save").click()
    lead.locator(".nhsuk-notification-banner--success").wait_for()

    lead.get_by_role("link", name="The contract and the reasons for the choice").click()
    lead.get_by_label("Contract title").fill("Community neurorehabilitation")
    lead.get_by_label("Description of the services").fill("Early supported discharge and community rehabilitation.")
    lead.get_by_label("Estimated lifetime value (£)").fill("1,200,000")
    fill_date(lead, "Contract starts", datetime.date(2027, 4, 1))
    fill_date(lead, "Contract ends", datetime.date(2030, 3, 31))
    lead.get_by_label("Reasons for the choice of provider").fill("Riverside scored highest on quality.")
    lead.get_by_role("button", name="Save").click()
    lead.locator(".nhsuk-notification-banner--success").wait_for()

    lead.get_by_role("link", name="Providers considered, and the recommendation").click()
    for name, existing in zip(PROVIDERS, (True, False), strict=True):
        lead.get_by_label("Provider's name").fill(name)
        lead.get_by_label("Registered office or principal place of business").fill(f"1 Quay Street, for {name}")
        if existing:
            lead.get_by_label("It is the existing provider of these services").check()
        lead.get_by_role("button", name="Add the provider").click()
        lead.locator(".nhsuk-notification-banner--success").wait_for()
    lead.get_by_role("group", name="Which provider do you recommend?").get_by_label(PROVIDERS[0]).check()
    lead.get_by_role("button", name="Save the recommendation").click()
    lead.locator(".nhsuk-notification-banner--success").wait_for()

    lead.get_by_role("link", name="Weights of the key criteria").click()
    for criterion, weight in zip(KeyCriterion, (30, 25, 20, 15, 10), strict=True):
        lead.get_by_label(f"{criterion.label} (%)", exact=True).fill(str(weight))
    lead.get_by_role("button", name="Save").click()
    lead.locator(".nhsuk-notification-banner--success").wait_for()
    lead.get_by_label("Name an assessor").select_option(label=cast.assessors[0].get_full_name())
    lead.get_by_role("button", name="Name the assessor").click()
    lead.locator(".nhsuk-notification-banner--success").wait_for()
    record = lead.locator("main").inner_text()
    assert "£1,200,000" in record and "Most suitable provider process" in record
    assert_accessible(lead, "provider selection being prepared")

    # The assessor declares no interest and scores every provider on every key criterion.
    assessor = new_page()
    sign_in(assessor, "assessor0", PASSWORD)
    assessor.goto(selection_url)
    assessor.get_by_role("link", name="Score the providers").click()
    assessor.get_by_role("group", name=re.compile("interest in any of these providers")).get_by_label("No").check()
    assessor.get_by_role("button", name="Continue").click()
    for name in PROVIDERS:
        for criterion in KeyCriterion:
            assessor.get_by_role("group", name=f"{name}: {criterion.label}").get_by_label(
                "High" if name == PROVIDERS[0] else "Low", exact=True).check()
            assessor.get_by_label(f"Rationale: {name}, {criterion.label.lower()}").fill(f"{name} on {criterion.label}")
    assessor.get_by_role("button", name="Submit the scores").click()
    assessor.locator(".nhsuk-notification-banner--success").wait_for()

    # The Joint CCG Committee met a month ago, so its standstill has ended by today whatever today is: its
    # secretary tables the award there, in Part B, and the meeting's decision is recorded.
    meeting = MeetingFactory(body=cast.jcc, starts_at=timezone.now() - datetime.timedelta(days=30))  # in session
    secretary = new_page()
    sign_in(secretary, "jcc_secretary", PASSWORD)
    secretary.goto(selection_url)
    secretary.get_by_role("link", name="Table the decision to award").click()
    secretary.get_by_label("At which meeting?").select_option(value=str(meeting.pk))
    secretary.get_by_label("Part B – confidential").check()
    secretary.get_by_role("button", name="Add to the agenda").click()
    secretary.locator(".nhsuk-notification-banner--success").wait_for()
    selection = ProviderSelection.objects.get(proposal=proposal)
    assert selection.decision_item.meeting == meeting and selection.decision_item.part == "B"
    governance_services.record_attendance(meeting, {cast.member: AttendanceStatus.PRESENT}, by=cast.jcc_secretary)
    governance_services.record_decision(selection.decision_item, by=cast.jcc_secretary,
                                        outcome=DecisionOutcome.APPROVED)

    # A notice dated the first Saturday from the decision is refused, and the next working day offered.
    decided = timezone.localdate(meeting.starts_at)
    saturday = decided + datetime.timedelta(days=(5 - decided.weekday()) % 7)
    working_day = next_working_day(saturday)
    secretary.reload()
    secretary.get_by_role("link", name="Start the standstill").click()
    fill_date(secretary, NOTICE, saturday)
    secretary.get_by_role("button", name="Save").click()
    assert "is not a working day (Saturday)" in secretary.get_by_role("region", name="Important").inner_text()
    group = secretary.get_by_role("group", name=NOTICE)
    filled = [group.get_by_label(part).input_value() for part in ("Day", "Month", "Year")]
    assert filled == [str(working_day.day), str(working_day.month), str(working_day.year)]
    secretary.get_by_role("button", name="Save").click()
    secretary.get_by_role("heading", name="Check the standstill before you start it").wait_for()
    assert long_date(working_day) in secretary.locator("main").inner_text()
    secretary.get_by_role("button", name="Start the standstill").click()
    secretary.locator(".nhsuk-notification-banner--success").wait_for()
    assert "The standstill period has ended" in secretary.locator("#standstill-countdown").inner_text()

    follow(secretary.get_by_role("link", name="The notice's text"))
    notice = secretary.locator("#notice-text").inner_text()
    assert notice.startswith("Notice of intention to award a contract") and PROVIDERS[0] in notice
    secretary.go_back()

    today = timezone.localdate()
    secretary.get_by_role("link", name="Mark the contract awarded").click()
    fill_date(secretary, "When was the contract awarded?", today)
    secretary.get_by_role("button", name="Continue").click()
    secretary.get_by_role("heading", name="Check the award before you record it").wait_for()
    secretary.get_by_role("button", name="Mark the contract awarded").click()
    secretary.locator(".nhsuk-notification-banner--success").wait_for()
    assert secretary.locator(".nhsuk-tag").first.inner_text() == "Contract awarded"
    awarded = secretary.locator(".nhsuk-summary-list__row", has_text="Contract awarded")
    assert f"{today:%A} {today.day} {today:%B %Y}" in awarded.inner_text()
    assert_accessible(secretary, "provider selection, awarded")
    screenshot(secretary, "provider-selection")
    selection.refresh_from_db()
    assert selection.status == SelectionStatus.AWARDED and selection.awarded_on == today
