"""Versions of a proposal's documents: each submission freezes one; a returned full case comes back as a
new version; anyone who may read the proposal sees what changed, section by section; the draft of a new
version stays with its authors (page, API, search) until they submit it; the pack prints the version."""

import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from rest_framework.test import APIClient

from governance import packs
from governance import services as governance
from governance.packs.inputs import pack_inputs
from ics_commissioning.errors import MovedOn
from proposals import services, versions
from proposals.enums import ProposalState
from proposals.models import CaseVersion
from proposals.search import search_proposals

from .factories import MeetingFactory

S = ProposalState
SECRET = "Zanzibar draft wording"


@pytest.fixture
def returned(cast, proposal_in):
    """A full case the ICS Management Group returned, which its authors are now revising."""
    proposal = proposal_in(S.QUALITY_ASSURANCE)
    services.return_for_revision(proposal, by=cast.icsmg_secretary, reasons="Say when the review reports.")
    proposal.refresh_from_db()
    return proposal


def test_each_submission_freezes_a_version_and_a_version_never_changes(cast, proposal_in):
    proposal = proposal_in(S.QUALITY_ASSURANCE)
    outline, full = proposal.versions.order_by("number")
    assert (outline.number, outline.document, full.number, full.document) == (1, "outline", 2, "full")
    assert [s["key"] for s in full.content["sections"]][:4] == ["summary", "ics_aspirations", "quality_safety",
                                                                 "engagement"]
    full.content["sections"][0]["text"] = "rewritten"
    with pytest.raises(ValidationError, match="frozen"):
        full.save()
    with pytest.raises(ValidationError):
        full.delete()
    assert CaseVersion.objects.get(pk=full.pk).content["sections"][0]["text"] != "rewritten"


def test_a_returned_full_case_comes_back_as_a_new_version_with_its_changes(client, cast, returned):
    assert returned.state == S.FULL_CASE and returned.is_editable
    services.save_business_case(returned, by=cast.author, words={"review": "Reported at <b>six</b> months."})
    services.submit_full_case(returned, by=cast.author)
    latest = returned.versions.order_by("-number").first()
    assert latest.number == 3
    previous = returned.versions.get(number=2)
    assert versions.summary(previous, latest) == (
        "Since version 2: Changed: Post-implementation review. 12 sections unchanged.")
    assert "Full business case, version 3. Since version 2: Changed: Post-implementation review." in \
        returned.events.last().comment
    client.force_login(cast.icsmg_secretary)
    page = client.get(reverse("proposals:version", args=[returned.reference, 3])).content.decode()
    assert "What changed since version 2" in page
    assert re.search(r"<ins>[^<]*&lt;b&gt;six&lt;/b&gt;", page)  # the words added, and typed text stays text
    assert "<b>six</b>" not in page
    assert "<del>" in page
    earlier = client.get(reverse("proposals:version", args=[returned.reference, 3]), {"since": "1"})
    assert "What changed since version 1" in earlier.content.decode()
    assert client.get(reverse("proposals:version", args=[returned.reference, 3]), {"since": "3"}).status_code == 404


def test_the_draft_of_a_new_version_stays_with_its_authors(client, cast, returned):
    services.save_business_case(returned, by=cast.author, words={"benefits": SECRET})
    client.force_login(cast.author)
    assert SECRET in client.get(returned.get_absolute_url()).content.decode()
    client.force_login(cast.icsmg_secretary)
    page = client.get(returned.get_absolute_url()).content.decode()
    assert SECRET not in page and "Its authors are writing a new version" in page
    api = APIClient()
    api.force_authenticate(cast.icsmg_secretary)
    detail = api.get(f"/api/v1/proposals/{returned.reference}/").json()
    assert SECRET not in str(detail) and detail["sections"]["benefits"]
    assert search_proposals(cast.icsmg_secretary, "Zanzibar").count == 0
    services.submit_full_case(returned, by=cast.author)  # submitted: now everyone who may read it does
    assert list(search_proposals(cast.icsmg_secretary, "Zanzibar")) == [returned]


def test_the_pack_prints_the_version_and_what_changed(cast, returned):
    services.save_business_case(returned, by=cast.author, words={"delivery": "Phased over four quarters."})
    services.submit_full_case(returned, by=cast.author)
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() + datetime.timedelta(days=7))
    governance.add_proposal_to_agenda(meeting, returned, by=cast.icsmg_secretary)
    pdf, _ = packs.render(pack_inputs(meeting, "A"))
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Full business case, version 3" in text
    assert "Since version 2: Changed: Delivery plan." in text
    assert "Economic case" in text and "Phased over four quarters." in text


def test_an_edit_to_a_version_that_has_been_tabled_is_refused_and_changes_nothing(client, cast, proposal_in):
    proposal = proposal_in(S.QUALITY_ASSURANCE)
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() + datetime.timedelta(days=7))
    governance.add_proposal_to_agenda(meeting, proposal, by=cast.icsmg_secretary)
    before = dict(proposal.full_case)
    with pytest.raises(MovedOn, match=f"Version 2 was tabled at the ICS Management Group meeting of "
                                      f"{timezone.localtime(meeting.starts_at):%-d %B %Y} and cannot be changed"):
        services.save_business_case(proposal, by=cast.author, words={"delivery": "Quietly changed."})
    proposal.refresh_from_db()
    assert proposal.full_case == before and proposal.versions.count() == 2
    client.force_login(cast.author)  # through the page: sent back to the proposal, with the reason
    response = client.post(reverse("proposals:edit_section", args=[proposal.reference, "delivery"]),
                           {"delivery": "Quietly changed."}, follow=True)
    assert "can no longer be changed" in response.content.decode() or "tabled" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.full_case == before
