"""
Meetings in public: the public site of a body that meets in public (its meetings, Part A papers as
published, approved minutes, decision register, calendar and feed), questions from the public, and the
published pack, a tagged PDF/UA-1 checked here with pikepdf (veraPDF is not in the registries we may
install from).
"""

import datetime
import io
import re
import xml.etree.ElementTree as ET

import pikepdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader
from weasyprint import HTML

from governance import packs, services
from governance.enums import AttendanceStatus, DecisionOutcome, MeetingStatus, PackStatus
from governance.models import Attendance, BoardPack, Meeting, MinuteEntry
from governance.packs import accessible
from notifications import needs
from notifications.models import Notification
from proposals.enums import ProposalState
from public import services as public_services
from public.models import PublicQuestion, QuestionStatus
from scoring.services import assign_assessor

from .conftest import dated, issue_papers, score_all
from .documents import CSV, upload
from .factories import MeetingFactory

HOSTILE = "<script>alert('x')</script> & \u201cquotes\u201d"
CONTACT = "papers@riverside-ics.invalid"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def appendix():
    """An untagged two-page PDF, as another organisation's report often is."""
    return HTML(string="<p>Appendix page one</p><p style='break-before: page'>Appendix page two</p>").write_pdf()


@pytest.fixture
def tagged_appendix():
    return HTML(string="<html lang='en'><title>Tagged</title><p>Tagged appendix</p></html>").write_pdf(
        pdf_variant="pdf/ua-1")


@pytest.fixture
def body(cast):
    cast.icsmg.meets_in_public = True
    cast.icsmg.public_enquiries = CONTACT
    cast.icsmg.purpose = "Assures the quality of the ICS's commissioning proposals."
    cast.icsmg.save()
    return cast.icsmg


@pytest.fixture
def published(body, cast, proposal_in, appendix, tagged_appendix, django_capture_on_commit_callbacks):
    """A meeting of the ICS Management Group, held in public, with its papers issued: a proposal with its
    scores, a plain paper with a hostile title and two PDFs appended (one tagged), and a Part B paper."""
    secretary = cast.icsmg_secretary
    meeting = MeetingFactory(body=body, starts_at=timezone.now() + datetime.timedelta(days=7),
                             location="Boardroom, Civic Centre", online_link="https://example.org/live")
    services.add_proposal_to_agenda(meeting, proposal_in(ProposalState.QUALITY_ASSURANCE), by=secretary,
                                    recommendations="Confirm the proposal is quality assured.")
    paper = services.add_paper(meeting, by=secretary, title=f"Provider market review {HOSTILE}", purpose="information",
                               background="The market in **each place**.")
    services.attach_document(paper, by=secretary, title="Activity tables", file=upload("tables.pdf", appendix),
                             content_type="application/pdf", original_name="tables.pdf")
    services.attach_document(paper, by=secretary, title="Workforce plan", file=upload("plan.pdf", tagged_appendix),
                             content_type="application/pdf", original_name="plan.pdf")
    services.attach_document(paper, by=secretary, title="Spend by quarter", file=upload("spend.csv", CSV),
                             content_type="text/csv", original_name="spend.csv")
    services.add_paper(meeting, by=secretary, title="Lapwing contract settlement", purpose="decision", part="B")
    # Its papers issued (publish_meeting's own path is tried below): the Part A pack built for a published
    # meeting is published by its build. Part B's pack is not needed here: the public never reads it.
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.PUBLISHED)
    meeting.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        packs.request_build(meeting, "A", by=secretary)
    return meeting


def published_pack(meeting):
    pack = BoardPack.objects.get(meeting=meeting, part="A", status=PackStatus.READY)
    assert pack.accessible_file, pack.accessible_error
    with pack.accessible_file.open("rb") as file:
        return pack, file.read()


# -- The published pack: PDF/UA-1, checked with pikepdf ----------------------------------------------


def structure(pdf):
    """[(structure type, its /Alt)] of the tagged PDF's structure tree, depth first."""
    found = []

    def walk(node):
        if isinstance(node, pikepdf.Array):
            for child in node:
                walk(child)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            found.append((str(node.S), str(node.get("/Alt", ""))))
            walk(node.get("/K"))

    walk(pdf.Root.StructTreeRoot.K)
    return found


