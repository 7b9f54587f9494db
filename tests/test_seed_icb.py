"""`seed_demo --profile icb`: an Integrated Care Board that describes its own bodies, routes and scheme
of delegation, with proposals routed by it."""

from io import StringIO

from django.core.management import call_command

from governance.models import Body, DelegationRule, Organisation, Route
from proposals.enums import EventKind, ProposalState
from proposals.models import Proposal


def test_the_icb_profile_routes_its_proposals_by_its_scheme(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = StringIO()
    call_command("seed_demo", "--profile", "icb", stdout=out)
    assert "icb_lead" in out.getvalue() and "Demo data loaded" in out.getvalue()
    assert Organisation.objects.get(kind="icb").name == "NHS Northshire Integrated Care Board"
    assert Body.objects.get(name="Joint Committee with NHS England (specialised services)").organisations.count() == 2
    assert Route.objects.default().name == "Northshire ICB route"
    assert not DelegationRule.objects.problems()
    routes = {p.title: (p.route.name, p.state, p.delegation_rule.name) for p in Proposal.objects.all()}
    by_route = {route: state for route, state, _ in routes.values()}
    assert by_route == {
        "Place route": ProposalState.STAKEHOLDER_SIGNOFF,
        "Specialised services route": ProposalState.SUBMITTED,
        "Northshire ICB route": ProposalState.FORMAL_APPROVAL,
    }
    # The place route skips quality assurance, and gives sign-off to the committee of the proposal's place.
    riverside = Proposal.objects.get(route__name="Place route")
    assert [b.name for b in riverside.owning_bodies()] == ["Riverside Place Partnership Committee"]
    assert riverside.events.get(kind=EventKind.STAGE_SKIPPED).comment.startswith(
        "Stage 2: quality assurance skipped: its route, Place route, version 1, chosen by the scheme of "
        "delegation’s rule “Riverside only, under £1m a year")
    beds = Proposal.objects.get(route__name="Northshire ICB route")
    assert {a.body.name for a in beds.formal_approvals.all()} == {
        "Mental Health Provider Collaborative Board", "Northshire ICB Board"}
    counts = (Proposal.objects.count(), Route.objects.count(), DelegationRule.objects.count())
    call_command("seed_demo", "--profile", "icb", stdout=StringIO())  # idempotent
    assert (Proposal.objects.count(), Route.objects.count(), DelegationRule.objects.count()) == counts
