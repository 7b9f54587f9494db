"""The scheme of delegation: a proposal's facts choose its route and who may formally approve it;
every combination of facts has exactly one route, ending in a formal decision."""

from decimal import Decimal

import pytest
from django.db.models import F
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from governance.enums import MembershipRole, Stage
from governance.models import DelegationRule, PlacesAffected, ProposalFacts, Route
from ics_commissioning.errors import ActionRefused
from proposals import services
from proposals.enums import ProposalState, ServiceArea
from proposals.models import FinanceLine

from .conftest import assessed
from .factories import BodyFactory, MembershipFactory, PlaceFactory, UserFactory

S = ProposalState
MILLION = Decimal(1_000_000)


@pytest.fixture
def scheme(cast):
    """An ICB's scheme: specialised services go to the joint committee with NHS England; a proposal for
    one place under £1m a year to that place's committee; the rest, by the ICB's route, to the ICB Board."""
    joint = BodyFactory(name="Joint Committee with NHS England", makes_statutory_decisions=True)
    place = BodyFactory(name="Riverside Place Partnership Committee", assesses_proposals=True)
    board = BodyFactory(name="ICB Board", makes_statutory_decisions=True)
    owners = {Stage.DEVELOPMENT: cast.clg, Stage.QUALITY_ASSURANCE: cast.icsmg, Stage.STAKEHOLDER_SIGNOFF: cast.hsg}
    Route.objects.build("Specialised services", owners, is_default=False)
    Route.objects.build("Place", {**owners, Stage.QUALITY_ASSURANCE: place}, is_default=False)
    rules = [
        ("Specialised services: the joint committee", {"service_areas": [ServiceArea.SPECIALISED]},
         "Specialised services", [joint]),
        ("One place, under £1m a year: the place committee",
         {"places": PlacesAffected.ONE, "max_annual_value": MILLION}, "Place", [cast.ccg]),
        ("Everything else: the ICB Board", {}, "ICS governance route (2020)", [board, cast.jcc]),
    ]
    for order, (name, conditions, route, bodies) in enumerate(rules):
        rule = DelegationRule.objects.create(order=order, name=name, route_name=route, **conditions)
        rule.formal_bodies.set(bodies)
    return {"joint": joint, "place": place, "board": board}


def with_facts(proposal, *, area=ServiceArea.CARDIOLOGY, yearly=Decimal(0), places=1):
    type(proposal).objects.filter(pk=proposal.pk).update(service_area=area)
    proposal.finance_lines.all().delete()
    FinanceLine.objects.create(proposal=proposal, financial_year="2026/27", quarter=1, projected_spend=yearly)
    proposal.places.set([PlaceFactory(name=f"Place {n} of {proposal.pk}") for n in range(places)])
    proposal.refresh_from_db()
    return proposal


@pytest.mark.parametrize("area, yearly, places, route, rule", [
    (ServiceArea.SPECIALISED, MILLION * 5, 3, "Specialised services", "Specialised services: the joint committee"),
    (ServiceArea.MENTAL_HEALTH, MILLION - 1, 1, "Place", "One place, under £1m a year: the place committee"),
    (ServiceArea.MENTAL_HEALTH, MILLION, 1, "ICS governance route (2020)", "Everything else: the ICB Board"),
    (ServiceArea.MENTAL_HEALTH, Decimal(1000), 2, "ICS governance route (2020)", "Everything else: the ICB Board"),
])
def test_the_facts_choose_the_route_at_submission(cast, proposal_in, scheme, area, yearly, places, route, rule):
    proposal = with_facts(proposal_in(S.DRAFT), area=area, yearly=yearly, places=places)
    services.submit(proposal, by=cast.author)
    proposal.refresh_from_db()
    assert (proposal.route.name, proposal.delegation_rule.name) == (route, rule)
    assert f"by the scheme of delegation's rule “{rule}”" in proposal.route_reason
    # The scheme changing later does not move it.
    DelegationRule.objects.all().delete()
    proposal.refresh_from_db()
    assert proposal.route.name == route


