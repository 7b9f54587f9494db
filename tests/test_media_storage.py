"""
Media kept on the filesystem (the default) or in a private S3 bucket that every web and worker
machine shares (AWS_STORAGE_BUCKET_NAME): each test runs against both. The bucket is on moto's S3
server, started on this machine by the test run, with the storage the settings make from the
production variables. Uploads, board packs, paper documents and minutes are stored where the
settings say, read back from there (a pack's appended PDFs, the last pack a rebuild reuses), and
handed out only through the views that check who may see them.
"""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from weasyprint import HTML

from governance import packs, services
from governance.enums import AttendanceStatus, MembershipRole, PackStatus
from governance.models import AgendaItem, Minutes, PaperDocument
from governance.packs.html import safe_url_fetcher
from proposals.enums import ProposalState
from proposals.models import Attachment

from .documents import CSV, upload
from .factories import MeetingFactory, MembershipFactory

APPENDIX = "Appendix marker: activity by place"


def downloaded(response):
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and response["X-Content-Type-Options"] == "nosniff"
    return b"".join(response.streaming_content)


def pdf_text(data):
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def appendix():
    """A real one-page PDF, which a pack draws onto its own pages."""
    return HTML(string=f"<p>{APPENDIX}</p>").write_pdf()


def test_an_attachment_is_stored_and_downloaded_only_by_those_who_may_see_the_proposal(
        client, cast, proposal_in, media_storage, django_capture_on_commit_callbacks):
    draft = proposal_in(ProposalState.DRAFT)
    client.force_login(cast.author)
    response = client.post(reverse("proposals:attachments", args=[draft.reference]),
                           {"title": "Costing", "kind": "costing", "file": upload("costs.csv", CSV)})
    assert response.status_code == 302
    attachment = Attachment.objects.get(proposal=draft)
    assert media_storage.stored() == [attachment.file.name]
    assert media_storage.read(attachment.file.name) == CSV

    address = reverse("proposals:attachment", args=[draft.reference, attachment.pk])
    download = client.get(address)
    assert downloaded(download) == CSV
    assert "costs.csv" in download["Content-Disposition"] and int(download["Content-Length"]) == len(CSV)
    for name in ["other_lead", "clg_secretary", "member"]:
        client.force_login(cast.everyone[name])
        assert client.get(address).status_code == 404, name

    client.force_login(cast.author)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("proposals:remove_attachment", args=[draft.reference, attachment.pk]))
    assert media_storage.stored() == []


@pytest.fixture
def meeting(cast, proposal_in):
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() + datetime.timedelta(days=7))
    services.add_proposal_to_agenda(meeting, proposal_in(ProposalState.QUALITY_ASSURANCE), by=cast.icsmg_secretary)
    services.add_paper(meeting, by=cast.icsmg_secretary, title="Provider market review", purpose="information")
    services.add_paper(meeting, by=cast.icsmg_secretary, title="Workforce plan", purpose="information")
    services.add_paper(meeting, by=cast.icsmg_secretary, title="Market options", purpose="decision", part="B")
    return meeting


def attach(client, meeting, title, name, content):
    """Attach a document to a paper through the agenda page, as the secretary does."""
    item = meeting.items.get(title=title)
    prefix = f"document-{item.pk}"
    response = client.post(reverse("governance:attach_document", args=[meeting.pk, item.pk]),
                           {f"{prefix}-title": f"{title}: tables", f"{prefix}-file": upload(name, content)})
    assert response.status_code == 302
    return PaperDocument.objects.get(item=item)


