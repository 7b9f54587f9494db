"""Organisations as data: whose body it is comes from the data, and is what the papers print."""

import datetime
import importlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from governance import packs, services
from governance.enums import MembershipRole, OrganisationKind
from governance.models import Organisation
from governance.packs.inputs import pack_inputs
from ics_commissioning.errors import ActionRefused
from proposals import services as proposal_services
from proposals.enums import ProposalState

from .factories import BodyFactory, MeetingFactory, MembershipFactory, UserFactory


def test_an_icb_board_is_printed_as_its_organisations_not_as_a_body_kind(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    icb = Organisation.objects.create(name="NHS Northshire Integrated Care Board", ods_code="ZZX",
                                      kind=OrganisationKind.ICB)
    # The body kinds are still the seed's; the kind is no longer printed, so the board can use any.
    board = BodyFactory(name="Northshire ICB Board", makes_statutory_decisions=True, meets_in_public=True,
                        purpose="The ICB's board: its statutory decisions")
    board.organisations.add(icb)
    secretary = MembershipFactory(body=board, role=MembershipRole.SECRETARY, user=UserFactory(username="icb_sec")).user
    meeting = MeetingFactory(body=board, starts_at=timezone.now() + datetime.timedelta(days=5))
    services.add_paper(meeting, by=secretary, title="Annual plan", purpose="decision")
    assert pack_inputs(meeting, "A")["body"] == {"name": "Northshire ICB Board",
                                                 "organisations": "NHS Northshire Integrated Care Board"}
    pack = packs.build(packs.request_build(meeting, "A", by=secretary))
    with pack.file.open("rb") as handle:
        cover = PdfReader(handle).pages[0].extract_text()
    assert "NHS Northshire Integrated Care Board" in cover and "CCG Governing Body" not in cover


def test_the_api_names_a_bodys_organisations(client, cast):
    ccg = Organisation.objects.create(name="NHS Riverside CCG", ods_code="ZZ1", kind=OrganisationKind.CCG)
    cast.ccg.organisations.add(ccg)
    client.force_login(cast.ccg_secretary)
    bodies = client.get(reverse("api:body-list")).json()["results"]
    [riverside] = [b for b in bodies if b["name"] == cast.ccg.name]
    assert riverside["organisations"] == [{"name": "NHS Riverside CCG", "ods_code": "ZZ1", "kind": "ccg"}]
    assert (riverside["may_formally_approve"], riverside["may_assess"], riverside["meets_in_public"]) == (
        True, False, False)
    # What each body does on the default route, by the stage's name there; no body kind.
    by_name = {b["name"]: b for b in bodies}
    assert by_name[cast.icsmg.name]["default_route_stages"] == ["ICS Management Group"]
    assert by_name[cast.clg.name]["may_assess"] and by_name[cast.ccg.name]["default_route_stages"] == []
    assert "kind" not in riverside and "stage" not in riverside
    MeetingFactory(body=cast.icsmg)
    [meeting] = client.get(reverse("api:meeting-list")).json()["results"]
    assert meeting["body"]["default_route_stages"] == ["ICS Management Group"]


def test_an_ods_code_is_checked(cast):
    with pytest.raises(ValidationError, match="3 to 10 capital letters and digits"):
        Organisation(name="Bad", ods_code="ab-1", kind=OrganisationKind.NHS_TRUST).full_clean()


@pytest.mark.parametrize("name, kind", [
    ("NHS Riverside CCG", "ccg"), ("Riverside Hospitals NHS Foundation Trust", "foundation_trust"),
    ("NHS Northshire Integrated Care Board", "icb"), ("Coastline County Council", "local_authority"),
    ("NHS England (North East and Yorkshire)", "nhs_england"), ("Fellside NHS Trust", "nhs_trust"),
])
def test_the_migration_reads_the_kind_of_organisation_from_its_name(name, kind):
    migration = importlib.import_module("governance.migrations.0011_organisations")
    assert migration.kind_of(name) == kind


def test_what_a_body_may_do_is_data_not_its_kind(cast, proposal_in):
    """An ICB Board approves once it is marked as able to; a body that once could, unmarked, cannot."""
    board = BodyFactory(name="Northshire ICB Board", makes_statutory_decisions=True)
    cast.ccg.makes_statutory_decisions = False
    cast.ccg.save()
    proposal = proposal_in(ProposalState.STAKEHOLDER_SIGNOFF)
    with pytest.raises(ActionRefused, match="Riverside CCG Governing Body cannot"):
        proposal_services.sign_off(proposal, by=cast.hsg_secretary, formal_bodies=[cast.ccg])
    proposal_services.sign_off(proposal, by=cast.hsg_secretary, formal_bodies=[board])
    assert [a.body for a in proposal.formal_approvals.all()] == [board]


def test_the_body_pages_describe_a_body_from_its_data_not_its_kind(client, cast):
    icb = Organisation.objects.create(name="NHS Northshire Integrated Care Board", kind=OrganisationKind.ICB)
    board = BodyFactory(name="Northshire ICB Board", makes_statutory_decisions=True,
                        meets_in_public=True, purpose="The ICB's board")
    board.organisations.add(icb)
    client.force_login(cast.icsmg_secretary)
    page = client.get(reverse("governance:body", args=[board.pk])).content.decode()
    assert "NHS Northshire Integrated Care Board" in page and "CCG Governing Body" not in page
    assert "May formally approve proposals." in page and "Meets in public" in page
    icsmg = client.get(reverse("governance:body", args=[cast.icsmg.pk])).content.decode()
    assert "Owns stage 2: quality assurance on the ICS governance route (2020)." in icsmg
    listing = client.get(reverse("governance:bodies")).content.decode()
    formal = listing[listing.index("Stage 4: formal approval"):listing.index("Programme boards and other groups")]
    assert "Northshire ICB Board" in formal and "ICS Management Group" not in formal
