"""The whole route in Chromium, under the 2020 ICS's governance and an ICB's: triage, assessment of the
outline, the assessing body's support, the full case submitted (written in the browser in
test_lead_journey), its statutory-duty gate refusing the tabling until it is named and signed, quality
assurance, sign-off, and two stage 4 bodies (one by vote with quorum); the lead then sees "Approved"
with the timeline."""

import datetime
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from governance.enums import DutyGate, MembershipRole, OrganisationKind, Stage
from governance.models import Body, Organisation, Route, RouteGate
from proposals.enums import ProposalState
from proposals.services import submit_full_case

from ..conftest import score_all
from ..factories import PASSWORD, MeetingFactory, MembershipFactory, UserFactory, complete_full_case
from .conftest import assert_accessible, fill_date, screenshot, sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("seed_rubric")]


def add_to_agenda(page, meeting, proposal):
    page.goto(f"/meetings/{meeting.pk}/agenda/")
    page.get_by_label("Proposal at this body's stage").select_option(str(proposal.pk))
    page.get_by_role("button", name="Add the proposal").click()
    page.locator(".nhsuk-notification-banner--success").wait_for()
    page.goto(f"/meetings/{meeting.pk}/")
    page.get_by_role("link", name=re.compile("Record the decision")).click()


def record(page, expect=None, check_accessible=False):
    """Continue from the decision form to its check step, read it, and record the decision."""
    page.get_by_role("button", name="Continue").click()
    check = page.locator(".nhsuk-warning-callout")
    check.wait_for()
    assert "This cannot be undone" in check.inner_text()
    if expect:
        assert expect in check.inner_text()
    if check_accessible:
        assert_accessible(page, "decision check step")
    page.get_by_role("button", name="Record the decision").click()
    page.locator(".nhsuk-notification-banner--success").wait_for()


# The same journey under both demo profiles' governance: the seed's 2020 ICS, and an ICB of today whose
# bodies, organisations and route are its own data (the pages must speak of them by their names).
PROFILES = {
    "ics2020": {"clg": "Clinical Leadership Group", "icsmg": "ICS Management Group", "hsg": "Health Strategy Group",
                "jcc": "Joint CCG Committee", "ccg": "Riverside CCG Governing Body"},
    "icb": {"clg": "Clinical and Care Professional Committee", "icsmg": "Strategic Commissioning Committee",
            "hsg": "Northshire ICB Board", "jcc": "Joint Committee with NHS England",
            "ccg": "Riverside Place Partnership Committee", "organisation": "NHS Northshire Integrated Care Board"},
}


@pytest.fixture(params=list(PROFILES))
def names(request, cast):
    names = {key: name for key, name in PROFILES[request.param].items() if key != "organisation"}
    if request.param == "icb":
        icb = Organisation.objects.create(name="NHS Northshire Integrated Care Board", kind=OrganisationKind.ICB)
        for key, name in names.items():
            body = getattr(cast, key)
            Body.objects.filter(pk=body.pk).update(name=name)
            body.refresh_from_db()
            body.organisations.add(icb)
        Route.objects.build("Northshire ICB route", {Stage.DEVELOPMENT: cast.clg, Stage.QUALITY_ASSURANCE: cast.icsmg,
                                                     Stage.STAKEHOLDER_SIGNOFF: cast.hsg})
    return PROFILES[request.param]


