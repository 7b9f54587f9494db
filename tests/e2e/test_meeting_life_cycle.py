"""In Chromium: a secretary opens a meeting through its check page, and records a chair's action
through its check step; the proposal then shows it is subject to ratification."""

import datetime
import re

import pytest
from django.utils import timezone

from governance.enums import MeetingStatus, MembershipRole
from governance.models import ChairsAction, Meeting
from proposals.enums import ProposalState

from ..factories import PASSWORD, MeetingFactory, MembershipFactory, UserFactory
from .conftest import assert_accessible, follow, sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("seed_rubric")]


def test_a_secretary_opens_a_meeting_and_records_a_chairs_action(new_page, cast, proposal_in):
    begun = MeetingFactory(body=cast.jcc, starts_at=timezone.now() - datetime.timedelta(minutes=10),
                           status=MeetingStatus.PUBLISHED)
    MeetingFactory(body=cast.jcc, starts_at=timezone.now() + datetime.timedelta(days=14),
                   status=MeetingStatus.PUBLISHED)
    MembershipFactory(body=cast.jcc, role=MembershipRole.CHAIR, is_voting=True,
                      user=UserFactory(username="jcc_chair", first_name="Ruth", last_name="Chair"))
    agreeing = MembershipFactory(body=cast.jcc, is_voting=True,
                                 user=UserFactory(username="jcc_rep", first_name="Sam", last_name="Reed")).user
    proposal_in(ProposalState.FORMAL_APPROVAL)  # at formal approval: the Committee decides it

    page = new_page()
    sign_in(page, "jcc_secretary", PASSWORD)
    page.goto(f"/meetings/{begun.pk}/")
    follow(page.get_by_role("link", name="Open the meeting"))
    assert "This cannot be undone" in page.locator(".nhsuk-warning-callout").inner_text()
    assert_accessible(page, "meeting move check page")
    page.get_by_role("button", name="Open the meeting").click()
    page.locator(".nhsuk-notification-banner--success").wait_for()
    assert Meeting.objects.get(pk=begun.pk).status == MeetingStatus.IN_SESSION
    assert page.get_by_role("link", name="Record attendance").is_visible()

    page.goto(f"/bodies/{cast.jcc.pk}/")
    page.get_by_role("link", name=re.compile("Record a chair's action")).click()
    page.get_by_label("Approved", exact=True).check()
    page.get_by_label("Voting member who agreed the action with the chair").select_option(str(agreeing.pk))
    page.get_by_label("Why could the decision not wait for the next meeting?").fill("The offer lapses on Friday")
    page.get_by_role("button", name="Continue").click()
    check = page.locator(".nhsuk-warning-callout")
    assert "You are recording: Approved" in check.inner_text() and "Sam Reed" in check.inner_text()
    assert_accessible(page, "chair's action check step")
    page.get_by_role("button", name=re.compile("Change.*why it could not wait")).click()
    reason = page.get_by_label("Why could the decision not wait for the next meeting?")
    assert reason.input_value() == "The offer lapses on Friday"  # "Change" brings the answers back
    reason.fill("The provider's offer lapses on Friday")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Record the chair's action").click()
    page.locator(".nhsuk-notification-banner--success").wait_for()
    assert "Subject to ratification" in page.content()
    assert ChairsAction.objects.get().reason == "The provider's offer lapses on Friday"
