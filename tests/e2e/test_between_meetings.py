"""Between meetings in Chromium: the secretary raises an action and writes the minutes; the owner
finds the action under "Needs my action" and marks it done; the decision log, the forward work
programme and the e-mail settings pages. Each page is checked with axe and at 320 px."""

import datetime
import re

import pytest
from django.utils import timezone

from governance import services
from governance.enums import ActionStatus, MembershipRole
from governance.models import Action, Minutes

from ..factories import PASSWORD, MeetingFactory, MembershipFactory
from .conftest import assert_accessible, fill_date, screenshot, sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("seed_rubric")]


def test_actions_minutes_and_what_needs_my_action(new_page, cast):
    secretary = cast.icsmg_secretary
    MembershipFactory(body=cast.icsmg, user=cast.member, role=MembershipRole.MEMBER)
    held = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() - datetime.timedelta(days=7))  # in session
    item = services.add_paper(held, by=secretary, title="Winter plan", purpose="decision")
    services.record_decision(item, by=secretary, outcome="agreed", minute="Agreed with two changes.")
    services.record_attendance(held, {secretary: "present"}, by=secretary)
    services.close_meeting(held, by=secretary)
    coming = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() + datetime.timedelta(days=21))

    page = new_page()
    sign_in(page, secretary.username, PASSWORD)
    page.goto(f"/meetings/{held.pk}/")
    page.get_by_text("Add an action").click()
    page.get_by_label("The action").fill("Circulate the final winter plan")
    page.get_by_label("Who owns it").select_option(str(cast.member.pk))
    fill_date(page, "Due by", timezone.localdate() + datetime.timedelta(days=5))
    page.get_by_role("button", name="Add the action").click()
    page.locator(".nhsuk-notification-banner--success").wait_for()
    assert Action.objects.get().owner == cast.member

    page.get_by_role("link", name="Write the minutes").click()
    page.get_by_role("button", name="Start the minutes").click()
    page.get_by_label("Opening: welcome, apologies, whether quorate").fill("The chair welcomed members.")
    page.get_by_label("Minute: Winter plan").fill("The plan was agreed with two changes to staffing.")
    assert_accessible(page, "minutes draft")
    screenshot(page, "minutes-draft")
    page.get_by_role("button", name="Save the draft").click()
    page.locator(".nhsuk-notification-banner--success").wait_for()
    assert Minutes.objects.get().entries.get().text == "The plan was agreed with two changes to staffing."

    page.goto(f"/meetings/{coming.pk}/")
    page.get_by_role("button", name=re.compile("Put the minutes of .* on this agenda for approval")).click()
    page.locator(".nhsuk-notification-banner--success").wait_for()
    assert "Circulate the final winter plan" in page.content()  # the action log, a standing item
    assert_accessible(page, "meeting with action log")

    page.goto(f"/bodies/{cast.icsmg.pk}/actions/")
    assert "Circulate the final winter plan" in page.content()
    assert_accessible(page, "action log")
    page.goto("/decisions/")
    assert "Winter plan" in page.content()
    assert_accessible(page, "decision log")
    page.goto(f"/bodies/{cast.icsmg.pk}/programme/")
    assert "Minutes of the meeting held on" in page.content()
    assert_accessible(page, "forward work programme")
    screenshot(page, "forward-programme")

    owner = new_page()
    sign_in(owner, cast.member.username, PASSWORD)
    assert owner.get_by_role("link", name="Needs my action (1)").is_visible() or "Needs my action (1)" in owner.content()
    owner.goto("/needs-my-action/")
    assert "Circulate the final winter plan" in owner.content()
    assert_accessible(owner, "needs my action")
    screenshot(owner, "needs-my-action")
    owner.get_by_text("Mark this action done").click()
    owner.get_by_label("What was done?").fill("Sent to all members.")
    owner.get_by_role("button", name="Mark done").click()
    owner.locator(".nhsuk-notification-banner--success").wait_for()
    assert Action.objects.get().status == ActionStatus.DONE
    owner.goto("/proposals/search/?q=winter")
    assert_accessible(owner, "search")
    owner.goto("/account/api-token/")
    owner.get_by_role("button", name="Create a token").click()
    owner.locator(".nhsuk-notification-banner--success").wait_for()
    assert_accessible(owner, "API token")
    owner.goto("/account/e-mails/")
    owner.get_by_label("Once a day, in one digest e-mail").check()
    assert_accessible(owner, "e-mail settings")
    owner.get_by_role("button", name="Save").click()
    owner.locator(".nhsuk-notification-banner--success").wait_for()
