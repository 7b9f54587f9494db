"""
Rebuilding a board pack: only the parts that changed are laid out again, and the result is the
pack a full build would make (same pages, numbers, contents, bookmarks). PDF attachments are
appended after their paper. Members are told when a published meeting's pack is replaced, and
shown what changed since the version they downloaded. Real PDFs throughout, read back with pypdf.
"""

import datetime
import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from weasyprint import HTML

from governance import packs, services
from governance.enums import MembershipRole, PackStatus
from governance.models import AgendaItem, Attendance, BoardPack, ItemInterest, PackDownload
from governance.packs.html import render_html
from governance.packs.inputs import front_inputs, pack_inputs
from notifications.receivers import tell_the_members
from proposals.enums import ProposalState

from .documents import PDF, upload
from .factories import MeetingFactory, MembershipFactory, UserFactory

APPENDIX_PAGES = ("Appendix marker one: activity by place", "Appendix marker two: workforce by place")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def appendix():
    """A real two-page PDF, the second page US Letter landscape, as an attachment would be."""
    html = (
        "<style>@page { size: A4 } @page wide { size: letter landscape } .wide { page: wide }</style>"
        f"<p>{APPENDIX_PAGES[0]}</p><p class='wide' style='break-before: page'>{APPENDIX_PAGES[1]}</p>"
    )
    return HTML(string=html).write_pdf()


@pytest.fixture
def meeting(cast, proposal_in, appendix):
    """A published ICS Management Group meeting with a proposal, four papers (one with a PDF
    appended, one with a file that cannot be appended) and its Part A pack built."""
    secretary = cast.icsmg_secretary
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() + datetime.timedelta(days=10),
                             location="Boardroom, Civic Centre")
    services.add_proposal_to_agenda(meeting, proposal_in(ProposalState.QUALITY_ASSURANCE), by=secretary,
                                    recommendations="Confirm the proposal is quality assured.")
    for title in ("Update on complex rehabilitation", "Provider market review", "Workforce plan",
                  "Estates strategy"):
        services.add_paper(meeting, by=secretary, title=title, purpose="information",
                           background=f"Background to the {title.lower()}.", recommendations="Note the update.")
    market = meeting.items.get(title="Provider market review")
    services.attach_document(market, by=secretary, title="Activity and workforce tables",
                             file=upload("tables.pdf", appendix), content_type="application/pdf",
                             original_name="tables.pdf")
    services.attach_document(market, by=secretary, title="Broken export", file=upload("broken.pdf", PDF),
                             content_type="application/pdf", original_name="broken.pdf")
    meeting.status = "published"
    meeting.save()
    return meeting


def build(meeting, cast, capture):
    with capture(execute=True):
        pack = packs.request_build(meeting, "A", by=cast.icsmg_secretary)
    pack.refresh_from_db()
    assert pack.status == PackStatus.READY, pack.error
    return pack