def test_a_secretary_takes_a_proposal_along_the_whole_route(new_page, cast, proposal_in, names):
    proposal = proposal_in(ProposalState.SUBMITTED)
    # Its route needs a quality impact assessment before quality assurance, signed by a member of stage 1's body.
    RouteGate.objects.create(route=proposal.route, gate=DutyGate.QIA, needed_from=Stage.QUALITY_ASSURANCE,
                             signing_body=cast.clg, signing_role="Director of Nursing")
    begun = timezone.now() - datetime.timedelta(hours=1)  # each meeting is in session: it can decide
    icsmg_meeting, hsg_meeting, jcc_meeting, ccg_meeting = (
        MeetingFactory(body=body, starts_at=begun) for body in (cast.icsmg, cast.hsg, cast.jcc, cast.ccg)
    )
    voters = [cast.member] + [
        MembershipFactory(body=cast.jcc, role=MembershipRole.MEMBER, is_voting=True, organisation=f"NHS CCG {i}",
                          user=UserFactory(username=f"rep{i}")).user
        for i in range(2)
    ]

    # Clinical Leadership Group: triage, accept, assign an assessor.
    page = new_page()
    sign_in(page, "clg_secretary", PASSWORD)
    page.goto(proposal.get_absolute_url())
    page.get_by_role("link", name="Triage this proposal").click()
    # Questions 1 and 2 at triage; question 3, naming the body that assesses it, waits for the scores.
    page.get_by_role("group", name=re.compile("more than one ICP")).get_by_label("Yes").check()
    assert f"is there support from the {names['clg']}" in page.content()
    assert_accessible(page, "triage decision")
    screenshot(page, "12-triage")
    page.get_by_role("button", name="Record the triage answers").click()
    page.get_by_role("button", name="Accept for assessment").click()
    page.get_by_label("Assessor").select_option(str(cast.assessors[0].pk))
    page.get_by_role("button", name="Assign", exact=True).click()
    page.locator(".nhsuk-notification-banner--success").wait_for()

    score_all(proposal, cast.assessors[0], [4, 3, 3, 3, 3])  # the assessor's own journey is tested elsewhere
    page.reload()
    assert f"is there support from the {names['clg']}" in page.content()
    page.get_by_role("button", name="Supported: the authors write the full business case").click()
    page.locator(".nhsuk-notification-banner--success").wait_for()
    # The lead's full case in the browser is tested in test_lead_journey; here it is written and submitted.
    proposal.refresh_from_db()
    submit_full_case(complete_full_case(proposal), by=cast.author)

    # ICS Management Group: not tabled while its quality impact assessment is unsigned.
    page = new_page()
    sign_in(page, "icsmg_secretary", PASSWORD)
    page.goto(f"/meetings/{icsmg_meeting.pk}/agenda/")
    page.get_by_label("Proposal at this body's stage").select_option(str(proposal.pk))
    page.get_by_role("button", name="Add the proposal").click()
    refusal = page.locator(".nhsuk-error-summary, .nhsuk-notification-banner").first
    refusal.wait_for()
    assert "Quality impact assessment is not signed off" in page.content()
    assert not icsmg_meeting.items.exists()
    # The lead names who signs it, from the proposal's assurance panel; the signatory signs it with evidence.
    lead = new_page()
    sign_in(lead, "author", PASSWORD)
    lead.goto(proposal.get_absolute_url())
    lead.get_by_role("link", name="Name who signs the quality impact assessment").click()
    lead.get_by_label("Who signs it off?").select_option(label=cast.clg_secretary.get_full_name())
    assert_accessible(lead, "gate signatory")
    lead.get_by_role("button", name="Name the signatory").click()
    signer = new_page()
    sign_in(signer, "clg_secretary", PASSWORD)
    signer.goto(proposal.get_absolute_url())
    signer.get_by_role("link", name="Sign off the quality impact assessment").click()
    signer.get_by_label("Upload the evidence").set_input_files(
        files=[{"name": "qia.csv", "mimeType": "text/csv", "buffer": b"Assessment,QIA\nOutcome,No adverse impact\n"}])
    fill_date(signer, "Valid until", timezone.localdate() + datetime.timedelta(days=180))
    signer.get_by_label(re.compile("I have read the evidence")).check()
    assert_accessible(signer, "gate sign-off")
    signer.get_by_role("button", name="Sign it off").click()
    signer.locator(".nhsuk-notification-banner--success").wait_for()
    assert "Signed, valid until" in signer.locator(".app-assurance-panel").inner_text()

    # Now tabled, and quality assured.
    add_to_agenda(page, icsmg_meeting, proposal)
    page.get_by_label("Quality assured").check()
    page.get_by_label("Minute").fill("The Group assured the business case and its costing.")
    record(page, expect=f"Quality assured by the {names['icsmg']}")
    assert_accessible(page, "meeting page")
    screenshot(page, "13-meeting")

    # Health Strategy Group: signed off, naming two stage 4 bodies.
    page = new_page()
    sign_in(page, "hsg_secretary", PASSWORD)
    add_to_agenda(page, hsg_meeting, proposal)
    page.get_by_label("Signed off").check()
    page.get_by_label(names["jcc"]).check()
    page.get_by_label(names["ccg"]).check()
    record(page)

    # Joint CCG Committee: attendance, then a quorate vote.
    page = new_page()
    sign_in(page, "jcc_secretary", PASSWORD)
    page.goto(f"/meetings/{jcc_meeting.pk}/attendance/")
    for voter in voters:
        page.get_by_label(re.compile(re.escape(voter.get_full_name()))).select_option("present")
    page.get_by_role("button", name="Save attendance").click()
    add_to_agenda(page, jcc_meeting, proposal)
    page.get_by_label("Approved", exact=True).check()
    for voter in voters:
        page.get_by_role("group", name=re.compile(re.escape(voter.get_full_name()))).get_by_label("For").check()
    assert_accessible(page, "decision with votes")
    screenshot(page, "14-vote")
    record(page, expect=f"{len(voters)} for, 0 against, 0 abstentions", check_accessible=True)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.FORMAL_APPROVAL  # the CCG still to decide

    # The secretary builds the Committee's pack; a member downloads it and finds the proposal in it.
    page.goto(f"/meetings/{jcc_meeting.pk}/")
    page.get_by_role("button", name="Build the Part A pack").click()
    page.get_by_role("link", name=re.compile("Download the pack")).wait_for()
    member = new_page()
    sign_in(member, "member", PASSWORD)
    member.goto(f"/meetings/{jcc_meeting.pk}/")
    with member.expect_download() as download:
        member.get_by_role("link", name=re.compile("Download the pack")).click()
    pack = " ".join(sheet.extract_text() for sheet in PdfReader(download.value.path()).pages)
    pack = re.sub(r"\s+", " ", pack)
    assert names["jcc"] in pack and proposal.reference in pack and proposal.title in pack
    assert names.get("organisation", names["jcc"]) in pack  # the cover names whose body it is, from the data

    # Riverside CCG Governing Body approves: every named body has.
    page = new_page()
    sign_in(page, "ccg_secretary", PASSWORD)
    add_to_agenda(page, ccg_meeting, proposal)
    page.get_by_label("Approved", exact=True).check()
    record(page)

    # The lead sees the outcome and the whole timeline.
    page = new_page()
    sign_in(page, "author", PASSWORD)
    page.goto(proposal.get_absolute_url())
    assert page.locator(".nhsuk-tag").first.inner_text().strip() == "Approved"
    timeline = page.locator(".app-timeline").inner_text()
    for step in ["Submitted – awaiting triage → Assessment", "Assessment → Full business case in development",
                 "Full business case in development → Quality assurance",
                 "Quality assurance → Stakeholder sign-off", "Stakeholder sign-off → Formal approval",
                 "Formal approval → Approved", "Vote: 3 for, 0 against, 0 abstentions."]:
        assert step in timeline, step
    screenshot(page, "15-approved")
