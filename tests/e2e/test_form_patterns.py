"""In Chromium, each form where people hesitated, with axe and at 320 px: co-authors chosen by name, the
finance table's "Add another quarter" in place, dates in Day, Month, Year and Time boxes, the assessing
body's decision with its check step, removing an agenda item after a check, Change links that land on their
question, and the bodies list without dead links."""

import datetime
import re

import pytest
from django.utils import timezone

from governance import services as governance_services
from governance.enums import MembershipRole
from proposals.enums import ProposalState
from proposals.models import Proposal

from ..factories import PASSWORD, BodyFactory, MeetingFactory, MembershipFactory, PlaceFactory, UserFactory
from .conftest import assert_accessible, fill_date, screenshot, sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("seed_rubric")]
S = ProposalState


def test_co_authors_are_chosen_by_name(new_page, cast):
    BodyFactory(name="Cardiovascular Programme Board", sponsors_proposals=True)
    PlaceFactory(name="North ICP")
    UserFactory(username="priya", first_name="Priya", last_name="Castell")
    UserFactory(username="pat", first_name="Pat", last_name="Castleton")
    page = new_page()
    sign_in(page, "author", PASSWORD)
    page.goto("/proposals/new/")
    page.get_by_label("Proposal title").fill("Shared waiting list for cardiology")
    box = page.get_by_label("Add a co-author")
    box.fill("Cast")
    page.get_by_role("option", name=re.compile("Priya Castell")).click()
    chosen = page.get_by_role("list", name="Co-authors to add when you save")
    chosen.locator("li", has_text="Priya Castell").wait_for()
    assert box.input_value() == ""  # ready for the next
    box.fill("Castle")
    page.get_by_role("option", name=re.compile("Pat Castleton")).click()
    chosen.locator("li", has_text="Pat Castleton").wait_for()
    chosen.get_by_role("button", name=re.compile("Remove Pat Castleton")).click()
    assert chosen.locator("li", has_text="Pat Castleton").count() == 0
    assert_accessible(page, "co-authors by name")
    page.get_by_label("Sponsoring workstream").select_option(label="Cardiovascular Programme Board")
    page.get_by_label("Service area").select_option(index=1)
    page.get_by_label("North ICP").check()
    page.get_by_role("button", name="Create and continue").click()
    page.get_by_role("heading", name="Shared waiting list for cardiology").wait_for()
    assert [u.username for u in Proposal.objects.get().co_authors.all()] == ["priya"]


def test_the_finance_table_adds_a_quarter_in_place(new_page, cast, proposal_in):
    proposal = proposal_in(S.DRAFT)
    page = new_page()
    sign_in(page, "author", PASSWORD)
    page.goto(f"/proposals/{proposal.reference}/business-case/finance/")
    assert page.get_by_label("Spend (£), row 1").input_value() == "120,000"
    page.evaluate("window.notReloaded = true")
    page.get_by_role("button", name="Add another quarter").click()
    page.get_by_label("Financial year, row 3").wait_for()
    assert page.evaluate("window.notReloaded") is True  # added in place, not by a reload
    page.get_by_label("Financial year, row 2").fill("2026/27")
    page.get_by_label("Quarter, row 2").select_option(label="Q2")
    page.get_by_label("Spend (£), row 2").fill("£45,000")
    page.get_by_label("Financial year, row 3").fill("2026/27")
    page.get_by_label("Quarter, row 3").select_option(label="Q3")
    page.get_by_label("Spend (£), row 3").fill("lots")
    page.get_by_role("button", name="Save and return to the business case").click()
    assert "Enter an amount in pounds, like 45,000" in page.locator(".nhsuk-error-summary").inner_text()
    assert_accessible(page, "finance table with an error")
    screenshot(page, "finance-table")
    page.get_by_label("Spend (£), row 3").fill("30,000")
    page.get_by_role("button", name="Save and return to the business case").click()
    page.wait_for_load_state()
    errors = page.locator(".nhsuk-error-summary")
    assert not errors.count(), errors.inner_text()
    page.locator(".nhsuk-notification-banner--success").wait_for()
    assert sorted(proposal.finance_lines.values_list("quarter", "projected_spend")) == [(1, 120000), (2, 45000), (3, 30000)]


