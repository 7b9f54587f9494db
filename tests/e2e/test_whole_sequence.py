"""Issue 18's whole sequence, every step in Chromium by the person who takes it: the outline submitted,
triaged and scored; the assessing body's support; the full business case written and submitted; its
statutory-duty gate named and signed; the proposal tabled and decided at the ICS Management Group."""

import datetime
import re

import pytest
from django.utils import timezone

from governance.enums import DutyGate, Stage
from governance.models import RouteGate
from proposals.enums import ProposalState

from ..factories import PASSWORD, MeetingFactory
from .conftest import assert_accessible, fill_date, sign_in, write_and_submit_full_case

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("seed_rubric")]


def banner(page):
    page.locator(".nhsuk-notification-banner--success").wait_for()


def test_outline_scoring_support_full_case_gates_tabling_decision(new_page, cast, proposal_in):
    proposal = proposal_in(ProposalState.DRAFT)  # its outline written (the lead journey writes one in full)
    RouteGate.objects.create(route=proposal.choose_route()[0], gate=DutyGate.EQIA,
                             needed_from=Stage.QUALITY_ASSURANCE, signing_body=cast.clg)
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() + datetime.timedelta(minutes=30))

    # The lead submits the outline.
    lead = new_page()
    sign_in(lead, "author", PASSWORD)
    lead.goto(f"/proposals/{proposal.reference}/business-case/check/")
    lead.get_by_role("button", name="Submit the outline proposal").click()
    banner(lead)

    # The Clinical Leadership Group's secretary triages it (questions 1 and 2) and assigns an assessor.
    secretary = new_page()
    sign_in(secretary, "clg_secretary", PASSWORD)
    secretary.goto(f"/proposals/{proposal.reference}/triage/")
    secretary.get_by_role("group", name=re.compile("more than one ICP")).get_by_label("Yes").check()
    secretary.get_by_role("button", name="Record the triage answers").click()
    secretary.get_by_role("button", name="Accept for assessment").click()
    secretary.get_by_label("Assessor").select_option(str(cast.assessors[0].pk))
    secretary.get_by_role("button", name="Assign", exact=True).click()
    banner(secretary)

    # The assessor scores the outline.
    assessor = new_page()
    sign_in(assessor, "assessor0", PASSWORD)
    assessor.goto("/assessments/")
    assessor.get_by_role("link", name=re.compile(proposal.reference)).click()
    assessor.get_by_role("group", name=re.compile("interest to declare")).get_by_label("No").check()
    assessor.get_by_role("button", name="Continue").click()
    for category in proposal.assessments.get().rubric.categories.all():
        assessor.get_by_role("group", name=re.compile(re.escape(category.name))).get_by_label(re.compile(r"^4 ")).check()
        assessor.get_by_label(f"Rationale for your score on “{category.name}”").fill("The outline shows level 4.")
    assessor.get_by_role("button", name="Submit the assessment").click()
    banner(assessor)

    # The secretary records the Group's support (question 3), informed by the scores.
    secretary.goto(f"/proposals/{proposal.reference}/scores/")
    assert "is there support from the Clinical Leadership Group" in secretary.content()
    secretary.get_by_role("button", name="Supported: the authors write the full business case").click()
    banner(secretary)

    # The lead writes the rest of the full business case and submits it.
    write_and_submit_full_case(lead, proposal)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.QUALITY_ASSURANCE

    # Its equality impact assessment is named and signed before the ICS Management Group may table it.
    icsmg = new_page()
    sign_in(icsmg, "icsmg_secretary", PASSWORD)
    icsmg.goto(f"/meetings/{meeting.pk}/agenda/")
    icsmg.get_by_label("Proposal at this body's stage").select_option(str(proposal.pk))
    icsmg.get_by_role("button", name="Add the proposal").click()
    icsmg.get_by_text(re.compile("Equality impact assessment is not signed off")).first.wait_for()
    lead.goto(proposal.get_absolute_url())
    lead.get_by_role("link", name="Name who signs the equality impact assessment").click()
    lead.get_by_label("Who signs it off?").select_option(label=cast.clg_secretary.get_full_name())
    lead.get_by_role("button", name="Name the signatory").click()
    banner(lead)
    secretary.goto(proposal.get_absolute_url())
    secretary.get_by_role("link", name="Sign off the equality impact assessment").click()
    secretary.get_by_label("Upload the evidence").set_input_files(
        files=[{"name": "eqia.csv", "mimeType": "text/csv", "buffer": b"Assessment,EQIA\nOutcome,No adverse impact\n"}])
    fill_date(secretary, "Valid until", timezone.localdate() + datetime.timedelta(days=365))
    secretary.get_by_label(re.compile("I have read the evidence")).check()
    secretary.get_by_role("button", name="Sign it off").click()
    banner(secretary)

    # Tabled; the meeting begins; the decision is recorded through its check step.
    icsmg.goto(f"/meetings/{meeting.pk}/agenda/")
    icsmg.get_by_label("Proposal at this body's stage").select_option(str(proposal.pk))
    icsmg.get_by_role("button", name="Add the proposal").click()
    banner(icsmg)
    type(meeting).objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - datetime.timedelta(minutes=5),
                                                        status="in_session")
    icsmg.goto(f"/meetings/{meeting.pk}/")
    icsmg.get_by_role("link", name=re.compile("Record the decision")).click()
    icsmg.get_by_label("Quality assured").check()
    icsmg.get_by_label("Minute").fill("Assured, with the equality impact assessment signed.")
    icsmg.get_by_role("button", name="Continue").click()
    icsmg.get_by_role("button", name="Record the decision").click()
    banner(icsmg)
    assert_accessible(icsmg, "meeting after the decision")
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.STAKEHOLDER_SIGNOFF
    lead.goto(proposal.get_absolute_url())
    timeline = lead.locator(".app-timeline").inner_text()
    for step in ("Draft → Submitted", "Assessment → Full business case in development",
                 "Full business case in development → Quality assurance", "Quality assurance → Stakeholder sign-off"):
        assert step in timeline, step
