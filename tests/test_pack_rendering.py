"""
The board pack as rendered: real PDFs from WeasyPrint, read back with pypdf. What goes in
(pack_inputs and its hash), the layout (contents page numbers, bookmarks, running footer), the
split into Part A and Part B, and that nothing a user typed can make the renderer fetch anything.
"""

import datetime
import io
import json
import os
import re
import time

import pytest
from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from governance import packs, services
from governance.enums import AttendanceStatus, MembershipRole
from governance.models import Attendance, ItemInterest
from governance.packs import html as pack_html
from governance.packs.html import render_html, safe_url_fetcher
from governance.packs.inputs import inputs_hash, pack_inputs
from proposals.enums import ProposalState
from scoring.charts import score_chart
from scoring.services import assign_assessor, release_scores
from scoring.summary import summarise

from .conftest import on_postgresql, score_all
from .factories import MeetingFactory, MembershipFactory, UserFactory

HOSTILE_TITLE = 'Cardiology <script>alert(1)</script> <img src="file:///etc/passwd"> pathway'
HOSTILE_SUMMARY = (
    "Joining budgets. ![x](http://127.0.0.1:9/x.png) <img src=\"file:///etc/passwd\"> "
    "See [the network's report](http://example.invalid/) or http://example.invalid/ for more."
)
PAPER_TITLE = "Update on specialised commissioning"
CONFIDENTIAL_TITLE = "Provider market evaluation"
STATIC_PREFIX = "https://board-pack.invalid/static/"


@pytest.fixture
def meeting(cast, proposal_in):
    """An ICS Management Group meeting: two proposals at quality assurance and a paper in Part A,
    a confidential paper in Part B."""
    secretary = cast.icsmg_secretary
    chair = MembershipFactory(body=cast.icsmg, role=MembershipRole.CHAIR, is_voting=True,
                              user=UserFactory(username="icsmg_chair", first_name="Ada", last_name="Chair")).user
    meeting = MeetingFactory(
        body=cast.icsmg, location="Boardroom, Civic Centre",
        starts_at=datetime.datetime(2030, 3, 14, 14, 0, tzinfo=datetime.UTC),
    )
    first = proposal_in(ProposalState.QUALITY_ASSURANCE, title="Stroke rehabilitation at ICS level")
    second = proposal_in(ProposalState.QUALITY_ASSURANCE, title=HOSTILE_TITLE, summary=HOSTILE_SUMMARY)
    item = services.add_proposal_to_agenda(meeting, first, by=secretary,
                                           recommendations="Confirm the proposal is quality assured.")
    services.add_proposal_to_agenda(meeting, second, by=secretary)
    services.add_paper(
        meeting, by=secretary, title=PAPER_TITLE, purpose="information", author="Head of Specialised Commissioning",
        sponsor="Regional Director", background="The Joint Committee agreed two areas of focus.",
        progress="1. Cardiology network event held.\n2. Rehabilitation work paused.",
        recommendations="Note the update.",
    )
    services.add_paper(meeting, by=secretary, title=CONFIDENTIAL_TITLE, purpose="decision", part="B",
                       background="Commercially sensitive options.")
    # As the pack prints them once recorded (the services record them only from the meeting's start).
    Attendance.objects.create(meeting=meeting, user=chair, status=AttendanceStatus.PRESENT)
    ItemInterest.objects.create(item=item, user=chair, recorded_by=secretary,
                                interest="Non-executive director of a provider")
    return meeting


def read(pdf):
    """The PDF's reader and each page's text, whitespace folded so wrapped lines compare whole."""
    reader = PdfReader(io.BytesIO(pdf))
    return reader, [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.fixture
def fetched(monkeypatch):
    """Every URL the renderer asks for, in order (the real fetcher still answers)."""
    urls = []

    def recording(url):
        urls.append(url)
        return safe_url_fetcher(url)

    monkeypatch.setattr(pack_html, "safe_url_fetcher", recording)
    return urls


def render(meeting, part):
    """The finished pack, as a build makes it in one pass (laid out, numbered, bookmarked)."""
    inputs = pack_inputs(meeting, part)
    pdf, _ = packs.render(inputs)
    return inputs, read(pdf)


def test_part_a_pack_layout_contents_and_bookmarks(meeting, fetched):
    inputs, (reader, pages) = render(meeting, "A")
    assert_part_a(inputs, reader, pages)
    assert fetched == [STATIC_PREFIX + "governance/board_pack.css"]


def assert_part_a(inputs, reader, pages):
    """The Part A pack of the `meeting` fixture: layout, contents, scores, bookmarks, hostile text."""
    items = inputs["items"]
    assert [i["title"] for i in items] == ["Stroke rehabilitation at ICS level", HOSTILE_TITLE, PAPER_TITLE]
    assert len(pages) > len(items)
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=1)  # A4, so the stylesheet applied

    # Running footer and header.
    assert f"Page 1 of {len(pages)}" in pages[0]
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    assert "ICS Management Group, Thursday 14 March 2030" in pages[1] and "Part A" in pages[1]

    # The contents page gives, for each paper, the page its title first appears on after it.
    contents = next(n for n, text in enumerate(pages) if "Contents Item Paper Page" in text)
    first_page = {}
    for item in items:
        printed = re.search(re.escape(f"{item['number']} {item['title']}") + r" (\d+)", pages[contents])
        assert printed, f"{item['title']} is not in the contents"
        first_page[item["number"]] = next(n for n in range(contents + 1, len(pages)) if item["title"] in pages[n]) + 1
        assert int(printed[1]) == first_page[item["number"]]

    # Each paper starts on a new page, in agenda order; each proposal's scores are in its own pages.
    starts = [first_page[item["number"]] for item in items]
    assert starts == sorted(set(starts))
    for item, start, end in zip(items, starts, [*starts[1:], len(pages) + 1], strict=True):
        text = " ".join(pages[start - 1:end - 1])
        if item["proposal"]:
            scores = item["proposal"]["scores"]
            assert f"Weighted total {scores['total']} out of {scores['maximum']}" in text
            assert "Range of assessors' scores" in text  # the chart's legend, drawn from the SVG
        assert f"Item {item['number']}" in pages[start - 1]  # the running footer names the item

    # One bookmark per item, pointing at its first page.
    outline = reader.outline
    assert [entry.title for entry in outline] == [f"{item['number']} {item['title']}" for item in items]
    assert [reader.get_destination_page_number(entry) + 1 for entry in outline] == starts
    assert_hostile_text_is_text(pages)


