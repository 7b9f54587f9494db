"""The agenda editor in Chromium: its two forms ("Add a proposal", "Add a paper") each keep their own
radios. Clicking a label once ticked the other form's radio, and a confidential paper was saved as
Part A and printed in the public pack."""

import datetime

import pytest
from django.utils import timezone

from governance.enums import AgendaPart, Implication

from ..factories import PASSWORD, MeetingFactory
from .conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("seed_rubric")]


def test_every_radio_label_ticks_its_own_radio_and_a_part_b_paper_stays_part_b(new_page, cast):
    meeting = MeetingFactory(body=cast.jcc, starts_at=timezone.now() + datetime.timedelta(days=10))
    page = new_page()
    sign_in(page, "jcc_secretary", PASSWORD)
    page.goto(f"/meetings/{meeting.pk}/agenda/")

    radios = page.locator("input[type=radio]")
    assert radios.count() >= 7  # the proposal form's part, and the paper form's purpose and part
    for index in range(radios.count()):
        radio = radios.nth(index)
        page.locator(f"label[for='{radio.get_attribute('id')}']").click()
        assert radio.is_checked(), radio.get_attribute("id")
        others = page.locator(f"input[type=radio][name='{radio.get_attribute('name')}']")
        assert [others.nth(i).is_checked() for i in range(others.count())].count(True) == 1

    paper = page.locator(f"form[action='/meetings/{meeting.pk}/agenda/papers/']")
    paper.get_by_label("Title", exact=True).fill("Procurement evaluation scores")
    paper.get_by_text("For decision", exact=True).click()
    paper.get_by_text("Part B – confidential", exact=True).click()
    paper.get_by_label("Approve", exact=True).check()
    for implication in Implication:  # a paper for decision states each, if only as "None identified"
        paper.get_by_label(f"{implication.label} implications").fill("None identified")
    paper.get_by_role("button", name="Add the paper").click()
    page.locator(".nhsuk-notification-banner--success").wait_for()
    item = meeting.items.get()
    assert (item.title, item.part, item.asks) == ("Procurement evaluation scores", AgendaPart.CONFIDENTIAL, ["approve"])
    assert_accessible(page, "agenda editor")
