"""A commissioning lead writes, attaches, fixes, checks and submits an outline proposal in Chromium; once
the assessing body has scored and supported it, writes and submits the full business case."""

import re

import pytest

from proposals import services
from proposals.enums import ProposalState
from proposals.models import Proposal
from scoring.services import assign_assessor, complete_assessment

from ..conftest import score_all
from ..documents import xlsx_bytes
from ..factories import PASSWORD, BodyFactory, PlaceFactory
from .conftest import assert_accessible, follow, screenshot, sign_in, write_and_submit_full_case

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("seed_rubric")]

SECTION_TEXT = {
    "Summary and case for change": "Fragmented pathways across three ICPs.\n\n- Delays in access\n- Patchy community provision",
    "Contribution to ICS aspirations": "Contributes to equity of access and to reducing avoidable ill-health.",
    "Quality and safety": "Network data show shorter transfer times for NSTEMI patients.",
    "Contracting and procurement": "Existing block contracts continue; decommissioning of two duplicate services in year two.",
}


def test_a_lead_writes_and_submits_a_business_case(new_page, cast):
    BodyFactory(name="Specialised Commissioning Strategy Board", sponsors_proposals=True)
    PlaceFactory(name="Central ICP")
    page = new_page()

    sign_in(page, "author", "wrong password")
    assert "did not match" in page.content()
    sign_in(page, "author", PASSWORD)
    page.get_by_role("heading", name="My proposals").wait_for()
    assert_accessible(page, "my proposals")
    screenshot(page, "01-my-proposals")

    page.get_by_role("link", name="Start a new proposal").click()
    page.get_by_role("button", name="Create and continue").click()
    page.locator(".nhsuk-error-summary").wait_for()
    assert_accessible(page, "new proposal with errors")
    screenshot(page, "02-new-proposal-errors")
    page.get_by_label("Proposal title").fill("Collaborative commissioning of cardiology")
    page.get_by_label("Sponsoring workstream").select_option(label="Specialised Commissioning Strategy Board")
    page.get_by_label("Service area").select_option(label="Cardiology")
    page.get_by_label("Central ICP").check()
    page.get_by_role("button", name="Create and continue").click()

    page.get_by_role("heading", name="Collaborative commissioning of cardiology").wait_for()
    proposal = Proposal.objects.get()
    assert_accessible(page, "task list")
    screenshot(page, "03-task-list")

    # Someone else cannot open the draft, even with its address.
    intruder = new_page()
    sign_in(intruder, "other_lead", PASSWORD)
    response = intruder.goto(f"/proposals/{proposal.reference}/business-case/")
    assert response.status == 404
    assert intruder.goto(f"/proposals/{proposal.reference}/").status == 404

    for title, text in SECTION_TEXT.items():
        page.get_by_role("link", name=title).click()
        page.locator("textarea").fill(text)
        if title == "Contracting and procurement":
            assert "To score 5 (Top)" in page.content()
            assert_accessible(page, "text section")
            screenshot(page, "04-section")
        page.get_by_role("button", name="Save and return to the business case").click()
        assert page.locator(f"#task-{_key(title)}-status").inner_text().strip() == "Completed"

    page.get_by_role("link", name="Finance: projected spend and savings").click()
    page.locator("textarea").fill("Savings from one contract instead of five.")
    page.get_by_label("Financial year, row 1").fill("2026")  # not the form a finance officer writes
    page.get_by_label("Quarter, row 1").select_option(label="Q1")
    page.get_by_label("Spend (£), row 1").fill("120,000")
    page.get_by_label("Savings (£), row 1").fill("£40,000")
    page.get_by_role("button", name="Save and return to the business case").click()
    summary = page.locator(".nhsuk-error-summary")
    assert "Write the financial year as 2026/27." in summary.inner_text()
    assert_accessible(page, "finance with errors")
    screenshot(page, "05-finance-error")
    page.get_by_label("Financial year, row 1").fill("2026/27")
    page.get_by_role("button", name="Save and return to the business case").click()
    assert page.locator("#task-finance_summary-status").inner_text().strip() == "Completed"

    page.get_by_role("link", name="Risks").click()
    page.get_by_label("Description").fill("Clinical workforce gaps in two trusts")
    page.get_by_label("Likelihood").select_option("3")
    page.get_by_label("Impact").select_option("4")
    page.get_by_label("Mitigation").fill("Joint appointments across the network")
    page.get_by_role("button", name="Save and return to the business case").click()

    page.get_by_role("link", name="Triage questions").click()
    page.get_by_role("group", name=re.compile("described nationally")).get_by_label("No").check()
    page.get_by_role("group", name=re.compile("more than one ICP")).get_by_label("Yes").check()
    assert_accessible(page, "triage")
    page.get_by_role("button", name="Save and return to the business case").click()

    page.get_by_role("link", name="Attachments").click()
    page.get_by_label("Document title").fill("Costing spreadsheet")
    page.get_by_label("Costing spreadsheet").check()
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "costing.xlsx", "mimeType": "application/octet-stream", "buffer": xlsx_bytes()}]
    )
    page.get_by_role("button", name="Upload", exact=True).click()
    page.get_by_role("link", name="costing.xlsx").wait_for()
    assert_accessible(page, "attachments")
    screenshot(page, "06-attachments")
    page.get_by_role("link", name="Return to the business case").click()

    follow(page.get_by_role("link", name=re.compile("Check your answers")))
    assert "Still to complete" not in page.content()
    assert page.locator("li", has_text="Delays in access").count() == 1  # simple formatting rendered
    assert_accessible(page, "check answers")
    screenshot(page, "07-check-answers")
    page.get_by_role("button", name="Submit the outline proposal").click()

    page.locator(".nhsuk-notification-banner--success").wait_for()
    assert "Submitted – awaiting triage" in page.locator(".nhsuk-tag").first.inner_text()
    assert "Draft → Submitted – awaiting triage" in page.locator(".app-timeline").inner_text()
    assert_accessible(page, "proposal page")
    screenshot(page, "08-proposal")
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED
    assert proposal.attachments.get().original_name == "costing.xlsx"

    # The Clinical Leadership Group triages and scores the outline, and supports it (question 3).
    services.accept_for_assessment(proposal, by=cast.clg_secretary)
    for assessor in cast.assessors[:2]:
        assign_assessor(proposal, assessor, by=cast.clg_secretary)
        score_all(proposal, assessor, [4, 4, 4, 4, 4])
    complete_assessment(proposal, by=cast.clg_secretary, on_behalf_of=cast.clg)

    # The lead writes the full business case: it starts from the outline's words.
    write_and_submit_full_case(page, proposal, check_accessible=True)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.QUALITY_ASSURANCE
    # Version 2 (the full case) is frozen, and says what changed since the outline's words.
    follow(page.get_by_role("link", name=re.compile("Versions submitted")))
    assert "Version 2" in page.content() and "Full business case" in page.content()
    follow(page.get_by_role("link", name="Version 2"))
    assert "Options appraisal" in page.content() and "One pathway budget" in page.content()
    assert_accessible(page, "version")


def _key(title):
    return {
        "Summary and case for change": "summary", "Contribution to ICS aspirations": "ics_aspirations",
        "Quality and safety": "quality_safety", "Contracting and procurement": "contracting",
    }[title]


def test_the_guide_is_accessible(new_page, cast):
    page = new_page()
    sign_in(page, "author", PASSWORD)
    page.goto("/proposals/how-it-works/")
    page.get_by_role("heading", name="How a commissioning proposal is decided").wait_for()
    assert_accessible(page, "how it works")
    screenshot(page, "09-how-it-works")