def test_confidential_items_are_only_in_the_part_b_pack(meeting):
    _, (_, part_a) = render(meeting, "A")
    _, (reader, part_b) = render(meeting, "B")
    assert_parts_apart(part_a, reader, part_b)


def assert_parts_apart(part_a, reader, part_b):
    assert CONFIDENTIAL_TITLE not in " ".join(part_a)
    text = " ".join(part_b)
    assert CONFIDENTIAL_TITLE in text and "Part B – confidential" in text
    assert PAPER_TITLE not in text and "Stroke rehabilitation" not in text
    assert [entry.title for entry in reader.outline] == [f"B1 {CONFIDENTIAL_TITLE}"]
    # The interest declared on a Part A item is printed in Part A only.
    assert "Non-executive director of a provider" in " ".join(part_a)
    assert "Non-executive director of a provider" not in text


def test_hostile_text_is_printed_as_text_and_nothing_is_fetched(meeting, fetched):
    inputs = pack_inputs(meeting, "A")
    html = render_html(inputs)
    assert "<script" not in html and "<img" not in html  # escaped, and Markdown images dropped
    _, (_, pages) = render(meeting, "A")
    assert_hostile_text_is_text(pages)
    assert fetched == [STATIC_PREFIX + "governance/board_pack.css"]


def assert_hostile_text_is_text(pages):
    text = " ".join(pages)
    assert HOSTILE_TITLE in text
    assert '<img src="file:///etc/passwd">' in text
    # Images are not a Markdown feature here: "![x](…)" is "!" and a link. On paper a link shows its address.
    unwrapped = "".join(text.split())
    assert "!x(http://127.0.0.1:9/x.png)" in unwrapped
    assert "thenetwork'sreport(http://example.invalid/)orhttp://example.invalid/formore" in unwrapped


@pytest.mark.real_worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seed_rubric")
@pytest.mark.skipif(not (os.environ.get("REDIS_URL") and on_postgresql()), reason="needs Redis and PostgreSQL")
def test_a_real_worker_builds_the_same_packs(meeting, cast, fetched, settings, tmp_path):
    """The checks above, on packs built by a Celery worker through Redis and read back from storage."""
    from celery.contrib.testing.worker import start_worker

    from governance.enums import PackStatus
    from ics_commissioning.celery import app

    settings.MEDIA_ROOT = tmp_path
    app.conf.task_always_eager = False  # the suite runs tasks eagerly; this test sends them to Redis
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            built = [packs.request_build(meeting, part, by=cast.icsmg_secretary) for part in "AB"]
            deadline = time.monotonic() + 60
            while any(pack.in_progress for pack in built) and time.monotonic() < deadline:
                time.sleep(0.2)
                for pack in built:
                    pack.refresh_from_db()
    finally:
        app.conf.task_always_eager = True
    assert [pack.status for pack in built] == [PackStatus.READY, PackStatus.READY], [p.error for p in built]
    (a_reader, a_pages), (b_reader, b_pages) = [read(pack.file.read()) for pack in built]
    assert len(a_pages) == built[0].page_count
    assert_part_a(pack_inputs(meeting, "A"), a_reader, a_pages)
    assert_parts_apart(a_pages, b_reader, b_pages)
    assert set(fetched) == {STATIC_PREFIX + "governance/board_pack.css"}  # each render asked for nothing else


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "http://127.0.0.1:9/x.png",
    "https://example.invalid/",
    "ftp://example.invalid/x.css",
    "data:text/css,body{}",
    "x.png",
    "/static/governance/board_pack.css",  # relative: the renderer only ever asks for absolute URLs
    STATIC_PREFIX + "../../etc/passwd",
    STATIC_PREFIX + "%2e%2e/%2e%2e/pyproject.toml",
    STATIC_PREFIX + "governance//board_pack.css",
    STATIC_PREFIX + "governance/board_pack.css?v=1",
    STATIC_PREFIX + "governance/no_such_file.css",
    "https://board-pack.invalid/media/packs/x.pdf",
])
def test_the_fetcher_refuses_everything_but_our_static_files(url):
    with pytest.raises(ValueError):
        safe_url_fetcher(url)


