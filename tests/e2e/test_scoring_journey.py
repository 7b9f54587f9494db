"""An assessor scores a proposal in Chromium; the secretary reads the summary and records the Clinical Leadership Group's support."""

import re

import pytest

from proposals.enums import ProposalState
from scoring.services import assign_assessor

from ..factories import PASSWORD
from .conftest import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("seed_rubric")]


def test_an_assessor_scores_and_the_secretary_moves_the_proposal_on(new_page, cast, proposal_in):
    proposal = proposal_in(ProposalState.ASSESSMENT)
    assessment = assign_assessor(proposal, cast.assessors[0], by=cast.clg_secretary)
    categories = list(assessment.rubric.categories.all())

    page = new_page()
    sign_in(page, "assessor0", PASSWORD)
    page.goto("/assessments/")
    page.get_by_role("link", name=re.compile(proposal.reference)).click()
    page.get_by_role("group", name=re.compile("interest to declare")).get_by_label("No").check()
    page.get_by_role("button", name="Continue").click()

    for category, score in zip(categories, [4, 3, 4, 3, 3], strict=True):
        group = page.get_by_role("group", name=re.compile(re.escape(category.name)))
        group.get_by_label(re.compile(rf"^{score} ")).check()
        if category.order < 5:
            page.get_by_label(f"Rationale for your score on “{category.name}”").fill(
                f"The business case shows what level {score} asks for.")
    page.get_by_role("button", name="Submit the assessment").click()
    summary = page.locator(".nhsuk-error-summary")
    assert "Give a rationale for your score on “Contracting & Procurement”" in summary.inner_text()
    assert_accessible(page, "assessment with an error")
    screenshot(page, "10-assessment-error")
    page.get_by_label(f"Rationale for your score on “{categories[4].name}”").fill("Contracts and timelines are set out.")
    page.get_by_role("button", name="Submit the assessment").click()
    page.locator(".nhsuk-notification-banner--success").wait_for()
    assert "Submitted" in page.locator("table").inner_text()

    secretary = new_page()
    sign_in(secretary, "clg_secretary", PASSWORD)
    secretary.goto(f"/proposals/{proposal.reference}/scores/")
    secretary.get_by_role("heading", name=re.compile("Total 17")).wait_for()
    assert secretary.locator("svg[aria-labelledby^=score-chart]").count() == 1
    assert_accessible(secretary, "score summary")
    screenshot(secretary, "11-score-summary")
    # Question 3, answered now that the outline is scored.
    assert "is there support from the Clinical Leadership Group" in secretary.content()
    secretary.get_by_role("button", name="Supported: the authors write the full business case").click()
    secretary.locator(".nhsuk-notification-banner--success").wait_for()
    assert "Full business case in development" in secretary.locator(".nhsuk-tag").first.inner_text()
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.FULL_CASE