def test_a_board_pack_is_built_stored_and_downloaded_only_by_those_who_may_read_it(
        client, cast, meeting, appendix, media_storage, django_capture_on_commit_callbacks):
    client.force_login(cast.icsmg_secretary)
    document = attach(client, meeting, "Provider market review", "tables.pdf", appendix)
    with django_capture_on_commit_callbacks(execute=True):
        pack = packs.request_build(meeting, "A", by=cast.icsmg_secretary)
    pack.refresh_from_db()
    assert pack.status == PackStatus.READY, pack.error
    assert media_storage.stored() == sorted([document.file.name, pack.file.name])

    address = reverse("governance:pack_download", args=[meeting.pk, "a"])
    data = downloaded(client.get(address))
    assert data == media_storage.read(pack.file.name)
    text = pdf_text(data)
    assert "Provider market review" in text and "Market options" not in text
    assert APPENDIX in text  # the appended PDF, read back from the storage
    for name in ["author", "other_lead"]:
        client.force_login(cast.everyone[name])
        assert client.get(address).status_code == 404, name

    # A rebuild lays out only the changed paper, and takes the rest from the last pack, read back from the storage.
    AgendaItem.objects.filter(title="Workforce plan").update(background="The plan now covers bank staff.")
    with django_capture_on_commit_callbacks(execute=True):
        rebuilt = packs.request_build(meeting, "A", by=cast.icsmg_secretary)
    rebuilt.refresh_from_db()
    assert rebuilt.status == PackStatus.READY and rebuilt.layout["mode"] == "incremental"
    client.force_login(cast.icsmg_secretary)
    text = pdf_text(downloaded(client.get(address)))
    assert "bank staff" in text and APPENDIX in text and "Provider market review" in text
    assert rebuilt.file.name in media_storage.stored()

    # The renderer still loads nothing but our own static files: not the stored file, nor a URL to it.
    for url in [pack.file.url, f"file://{media_storage.root}/{pack.file.name}"]:
        with pytest.raises(ValueError):
            safe_url_fetcher(url)


def test_a_papers_document_is_downloaded_only_by_those_who_may_see_its_item(client, cast, meeting, media_storage):
    client.force_login(cast.icsmg_secretary)
    document = attach(client, meeting, "Market options", "options.csv", CSV)  # a Part B paper
    assert media_storage.stored() == [document.file.name]
    address = reverse("governance:paper_document", args=[meeting.pk, document.item_id, document.pk])
    assert downloaded(client.get(address)) == CSV
    for name in ["hsg_secretary", "author"]:  # not members of the ICS Management Group
        client.force_login(cast.everyone[name])
        assert client.get(address).status_code == 404, name


def test_the_minutes_pdfs_are_stored_and_the_confidential_one_downloaded_by_members_only(
        client, cast, media_storage, django_capture_on_commit_callbacks):
    from governance import minutes as minutes_services

    secretary = cast.icsmg_secretary
    MembershipFactory(body=cast.icsmg, user=cast.member, role=MembershipRole.MEMBER)
    held = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() - datetime.timedelta(days=14))
    paper = services.add_paper(held, by=secretary, title="Winter plan", purpose="decision")
    secret = services.add_paper(held, by=secretary, title="Provider market options", purpose="information", part="B")
    services.record_attendance(held, {secretary: AttendanceStatus.PRESENT}, by=secretary)
    services.record_decision(paper, by=secretary, outcome="agreed", minute="The plan was agreed.")
    services.record_decision(secret, by=secretary, outcome="noted", minute="Options noted.")
    held.status = "held"
    held.save()
    minutes_services.draft(held, by=secretary)
    client.force_login(secretary)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("governance:print_minutes", args=[held.pk]), {})
    minutes = Minutes.objects.get(meeting=held)
    assert media_storage.stored() == sorted([minutes.file_public.name, minutes.file_confidential.name])

    public, confidential = (reverse("governance:minutes_pdf", args=[held.pk, part]) for part in "ab")
    assert "Provider market options" in pdf_text(downloaded(client.get(confidential)))
    client.force_login(cast.hsg_secretary)
    text = pdf_text(downloaded(client.get(public)))
    assert "Winter plan" in text and "Provider market options" not in text
    assert client.get(confidential).status_code == 404


@pytest.mark.django_db
def test_ready_writes_and_deletes_a_file_in_the_storage(client, settings, media_storage):
    settings.REDIS_URL = ""  # the embedded default: no broker or worker to check
    response = client.get("/health/ready")
    assert response.json()["checks"]["media_storage"] == "ok"
    assert media_storage.stored() == []


@pytest.mark.django_db
@pytest.mark.parametrize("media_storage", ["s3"], indirect=True)
def test_a_missing_bucket_makes_it_not_ready(client, settings, media_storage):
    settings.REDIS_URL = ""
    media_storage.client.delete_bucket(Bucket=media_storage.bucket)
    response = client.get("/health/ready")
    assert response.status_code == 503 and response.json()["checks"]["media_storage"] == "failed"
