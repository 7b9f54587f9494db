"""Statutory-duty gates: the route says which a proposal needs and from which stage; a named member of the
signing body signs each with evidence and a date it holds until; nothing is tabled or decided on its
merits while a gate its stage needs is unsigned or out of date on the meeting's day."""

import datetime
import io
import re
from io import StringIO

import pytest
import yaml
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from governance import duty_gates, packs, services
from governance.enums import DecisionOutcome, DutyGate, MembershipRole, Stage
from governance.models import Decision, GateSignatory, GateSignOff, Meeting, RouteGate
from governance.packs.inputs import pack_inputs
from ics_commissioning.errors import ActionRefused
from proposals.enums import ProposalState

from .conftest import dated
from .factories import MeetingFactory, MembershipFactory, UserFactory

S, O = ProposalState, DecisionOutcome
CSV = b"Proposal,ICS-2026-001\nAssessment,Quality impact\nOutcome,No adverse impact\n"


def today(days=0):
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def gated(cast, proposal_in):
    """A proposal at quality assurance whose route needs a quality impact assessment from stage 2, signed by
    a member of the Clinical Leadership Group, and an equality impact assessment from stage 4."""
    proposal = proposal_in(S.QUALITY_ASSURANCE)
    RouteGate.objects.create(route=proposal.route, gate=DutyGate.QIA, needed_from=Stage.QUALITY_ASSURANCE,
                             signing_body=cast.clg, signing_role="Director of Nursing")
    RouteGate.objects.create(route=proposal.route, gate=DutyGate.EQIA, needed_from=Stage.FORMAL_APPROVAL,
                             signing_body=cast.clg)
    nurse = MembershipFactory(body=cast.clg, role=MembershipRole.MEMBER, user=UserFactory(username="nurse")).user
    proposal.nurse = nurse
    return proposal


def named_and_signed(proposal, cast, *, valid_until=None):
    duty_gates.name_signatory(proposal, DutyGate.QIA, user=proposal.nurse, by=cast.author)
    return duty_gates.sign(proposal, DutyGate.QIA, by=proposal.nurse, valid_until=valid_until or today(30),
                           file=ContentFile(CSV, name="qia.csv"), content_type="text/csv", original_name="QIA.csv")


def meeting_in(cast, days):
    return MeetingFactory(body=cast.icsmg, starts_at=timezone.now() + datetime.timedelta(days=days))


# -- The rules


def test_a_route_without_gates_needs_none(cast, proposal_in):
    proposal = proposal_in(S.QUALITY_ASSURANCE)
    assert duty_gates.gate_states(proposal) == []
    assert services.add_proposal_to_agenda(meeting_in(cast, 7), proposal, by=cast.icsmg_secretary)


def test_only_the_gates_its_stage_needs_are_due(gated):
    states = {state.gate: state for state in duty_gates.gate_states(gated)}
    assert states[DutyGate.QIA].due and not states[DutyGate.EQIA].due
    assert states[DutyGate.QIA].status == "Not signed"
    assert duty_gates.problems_on(gated, today()) == ["Quality impact assessment is not signed off."]


def test_a_signatory_must_be_a_member_of_the_signing_body(gated, cast):
    with pytest.raises(ActionRefused, match="is not a member of the Clinical Leadership Group"):
        duty_gates.name_signatory(gated, DutyGate.QIA, user=cast.hsg_secretary, by=cast.author)
    with pytest.raises(PermissionDenied):  # someone with no part in it may not name anyone
        duty_gates.name_signatory(gated, DutyGate.QIA, user=gated.nurse, by=cast.member)
    with pytest.raises(ActionRefused, match="does not need"):
        duty_gates.name_signatory(gated, DutyGate.DPIA, user=gated.nurse, by=cast.author)
    assert not GateSignatory.objects.exists()