def read(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    return reader, [" ".join(page.extract_text().split()) for page in reader.pages]


def pack_pdf(pack):
    with pack.file.open("rb") as handle:
        return read(handle.read())


def outline(reader):
    """The bookmarks as (title, first page from 1, children) in order."""
    entries, result = reader.outline, []
    for index, entry in enumerate(entries):
        if isinstance(entry, list):
            continue
        children = entries[index + 1] if index + 1 < len(entries) and isinstance(entries[index + 1], list) else []
        result.append((entry.title, reader.get_destination_page_number(entry) + 1,
                       [(child.title, reader.get_destination_page_number(child) + 1) for child in children]))
    return result


def assert_same_as_a_full_build(pack, meeting):
    """The rebuilt pack and a one-pass build of the same inputs: page for page the same text, the
    same bookmarks, and the contents' links on the same pages pointing at the same pages."""
    rebuilt, rebuilt_pages = pack_pdf(pack)
    full, full_pages = read(packs.render(pack_inputs(meeting, "A"))[0])
    assert rebuilt_pages == full_pages
    assert outline(rebuilt) == outline(full)
    assert links(rebuilt) == links(full)
    return rebuilt, rebuilt_pages


def links(reader):
    """(page, target page) of every link within the pack, both from 1."""
    found = []
    for number, page in enumerate(reader.pages, start=1):
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link" and "/Dest" in annotation:
                target = annotation["/Dest"][0]
                found.append((number, next(n for n, p in enumerate(reader.pages, start=1)
                                           if p.indirect_reference == target)))
    return found


def assert_numbered_and_contents_right(reader, pages, pack):
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert re.findall(r"Page \d+ of \d+", text) == [f"Page {number} of {total}"]  # one stamp, the right one
    contents = next(text for text in pages if text.startswith("Contents"))
    for entry in pack.layout["items"]:
        printed = re.search(re.escape(f"{entry['number']} {entry['title']}") + r" (\d+)", contents)
        assert int(printed[1]) == entry["start"] + 1
        assert entry["title"] in pages[entry["start"]]  # the paper's title is on the page the contents give


def test_one_changed_paper_is_laid_out_alone(meeting, cast, django_capture_on_commit_callbacks):
    first = build(meeting, cast, django_capture_on_commit_callbacks)
    assert first.layout["mode"] == "full"
    item = meeting.items.get(title="Workforce plan")
    AgendaItem.objects.filter(pk=item.pk).update(background="The plan now covers the bank and agency staff.")

    second = build(meeting, cast, django_capture_on_commit_callbacks)

    assert second.version == 2
    anchor = next(entry["anchor"] for entry in second.layout["items"] if entry["id"] == item.pk)
    assert second.layout["mode"] == "incremental" and second.layout["laid_out"] == [anchor]  # not even the front
    reader, pages = assert_same_as_a_full_build(second, meeting)
    assert_numbered_and_contents_right(reader, pages, second)
    assert "bank and agency staff" in " ".join(pages)
    assert "Background to the workforce plan" not in " ".join(pages)


def test_a_paper_that_grows_moves_every_later_page(meeting, cast, django_capture_on_commit_callbacks):
    first = build(meeting, cast, django_capture_on_commit_callbacks)
    item = meeting.items.get(title="Update on complex rehabilitation")
    long = "\n\n".join(f"Paragraph {n}: the rehabilitation pathway is reviewed place by place. " * 6
                       for n in range(40))
    AgendaItem.objects.filter(pk=item.pk).update(background=long, title="Update on complex rehabilitation (revised)")

    second = build(meeting, cast, django_capture_on_commit_callbacks)

    assert second.layout["mode"] == "incremental"
    assert set(second.layout["laid_out"]) == {"front", "item-a2"}  # the contents print its new title and pages
    assert second.layout["pages"] > first.layout["pages"]
    reader, pages = assert_same_as_a_full_build(second, meeting)
    assert_numbered_and_contents_right(reader, pages, second)

    # A pack rebuilt from a rebuilt pack: old stamps and links are replaced, not added to.
    AgendaItem.objects.filter(title="Estates strategy").update(recommendations="Approve the estates strategy.")
    third = build(meeting, cast, django_capture_on_commit_callbacks)
    assert third.layout["mode"] == "incremental"
    reader, pages = assert_same_as_a_full_build(third, meeting)
    assert_numbered_and_contents_right(reader, pages, third)


def test_a_change_to_most_of_the_pack_is_laid_out_in_one_pass(meeting, cast, django_capture_on_commit_callbacks):
    build(meeting, cast, django_capture_on_commit_callbacks)
    meeting.location = "Council Chamber"  # printed on the cover and every paper's cover sheet
    meeting.save()
    second = build(meeting, cast, django_capture_on_commit_callbacks)
    assert second.layout["mode"] == "full"
    assert "Council Chamber" in " ".join(pack_pdf(second)[1])


def test_a_pack_grown_by_rebuilds_is_built_whole_again(meeting, cast, monkeypatch,
                                                       django_capture_on_commit_callbacks):
    build(meeting, cast, django_capture_on_commit_callbacks)
    AgendaItem.objects.filter(title="Estates strategy").update(title="Estates strategy 2027 to 2032")
    second = build(meeting, cast, django_capture_on_commit_callbacks)
    assert second.layout["mode"] == "incremental"
    assert second.file.size > second.layout["full_bytes"]  # the new pages brought their own fonts
    monkeypatch.setattr(packs, "MAX_GROWTH", 1.0)
    AgendaItem.objects.filter(title="Workforce plan").update(recommendations="Approve the plan.")
    third = build(meeting, cast, django_capture_on_commit_callbacks)
    assert third.layout["mode"] == "full" and third.layout["full_bytes"] == third.file.size


def test_pdf_attachments_are_appended_after_their_paper(meeting, cast, django_capture_on_commit_callbacks):
    pack = build(meeting, cast, django_capture_on_commit_callbacks)
    reader, pages = pack_pdf(pack)
    market = next(entry for entry in pack.layout["items"] if entry["title"] == "Provider market review")
    [appended] = market["documents"]
    assert appended["pages"] == 2
    following = next(entry for entry in pack.layout["items"] if entry["start"] > market["start"])
    # The appended pages are the paper's last pages, in order, each labelled and under the pack's header.
    assert appended["start"] + 2 == following["start"]
    for page_number, marker in enumerate(APPENDIX_PAGES, start=1):
        text = pages[appended["start"] + page_number - 1]
        assert marker in text
        assert f"Item {market['number']}, appended: Activity and workforce tables (page {page_number} of 2)" in text
        assert "ICS Management Group" in text and "Part A" in text
    # The landscape page is scaled to fit an A4 portrait page's body, not left hanging off it.
    assert all(page.mediabox.width == pytest.approx(595.3, abs=1) for page in reader.pages)
    paper = " ".join(pages[market["start"]:appended["start"]])  # its cover sheet may take a page of its own
    assert "Activity and workforce tables (tables.pdf" in paper and "appended after this paper, 2 pages" in paper
    assert "Broken export (broken.pdf" in paper and "with the online papers" in paper  # unreadable: listed only
    bookmark = next(entry for entry in outline(reader) if entry[0].endswith("Provider market review"))
    assert bookmark[2] == [("Appended: Activity and workforce tables", appended["start"] + 1)]


def test_an_appended_pdf_survives_a_rebuild_of_another_paper(meeting, cast, django_capture_on_commit_callbacks):
    build(meeting, cast, django_capture_on_commit_callbacks)
    AgendaItem.objects.filter(title="Estates strategy").update(background="Two sites are to be sold.")
    second = build(meeting, cast, django_capture_on_commit_callbacks)
    assert second.layout["mode"] == "incremental"
    _, pages = assert_same_as_a_full_build(second, meeting)
    assert sum(APPENDIX_PAGES[0] in text for text in pages) == 1  # drawn once, not again over the old drawing


def test_the_page_count_of_an_upload_is_kept(meeting):
    documents = meeting.items.get(title="Provider market review").documents.order_by("pk")
    assert [d.pdf_pages for d in documents] == [2, None]


# -- Members are told ---------------------------------------------------------------------------


@pytest.fixture
def member(cast):
    return MembershipFactory(body=cast.icsmg, role=MembershipRole.MEMBER,
                             user=UserFactory(username="icsmg_member", email="member@example.invalid")).user


def test_a_change_after_publication_rebuilds_and_tells_the_members(
    client, meeting, cast, member, django_capture_on_commit_callbacks
):
    MembershipFactory(body=cast.icsmg, role=MembershipRole.ASSESSOR,
                      user=UserFactory(username="icsmg_assessor", email="assessor@example.invalid"))
    first = build(meeting, cast, django_capture_on_commit_callbacks)
    client.force_login(member)
    assert client.get(reverse("governance:pack_download", args=[meeting.pk, "a"])).status_code == 200
    assert PackDownload.objects.filter(user=member, pack=first).exists()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):  # the secretary adds a paper: nothing else to press
        services.add_paper(meeting, by=cast.icsmg_secretary, title="Urgent & emergency care winter plan",
                           purpose="decision")
    second = BoardPack.objects.latest_for(meeting, "A")
    assert second.version == 2 and second.status == PackStatus.READY
    assert "Urgent & emergency care winter plan" in " ".join(pack_pdf(second)[1])

    recipients = [address for message in mail.outbox for address in message.to]
    assert "member@example.invalid" in recipients and "assessor@example.invalid" not in recipients
    assert len(recipients) == len(set(recipients))  # one e-mail each, to the members (not assessors)
    [email] = [message for message in mail.outbox if message.to == ["member@example.invalid"]]
    assert "version 2" in email.subject
    assert "Added: A6 Urgent & emergency care winter plan." in email.body
    assert f"/meetings/{meeting.pk}/" in email.body and "Read the pack" in email.body
    sent = len(mail.outbox)
    assert tell_the_members(BoardPack, second) == []  # told again (a retried build): nobody gets a second e-mail
    assert len(mail.outbox) == sent

    html = client.get(reverse("governance:my_meetings")).content.decode()
    assert "Updated since you downloaded version 1" in html
    assert "Added: A6 Urgent &amp; emergency care winter plan." in html
    page = client.get(reverse("governance:meeting", args=[meeting.pk])).content.decode()
    assert "Updated since you downloaded version 1" in page
    client.get(reverse("governance:pack_download", args=[meeting.pk, "a"]))
    assert "Updated since you downloaded" not in client.get(reverse("governance:my_meetings")).content.decode()


