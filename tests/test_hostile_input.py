"""
Text is text, everywhere. HTML and script typed into each field people fill in, through the real
pages, comes back as the same characters: escaped on every page that shows it, as typed in the
plain-text e-mails and escaped in their HTML alternative, and as printed text in the board pack
and the minutes, whose renderer fetches nothing but our own stylesheet. Then the uploads: a wrong
type under a right name, too big, empty, or with path tricks in its name, through the business
case and the agenda editor, each refused with a clear message or stored under a name of our own,
and nothing left behind.
"""

import datetime
import html
import io
import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from governance import packs
from governance.enums import AttendanceStatus, Implication, MeetingStatus, MembershipRole
from governance.models import AgendaItem, BoardPack, Meeting, Minutes, PaperDocument
from governance.packs import html as pack_html
from notifications import reminders
from proposals import services
from proposals.enums import ProposalState
from proposals.models import Attachment, Proposal
from proposals.uploads import safe_display_name
from scoring.models import Assessment

from .conftest import dated
from .documents import EXE, PDF, upload, xlsx_bytes
from .factories import BodyFactory, MeetingFactory, MembershipFactory, PlaceFactory

S = ProposalState

ATTACK = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'& <img src="file:///etc/passwd"></textarea>'
# What the attack looks like when it was not escaped: none of these may reach a page or an HTML e-mail.
RAW = ("<script>alert", "<img src=x", '<img src="file:', "onerror=alert(2)>", 'passwd"></textarea>')
# An uploaded file's name cannot hold "/" or '"' (browsers and Django take the name after the last
# slash), so the attack in a name is the rest of it.
NAME_ATTACK = "<img src=x onerror=alert(2)>'& <script>alert(1)<script>.pdf"
STYLESHEET_URL = "https://board-pack.invalid/static/governance/board_pack.css"


def hostile(label):
    """The attack, after a label that says which field it was typed into."""
    return f"[{label}] {ATTACK}"


def hostile_name(label):
    return f"[{label}] {NAME_ATTACK}"


def unwrapped(text):
    """Text with all whitespace removed: a PDF wraps long lines wherever it likes."""
    return "".join(text.split())


class Markup(HTMLParser):
    """The tags, attributes and script text of a page, as a browser would parse them."""

    def __init__(self, page):
        super().__init__(convert_charrefs=True)
        self.attributes, self.scripts, self.in_script = [], [], False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.attributes += [(tag, name, value or "") for name, value in attrs]
        self.in_script = tag == "script"

    def handle_endtag(self, tag):
        self.in_script = False

    def handle_data(self, data):
        if self.in_script:
            self.scripts.append(data)


def assert_escaped(page, where):
    """Nothing typed reaches the page as markup: no raw attack, and, as a browser parses the page, no
    event handler, no script and no address that runs or loads something of the attacker's."""
    for raw in RAW:
        assert raw not in page, f"{where}: unescaped {raw!r}"
    markup = Markup(page)
    for tag, name, value in markup.attributes:
        assert not name.startswith("on"), f"{where}: <{tag} {name}=…>"
        assert not re.match(r"\s*(file|javascript|data):", value, re.I), f"{where}: <{tag} {name}={value!r}>"
        assert "alert(" not in value or name == "value", f"{where}: <{tag} {name}={value!r}>"
    assert not any("alert(" in script for script in markup.scripts), f"{where}: a script from the text"


# -- The world: every field typed through its page ---------------------------------------------


@dataclass
class World:
    """Everything the hostile journey left behind to read: each page's HTML by name, the PDFs' text."""

    pages: dict = field(default_factory=dict)
    seen: list = field(default_factory=list)  # every response on the way, for the escaping check
    pdfs: dict = field(default_factory=dict)
    fetched: list = field(default_factory=list)  # every URL the PDF renderer asked for


class Journey:
    """Drives the pages as the people who use them, following redirects, running what is queued on
    commit (e-mails, pack and minutes builds) as the worker would."""

    def __init__(self, client, on_commit):
        self.client, self.on_commit, self.world = client, on_commit, World()

    def as_(self, user):
        self.client.force_login(user)
        return self

    def post(self, url, data=None, *, status=200, **kwargs):
        with self.on_commit(execute=True):
            response = self.client.post(url, data or {}, follow=True, **kwargs)
        assert response.status_code == status, (url, response.status_code)
        self.world.seen.append((url, response.content.decode()))
        return response

    def get(self, url, name=None):
        response = self.client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        page = response.content.decode()
        self.world.seen.append((url, page))
        if name:
            self.world.pages[name] = self.world.pages.get(name, "") + page
        return page


def proposal_url(name, proposal, *args):
    return reverse(f"proposals:{name}", args=[proposal.reference, *args])


SECTION_FIELDS = [("summary", "summary"), ("ics_aspirations", "ics_aspirations"),
                  ("quality_safety", "quality_safety"), ("contracting", "contracting")]


