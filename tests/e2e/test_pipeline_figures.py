"""In Chromium: the pipeline's figures for a committee secretary, filtered, with axe and at 320 px."""

import datetime

import pytest
from django.utils import timezone

from analytics import services
from governance.models import Place, Route
from proposals.enums import EventKind, ProposalState
from proposals.models import ProposalEvent

from ..factories import PASSWORD, ProposalFactory
from .conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)
S = ProposalState


def test_a_secretary_reads_and_filters_the_figures(new_page, cast):
    north = Place.objects.create(name="North ICP")
    now = timezone.now()
    for n, (days, to_state) in enumerate([(3, S.FULL_CASE), (12, S.RETURNED), (30, S.REJECTED), (None, None)]):
        proposal = ProposalFactory(title=f"Shared waiting list for stroke care {n}", lead_author=cast.author,
                                   assessing_body=cast.clg, route=Route.objects.default(), submitted_at=now)
        if n % 2:
            proposal.places.add(north)
        start = now - datetime.timedelta(days=40 - n)
        ProposalEvent.objects.create(proposal=proposal, kind=EventKind.TRANSITION, from_state=S.SUBMITTED,
                                     to_state=S.ASSESSMENT, actor=cast.clg_secretary, created_at=start)
        if to_state:
            ProposalEvent.objects.create(proposal=proposal, kind=EventKind.TRANSITION, from_state=S.ASSESSMENT,
                                         to_state=to_state, actor=cast.clg_secretary,
                                         created_at=start + datetime.timedelta(days=days))
    services.rebuild()

    page = new_page()
    sign_in(page, "clg_secretary", PASSWORD)
    page.goto("/proposals/pipeline/")
    page.get_by_role("link", name="The pipeline's figures").click()
    page.get_by_role("heading", name="Pipeline figures: Clinical Leadership Group").wait_for()
    assessment = page.get_by_role("region", name="Assessment")
    assert "Waiting now" in assessment.inner_text() and "12 days" in assessment.inner_text()  # 3, 12, 30
    assert page.locator("svg[role=img] title", has_text="Assessment: proposals that left the stage").count() == 1
    assert "Shared waiting list for stroke care 3" in assessment.inner_text()  # waiting longest
    assert_accessible(page, "pipeline figures")
    screenshot(page, "pipeline-figures")

    page.get_by_label("Place").select_option(label="North ICP")
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_role("heading", name="Pipeline figures: Clinical Leadership Group").wait_for()
    text = page.get_by_role("region", name="Assessment").inner_text()
    assert "12 days" in text and "30 days" not in text  # only the one returned after 12 days left, of North ICP's
    assert "Shared waiting list for stroke care 3" in text  # the waiting one affects North ICP
    with page.expect_download() as download:
        page.get_by_role("link", name="Download these figures as a CSV file").click()
    assert "North ICP" not in download.value.suggested_filename and download.value.suggested_filename.endswith(".csv")