def test_a_change_made_while_a_pack_renders_gets_a_build_of_its_own(
    meeting, cast, monkeypatch, django_capture_on_commit_callbacks
):
    first = build(meeting, cast, django_capture_on_commit_callbacks)
    render = packs.render

    def render_then_change(inputs, previous=None):
        result = render(inputs, previous=previous)  # from the inputs read before the change
        if not AgendaItem.objects.filter(background="Changed while the pack was rendering.").exists():
            AgendaItem.objects.filter(title="Workforce plan").update(background="Changed while the pack was rendering.")
        return result

    monkeypatch.setattr(packs, "render", render_then_change)
    with django_capture_on_commit_callbacks(execute=True):
        services.add_paper(meeting, by=cast.icsmg_secretary, title="Late paper", purpose="information")
    latest = BoardPack.objects.latest_for(meeting, "A")
    assert latest.version == first.version + 2 and latest.status == PackStatus.READY
    assert "Changed while the pack was rendering." in " ".join(pack_pdf(latest)[1])


def test_what_changed_between_versions(meeting, cast, django_capture_on_commit_callbacks):
    first = build(meeting, cast, django_capture_on_commit_callbacks)
    workforce = meeting.items.get(title="Workforce plan")
    services.move_item(workforce, by=cast.icsmg_secretary, offset=-1)
    services.remove_item(meeting.items.get(title="Estates strategy"), by=cast.icsmg_secretary)
    # Rows the services record only from the meeting's start, written here as they would be then.
    Attendance.objects.create(meeting=meeting, user=cast.icsmg_secretary, status="present")
    ItemInterest.objects.create(item=meeting.items.get(title="Provider market review"), user=cast.icsmg_secretary,
                                recorded_by=cast.icsmg_secretary, interest="Governor of a bidding provider")
    second = build(meeting, cast, django_capture_on_commit_callbacks)
    assert packs.changes(second, first) == [
        "Changed: A3 Workforce plan (was A4).",
        "Changed: A4 Provider market review (declarations of interest; was A3).",
        "Removed: Estates strategy (was A5).",
        "Attendance, membership or the register of interests has changed.",
    ]


