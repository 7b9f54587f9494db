"""Governance routes as data: who owns each stage, in versions that proposals in flight keep."""


import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance.enums import Stage
from governance.models import Route, RouteStage
from ics_commissioning.errors import ActionRefused
from proposals import services
from proposals.enums import ProposalState
from proposals.models import Proposal
from proposals.stages import column_headings

from .conftest import sign_in_with_second_factor
from .factories import BodyFactory, MembershipFactory, UserFactory

S = ProposalState


@pytest.fixture
def committee(cast):
    """A Strategic Commissioning Committee that a new version of the route makes the stage 2 owner."""
    body = BodyFactory(name="Strategic Commissioning Committee", assesses_proposals=True)
    MembershipFactory(body=body, role="secretary", user=UserFactory(username="scc_secretary"))
    return body


def new_version(cast, committee):
    return Route.objects.build("ICS governance route (2020)", {
        Stage.DEVELOPMENT: cast.clg, Stage.QUALITY_ASSURANCE: committee, Stage.STAKEHOLDER_SIGNOFF: cast.hsg,
    })


def test_a_proposal_keeps_the_route_version_it_was_submitted_on(cast, proposal_in, committee):
    in_flight = proposal_in(S.QUALITY_ASSURANCE)
    first = in_flight.route
    second = new_version(cast, committee)
    assert (second.version, Route.objects.default()) == (first.version + 1, second)
    newer = proposal_in(S.QUALITY_ASSURANCE)
    assert newer.route == second
    in_flight.refresh_from_db()
    assert in_flight.route == first  # the change did not move it
    assert list(in_flight.owning_bodies()) == [cast.icsmg]
    assert list(newer.owning_bodies()) == [committee]
    assert list(Proposal.objects.owned_by(cast.icsmg)) == [in_flight]
    assert list(Proposal.objects.owned_by(committee)) == [newer]
    # Each body's secretary moves only the proposals its own stage holds.
    services.quality_assure(in_flight, by=cast.icsmg_secretary)
    with pytest.raises(ActionRefused):
        services.quality_assure(newer, by=cast.icsmg_secretary)
    services.quality_assure(newer, by=committee.secretaries()[0])
    assert Proposal.objects.filter(state=S.STAKEHOLDER_SIGNOFF).count() == 2


def test_nothing_is_submitted_without_a_route(cast, proposal_in):
    draft = proposal_in(S.DRAFT)
    Route.objects.update(is_default=False)
    with pytest.raises(ActionRefused, match="No governance route is set up yet"):
        services.submit(draft, by=cast.author)
    draft.refresh_from_db()
    assert (draft.state, draft.route) == (S.DRAFT, None)


def test_an_incomplete_route_is_refused_whole(cast):
    routes, stages = Route.objects.count(), RouteStage.objects.count()
    with pytest.raises(ValidationError) as refused:
        Route.objects.build("Incomplete", {Stage.DEVELOPMENT: cast.clg, Stage.QUALITY_ASSURANCE: None})
    assert "Stage 2: quality assurance has no owning body." in refused.value.messages
    assert (Route.objects.count(), RouteStage.objects.count()) == (routes, stages)
    route = Route(name="Check")
    assert route.problems([RouteStage(stage=Stage.DEVELOPMENT, body=cast.clg)]) == [
        "It has no formal decision: add the formal approval stage (stage 4)."
    ]


def test_the_board_and_the_authors_next_step_name_the_routes_bodies(client, cast, proposal_in, committee):
    assert column_headings()[S.QUALITY_ASSURANCE] == "ICS Management Group"
    new_version(cast, committee)
    assert column_headings()[S.QUALITY_ASSURANCE] == "Strategic Commissioning Committee"
    newer = proposal_in(S.QUALITY_ASSURANCE)
    client.force_login(cast.author)
    page = client.get(reverse("proposals:mine")).content.decode()
    assert "with the Strategic Commissioning Committee for quality assurance" in page
    assert newer.reference in page


def test_routes_are_set_up_in_the_admin_checked_whole(client, cast, proposal_in):
    sign_in_with_second_factor(client, cast.admin)
    add = reverse("admin:governance_route_add")
    assert client.get(add).status_code == 200

    def form(stages):
        data = {"name": "Place route", "version": "1", "is_default": "", "created_at_0": "2026-12-04",
                "created_at_1": "10:00", "stages-TOTAL_FORMS": str(len(stages)), "stages-INITIAL_FORMS": "0",
                # No statutory-duty gates and the standard sections (their inlines left empty).
                "gates-TOTAL_FORMS": "0", "gates-INITIAL_FORMS": "0",
                "case_sections-TOTAL_FORMS": "0", "case_sections-INITIAL_FORMS": "0"}
        for n, (stage, body, name) in enumerate(stages):
            data |= {f"stages-{n}-stage": stage, f"stages-{n}-body": body.pk if body else "",
                     f"stages-{n}-name": name}
        return data

    html = client.post(add, form([(1, cast.clg, "Triage"), (2, cast.icsmg, "QA")])).content.decode()
    assert "It has no formal decision" in html and not Route.objects.filter(name="Place route").exists()
    html = client.post(add, form([(1, cast.clg, "Triage"), (2, None, "QA"), (4, None, "Formal")])).content.decode()
    assert "has no owning body" in html and not Route.objects.filter(name="Place route").exists()
    response = client.post(add, form([(1, cast.clg, "Triage"), (2, cast.icsmg, "QA"), (3, cast.hsg, "Sign-off"),
                                      (4, None, "Formal approval")]))
    assert response.status_code == 302 and Route.objects.get(name="Place route").stages.count() == 4
    # The version proposals are on cannot be edited: a change is a new version.
    proposal_in(S.SUBMITTED)
    in_use = Route.objects.default()
    page = client.get(reverse("admin:governance_route_change", args=[in_use.pk])).content.decode()
    assert 'name="_save"' not in page