def untagged_operators(page):
    """Painting operators on a page outside any marked-content sequence (tagged, or an artifact)."""
    painting = {"Tj", "TJ", "'", '"', "Do", "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh", "BI"}
    depth, loose = 0, []
    for _operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if name in ("BDC", "BMC"):
            depth += 1
        elif name == "EMC":
            depth -= 1
        elif name in painting and depth == 0:
            loose.append(name)
    return loose


def test_the_published_pack_is_a_tagged_pdf_ua_with_headings_tables_title_language_and_chart_alternatives(published):
    pack, data = published_pack(published)
    pdf = pikepdf.open(io.BytesIO(data))
    root = pdf.Root
    assert str(root.Lang) == "en-GB"
    assert bool(root.MarkInfo.Marked) is True
    assert bool(root.ViewerPreferences.DisplayDocTitle) is True
    assert "ICS Management Group" in str(pdf.docinfo["/Title"]) and "board pack" in str(pdf.docinfo["/Title"])
    with pdf.open_metadata() as xmp:
        assert xmp.get("pdfuaid:part") == "1"
    tags = structure(pdf)
    kinds = {kind for kind, _ in tags}
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/Link"} <= kinds
    figures = [alt for kind, alt in tags if kind == "/Figure"]
    assert figures and all(alt.strip() for alt in figures)
    # The score chart's alternative gives the scores as a sentence.
    assert any(alt.startswith("Scores by category:") and re.search(r"\d", alt) for alt in figures)
    # Bookmarks: the front matter's sections, each paper, and each appended document.
    outline = [str(item.title) for item in pdf.open_outline().root]
    assert "Contents" in outline and any("Provider market review" in title for title in outline)


def test_the_pack_s_own_pages_have_no_untagged_content_appended_pdfs_are_labelled_and_the_working_pack_stays(
        published):
    pack, data = published_pack(published)
    pdf = pikepdf.open(io.BytesIO(data))
    reader = PdfReader(io.BytesIO(data))
    texts = [page.extract_text() for page in reader.pages]
    for index, page in enumerate(pdf.pages):
        assert untagged_operators(page) == [], f"page {index + 1} has untagged content"
    appended = [text for text in texts if "appended document" in text]
    assert len(appended) == 3  # two pages of the untagged PDF, one of the tagged one
    assert all("It may not be accessible" in text and CONTACT in text for text in appended if "Activity" in text)
    assert all("It is a tagged PDF" in text for text in appended if "Workforce plan" in text)
    # The appended pages are drawn in, as artifacts: their own text is on the page.
    assert any("Appendix page two" in text for text in texts)
    # Part B never reaches it, and what was typed is printed as text.
    joined = "\n".join(texts)
    assert "Lapwing" not in joined and "<script>alert('x')</script>" in " ".join(joined.split())
    # The page numbers are WeasyPrint's own, on every page.
    assert f"Page {len(texts)} of {len(texts)}" in texts[-1]
    # The members' working version stays as it was: put together from pages, untagged.
    with pack.file.open("rb") as file:
        assert "/StructTreeRoot" not in pikepdf.open(io.BytesIO(file.read())).Root
    assert [d["tagged"] for d in pack.printed["items"][1]["documents"]] == [False, True, False]