def test_a_meeting_is_arranged_with_the_date_boxes(new_page, cast):
    page = new_page()
    sign_in(page, "icsmg_secretary", PASSWORD)
    page.goto(f"/bodies/{cast.icsmg.pk}/")
    next_year = timezone.localdate().year + 1
    fill_date(page, "Date and time", datetime.datetime(next_year, 2, 28, 14, 0))
    page.get_by_role("group", name="Date and time").get_by_label("Day").fill("30")  # 30 February
    page.get_by_label("Location").fill("Civic Centre, Committee Room 2")
    page.get_by_role("button", name="Arrange the meeting").click()
    summary = page.locator(".nhsuk-error-summary")
    assert "The date and time must be a real date" in summary.inner_text()
    assert_accessible(page, "date boxes with an error")
    summary.get_by_role("link", name="The date and time must be a real date").click()
    assert page.evaluate("document.activeElement.id") == "id_starts_at_0"
    page.get_by_role("group", name="Date and time").get_by_label("Day").fill("28")
    page.get_by_role("button", name="Arrange the meeting").click()
    page.get_by_role("heading", name="Edit the agenda").wait_for()
    meeting = cast.icsmg.meetings.get()
    assert timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M") == f"{next_year}-02-28 14:00"


def test_the_assessing_body_decides_with_a_check_step(new_page, cast, proposal_in):
    proposal = proposal_in(S.ASSESSMENT)
    page = new_page()
    sign_in(page, "clg_secretary", PASSWORD)
    page.goto(f"/proposals/{proposal.reference}/scores/")
    page.get_by_label("Reject it").check()
    page.get_by_label("Reasons").fill("Duplicates the stroke network's pathway.")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check the decision before you record it").wait_for()
    assert_accessible(page, "decision check step")
    page.get_by_role("button", name="Change the reasons").click()
    assert page.get_by_label("Reasons").input_value() == "Duplicates the stroke network's pathway."
    assert page.get_by_label("Reject it").is_checked()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Reject the proposal").click()
    page.locator(".nhsuk-notification-banner--success").wait_for()
    proposal.refresh_from_db()
    assert proposal.state == S.REJECTED


def test_an_agenda_item_is_removed_after_a_check(new_page, cast):
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() + datetime.timedelta(days=20))
    governance_services.add_paper(meeting, by=cast.icsmg_secretary, title="Estates update", purpose="information")
    page = new_page()
    sign_in(page, "icsmg_secretary", PASSWORD)
    page.goto(f"/meetings/{meeting.pk}/agenda/")
    assert page.get_by_role("link", name="Back to the meeting").is_visible()
    page.get_by_role("link", name="Remove Estates update from the agenda").click()
    page.get_by_role("heading", name="Remove “Estates update” from the agenda?").wait_for()
    assert_accessible(page, "remove an item")
    assert meeting.items.count() == 1  # the check step changed nothing
    page.get_by_role("button", name="Remove the item").click()
    page.get_by_role("heading", name="Edit the agenda").wait_for()
    assert meeting.items.count() == 0


def test_change_links_land_on_their_question_and_bodies_are_not_dead_links(new_page, cast, proposal_in):
    proposal = proposal_in(S.DRAFT)
    proposal.places.add(PlaceFactory(name="North ICP"))
    page = new_page()
    sign_in(page, "author", PASSWORD)
    page.goto(f"/proposals/{proposal.reference}/business-case/check/")
    page.get_by_role("link", name="Change the service area").click()
    assert page.evaluate("location.hash") == "#id_service_area"
    assert page.get_by_label("Service area").is_visible()

    workstream = BodyFactory(name="Cardiology workstream", sponsors_proposals=True)
    MembershipFactory(body=workstream, user=cast.author, role=MembershipRole.MEMBER)
    page.goto("/bodies/")
    assert_accessible(page, "bodies list")
    links = page.locator("main a[href^='/bodies/']")
    assert links.count() == 1 and links.first.inner_text() == "Cardiology workstream"
    assert "Clinical Leadership Group" in page.locator("main").inner_text()