def test_nothing_is_rebuilt_once_the_meeting_has_begun(meeting, cast, django_capture_on_commit_callbacks):
    build(meeting, cast, django_capture_on_commit_callbacks)
    meeting.starts_at = timezone.now() - datetime.timedelta(minutes=5)
    meeting.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.add_paper(meeting, by=cast.icsmg_secretary, title="Late paper", purpose="information")
    assert BoardPack.objects.filter(meeting=meeting).count() == 1


def test_a_draft_meetings_changes_build_nothing(meeting, cast, django_capture_on_commit_callbacks):
    build(meeting, cast, django_capture_on_commit_callbacks)
    meeting.status = "draft"
    meeting.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.add_paper(meeting, by=cast.icsmg_secretary, title="Draft paper", purpose="information")
    assert BoardPack.objects.filter(meeting=meeting).count() == 1


def test_the_front_matter_prints_only_what_its_hash_covers(meeting):
    """The front matter is reused when front_hash is unchanged, so it must print nothing of an item
    beyond FRONT_ITEM_FIELDS: laid out from the cut-down items, its HTML is the same."""
    inputs = pack_inputs(meeting, "A")
    starts = {item["anchor"]: n for n, item in enumerate(inputs["items"], start=5)}
    assert render_html(inputs, items=[], start_pages=starts) == render_html(
        front_inputs(inputs), items=[], start_pages=starts
    )


def test_a_proposal_moving_on_rebuilds_the_packs_that_print_it(meeting, cast, django_capture_on_commit_callbacks):
    from proposals import services as proposal_services

    first = build(meeting, cast, django_capture_on_commit_callbacks)
    proposal = meeting.items.get(order=1).proposal
    with django_capture_on_commit_callbacks(execute=True):  # the proposal's own service, not the meeting's
        proposal_services.return_for_revision(proposal, by=cast.icsmg_secretary, body=cast.icsmg,
                                              reasons="The finance section needs a quarterly breakdown.")
    latest = BoardPack.objects.latest_for(meeting, "A")
    assert latest.version == first.version + 1 and latest.status == PackStatus.READY
    assert latest.layout["laid_out"] == ["front", "item-a1"]  # its state is on the agenda too
    assert packs.changes(latest, first) == [f"Changed: A1 {proposal.title} (the business case, scores or decisions)."]
    assert "Full business case in development" in pack_pdf(latest)[1][1]  # the agenda: back with its authors


def test_a_replaced_part_b_pack_is_not_described_by_e_mail(meeting, cast, member, django_capture_on_commit_callbacks):
    secret = "Options for the Riverside provider market"
    services.add_paper(meeting, by=cast.icsmg_secretary, title="Commercial options", purpose="decision", part="B")
    with django_capture_on_commit_callbacks(execute=True):
        packs.request_build(meeting, "B", by=cast.icsmg_secretary)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.add_paper(meeting, by=cast.icsmg_secretary, title=secret, purpose="decision", part="B")
    assert BoardPack.objects.latest_for(meeting, "B").version == 2
    [email] = [message for message in mail.outbox if message.to == ["member@example.invalid"]]
    assert "Part B" in email.subject and secret not in email.subject + email.body
    assert "confidential papers are not described in e-mails" in email.body