def write_business_case(journey, cast):
    """The author starts a proposal and writes every part of its business case, then submits it."""
    workstream = BodyFactory(name="Cardiovascular Programme Board", sponsors_proposals=True)
    place = PlaceFactory(name="Riverside ICP")
    journey.as_(cast.author).post(reverse("proposals:create"), {
        "title": hostile("proposal-title"), "sponsoring_workstream": workstream.pk, "service_area": "cardiology",
        "places": [place.pk],
    })
    proposal = Proposal.objects.get(lead_author=cast.author)
    for key, name in SECTION_FIELDS:
        journey.post(proposal_url("edit_section", proposal, key), {name: hostile(name)})
        journey.get(proposal_url("edit_section", proposal, key), "section edit form")
    journey.post(proposal_url("edit_finance", proposal), {
        "finance_summary": hostile("finance_summary"),
        "finance_lines-TOTAL_FORMS": 1, "finance_lines-INITIAL_FORMS": 0, "finance_lines-MIN_NUM_FORMS": 0,
        "finance_lines-MAX_NUM_FORMS": 40,
        "finance_lines-0-financial_year": "2026/27", "finance_lines-0-quarter": 1,
        "finance_lines-0-recurrence": "recurrent", "finance_lines-0-funding": "revenue",
        "finance_lines-0-projected_spend": "120000", "finance_lines-0-projected_savings": "40000",
    })
    journey.get(proposal_url("edit_finance", proposal), "section edit form")
    journey.post(proposal_url("edit_risks", proposal), {
        "risks-TOTAL_FORMS": 1, "risks-INITIAL_FORMS": 0, "risks-MIN_NUM_FORMS": 0, "risks-MAX_NUM_FORMS": 50,
        "risks-0-description": hostile("risk-description"), "risks-0-likelihood": 3, "risks-0-impact": 4,
        "risks-0-mitigation": hostile("risk-mitigation"), "risks-0-owner": hostile("risk-owner"),
    })
    journey.get(proposal_url("edit_risks", proposal), "section edit form")
    journey.post(proposal_url("edit_triage", proposal), {"nationally_described": "False",
                                                          "vulnerability_across_icps": "True"})
    journey.post(proposal_url("attachments", proposal), {
        "title": hostile("attachment-title"), "kind": "appendix",
        "file": upload(hostile_name("attachment-name"), PDF, "application/pdf"),
    })
    journey.get(proposal_url("attachments", proposal), "attachments page")
    journey.get(proposal_url("tasks", proposal), "task list")
    journey.get(proposal_url("check", proposal), "check answers")
    journey.post(proposal_url("check", proposal))
    proposal.refresh_from_db()
    assert proposal.state == S.SUBMITTED
    return proposal


def triage_and_score(journey, cast, proposal):
    """The Clinical Leadership Group refers it to place, reopens it and accepts it; three assessors
    are assigned, two score it with rationales, one declares an interest; a score is moderated."""
    triage = proposal_url("triage", proposal)
    answers = {"nationally_described": "False", "vulnerability_across_icps": "False"}
    journey.as_(cast.clg_secretary).post(proposal_url("record_triage", proposal), answers)
    journey.get(triage, "triage page")
    journey.post(proposal_url("refer_to_place_based", proposal), {"reason": hostile("referral-reason")})
    journey.post(proposal_url("reopen_triage", proposal), {"reason": hostile("reopen-reason")})
    journey.post(proposal_url("record_triage", proposal), {**answers, "vulnerability_across_icps": "True"})
    journey.post(proposal_url("accept_for_assessment", proposal), {"assessing_body": cast.clg.pk})
    for assessor in cast.assessors:
        journey.post(reverse("scoring:assign", args=[proposal.reference]), {"assessor": assessor.pk})
    for assessor in cast.assessors[:2]:
        assessment = Assessment.objects.get(proposal=proposal, assessor=assessor)
        page = reverse("scoring:assessment", args=[assessment.pk])
        journey.as_(assessor).post(reverse("scoring:declare_interest", args=[assessment.pk]), {"has_interest": "False"})
        categories = assessment.rubric.categories.all()
        scores = {f"score_{c.pk}": 3 for c in categories}
        rationales = {f"rationale_{c.pk}": hostile("assessor-rationale") for c in categories}
        journey.post(page, {**scores, **rationales, "submit": "1"})
        journey.get(page, "assessment page")
        journey.get(reverse("scoring:mine"), "my assessments")
    conflicted = Assessment.objects.get(proposal=proposal, assessor=cast.assessors[2])
    page = reverse("scoring:assessment", args=[conflicted.pk])
    journey.as_(cast.assessors[2]).post(reverse("scoring:declare_interest", args=[conflicted.pk]),
                                        {"has_interest": "True", "details": hostile("assessor-interest")})
    journey.get(page, "assessment page")
    category = conflicted.rubric.categories.first()
    journey.as_(cast.clg_secretary).post(reverse("scoring:moderate", args=[proposal.reference]), {
        "category": category.pk, "score": "3.0", "reason": hostile("moderation-reason")})
    journey.get(reverse("scoring:summary", args=[proposal.reference]), "score summary")