def test_a_draft_meeting_s_pack_is_not_published_and_publishing_makes_the_tagged_version(
        body, cast, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(body=body, starts_at=timezone.now() + datetime.timedelta(days=7))
    services.add_paper(meeting, by=cast.icsmg_secretary, title="Winter plan", purpose="information")
    with django_capture_on_commit_callbacks(execute=True):
        pack = packs.request_build(meeting, "A", by=cast.icsmg_secretary)
    pack.refresh_from_db()
    assert pack.status == PackStatus.READY and not pack.accessible_file
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_meeting(meeting, by=cast.icsmg_secretary)
    pack.refresh_from_db()
    assert pack.accessible_file and pack.printed["items"][0]["title"] == "Winter plan"


def test_replacing_a_published_pack_publishes_the_new_version(published, cast, django_capture_on_commit_callbacks):
    first, _ = published_pack(published)
    with django_capture_on_commit_callbacks(execute=True):
        services.add_paper(published, by=cast.icsmg_secretary, title="Late paper on discharge", purpose="information")
    latest = BoardPack.objects.filter(meeting=published, part="A").order_by("-version").first()
    assert latest.version == first.version + 1 and latest.accessible_file
    assert any(item["title"] == "Late paper on discharge" for item in latest.printed["items"])
    assert public_services.published_pack(published) == latest


def test_a_published_version_missed_while_the_broker_was_down_is_asked_for_again(body, cast, published):
    pack = BoardPack.objects.get(meeting=published, part="A", status=PackStatus.READY)
    BoardPack.objects.filter(pk=pack.pk).update(accessible_file="", printed=None,
                                                built_at=timezone.now() - datetime.timedelta(minutes=5))
    assert accessible.requeue_unpublished() == [pack]  # the task runs eagerly here
    pack.refresh_from_db()
    assert pack.accessible_file
    assert accessible.requeue_unpublished() == []


# -- The public pages -------------------------------------------------------------------------------


def public_urls(meeting):
    body = meeting.body_id
    paper = meeting.items.filter(part="A").order_by("order").first()
    return [
        reverse("public:index"), reverse("public:accessibility"), reverse("public:body", args=[body]),
        reverse("public:past_meetings", args=[body]), reverse("public:decisions", args=[body]),
        reverse("public:meeting", args=[body, meeting.pk]), reverse("public:paper", args=[body, meeting.pk, paper.pk]),
        reverse("public:calendar", args=[body]), reverse("public:papers_feed", args=[body]),
    ]


def test_the_public_pages_need_no_sign_in_and_show_part_a_only(client, published):
    for url in public_urls(published):
        response = client.get(url)
        assert response.status_code == 200, url  # not a redirect to sign in
        text = response.content.decode()
        assert "Lapwing" not in text, url
        assert "<script>alert" not in text, url
    page = client.get(reverse("public:meeting", args=[published.body_id, published.pk])).content.decode()
    assert "Provider market review &lt;script&gt;" in page
    assert "Boardroom, Civic Centre" in page and "https://example.org/live" in page
    assert "Ask a question" not in page  # no deadline set: no questions


def test_a_paper_is_its_page_as_published_with_its_scores_chart_and_documents(client, published):
    proposal_item = published.items.get(proposal__isnull=False)
    page = client.get(reverse("public:paper", args=[published.body_id, published.pk, proposal_item.pk]))
    text = page.content.decode()
    assert "Scoring summary" in text and "<svg" in text and "Weighted total" in text
    market = published.items.get(title__startswith="Provider market review")
    text = client.get(reverse("public:paper", args=[published.body_id, published.pk, market.pk])).content.decode()
    assert "may not be accessible" in text and CONTACT in text
    download = client.get(reverse("public:paper_document", args=[published.body_id, published.pk, market.pk, 1]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    # Only what the published pack holds is published: not the CSV, which was never printed in it.
    assert "not published with the papers" in text
    for number in (3, 9):
        assert client.get(reverse("public:paper_document", args=[published.body_id, published.pk, market.pk, number])
                          ).status_code == 404
    pack = client.get(reverse("public:pack", args=[published.body_id, published.pk]))
    assert pack.status_code == 200 and pack["Content-Type"] == "application/pdf"


def test_part_b_papers_other_bodies_and_unissued_meetings_are_not_found(client, published, cast):
    part_b = published.items.get(part="B")
    body = published.body_id
    assert client.get(reverse("public:paper", args=[body, published.pk, part_b.pk])).status_code == 404
    # A body that does not meet in public has no public site.
    other = MeetingFactory(body=cast.hsg, starts_at=timezone.now() + datetime.timedelta(days=3))
    for url in (reverse("public:body", args=[cast.hsg.pk]), reverse("public:meeting", args=[cast.hsg.pk, other.pk]),
                reverse("public:calendar", args=[cast.hsg.pk]), reverse("public:decisions", args=[cast.hsg.pk]),
                reverse("public:meeting", args=[body, other.pk])):
        assert client.get(url).status_code == 404, url
    # A meeting not yet issued shows its date and place, never its agenda.
    draft = MeetingFactory(body=published.body, starts_at=timezone.now() + datetime.timedelta(days=30))
    services.add_paper(draft, by=cast.icsmg_secretary, title="Draft-only estates paper", purpose="information")
    text = client.get(reverse("public:meeting", args=[body, draft.pk])).content.decode()
    assert "published here when they are issued" in text and "Draft-only estates paper" not in text
    assert client.get(reverse("public:pack", args=[body, draft.pk])).status_code == 404
    assert client.get(reverse("public:minutes", args=[body, draft.pk])).status_code == 404


def hold(meeting, cast, capture):
    """Open the meeting, record attendance and its decisions, close it, and approve its minutes at the next."""
    secretary = cast.icsmg_secretary
    meeting.starts_at = timezone.now() - datetime.timedelta(hours=2)
    meeting.save()
    services.open_meeting(meeting, by=secretary)
    Attendance.objects.create(meeting=meeting, user=secretary, status=AttendanceStatus.PRESENT)
    for item in meeting.items.filter(part="A", proposal__isnull=True):
        services.record_decision(item, by=secretary, outcome=DecisionOutcome.NOTED, minute="Noted the review.")
    services.record_decision(meeting.items.get(part="B"), by=secretary, outcome=DecisionOutcome.AGREED,
                             minute="Lapwing settlement approved.")
    services.close_meeting(meeting, by=secretary)


def test_decisions_and_approved_minutes_are_published_and_drop_the_cached_pages(
        client, published, cast, public_cache, django_capture_on_commit_callbacks):
    body = published.body_id
    register = reverse("public:decisions", args=[body])
    assert "No decisions have been taken" in client.get(register).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        hold(published, cast, django_capture_on_commit_callbacks)
    text = client.get(register).content.decode()
    assert "Provider market review" in text and "Noted" in text and "Lapwing" not in text
    assert "Noted the review." not in text  # the minute waits for the minutes' approval
    minutes_url = reverse("public:minutes", args=[body, published.pk])
    meeting_url = reverse("public:meeting", args=[body, published.pk])
    assert client.get(minutes_url).status_code == 404
    assert "Read the approved minutes" not in client.get(meeting_url).content.decode()
    from governance import minutes as minutes_records

    record = minutes_records.draft(published, by=cast.icsmg_secretary)
    MinuteEntry.objects.filter(minutes=record).update(text="Minuted in public: the review was noted.")
    next_meeting = MeetingFactory(body=published.body, starts_at=timezone.now() - datetime.timedelta(minutes=30),
                                  status=MeetingStatus.IN_SESSION)
    item = minutes_records.add_to_agenda(next_meeting, record, by=cast.icsmg_secretary)
    with django_capture_on_commit_callbacks(execute=True):
        services.record_decision(item, by=cast.icsmg_secretary, outcome=DecisionOutcome.AGREED)
    text = client.get(minutes_url).content.decode()
    assert "Minuted in public" in text and "Lapwing" not in text
    assert "Read the approved minutes" in client.get(meeting_url).content.decode()


def test_a_cached_public_page_costs_no_query_and_a_change_to_its_meeting_drops_it(
        client, published, cast, public_cache, django_capture_on_commit_callbacks):
    url = reverse("public:meeting", args=[published.body_id, published.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) == 0
    with django_capture_on_commit_callbacks(execute=True):
        published.location = "Council Chamber, Town Hall"
        published.save()
    assert "Council Chamber, Town Hall" in client.get(url).content.decode()


def test_the_meeting_page_s_queries_do_not_grow_with_its_papers(client, body, cast, django_capture_on_commit_callbacks):
    def queries_for(papers):
        meeting = MeetingFactory(body=body, starts_at=timezone.now() + datetime.timedelta(days=papers))
        for number in range(papers):
            services.add_paper(meeting, by=cast.icsmg_secretary, title=f"Paper {number}", purpose="information")
        issue_papers(meeting, cast.icsmg_secretary, django_capture_on_commit_callbacks)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("public:meeting", args=[body.pk, meeting.pk])).status_code == 200
        return len(queries)

    assert queries_for(1) == queries_for(6)


# -- Questions from the public ---------------------------------------------------------------------


@pytest.fixture
def taking_questions(body, cast):
    """A meeting of the body with its papers issued (its packs are not needed here), taking questions."""
    meeting = MeetingFactory(body=body, starts_at=timezone.now() + datetime.timedelta(days=7),
                             status=MeetingStatus.PUBLISHED)
    services.add_paper(meeting, by=cast.icsmg_secretary, title="Provider market review", purpose="information")
    services.add_paper(meeting, by=cast.icsmg_secretary, title="Lapwing contract settlement", purpose="decision",
                       part="B")
    public_services.set_deadline(meeting, by=cast.icsmg_secretary,
                                 closes_at=meeting.starts_at - datetime.timedelta(days=1))
    return meeting


def ask_url(meeting):
    return reverse("public:ask", args=[meeting.body_id, meeting.pk])


def test_a_question_is_asked_moderated_and_published_without_its_e_mail_address(
        client, taking_questions, cast, django_capture_on_commit_callbacks):
    meeting = taking_questions
    item = meeting.items.get(part="A")
    page = client.get(reverse("public:meeting", args=[meeting.body_id, meeting.pk])).content.decode()
    assert "Ask a question" in page
    response = client.post(ask_url(meeting), {"name": "  Sam   Patel ", "email": "sam.patel@example.org",
                                              "question": "Will the clinic stay open on Saturdays?", "item": item.pk})
    assert response.status_code == 302 and response.url == reverse("public:question_sent",
                                                                   args=[meeting.body_id, meeting.pk])
    question = PublicQuestion.objects.get()
    assert (question.name, question.item, question.status) == ("Sam Patel", item, QuestionStatus.RECEIVED)
    assert "127.0.0.1" not in question.sender and len(question.sender) == 64  # a keyed hash, not the address
    meeting_url = reverse("public:meeting", args=[meeting.body_id, meeting.pk])
    assert "Saturdays" not in client.get(meeting_url).content.decode()  # not until it is accepted
    with django_capture_on_commit_callbacks(execute=True):
        public_services.moderate(question, by=cast.icsmg_secretary, status=QuestionStatus.ACCEPTED,
                                 answer="Yes: Saturday clinics continue.")
    text = client.get(meeting_url).content.decode()
    assert "Saturdays" in text and "Saturday clinics continue" in text and "Sam Patel" in text
    assert "sam.patel" not in text
    for url in public_urls(meeting):
        assert "sam.patel" not in client.get(url).content.decode(), url


def test_a_declined_question_needs_a_reason_and_is_never_published(client, taking_questions, cast):
    question = PublicQuestion.objects.create(meeting=taking_questions, name="Alex", email="alex@example.org",
                                             question="Off-topic complaint about parking", sender="x" * 64)
    from ics_commissioning.errors import ActionRefused

    with pytest.raises(ActionRefused, match="Say why"):
        public_services.moderate(question, by=cast.icsmg_secretary, status=QuestionStatus.DECLINED)
    question.refresh_from_db()
    assert question.status == QuestionStatus.RECEIVED
    public_services.moderate(question, by=cast.icsmg_secretary, status=QuestionStatus.DECLINED,
                             reason="Not about the meeting's business: passed to the estates team.")
    text = client.get(reverse("public:meeting", args=[taking_questions.body_id, taking_questions.pk])).content.decode()
    assert "parking" not in text


def test_only_the_body_s_secretary_moderates(client, taking_questions, cast):
    question = PublicQuestion.objects.create(meeting=taking_questions, name="Alex", email="alex@example.org",
                                             question="Why now?", sender="x" * 64)
    url = reverse("governance:moderate_question", args=[taking_questions.pk, question.pk])
    for user in (cast.hsg_secretary, cast.member, cast.author):
        client.force_login(user)
        response = client.post(url, {"status": "accepted", "answer": "Because."})
        assert response.status_code in (403, 404)
    question.refresh_from_db()
    assert question.status == QuestionStatus.RECEIVED
    client.force_login(cast.icsmg_secretary)
    assert "alex@example.org" in client.get(url).content.decode()
    assert client.post(url, {"status": "accepted", "answer": "Because."}).status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.ACCEPTED and question.moderated_by == cast.icsmg_secretary


@pytest.mark.parametrize("data, message", [
    ({"name": "", "email": "a@example.org", "question": "Why?"}, "Enter your name"),
    ({"name": "A", "email": "not-an-address", "question": "Why?"}, "Enter an e-mail address like"),
    ({"name": "A", "email": "a@example.org", "question": "   "}, "Enter your question"),
    ({"name": "A", "email": "a@example.org", "question": "x" * 2001}, "2000 characters or fewer"),
    ({"name": "A", "email": "a@example.org", "question": "Why?", "item": "999999"}, "Select a valid choice"),
])
def test_a_bad_question_is_refused_with_a_clear_message_and_nothing_saved(client, taking_questions, data, message):
    response = client.post(ask_url(taking_questions), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not PublicQuestion.objects.exists()


def test_a_part_b_item_cannot_be_asked_about(client, taking_questions):
    part_b = taking_questions.items.get(part="B")
    response = client.post(ask_url(taking_questions), {"name": "A", "email": "a@example.org", "question": "Why?",
                                                       "item": part_b.pk})
    assert "Select a valid choice" in response.content.decode() and "Lapwing" not in response.content.decode()
    assert not PublicQuestion.objects.exists()


def test_questions_are_limited_per_sender_and_close_at_the_deadline(client, taking_questions, settings):
    settings.PUBLIC_QUESTIONS_PER_HOUR = 2
    data = {"name": "A", "email": "a@example.org", "question": "Why?"}
    for _ in range(2):
        assert client.post(ask_url(taking_questions), data, REMOTE_ADDR="203.0.113.5").status_code == 302
    refused = client.post(ask_url(taking_questions), data, REMOTE_ADDR="203.0.113.5")
    assert refused.status_code == 200 and "the most we take from one sender" in refused.content.decode()
    assert PublicQuestion.objects.count() == 2
    assert client.post(ask_url(taking_questions), data, REMOTE_ADDR="198.51.100.7").status_code == 302
    taking_questions.questions_close_at = timezone.now() - datetime.timedelta(minutes=1)
    taking_questions.save()
    closed = client.post(ask_url(taking_questions), data, REMOTE_ADDR="198.51.100.8")
    assert "not taking questions" in closed.content.decode() and PublicQuestion.objects.count() == 3


def test_behind_a_proxy_the_limit_counts_the_client_not_the_proxy(client, taking_questions, settings):
    settings.PUBLIC_QUESTIONS_PER_HOUR = 1
    settings.AXES_IPWARE_PROXY_COUNT = 1
    data = {"name": "A", "email": "a@example.org", "question": "Why?"}
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    assert client.post(ask_url(taking_questions), data, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy).status_code == 302
    # Another client behind the same proxy is not held back; the same one, lying about a hop, is.
    assert client.post(ask_url(taking_questions), data, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy).status_code == 302
    lying = client.post(ask_url(taking_questions), data, HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.5", **proxy)
    assert lying.status_code == 200 and PublicQuestion.objects.count() == 2


def test_the_deadline_is_the_secretary_s_and_falls_before_the_meeting(client, taking_questions, cast):
    meeting = taking_questions
    url = reverse("governance:public_questions", args=[meeting.pk])
    client.force_login(cast.member)
    assert client.post(url, dated({"closes_at": "2030-01-01 10:00"})).status_code in (403, 404)
    client.force_login(cast.icsmg_secretary)
    late = timezone.localtime(meeting.starts_at + datetime.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")
    response = client.post(url, dated({"closes_at": late}), follow=True)
    assert "Questions must close before the meeting begins" in response.content.decode()
    before = meeting.questions_close_at
    meeting.refresh_from_db()
    assert meeting.questions_close_at == before


# -- The feeds ----------------------------------------------------------------------------------------


ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_calendar_and_the_papers_feed_parse_and_carry_what_was_typed_as_text(
        client, published, cast, django_capture_on_commit_callbacks):
    published.location = "Room 1; \"Civic\", Centre\nSecond line"
    published.save()
    services.add_paper(published, by=cast.icsmg_secretary, title="Control \x0b character\x1f paper",
                       purpose="information")
    calendar = Calendar.from_ical(client.get(reverse("public:calendar", args=[published.body_id])).content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1 and str(events[0]["LOCATION"]) == published.location
    assert events[0].decoded("DTSTART") == published.starts_at.replace(microsecond=0)
    feed = client.get(reverse("public:papers_feed", args=[published.body_id]))
    root = ET.fromstring(feed.content)
    titles = [entry.find(f"{ATOM}title").text for entry in root.iter(f"{ATOM}entry")]
    assert any(HOSTILE in title for title in titles)
    assert any("Control  character paper" in title for title in titles)  # what XML cannot carry is left out
    assert not any("Lapwing" in title for title in titles)
    assert b"<script>" not in feed.content


def test_the_secretary_sees_the_published_version_on_the_meeting_page(client, published, cast):
    client.force_login(cast.icsmg_secretary)
    text = client.get(reverse("governance:meeting", args=[published.pk])).content.decode()
    assert "Published on" in text and reverse("public:meeting", args=[published.body_id, published.pk]) in text
    assert reverse("governance:public_questions", args=[published.pk]) in text


def test_a_hostile_question_is_kept_as_typed_and_escaped_where_it_is_published(
        client, taking_questions, cast):
    hostile = {"name": "<b>Chair</b>\u202e", "email": "x@example.org",
               "question": "<img src=x onerror=alert(1)> {{ settings.SECRET_KEY }} \u0000"}
    response = client.post(ask_url(taking_questions), hostile)
    assert response.status_code == 200 and "Null characters are not allowed" in response.content.decode()
    hostile["question"] = hostile["question"].replace("\u0000", "")
    assert client.post(ask_url(taking_questions), hostile).status_code == 302
    question = PublicQuestion.objects.get()
    public_services.moderate(question, by=cast.icsmg_secretary, status=QuestionStatus.ACCEPTED,
                             answer="<script>alert(2)</script>")
    text = client.get(reverse("public:meeting", args=[taking_questions.body_id, taking_questions.pk])).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in text and "<img src=x" not in text
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in text and "{{ settings.SECRET_KEY }}" in text
    assert "&lt;b&gt;Chair&lt;/b&gt;" in text


def test_scores_not_yet_released_are_not_published(client, cast, proposal_in, django_capture_on_commit_callbacks):
    cast.clg.meets_in_public = True
    cast.clg.save()
    proposal = proposal_in(ProposalState.ASSESSMENT)
    for assessor in cast.assessors[:2]:
        assign_assessor(proposal, assessor, by=cast.clg_secretary)
    score_all(proposal, cast.assessors[0], [5, 5, 5, 5, 5])  # one of two submitted: not settled
    meeting = MeetingFactory(body=cast.clg, starts_at=timezone.now() + datetime.timedelta(days=5))
    item = services.add_proposal_to_agenda(meeting, proposal, by=cast.clg_secretary)
    issue_papers(meeting, cast.clg_secretary, django_capture_on_commit_callbacks)
    text = client.get(reverse("public:paper", args=[cast.clg.pk, meeting.pk, item.pk])).content.decode()
    assert "Scoring is in progress" in text and "Weighted total" not in text and 'data-part="bar"' not in text


def test_a_question_tells_the_body_s_secretary_and_waits_in_their_needs_until_moderated(
        client, taking_questions, cast, django_capture_on_commit_callbacks):
    before = needs.count(cast.icsmg_secretary)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ask_url(taking_questions), {"name": "Sam Patel", "email": "sam@example.org", "question": "Why?"})
    question = PublicQuestion.objects.get()
    [told] = Notification.objects.filter(kind="public_question")
    assert told.user == cast.icsmg_secretary and "Sam Patel" in told.message and "sam@example.org" not in told.message
    assert told.url == reverse("governance:moderate_question", args=[taking_questions.pk, question.pk])
    assert needs.count(cast.icsmg_secretary) == before + 1
    [section] = [s for s in needs.needs_action(cast.icsmg_secretary) if s.heading == "Questions from the public"]
    assert section.tasks[0].title == "From Sam Patel"
    assert not [s for s in needs.needs_action(cast.hsg_secretary) if s.heading == "Questions from the public"]
    public_services.moderate(question, by=cast.icsmg_secretary, status=QuestionStatus.DECLINED, reason="Off topic.")
    assert needs.count(cast.icsmg_secretary) == before
