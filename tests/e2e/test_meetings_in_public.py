"""In Chromium, signed out: the public site of a body that meets in public, every page checked with axe and
at 320 px; a question asked through its form, moderated by the secretary, and then published."""

import datetime
import re

import pytest
from django.utils import timezone
from weasyprint import HTML

from governance import minutes as minutes_records
from governance import packs, services
from governance.enums import AttendanceStatus, DecisionOutcome, MeetingStatus
from proposals.enums import ProposalState
from public import services as public_services
from public.models import PublicQuestion

from ..documents import upload
from ..factories import PASSWORD, MeetingFactory
from .conftest import assert_accessible, follow, sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("seed_rubric")]


@pytest.fixture
def public_body(cast, proposal_in, settings, tmp_path):
    """The ICS Management Group meets in public: a meeting ahead with its papers issued (a scored proposal,
    a paper with a PDF appended, a Part B paper) taking questions, and a past one with approved minutes."""
    settings.MEDIA_ROOT = tmp_path
    body, secretary, now = cast.icsmg, cast.icsmg_secretary, timezone.now()
    body.meets_in_public, body.public_enquiries = True, "papers@riverside-ics.invalid"
    body.save()
    past = MeetingFactory(body=body, starts_at=now - datetime.timedelta(days=30), location="Room 3, Fellside")
    paper = services.add_paper(past, by=secretary, title="Winter resilience report", purpose="information")
    services.add_paper(past, by=secretary, title="Lapwing settlement", purpose="information", part="B")
    services.record_attendance(past, {secretary: AttendanceStatus.PRESENT}, by=secretary)
    services.record_decision(paper, by=secretary, outcome=DecisionOutcome.NOTED, minute="The report was noted.")
    services.close_meeting(past, by=secretary)
    coming = MeetingFactory(body=body, starts_at=now + datetime.timedelta(days=7), location="Boardroom, Civic Centre",
                            online_link="https://example.org/live")
    services.add_proposal_to_agenda(coming, proposal_in(ProposalState.QUALITY_ASSURANCE), by=secretary,
                                    recommendations="Confirm the proposal is quality assured.")
    market = services.add_paper(coming, by=secretary, title="Provider market review", purpose="information",
                                background="The market in **each place**.")
    appendix = HTML(string="<p>Activity by place</p>").write_pdf()
    services.attach_document(market, by=secretary, title="Activity tables", file=upload("tables.pdf", appendix),
                             content_type="application/pdf", original_name="tables.pdf")
    services.add_paper(coming, by=secretary, title="Lapwing contract terms", purpose="decision", part="B")
    for part in packs.parts_needed(coming):
        packs.request_build(coming, part, by=secretary)  # built in-process: tasks run eagerly
    services.publish_meeting(coming, by=secretary)
    # The past meeting's minutes were approved at a meeting since.
    minutes = minutes_records.draft(past, by=secretary)
    between = MeetingFactory(body=body, starts_at=now - datetime.timedelta(days=2), status=MeetingStatus.IN_SESSION)
    item = minutes_records.add_to_agenda(between, minutes, by=secretary)
    services.record_decision(item, by=secretary, outcome=DecisionOutcome.AGREED)
    public_services.set_deadline(coming, by=secretary, closes_at=coming.starts_at - datetime.timedelta(days=1))
    return body, coming, past


def test_the_public_site_is_accessible_and_takes_a_question_that_the_secretary_publishes(new_page, public_body, cast):
    body, coming, past = public_body
    page = new_page()
    page.goto("/public/")
    assert_accessible(page, "public index")
    page.get_by_role("link", name="ICS Management Group").click()
    page.get_by_role("heading", name="ICS Management Group", level=1).wait_for()
    assert_accessible(page, "public body page")
    page.get_by_role("link", name=re.compile(f"{timezone.localtime(coming.starts_at):%-d %B %Y}")).first.click()
    page.get_by_role("heading", name="Agenda").wait_for()
    assert "Lapwing" not in page.content()
    assert_accessible(page, "public meeting page")

    follow(page.get_by_role("link", name="Provider market review"))
    assert "may not be accessible" in page.content()
    assert_accessible(page, "public paper page")
    page.go_back()
    proposal_item = coming.items.get(proposal__isnull=False)
    page.get_by_role("link", name=proposal_item.title).click()
    page.locator("svg[role=img]").first.wait_for()
    assert_accessible(page, "public paper page with scores")
    page.go_back()

    page.get_by_role("link", name="Ask a question").click()
    page.get_by_role("button", name="Send your question").click()
    page.locator(".nhsuk-error-summary").wait_for()
    assert "Enter your name" in page.content()
    assert_accessible(page, "question form with errors")
    page.get_by_label("Your name").fill("Sam Patel")
    page.get_by_label("Your e-mail address").fill("sam.patel@example.org")
    page.get_by_label("Which item is your question about?").select_option(label="Item A2: Provider market review")
    page.get_by_label("Your question", exact=True).fill("Will the Saturday clinics continue?")
    page.get_by_role("button", name="Send your question").click()
    page.get_by_role("heading", name="Your question has been sent").wait_for()
    assert_accessible(page, "question sent")

    for path, name in [(f"/public/{body.pk}/decisions/", "decision register"),
                       (f"/public/{body.pk}/meetings/", "past meetings"),
                       (f"/public/{body.pk}/meetings/{past.pk}/minutes/", "approved minutes"),
                       ("/public/accessibility/", "accessibility statement")]:
        page.goto(path)
        assert "Lapwing" not in page.content()
        assert_accessible(page, name)
    page.goto(f"/public/{body.pk}/meetings/{past.pk}/minutes/")
    assert "The report was noted." in page.content()

    secretary = new_page()
    sign_in(secretary, "icsmg_secretary", PASSWORD)
    secretary.goto(f"/meetings/{coming.pk}/")
    follow(secretary.get_by_role("link", name="Questions from the public"))
    assert "sam.patel@example.org" in secretary.content()
    assert_accessible(secretary, "questions from the public")
    follow(secretary.get_by_role("link", name=re.compile("Moderate")))
    assert_accessible(secretary, "moderating a question")
    secretary.get_by_label("Accept: publish it with the meeting").check()
    secretary.get_by_label("Answer (for an accepted question)").fill("Yes: the Saturday clinics continue.")
    secretary.get_by_role("button", name="Save").click()
    secretary.locator(".nhsuk-notification-banner--success").wait_for()
    assert PublicQuestion.objects.get().status == "accepted"

    page.goto(f"/public/{body.pk}/meetings/{coming.pk}/")
    assert "the Saturday clinics continue" in page.content() and "sam.patel" not in page.content()