def arrange_meeting(journey, body, *, days, location="Boardroom, Civic Centre", deadline=None):
    starts_at = timezone.localtime(timezone.now() + datetime.timedelta(days=days))
    journey.post(reverse("governance:arrange_meeting", args=[body.pk]), dated({
        "starts_at": f"{starts_at:%Y-%m-%d %H:%M}", "location": location, "online_link": "",
        "paper_deadline": deadline.isoformat() if deadline else "",
    }))
    return Meeting.objects.filter(body=body).latest("pk")


def agenda(journey, meeting, url_name, data, **kwargs):
    """Add to the agenda: a proposal (agenda_add_proposal) or a paper (agenda_add_paper), whose forms'
    fields are prefixed on the page."""
    prefix = "proposal" if url_name == "agenda_add_proposal" else "paper"
    data = {f"{prefix}-{name}": value for name, value in data.items()}
    return journey.post(reverse(f"governance:{url_name}", args=[meeting.pk]), data, **kwargs)


def issue_and_open(journey, meeting, *, open_it=True):
    """The secretary builds the packs, issues the papers and, once the meeting has begun, opens it."""
    for part in packs.parts_needed(meeting):
        journey.post(reverse("governance:pack_build", args=[meeting.pk, part.lower()]))
    journey.post(reverse("governance:meeting_publish", args=[meeting.pk]))
    if open_it:
        journey.post(reverse("governance:meeting_open", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == (MeetingStatus.IN_SESSION if open_it else MeetingStatus.PUBLISHED)


def decide(journey, meeting, item, outcome, minute):
    """The secretary records a decision: the check step shows it back (as text), then it is confirmed."""
    page, answers = reverse("governance:decision", args=[meeting.pk, item.pk]), {"outcome": outcome, "minute": minute}
    assert "This cannot be undone" in journey.post(page, answers).content.decode()
    journey.post(page, {**answers, "confirmed": "yes"})


def hold_the_clg_meeting(journey, cast, proposal):
    """A Clinical Leadership Group meeting completes the assessment with a hostile minute."""
    journey.as_(cast.clg_secretary)
    meeting = arrange_meeting(journey, cast.clg, days=-7)
    agenda(journey, meeting, "agenda_add_proposal", {"proposal": proposal.pk, "part": "A",
                              "recommendations": "Confirm the assessment is complete."})
    issue_and_open(journey, meeting)
    decide(journey, meeting, meeting.items.get(), "assessment_complete", hostile("decision-minute"))
    proposal.refresh_from_db()
    assert proposal.state == S.FULL_CASE
    journey.get(reverse("governance:meeting", args=[meeting.pk]), "meeting page")
    write_full_case(journey, cast, proposal)
    return meeting


FULL_CASE_SECTIONS = ("engagement", "delivery", "benefits", "review")


def write_full_case(journey, cast, proposal):
    """Supported: the author writes the full case's own sections, and its options appraisal, and submits it."""
    journey.as_(cast.author)
    for key in FULL_CASE_SECTIONS:
        journey.post(proposal_url("edit_section", proposal, key), {key: hostile(f"full-{key}")})
        journey.get(proposal_url("edit_section", proposal, key), "section edit form")
    journey.post(proposal_url("edit_section", proposal, "procurement"),
                 {"procurement": hostile("full-procurement"), "procurement_route": "competitive"})
    journey.get(proposal_url("edit_section", proposal, "procurement"), "section edit form")
    journey.post(proposal_url("edit_options", proposal), {
        "options-TOTAL_FORMS": 2, "options-INITIAL_FORMS": 0, "options-MIN_NUM_FORMS": 0, "options-MAX_NUM_FORMS": 12,
        "options-0-title": hostile("option-title"), "options-0-description": hostile("option-description"),
        "options-0-is_do_nothing": "on", "options-1-title": "Pooled budget", "options-1-description": "One budget",
        "options-1-is_preferred": "on",
    })
    journey.get(proposal_url("edit_options", proposal), "section edit form")
    journey.get(proposal_url("check", proposal), "check answers")
    journey.post(proposal_url("check", proposal))
    proposal.refresh_from_db()
    assert proposal.state == S.QUALITY_ASSURANCE
    journey.get(proposal_url("versions", proposal), "versions page")
    journey.get(proposal_url("version", proposal, 2), "version page")
    journey.as_(cast.clg_secretary)


def hold_the_last_icsmg_meeting(journey, cast):
    """The ICS Management Group's last meeting: a paper agreed with a minute, an interest in it, two
    actions (one later done), held, then minuted and printed."""
    secretary = cast.icsmg_secretary
    journey.as_(secretary)
    meeting = arrange_meeting(journey, cast.icsmg, days=-14)
    agenda(journey, meeting, "agenda_add_paper", {"title": hostile("held-paper-title"), "purpose": "decision",
                              "part": "A", "asks": "agree", **{field: "None identified" for field in IMPLICATIONS}})
    item = meeting.items.get()
    issue_and_open(journey, meeting)
    journey.post(reverse("governance:interest", args=[meeting.pk, item.pk]),
                 {"member": cast.member.pk, "interest": hostile("held-item-interest")})
    decide(journey, meeting, item, "agreed", hostile("paper-minute"))
    due = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    for description in (hostile("action-description"), hostile("done-action")):
        journey.post(reverse("governance:raise_action", args=[meeting.pk, item.pk]),
                     dated({"description": description, "owner": cast.member.pk, "due_on": due}))
    done = item.decision.actions.get(description=hostile("done-action"))
    journey.as_(cast.member).get(reverse("notifications:needs"), "needs my action (member)")
    journey.post(reverse("notifications:action_done", args=[done.pk]), {"note": hostile("action-done-note")})
    journey.as_(secretary).post(reverse("governance:attendance", args=[meeting.pk]),
                                {f"member_{secretary.pk}": AttendanceStatus.PRESENT})
    journey.post(reverse("governance:meeting_close", args=[meeting.pk]))
    minutes_page = reverse("governance:minutes", args=[meeting.pk])
    journey.post(reverse("governance:draft_minutes", args=[meeting.pk]), {})
    minutes = Minutes.objects.get(meeting=meeting)
    entry = minutes.entries.get()
    journey.post(minutes_page, {"opening": hostile("minutes-opening"), "closing": hostile("minutes-closing"),
                                f"entry_{entry.item_id}": hostile("minutes-entry")})
    journey.post(reverse("governance:print_minutes", args=[meeting.pk]), {})
    minutes.refresh_from_db()
    journey.world.pdfs["minutes PDF"] = pdf_text(minutes.file_public.read())
    journey.get(minutes_page, "minutes page")
    journey.get(reverse("governance:meeting", args=[meeting.pk]), "meeting page")
    journey.get(reverse("governance:action_log", args=[cast.icsmg.pk]), "action log")
    return meeting


def prepare_the_next_icsmg_meeting(journey, cast, proposal):
    """The next meeting: the proposal and a paper with every field hostile, a document, interests
    declared and registered, attendance; published (so the pack is built), then a late paper added
    (so it is rebuilt and the members told what changed), then the morning reminders run."""
    secretary = cast.icsmg_secretary
    journey.as_(secretary)
    meeting = arrange_meeting(journey, cast.icsmg, days=14, location=hostile("meeting-location"),
                              deadline=timezone.localdate() + datetime.timedelta(days=1))
    agenda(journey, meeting, "agenda_add_proposal", {"proposal": proposal.pk, "part": "A",
                              "recommendations": hostile("proposal-recommendations")})
    agenda(journey, meeting, "agenda_add_paper", {
        "title": hostile("paper-title"), "purpose": "decision", "part": "A", "asks": ["note", "agree"],
        **{name: hostile(f"paper-{name}") for name in ("author", "sponsor", "background", "progress",
                                                        "recommendations", "next_steps", *IMPLICATIONS)},
    })
    paper = meeting.items.get(proposal__isnull=True)
    tabled = meeting.items.get(proposal=proposal)
    cover_sheet = reverse("governance:cover_sheet", args=[meeting.pk, tabled.pk])
    journey.post(cover_sheet, {  # as the page posts it back: what it showed, and the changes
        **{name: getattr(tabled, name) for name in ("author", "sponsor", "recommendations", "background", "progress")},
        "asks": ["consider", "confirm"], "next_steps": hostile("proposal-next_steps"),
        **{field: "None identified" for field in IMPLICATIONS}})
    journey.get(cover_sheet, "cover sheet page")
    journey.post(reverse("governance:attach_document", args=[meeting.pk, paper.pk]), {
        f"document-{paper.pk}-title": hostile("document-title"),
        f"document-{paper.pk}-file": upload(hostile_name("document-name"), PDF, "application/pdf"),
    })
    journey.post(reverse("governance:register_interest", args=[cast.icsmg.pk]), dated({
        "member": cast.member.pk, "interest": hostile("register-interest"),
        "declared_from": (timezone.localdate() - datetime.timedelta(days=30)).isoformat(), "declared_to": ""}))
    issue_and_open(journey, meeting, open_it=False)  # before the meeting: attendance is recorded at it
    journey.as_(cast.member).post(reverse("governance:interest", args=[meeting.pk, paper.pk]),
                                  {"interest": hostile("item-interest")})
    journey.as_(secretary)
    agenda(journey, meeting, "agenda_add_paper", {"title": hostile("late-paper-title"), "purpose": "information",
                              "part": "A", "asks": "note"})
    with journey.on_commit(execute=True):
        reminders.send_all()
    pack = BoardPack.objects.filter(meeting=meeting, part="A").latest("version")
    assert pack.version == 3 and pack.file, (pack.status, pack.error)  # as issued, with the interest, the late paper
    reader = PdfReader(io.BytesIO(pack.file.read()))
    journey.world.pdfs["board pack"] = pdf_text(reader)
    journey.world.pdfs["board pack bookmarks"] = " ".join(entry.title for entry in reader.outline)
    for name, url in [("meeting page", reverse("governance:meeting", args=[meeting.pk])),
                      ("agenda editor", reverse("governance:agenda", args=[meeting.pk])),
                      ("attendance page", reverse("governance:attendance", args=[meeting.pk])),
                      ("body page", reverse("governance:body", args=[cast.icsmg.pk])),
                      ("forward work programme", reverse("governance:programme", args=[cast.icsmg.pk])),
                      ("decision log", reverse("governance:decision_log")),
                      ("needs my action (secretary)", reverse("notifications:needs"))]:
        journey.get(url, name)
    for item in meeting.items.all():
        journey.get(reverse("governance:decision", args=[meeting.pk, item.pk]), "decision page")
    for document in PaperDocument.objects.filter(item__meeting=meeting):
        assert_safe_download(journey.client, reverse("governance:paper_document",
                                                     args=[meeting.pk, document.item_id, document.pk]))
    journey.as_(cast.member)
    for name, url in [("my meetings", reverse("governance:my_meetings")),
                      ("meeting page", reverse("governance:meeting", args=[meeting.pk]))]:
        journey.get(url, name)
    return meeting


def decide_the_others(journey, cast, proposal_in):
    """Reasons typed when a proposal is returned, rejected and withdrawn."""
    returned, rejected, withdrawn = proposal_in(S.ASSESSMENT), proposal_in(S.ASSESSMENT), proposal_in(S.SUBMITTED)
    journey.as_(cast.clg_secretary)
    journey.post(reverse("scoring:decide", args=[returned.reference]),
                 {"decision": "return", "reasons": hostile("return-reasons")})  # the check page shows them too
    journey.post(reverse("scoring:decide", args=[returned.reference]),
                 {"decision": "return", "reasons": hostile("return-reasons"), "confirmed": "yes"})
    journey.post(reverse("scoring:decide", args=[rejected.reference]),
                 {"decision": "reject", "reasons": hostile("reject-reasons"), "confirmed": "yes"})
    journey.as_(cast.author).post(proposal_url("withdraw", withdrawn), {"reason": hostile("withdraw-reason")})
    for proposal in (returned, rejected, withdrawn):
        journey.get(proposal.get_absolute_url(), "other proposals' pages")
    journey.get(proposal_url("tasks", returned), "task list")


def assert_safe_download(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    disposition = response["Content-Disposition"]
    assert "\n" not in disposition and "\r" not in disposition and disposition.startswith("attachment;")
    b"".join(response.streaming_content)


def pdf_text(pdf):
    reader = pdf if isinstance(pdf, PdfReader) else PdfReader(io.BytesIO(pdf))
    return " ".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def fetched(monkeypatch):
    """Every URL the PDF renderer asks for (the real fetcher still answers)."""
    urls = []
    real = pack_html.safe_url_fetcher

    def recording(url):
        urls.append(url)
        return real(url)

    monkeypatch.setattr(pack_html, "safe_url_fetcher", recording)
    return urls


@pytest.fixture
def world(client, cast, proposal_in, settings, tmp_path, django_capture_on_commit_callbacks, fetched):
    """A proposal taken from its business case to a board pack, and the meetings around it, with every
    field people type filled in with the attack through its page; then the pages that show them."""
    settings.MEDIA_ROOT = tmp_path
    MembershipFactory(body=cast.icsmg, user=cast.member, role=MembershipRole.MEMBER, is_voting=True)
    journey = Journey(client, django_capture_on_commit_callbacks)
    proposal = write_business_case(journey, cast)
    triage_and_score(journey, cast, proposal)
    hold_the_clg_meeting(journey, cast, proposal)
    hold_the_last_icsmg_meeting(journey, cast)
    prepare_the_next_icsmg_meeting(journey, cast, proposal)
    decide_the_others(journey, cast, proposal_in)
    journey.as_(cast.author)
    journey.get(proposal.get_absolute_url(), "proposal page")
    journey.get(reverse("proposals:mine"), "my proposals")
    for attachment in Attachment.objects.filter(proposal=proposal):
        assert_safe_download(journey.client, proposal_url("attachment", proposal, attachment.pk))
    journey.as_(cast.icsmg_secretary)
    journey.get(reverse("proposals:pipeline"), "pipeline")
    journey.get(reverse("proposals:pipeline_list"), "pipeline")
    journey.get(proposal.get_absolute_url(), "proposal page")
    journey.world.fetched = list(fetched)
    return journey.world


EMAILS = {  # name: (who, words in the subject)
    "e-mail to the triaging secretary": ("clg_secretary", "is ready for the Clinical Leadership Group"),
    "e-mail to the next secretary": ("icsmg_secretary", "is ready for the ICS Management Group"),
    "e-mail to an assessor": ("assessor", "Please score"),
    "e-mail to the authors": ("author", "referred to place-based commissioning"),
    "e-mail to the action owner": ("member", "Action for you"),
    "e-mail about a new pack version": ("member", "version 3)"),  # the update that names the late paper
    "e-mail reminding of a paper": ("icsmg_secretary", "Paper not ready"),
}


def emails(cast):
    """{surface: content} for the subject, plain text and HTML of each e-mail above."""
    surfaces = {}
    for name, (who, words) in EMAILS.items():
        found = [m for m in mail.outbox if cast.everyone[who].email in m.to and words in m.subject]
        assert found, f"no {name}"
        message = found[0]
        [(alternative, mimetype)] = message.alternatives
        assert mimetype == "text/html"
        surfaces[f"{name}: subject"] = message.subject
        surfaces[f"{name}: text"] = message.body
        surfaces[f"{name}: HTML"] = alternative
    return surfaces


BOARD_PACK = ["board pack"]
IMPLICATIONS = [implication.field for implication in Implication]
BUSINESS_CASE = ["section edit form", "check answers", "proposal page", *BOARD_PACK]
FULL_CASE = [*BUSINESS_CASE, "version page"]
# Where each field typed through the pages must come back as text: pages (escaped), e-mails (the
# subject and plain text as typed, the HTML escaped), the board pack, its bookmarks and the minutes.
EXPECTED = {
    "proposal-title": [
        "section edit form", "attachments page", "task list", "check answers", "proposal page", "my proposals",
        "assessment page", "my assessments", "score summary", "pipeline", "meeting page", "agenda editor",
        "decision page", "forward work programme", "decision log",
        *[f"{e}: {part}" for e in ("e-mail to the triaging secretary", "e-mail to the next secretary")
          for part in ("text", "HTML")],
        *[f"{e}: {part}" for e in ("e-mail to an assessor", "e-mail to the authors")
          for part in ("subject", "text", "HTML")],
        "board pack", "board pack bookmarks",
    ],
    # The outline's words are carried into the full case: in the version submitted too.
    **{name: FULL_CASE for _, name in SECTION_FIELDS},
    "finance_summary": FULL_CASE,
    # The full business case's own sections and its options appraisal, and the version submitted.
    **{f"full-{key}": FULL_CASE for key in (*FULL_CASE_SECTIONS, "procurement")},
    "option-title": FULL_CASE,
    "option-description": FULL_CASE,
    "risk-description": FULL_CASE,
    "risk-mitigation": FULL_CASE,
    "risk-owner": FULL_CASE,
    "attachment-title": ["attachments page", "check answers", "proposal page", *BOARD_PACK],
    "attachment-name": ["attachments page", "check answers", "proposal page", *BOARD_PACK],
    "referral-reason": ["proposal page", *BOARD_PACK],
    "reopen-reason": ["proposal page", *BOARD_PACK],
    "assessor-rationale": ["assessment page", "score summary"],
    "assessor-interest": ["assessment page", "score summary"],
    "moderation-reason": ["score summary", "proposal page"],
    "decision-minute": ["meeting page", "decision log", "proposal page", *BOARD_PACK],
    "held-paper-title": ["meeting page", "minutes page", "action log", "decision log", "minutes PDF", *BOARD_PACK],
    "held-item-interest": ["meeting page", "minutes page", "minutes PDF"],
    "paper-minute": ["meeting page", "decision log"],
    "action-description": ["meeting page", "needs my action (member)", "action log", "e-mail to the action owner: text",
                           "e-mail to the action owner: HTML", "minutes PDF", *BOARD_PACK],
    "done-action": ["meeting page", "action log", "minutes PDF"],
    "action-done-note": ["action log"],
    "minutes-opening": ["minutes page", "minutes PDF"],
    "minutes-closing": ["minutes page", "minutes PDF"],
    "minutes-entry": ["minutes page", "minutes PDF"],
    "meeting-location": ["meeting page", "my meetings", *BOARD_PACK],
    "proposal-recommendations": ["meeting page", *BOARD_PACK],
    "paper-title": ["meeting page", "agenda editor", "forward work programme", "decision page", *BOARD_PACK,
                    "board pack bookmarks"],
    "paper-author": BOARD_PACK,
    "paper-sponsor": BOARD_PACK,
    "paper-background": BOARD_PACK,
    "paper-progress": BOARD_PACK,
    "paper-recommendations": ["meeting page", *BOARD_PACK],
    "paper-next_steps": BOARD_PACK,
    **{f"paper-{field}": BOARD_PACK for field in IMPLICATIONS},
    "proposal-next_steps": ["cover sheet page", *BOARD_PACK],
    "document-title": ["meeting page", "agenda editor", *BOARD_PACK],
    "document-name": ["meeting page", "agenda editor", *BOARD_PACK],
    "register-interest": ["body page", *BOARD_PACK],
    "item-interest": ["meeting page", *BOARD_PACK],
    "late-paper-title": [
        "meeting page", "agenda editor", "forward work programme", "needs my action (secretary)", "decision page",
        "e-mail about a new pack version: text", "e-mail about a new pack version: HTML",
        "e-mail reminding of a paper: subject", "e-mail reminding of a paper: text",
        "e-mail reminding of a paper: HTML", *BOARD_PACK, "board pack bookmarks",
    ],
    "return-reasons": ["task list", "other proposals' pages"],
    "reject-reasons": ["other proposals' pages"],
    "withdraw-reason": ["other proposals' pages"],
}
HOSTILE_FIELDS = len(EXPECTED)
HOSTILE_CASES = sum(len(surfaces) for surfaces in EXPECTED.values())  # field x surface checks


def shown_as_typed(label, surface, content):
    """Whether the field's text is on the surface exactly as typed (a page or HTML e-mail once its
    escaping is undone; a PDF whatever its line breaks)."""
    typed = safe_display_name(hostile_name(label)) if label.endswith("-name") else hostile(label)
    if surface in ("board pack", "board pack bookmarks", "minutes PDF"):
        return unwrapped(typed) in unwrapped(content)
    if surface.endswith(("subject", "text")):
        return typed in content
    return typed in html.unescape(content)


def test_html_typed_into_every_field_comes_back_as_text_everywhere(world, cast):
    print(f"\n{HOSTILE_FIELDS} hostile fields, {HOSTILE_CASES} field x surface checks, "
          f"{len(world.seen)} pages checked for escaping")
    for url, page in world.seen:
        assert_escaped(page, url)
    sent = emails(cast)
    for surface, content in sent.items():
        if surface.endswith("HTML"):
            assert_escaped(content, surface)
        if surface.endswith("subject"):
            assert "\n" not in content and "\r" not in content, surface
    surfaces = {**world.pages, **sent, **world.pdfs}
    checked, missing = 0, []
    for label, where in EXPECTED.items():
        for surface in where:
            checked += 1
            if not shown_as_typed(label, surface, surfaces[surface]):
                missing.append((label, surface))
    assert checked == HOSTILE_CASES
    assert not missing, missing
    # Every layout (the pack, its rebuild, the minutes) asked for our stylesheet and nothing else.
    assert len(world.fetched) >= 3 and set(world.fetched) == {STYLESHEET_URL}


def test_a_line_break_typed_in_a_title_cannot_add_e_mail_headers(client, cast, proposal_in,
                                                                 django_capture_on_commit_callbacks):
    """A title is one line on the page, but a form posted by hand can put CR LF in it: the e-mails
    whose subject names the proposal still go, to their recipient only, with a one-line subject."""
    proposal = proposal_in(S.DRAFT)
    workstream = BodyFactory(name="Cardiovascular Programme Board", sponsors_proposals=True)
    client.force_login(cast.author)
    response = client.post(proposal_url("edit_details", proposal), {
        "title": "Cardiology\r\nBcc: attacker@example.invalid\r\n\r\nInjected body", "service_area": "cardiology",
        "sponsoring_workstream": workstream.pk, "places": [PlaceFactory(name="Riverside ICP").pk],
    })
    assert response.status_code == 302
    services.submit(proposal, by=cast.author)
    services.accept_for_assessment(proposal, by=cast.clg_secretary)
    mail.outbox.clear()
    client.force_login(cast.clg_secretary)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("scoring:assign", args=[proposal.reference]), {"assessor": cast.assessors[0].pk})
    [message] = mail.outbox
    assert message.to == [cast.assessors[0].email] and message.recipients() == [cast.assessors[0].email]
    assert "\n" not in message.subject and "\r" not in message.subject
    assert "Cardiology Bcc: attacker@example.invalid Injected body" in message.subject
    assert "Bcc" not in message.message().keys()


# -- Uploads -----------------------------------------------------------------------------------

HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
BOUNDARY = "----HostileUploadBoundary7MA4YWxkTrZu0gW"


def multipart(fields, file_field, filename, content, content_type="application/octet-stream"):
    """A multipart body written by hand, as a hostile client would: the file's name is sent exactly as
    given (the test client would take the part after the last "/" itself)."""
    parts = [f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
             for name, value in fields.items()]
    parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
                 f"Content-Type: {content_type}\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{BOUNDARY}--\r\n".encode())
    return b"".join(parts)


def stored_files(root):
    return sorted(os.path.relpath(os.path.join(d, f), root) for d, _, files in os.walk(root) for f in files)


@dataclass
class UploadPage:
    """One of the two pages that take documents, and how to post a file to it."""

    name: str
    url: str
    fields: dict
    file_field: str
    rows: object  # the queryset of documents it stores
    stored_path: str  # what a stored file's path must look like
    download: object  # the download URL of a stored document

    def post(self, client, filename, content):
        body = multipart(self.fields, self.file_field, filename, content)
        return client.post(self.url, body, content_type=f"multipart/form-data; boundary={BOUNDARY}", follow=True)


@pytest.fixture(params=["business case", "agenda editor"])
def upload_page(request, cast, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    if request.param == "business case":
        proposal = request.getfixturevalue("proposal_in")(S.DRAFT)
        client.force_login(cast.author)
        return UploadPage(
            "business case", proposal_url("attachments", proposal), {"title": "Costing", "kind": "costing"}, "file",
            Attachment.objects.filter(proposal=proposal), rf"proposals/{proposal.pk}/[0-9a-f]{{32}}\.pdf",
            lambda document: proposal_url("attachment", proposal, document.pk),
        )
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() + datetime.timedelta(days=7))
    paper = AgendaItem.objects.create(meeting=meeting, order=1, title="Winter plan", purpose="decision")
    client.force_login(cast.icsmg_secretary)
    return UploadPage(
        "agenda editor", reverse("governance:attach_document", args=[meeting.pk, paper.pk]),
        {f"document-{paper.pk}-title": "Costing"}, f"document-{paper.pk}-file",
        PaperDocument.objects.filter(item=paper), rf"papers/meeting-{meeting.pk}/[0-9a-f]{{32}}",
        lambda document: reverse("governance:paper_document", args=[meeting.pk, paper.pk, document.pk]),
    )


REFUSED = [
    ("appendix.pdf", EXE, "The selected file is not a real .pdf file"),
    ("costing.docx", EXE, "The selected file is not a real .docx file"),
    ("appendix.pdf", HTML_PAGE, "The selected file is not a real .pdf file"),
    ("briefing.docx", HTML_PAGE, "The selected file is not a real .docx file"),
    ("costing.xlsx", PDF, "The selected file is not a real .xlsx file"),
    ("appendix.pdf", xlsx_bytes(), "The selected file is not a real .pdf file"),
    ("empty.pdf", b"", "The selected file is empty."),
    ("big.pdf", PDF + b"0" * 2048, "The selected file must be smaller than 1.0\xa0KB"),
    ("tool.exe", EXE, "The selected file must be a PDF, Word"),
    ("page.html", HTML_PAGE, "The selected file must be a PDF, Word"),
    ("appendix.pdf.exe", EXE, "The selected file must be a PDF, Word"),
    ("appendix", PDF, "The selected file must be a PDF, Word"),
    ("../../etc/cron.d/evil", PDF, "The selected file must be a PDF, Word"),
    ("../..", PDF, "Select a file to upload"),
]


@pytest.mark.parametrize("filename, content, message", REFUSED, ids=[case[0] + f"-{n}" for n, case in
                                                                     enumerate(REFUSED)])
def test_a_wrong_empty_or_oversized_upload_is_refused_and_leaves_nothing(upload_page, client, settings, filename,
                                                                         content, message, tmp_path):
    settings.ATTACHMENT_MAX_BYTES = 1024
    response = upload_page.post(client, filename, content)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page and "There is a problem" in page, page[:2000]
    assert_escaped(page, upload_page.name)
    assert not upload_page.rows.exists()
    assert stored_files(tmp_path) == []


ACCEPTED = [  # the name as sent, the name shown
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("C:\\evil\\x.pdf", "x.pdf"),
    ("..\\..\\windows\\system32\\drivers\\etc\\hosts.pdf", "hosts.pdf"),
    ("&#46;&#46;&#47;&#46;&#46;&#47;settings.pdf", "settings.pdf"),
    ("%2e%2e%2fsecret.pdf", "%2e%2e%2fsecret.pdf"),
    ("in\x00voi\x07ce\x1b[31m\t.pdf", "invoice[31m.pdf"),
    ("report\u202egpj.pdf", "reportgpj.pdf"),
    ("<img src=x onerror=alert(2)>'&.pdf", "<img src=x onerror=alert(2)>'&.pdf"),
]


@pytest.mark.parametrize("filename, shown", ACCEPTED, ids=[f"name-{n}" for n in range(len(ACCEPTED))])
def test_path_tricks_in_a_name_are_stored_under_our_own_name_and_shown_safely(upload_page, client, filename,
                                                                             shown, tmp_path):
    response = upload_page.post(client, filename, PDF)
    page = response.content.decode()
    assert response.status_code == 200
    assert_escaped(page, upload_page.name)
    [document] = upload_page.rows
    assert document.original_name == shown
    assert shown in html.unescape(page)
    assert re.fullmatch(upload_page.stored_path, document.file.name)
    assert stored_files(tmp_path) == [document.file.name]
    assert_safe_download(client, upload_page.download(document))


def test_a_very_long_name_is_refused_by_the_business_case_and_shortened_by_the_agenda(upload_page, client, tmp_path):
    """The business case's form keeps Django's 100-character limit on a file's name (though the name
    is never the stored one); the agenda editor takes it and shows its last 120 characters."""
    response = upload_page.post(client, "a" * 300 + ".pdf", PDF)
    page = response.content.decode()
    assert_escaped(page, upload_page.name)
    if upload_page.name == "business case":
        assert "Ensure this filename has at most 100 characters" in page
        assert not upload_page.rows.exists() and stored_files(tmp_path) == []
    else:
        [document] = upload_page.rows
        assert document.original_name == "a" * 116 + ".pdf" and document.original_name in page
        assert stored_files(tmp_path) == [document.file.name]