def test_only_the_named_signatory_signs_and_never_into_the_past(gated, cast):
    duty_gates.name_signatory(gated, DutyGate.QIA, user=gated.nurse, by=cast.author)
    for someone in (cast.clg_secretary, cast.author):  # a member of the body, the author: not named
        with pytest.raises(PermissionDenied):
            duty_gates.sign(gated, DutyGate.QIA, by=someone, valid_until=today(30), file=ContentFile(CSV, name="q.csv"),
                            content_type="text/csv", original_name="QIA.csv")
    with pytest.raises(ActionRefused, match="today or later"):
        duty_gates.sign(gated, DutyGate.QIA, by=gated.nurse, valid_until=today(-1), file=ContentFile(CSV, name="q.csv"),
                        content_type="text/csv", original_name="QIA.csv")
    assert not GateSignOff.objects.exists()
    named_and_signed(gated, cast)
    [state, _] = duty_gates.gate_states(gated)
    assert state.in_date and state.status.startswith("Signed, valid until")


def test_signing_again_keeps_the_record_and_the_latest_counts(gated, cast):
    first = named_and_signed(gated, cast, valid_until=today(5))
    second = named_and_signed(gated, cast, valid_until=today(60))
    assert list(GateSignOff.objects.filter(proposal=gated)) == [first, second]
    assert duty_gates.gate_states(gated)[0].sign_off == second


# -- Tabling and deciding


def test_an_unsigned_gate_stops_the_tabling_and_nothing_is_added(gated, cast):
    meeting = meeting_in(cast, 7)
    with pytest.raises(ActionRefused, match="until its statutory-duty gates are signed and in date.*Quality impact "
                                            "assessment is not signed off"):
        services.add_proposal_to_agenda(meeting, gated, by=cast.icsmg_secretary)
    assert not meeting.items.exists()


def test_a_gate_that_expires_before_the_meeting_stops_the_tabling(gated, cast):
    named_and_signed(gated, cast, valid_until=today(5))
    meeting = meeting_in(cast, 7)
    with pytest.raises(ActionRefused, match=re.escape(f"holds until {duty_gates.day_text(today(5))}, before the "
                                                      f"meeting on {duty_gates.day_text(today(7))}")):
        services.add_proposal_to_agenda(meeting, gated, by=cast.icsmg_secretary)
    assert not meeting.items.exists()
    named_and_signed(gated, cast, valid_until=today(10))
    assert services.add_proposal_to_agenda(meeting, gated, by=cast.icsmg_secretary)


@pytest.mark.parametrize("outcome", [O.QUALITY_ASSURED, O.REJECTED])
def test_a_meeting_postponed_past_the_expiry_cannot_decide_it_on_its_merits(gated, cast, time_machine, outcome):
    named_and_signed(gated, cast, valid_until=today(10))
    item = services.add_proposal_to_agenda(meeting_in(cast, 7), gated, by=cast.icsmg_secretary)
    later = services.postpone_meeting(item.meeting, by=cast.icsmg_secretary, reason="Not quorate",
                                      starts_at=timezone.now() + datetime.timedelta(days=20))
    time_machine.move_to(later.starts_at + datetime.timedelta(hours=1))
    Meeting.objects.filter(pk=later.pk).update(status="in_session")
    item.refresh_from_db()
    with pytest.raises(ActionRefused, match="cannot be decided at the meeting"):
        services.record_decision(item, by=cast.icsmg_secretary, outcome=outcome, minute="Decided.")
    gated.refresh_from_db()
    assert gated.state == S.QUALITY_ASSURANCE and not Decision.objects.filter(item=item).exists()
    # It may still be put off, or returned to its authors: neither decides it on its merits.
    services.record_decision(item, by=cast.icsmg_secretary, outcome=O.DEFERRED, minute="Until the QIA is renewed.")


# -- Through the web, on the page and in the pack


def test_the_panel_shows_each_gate_and_who_may_act(client, gated, cast):
    client.force_login(cast.author)
    page = client.get(gated.get_absolute_url()).content.decode()
    assert "Statutory duties: assurance" in page and "Quality impact assessment" in page and "Not named" in page
    assert reverse("governance:gate_signatory", args=[gated.reference, "qia"]) in page
    assert reverse("governance:gate_sign", args=[gated.reference, "qia"]) not in page
    client.post(reverse("governance:gate_signatory", args=[gated.reference, "qia"]), {"signatory": gated.nurse.pk})
    assert GateSignatory.objects.get(proposal=gated, gate="qia").user == gated.nurse
    client.force_login(gated.nurse)
    page = client.get(gated.get_absolute_url()).content.decode()
    assert reverse("governance:gate_sign", args=[gated.reference, "qia"]) in page


