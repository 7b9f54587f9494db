"""Routes as an ICB describes them: a route may skip quality assurance or sign-off, and may give a
stage to the place committee for the proposal's place. The state machine stays the four-stage flow."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from governance.enums import MembershipRole, Stage
from governance.models import DelegationRule, PlacesAffected, Route
from governance.models.routes import PLACE_COMMITTEE
from ics_commissioning.errors import ActionRefused, NotAllowed
from proposals import services
from proposals.enums import EventKind, ProposalState, ServiceArea
from proposals.models import FinanceLine, Proposal
from proposals.stages import with_whom

from .conftest import assessed
from .factories import BodyFactory, MembershipFactory, PlaceFactory, UserFactory

S = ProposalState


def rule(order, name, route, bodies=(), **conditions):
    made = DelegationRule.objects.create(order=order, name=name, route_name=route, **conditions)
    made.formal_bodies.set(bodies)
    return made


def submitted(cast, proposal_in, *, area=ServiceArea.CARDIOLOGY, yearly=Decimal(50_000), places=()):
    proposal = proposal_in(S.DRAFT)
    Proposal.objects.filter(pk=proposal.pk).update(service_area=area)
    proposal.finance_lines.all().delete()
    FinanceLine.objects.create(proposal=proposal, financial_year="2026/27", quarter=1, projected_spend=yearly)
    proposal.places.set(places)
    services.submit(proposal, by=cast.author)
    proposal.refresh_from_db()
    return proposal


def secretary_of(body, username):
    return MembershipFactory(body=body, role=MembershipRole.SECRETARY, user=UserFactory(username=username)).user


def test_a_route_without_quality_assurance_goes_from_assessment_to_sign_off_and_the_audit_says_why(
        client, cast, proposal_in):
    Route.objects.build("Small schemes", {Stage.DEVELOPMENT: cast.clg, Stage.STAKEHOLDER_SIGNOFF: cast.hsg},
                        is_default=False)
    rule(0, "Under £100k a year", "Small schemes", [cast.ccg], max_annual_value=Decimal(100_000))
    rule(1, "Everything else", "ICS governance route (2020)")
    proposal = assessed(cast, submitted(cast, proposal_in))
    assert proposal.state == S.STAKEHOLDER_SIGNOFF
    assert list(proposal.owning_bodies()) == proposal.owners() == [cast.hsg]
    skipped = proposal.events.get(kind=EventKind.STAGE_SKIPPED)
    assert skipped.comment == ("Stage 2: quality assurance skipped: its route, Small schemes, version 1, chosen by "
                               "the scheme of delegation’s rule “Under £100k a year”, has no such stage.")
    assert (skipped.from_state, skipped.to_state) == (S.FULL_CASE, S.STAKEHOLDER_SIGNOFF)
    # The secretary reads it in the proposal's history; the ICS Management Group never had it.
    client.force_login(cast.hsg_secretary)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Stage 2: quality assurance skipped" in page
    assert proposal not in Proposal.objects.owned_by(cast.icsmg)
    # A proposal on the full route still goes through quality assurance.
    bigger = assessed(cast, submitted(cast, proposal_in, yearly=Decimal(500_000)))
    assert bigger.state == S.QUALITY_ASSURANCE and not bigger.events.filter(kind=EventKind.STAGE_SKIPPED).exists()


def test_a_route_without_sign_off_takes_its_approving_bodies_from_the_rule(cast, proposal_in):
    Route.objects.build("Specialised services", {Stage.DEVELOPMENT: cast.clg, Stage.QUALITY_ASSURANCE: cast.icsmg},
                        is_default=False)
    specialised = rule(0, "Specialised: the joint committee", "Specialised services", [cast.jcc],
                       service_areas=[ServiceArea.SPECIALISED])
    rule(1, "Everything else", "ICS governance route (2020)")
    proposal = assessed(cast, submitted(cast, proposal_in, area=ServiceArea.SPECIALISED))
    assert proposal.state == S.QUALITY_ASSURANCE

    # The guard: with no body named by the rule, it cannot go into formal approval, and nothing changes.
    specialised.formal_bodies.clear()
    with pytest.raises(ActionRefused, match="has no sign-off stage, so the scheme of delegation names the bodies"):
        services.quality_assure(proposal, by=cast.icsmg_secretary)
    proposal.refresh_from_db()
    assert proposal.state == S.QUALITY_ASSURANCE and not proposal.formal_approvals.exists()

    specialised.formal_bodies.set([cast.jcc])
    services.quality_assure(proposal, by=cast.icsmg_secretary)
    assert proposal.state == S.FORMAL_APPROVAL
    assert [a.body for a in proposal.formal_approvals.all()] == [cast.jcc]
    assert list(proposal.owning_bodies()) == proposal.owners() == [cast.jcc]
    skipped = proposal.events.get(kind=EventKind.STAGE_SKIPPED)
    assert skipped.comment.startswith("Stage 3: sign-off from ICS stakeholders skipped: its route, Specialised "
                                      "services, version 1, chosen by the scheme of delegation’s rule")
    assert skipped.comment.endswith("The rule names the bodies that formally approve it: Joint CCG Committee.")
    services.record_formal_decision(proposal, body=cast.jcc, approved=True, by=cast.jcc_secretary)
    assert proposal.state == S.APPROVED


def test_a_route_may_skip_both_middle_stages(cast, proposal_in):
    Route.objects.build("Urgent", {Stage.DEVELOPMENT: cast.clg}, is_default=False)
    rule(0, "Urgent care", "Urgent", [cast.ccg], service_areas=[ServiceArea.URGENT_CARE])
    rule(1, "Everything else", "ICS governance route (2020)")
    proposal = assessed(cast, submitted(cast, proposal_in, area=ServiceArea.URGENT_CARE))
    assert proposal.state == S.FORMAL_APPROVAL
    assert [e.comment.split(" skipped")[0] for e in proposal.events.filter(kind=EventKind.STAGE_SKIPPED)] == [
        "Stage 2: quality assurance", "Stage 3: sign-off from ICS stakeholders"]


@pytest.fixture
def places(cast):
    north_committee = BodyFactory(name="North Place Partnership Committee", makes_statutory_decisions=True)
    south_committee = BodyFactory(name="South Place Partnership Committee", makes_statutory_decisions=True)
    north = PlaceFactory(name="North", committee=north_committee)
    south = PlaceFactory(name="South", committee=south_committee)
    Route.objects.build("Place route", {Stage.DEVELOPMENT: cast.clg, Stage.STAKEHOLDER_SIGNOFF: PLACE_COMMITTEE},
                        is_default=False)
    rule(0, "One place: its committee", "Place route", [north_committee, south_committee],
         places=PlacesAffected.ONE)
    rule(1, "Everything else", "ICS governance route (2020)")
    return {"north": north, "south": south, "north_committee": north_committee, "south_committee": south_committee}


def test_the_place_committee_for_the_proposals_place_owns_its_stage(client, cast, proposal_in, places):
    assert DelegationRule.objects.problems() == []
    proposal = submitted(cast, proposal_in, places=[places["north"]])
    # "Its route", on the proposal page: the skipped stage, and whose committee signs it off.
    client.force_login(cast.author)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Stage 2: quality assurance: not on this route: skipped" in page
    assert ("Stage 3: sign-off from ICS stakeholders: the place committee for its place (North Place Partnership "
            "Committee)") in page
    proposal = assessed(cast, proposal)
    assert proposal.state == S.STAKEHOLDER_SIGNOFF
    assert list(proposal.owning_bodies()) == proposal.owners() == [places["north_committee"]]
    assert proposal in Proposal.objects.owned_by(places["north_committee"])
    assert proposal not in Proposal.objects.owned_by(places["south_committee"])
    assert proposal not in Proposal.objects.owned_by(cast.hsg)
    assert with_whom(proposal) == "with the North Place Partnership Committee for sign-off"
    # The other place's committee may not sign it off; its own may.
    south = secretary_of(places["south_committee"], "south_secretary")
    with pytest.raises(NotAllowed):
        services.sign_off(proposal, by=south, formal_bodies=[places["south_committee"]])
    north = secretary_of(places["north_committee"], "north_secretary")
    services.sign_off(proposal, by=north, formal_bodies=[places["north_committee"]])
    assert proposal.state == S.FORMAL_APPROVAL


def test_a_scheme_that_a_place_committee_stage_cannot_carry_is_named(cast, places):
    DelegationRule.objects.filter(name="One place: its committee").update(places=PlacesAffected.ANY)
    PlaceFactory(name="West")
    problems = DelegationRule.objects.problems()
    assert ("Rule “One place: its committee”: its route “Place route” gives a stage to the place committee, so the "
            "rule must match proposals affecting one place.") in problems
    assert ("Rule “One place: its committee”: its route “Place route” gives a stage to the place committee, but "
            "West has no committee.") in problems
    Route.objects.build("No sign-off", {Stage.DEVELOPMENT: cast.clg}, is_default=False)
    rule(5, "Nobody named", "No sign-off")
    assert ("Rule “Nobody named”: its route “No sign-off” has no sign-off stage to name the bodies that formally "
            "approve, so the rule must name them.") in DelegationRule.objects.problems()


@pytest.mark.parametrize("owners, problem", [
    ({Stage.QUALITY_ASSURANCE: "icsmg"}, "It has no triage and assessment"),
    ({Stage.DEVELOPMENT: PLACE_COMMITTEE}, "Stage 1: development of workstream proposals cannot be given to the "
                                           "place committee"),
])
def test_a_route_that_cannot_carry_a_proposal_is_refused(cast, owners, problem):
    with pytest.raises(ValidationError) as refused:
        Route.objects.build("Broken", {stage: getattr(cast, owner, owner) for stage, owner in owners.items()})
    assert any(message.startswith(problem) for message in refused.value.messages)
    assert not Route.objects.filter(name="Broken").exists()