def test_a_place_proposal_goes_to_the_place_committee_and_is_approved_only_as_the_scheme_allows(
        cast, proposal_in, scheme):
    proposal = with_facts(proposal_in(S.DRAFT), area=ServiceArea.PRIMARY_CARE, yearly=Decimal(250_000), places=1)
    services.submit(proposal, by=cast.author)
    proposal.refresh_from_db()
    assert proposal.route.stage(Stage.QUALITY_ASSURANCE).body == scheme["place"]
    assessed(cast, proposal)
    assert list(proposal.owning_bodies()) == [scheme["place"]]
    place_secretary = MembershipFactory(body=scheme["place"], role=MembershipRole.SECRETARY,
                                        user=UserFactory(username="place_secretary")).user
    services.quality_assure(proposal, by=place_secretary)
    with pytest.raises(ActionRefused, match="gives this proposal's formal approval to Riverside CCG Governing Body: "
                                            "Joint CCG Committee cannot approve it"):
        services.sign_off(proposal, by=cast.hsg_secretary, formal_bodies=[cast.jcc])
    services.sign_off(proposal, by=cast.hsg_secretary, formal_bodies=[cast.ccg])
    assert [a.body for a in proposal.formal_approvals.all()] == [cast.ccg]


def test_the_lead_sees_why_before_submitting_and_the_secretary_after(client, cast, proposal_in, scheme):
    proposal = with_facts(proposal_in(S.DRAFT), area=ServiceArea.SPECIALISED, yearly=MILLION * 2, places=2)
    client.force_login(cast.author)
    page = client.get(reverse("proposals:check", args=[proposal.reference])).content.decode()
    assert "Specialised services, version 1, by the scheme of delegation" in page
    assert "Joint Committee with NHS England" in page
    services.submit(proposal, by=cast.author)
    client.force_login(cast.clg_secretary)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Specialised services: the joint committee" in page and "Its route" in page


def test_a_scheme_that_leaves_a_proposal_without_a_route_is_named_and_submission_refused(cast, proposal_in, scheme):
    DelegationRule.objects.filter(name__startswith="Everything else").delete()
    assert DelegationRule.objects.problems() == [
        "The last rule must match every proposal (no conditions), so that no proposal is left without a route."]
    proposal = with_facts(proposal_in(S.DRAFT), area=ServiceArea.CANCER, yearly=MILLION * 3, places=2)
    with pytest.raises(ActionRefused, match="No governance route is set up yet for a proposal like this one"):
        services.submit(proposal, by=cast.author)
    proposal.refresh_from_db()
    assert (proposal.state, proposal.route) == (S.DRAFT, None)
    elsewhere = DelegationRule.objects.create(order=9, name="Elsewhere", route_name="Nowhere")
    elsewhere.formal_bodies.set([cast.hsg])
    assert "Rule “Elsewhere” names an unknown route “Nowhere”." in DelegationRule.objects.problems()
    assert "Rule “Elsewhere”: Health Strategy Group may not formally approve." in DelegationRule.objects.problems()


values = st.decimals(min_value=0, max_value=50_000_000, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(area=st.sampled_from(ServiceArea.values), annual=values, extra=values, places=st.integers(0, 6))
def test_every_combination_of_facts_has_exactly_one_route_ending_in_a_formal_decision(
        scheme, area, annual, extra, places):
    facts = ProposalFacts(service_area=area, annual_value=annual, whole_life_value=annual + extra, places=places)
    rules = list(DelegationRule.objects.prefetch_related("formal_bodies"))
    matching = [rule for rule in rules if rule.matches(facts)]
    chosen = DelegationRule.objects.order_by("order").choose(facts)
    assert matching and chosen == matching[0]  # at least one rule, and the first in order decides
    route = chosen.route()
    assert route is not None and route.stage(Stage.FORMAL_APPROVAL) is not None
    assert not route.problems(list(route.stages.all()))
    assert chosen.formal_bodies.exists()


def test_a_rule_for_one_place_sends_only_that_places_proposals_to_its_committee(cast, scheme):
    riverside, coastline = PlaceFactory(name="Riverside"), PlaceFactory(name="Coastline")
    DelegationRule.objects.update(order=F("order") + 1)
    rule = DelegationRule.objects.create(order=0, name="Riverside place", place=riverside, route_name="Place")
    facts = {"service_area": ServiceArea.CANCER, "annual_value": MILLION * 9, "whole_life_value": MILLION * 9}
    assert DelegationRule.objects.choose(ProposalFacts(places=1, place_ids=(riverside.pk,), **facts)) == rule
    for places in [(coastline.pk,), (riverside.pk, coastline.pk)]:
        chosen = DelegationRule.objects.choose(ProposalFacts(places=len(places), place_ids=places, **facts))
        assert chosen.name == "Everything else: the ICB Board"
    assert not rule.is_catch_all