def test_signing_through_the_page_needs_the_declaration_and_evidence(client, gated, cast):
    duty_gates.name_signatory(gated, DutyGate.QIA, user=gated.nurse, by=cast.author)
    url = reverse("governance:gate_sign", args=[gated.reference, "qia"])
    client.force_login(cast.clg_secretary)
    assert client.get(url).status_code == 403  # not the person named
    client.force_login(gated.nurse)
    data = dated({"valid_until": today(90).isoformat(), "note": "Reviewed <b>with</b> the ward managers."})
    refused = client.post(url, {**data, "evidence": SimpleUploadedFile("qia.csv", CSV, "text/csv")})
    assert "Confirm that you sign this off" in refused.content.decode()
    past = client.post(url, dated({**data, "valid_until": today(-1).isoformat(), "declaration": "on",
                             "evidence": SimpleUploadedFile("qia.csv", CSV, "text/csv")}))
    assert "must be today or in the future" in past.content.decode()
    assert not GateSignOff.objects.exists()
    done = client.post(url, {**data, "declaration": "on", "evidence": SimpleUploadedFile("qia.csv", CSV, "text/csv")})
    assert done.status_code == 302
    sign_off = GateSignOff.objects.get()
    assert (sign_off.uploaded_by, sign_off.valid_until, sign_off.original_name) == (gated.nurse, today(90), "qia.csv")
    evidence = reverse("governance:gate_evidence", args=[gated.reference, sign_off.pk])
    client.force_login(cast.author)
    assert client.get(evidence).status_code == 200
    client.force_login(cast.other_lead)
    assert client.get(evidence).status_code == 404  # may not see the proposal, so not its evidence


def test_the_pack_prints_the_panel_as_it_stands_on_the_meeting_day(gated, cast):
    named_and_signed(gated, cast, valid_until=today(30))
    meeting = meeting_in(cast, 7)
    services.add_proposal_to_agenda(meeting, gated, by=cast.icsmg_secretary)
    pdf, _ = packs.render(pack_inputs(meeting, "A"))
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Statutory duties: assurance" in text
    assert "Quality impact assessment" in text and f"Signed, valid until {duty_gates.day_text(today(30))}" in text
    assert "Equality impact assessment" in text and "Not signed" in text  # needed later, at stage 4
    # And the version before the body, with what changed.
    assert "Full business case, version 2" in text and "First version." in text


# -- As configuration


def test_gates_round_trip_through_the_configuration_and_bad_ones_are_refused(gated, tmp_path):
    out = StringIO()
    call_command("governance", "export", stdout=out)
    data = yaml.safe_load(out.getvalue())
    [route] = [r for r in data["routes"] if r.get("gates")]
    assert {"gate": "qia", "needed_from": 2, "signed_by": "Clinical Leadership Group",
            "signing_role": "Director of Nursing"} in route["gates"]
    route["gates"].append({"gate": "astrology", "needed_from": 7, "signed_by": "Nobody"})
    path = tmp_path / "governance.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    before = RouteGate.objects.count()
    with pytest.raises(Exception) as refused:
        call_command("governance", "import", str(path), "--by", "admin", stdout=StringIO())
    message = str(refused.value)
    assert "unknown gate “astrology”" in message and "stage numbered 1 to 4" in message
    assert "unknown body “Nobody”" in message
    assert RouteGate.objects.count() == before


def test_the_panel_takes_the_same_queries_however_many_gates(client, gated, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(gated.get_absolute_url()).status_code == 200
        return len(captured)

    client.force_login(cast.icsmg_secretary)
    named_and_signed(gated, cast)
    two = queries()
    for gate in (DutyGate.DPIA, DutyGate.FINANCE, DutyGate.ENGAGEMENT, DutyGate.SUSTAINABILITY):
        RouteGate.objects.create(route=gated.route, gate=gate, needed_from=Stage.STAKEHOLDER_SIGNOFF,
                                 signing_body=cast.hsg)
        duty_gates.name_signatory(gated, gate, user=cast.hsg_secretary, by=cast.author)
    assert queries() == two