def test_the_fetcher_serves_our_static_files():
    response = safe_url_fetcher(STATIC_PREFIX + "governance/board_pack.css")
    assert response.content_type == "text/css"
    assert b"@page" in response.read()
    assert STATIC_PREFIX == "https://board-pack.invalid" + settings.STATIC_URL


def test_inputs_are_json_and_their_hash_changes_only_with_them(meeting):
    inputs = pack_inputs(meeting, "A")
    assert json.loads(json.dumps(inputs)) == inputs
    assert inputs_hash(inputs) == inputs_hash(pack_inputs(meeting, "A"))
    assert inputs_hash(inputs) == inputs_hash(dict(reversed(inputs.items())))  # key order does not matter

    confidential = meeting.items.get(part="B")
    confidential.title = "Provider market evaluation (revised)"
    confidential.save()
    assert inputs_hash(pack_inputs(meeting, "A")) == inputs_hash(inputs)  # Part B is another pack

    paper = meeting.items.get(title=PAPER_TITLE)
    paper.title = "Update on specialised commissioning (revised)"
    paper.save()
    assert inputs_hash(pack_inputs(meeting, "A")) != inputs_hash(inputs)


def test_the_chart_is_the_one_on_the_score_page(meeting):
    item = meeting.items.filter(proposal__isnull=False).first()
    inputs = pack_inputs(meeting, "A")
    chart = inputs["items"][0]["proposal"]["scores"]["chart"]
    in_pack = render_to_string("scoring/_score_chart.html", {"chart": chart})
    on_page = render_to_string("scoring/_score_chart.html", {"chart": score_chart(summarise(item.proposal))})
    assert in_pack == on_page


def test_the_inputs_take_the_same_queries_however_many_items(meeting, cast, proposal_in):
    with CaptureQueriesContext(connection) as three_items:
        pack_inputs(meeting, "A")
    services.add_proposal_to_agenda(meeting, proposal_in(ProposalState.QUALITY_ASSURANCE), by=cast.icsmg_secretary)
    services.add_paper(meeting, by=cast.icsmg_secretary, title="Another update", purpose="information")
    with CaptureQueriesContext(connection) as five_items:
        inputs = pack_inputs(meeting, "A")
    assert len(inputs["items"]) == 5
    # 27: the cover sheets' assurance risks, the proposals' earlier agendas, their versions, and their route's
    # gates (with signing bodies), signatories (with users) and sign-offs are a query each.
    assert len(five_items) == len(three_items) <= 27



def test_the_running_header_is_escaped_for_css(meeting, cast):
    cast.icsmg.name = 'ICS "Management" Group </style><script>x</script> \\ end'
    cast.icsmg.save()
    html = render_html(pack_inputs(meeting, "A"))
    style = html[html.index("<style>"):html.index("</style>") + len("</style>")]
    assert "<script" not in style and '"Management"' not in style  # escaped, so the <style> cannot be ended
    _, (_, pages) = render(meeting, "A")
    assert 'ICS "Management" Group </style><script>x</script> \\ end, Thursday 14 March 2030' in pages[1]


def test_a_pack_prints_no_scores_while_scoring_is_in_progress(cast, proposal_in):
    """Independent scoring: a member of the assessing body may be one of the assessors who has not
    yet scored, so the pack prints no figures until every assessor has submitted and the scores are
    released (or the proposal has left assessment)."""
    proposal = proposal_in(ProposalState.ASSESSMENT)
    for assessor in cast.assessors[:2]:
        assign_assessor(proposal, assessor, by=cast.clg_secretary)
    score_all(proposal, cast.assessors[0], [5, 4, 4, 4, 4])
    meeting = MeetingFactory(body=cast.clg, starts_at=datetime.datetime(2030, 3, 14, 14, 0, tzinfo=datetime.UTC))
    services.add_proposal_to_agenda(meeting, proposal, by=cast.clg_secretary)

    def printed():
        inputs, (_, pages) = render(meeting, "A")
        return inputs["items"][0]["proposal"]["scores"], " ".join(pages)

    scores, text = printed()
    assert scores == {"in_progress": True}
    assert "Scoring is in progress" in text and "Weighted total" not in text and "1 of 2" not in text
    score_all(proposal, cast.assessors[1], [3, 3, 3, 3, 3])
    assert printed()[0] == {"in_progress": True}  # complete, not yet released
    release_scores(proposal, by=cast.clg_secretary)
    scores, text = printed()
    assert scores["total"] == "18" and "Weighted total 18 out of 25" in text
