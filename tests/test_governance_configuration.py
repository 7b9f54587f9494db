"""`manage.py governance export|import`: a lossless round trip, refusals that change nothing, and
routes that change only as new versions."""

from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from governance import configuration
from governance.enums import OrganisationKind
from governance.models import (
    STANDARD_SECTIONS,
    Body,
    ConfigurationChange,
    Organisation,
    Route,
    RouteStage,
    route_sections,
)
from proposals.enums import ProposalState

S = ProposalState


@pytest.fixture
def configured(cast):
    ccg = Organisation.objects.create(name="NHS Riverside CCG", ods_code="ZZ1", kind=OrganisationKind.CCG)
    cast.ccg.organisations.add(ccg)
    cast.jcc.organisations.add(ccg)
    cast.jcc.majority_numerator, cast.jcc.majority_denominator, cast.jcc.purpose = 2, 3, "Strategic decisions"
    cast.jcc.save()
    return cast


def exported():
    out = StringIO()
    call_command("governance", "export", stdout=out)
    return out.getvalue()


def imported(tmp_path, text, *extra):
    path = tmp_path / "governance.yaml"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    if "--check" not in extra and "--by" not in extra:
        extra = (*extra, "--by", "admin")
    call_command("governance", "import", str(path), *extra, stdout=out)
    return out.getvalue()


def state():
    """Everything the configuration holds, to compare before and after."""
    return (
        configuration.dump(configuration.export()),
        Route.objects.count(), RouteStage.objects.count(), Body.objects.count(), Organisation.objects.count(),
    )


def test_export_then_import_is_lossless(configured, tmp_path):
    Body.objects.filter(name="Joint CCG Committee").update(meets_in_public=True, public_enquiries="jcc@example.nhs.uk")
    text = exported()
    data = yaml.safe_load(text)
    assert data["format"] == "ics-commissioning/governance" and data["version"] == 1
    jcc = next(b for b in data["bodies"] if b["name"] == "Joint CCG Committee")
    assert jcc["decides"]["majority"] == "2/3" and jcc["organisations"] == ["NHS Riverside CCG"]
    assert (jcc["meets_in_public"], jcc["public_enquiries"]) == (True, "jcc@example.nhs.uk")
    [route] = data["routes"]
    assert [s.get("body") for s in route["stages"]] == [
        "Clinical Leadership Group", "ICS Management Group", "Health Strategy Group", None]
    before = state()
    assert "Nothing changed" in imported(tmp_path, text)
    assert state() == before
    # Into an empty configuration: the same file makes the same configuration.
    Body.objects.filter(name="Joint CCG Committee").update(purpose="", majority_numerator=None,
                                                           majority_denominator=None, public_enquiries="")
    assert "Bodies added or changed: Joint CCG Committee" in imported(tmp_path, text)
    assert exported() == text


def test_a_changed_route_is_a_new_version_and_proposals_in_flight_keep_theirs(configured, tmp_path, proposal_in):
    in_flight = proposal_in(S.QUALITY_ASSURANCE)
    data = yaml.safe_load(exported())
    data["bodies"].append({"name": "Strategic Commissioning Committee", "kind": "ics_management_group",
                           "organisations": [], "decides": {"by_vote": False}})
    stage_2 = data["routes"][0]["stages"][1]
    stage_2.update(body="Strategic Commissioning Committee", name="Strategic Commissioning Committee")
    report = imported(tmp_path, yaml.safe_dump(data))
    assert "New route versions: ICS governance route (2020), version 2" in report
    in_flight.refresh_from_db()
    assert in_flight.route.version == 1 and list(in_flight.owning_bodies()) == [configured.icsmg]
    newer = proposal_in(S.QUALITY_ASSURANCE)
    assert newer.route.version == 2 and newer.owning_bodies().get().name == "Strategic Commissioning Committee"


@pytest.mark.parametrize("change, problem", [
    (lambda d: d["routes"][0]["stages"].pop(), "It has no formal decision: add the formal approval stage (stage 4)"),
    (lambda d: d["routes"][0]["stages"][1].update(body="Northern Board"), "names an unknown body “Northern Board”"),
    (lambda d: d["routes"][0]["stages"].insert(2, {"stage": 1, "name": "Again", "body": "Clinical Leadership Group"}),
     "A stage appears twice: a route cannot loop back"),
    (lambda d: d["routes"][0]["stages"][1].pop("body"), "Stage 2: quality assurance has no owning body"),
    (lambda d: d["routes"][0].update(default=False), "Exactly one route is the default"),
    (lambda d: d["routes"][0]["stages"].pop(0), "It has no triage and assessment"),
    (lambda d: d["routes"][0]["stages"][0].update(body=None, place_committee=True),
     "Stage 1: development of workstream proposals cannot be given to the place committee"),
    (lambda d: d["places"].append({"name": "South ICP", "committee": "Southern Board"}),
     "Place “South ICP” names an unknown committee “Southern Board”"),
    (lambda d: d["routes"].append({"name": "Place route", "stages": [
        {"stage": 1, "name": "Triage", "body": "Clinical Leadership Group"},
        {"stage": 3, "name": "Place sign-off", "place_committee": True}, {"stage": 4, "name": "Formal approval"}]})
     or d["delegation"].insert(0, {"name": "At place", "route": "Place route", "annual_value": {"below": "100"}}),
     "its route “Place route” gives a stage to the place committee, so the rule must match proposals affecting "
     "one place"),
    (lambda d: d["routes"].append({"name": "Quick route", "stages": [
        {"stage": 1, "name": "Triage", "body": "Clinical Leadership Group"}, {"stage": 4, "name": "Formal approval"}]})
     or d["delegation"].insert(0, {"name": "Small", "route": "Quick route", "annual_value": {"below": "100"}}),
     "its route “Quick route” has no sign-off stage to name the bodies that formally approve, so the rule must "
     "name them"),
    (lambda d: d["bodies"][0].update(organisations=["Nowhere ICB"]), "unknown organisation “Nowhere ICB”"),
    (lambda d: d["bodies"][0].update(meets_in_public=True, public_enquiries="papers at the ICB"),
     "public enquiries is an e-mail address"),
    (lambda d: d["bodies"][0]["decides"].update(majority="3/2"), "the majority is a fraction such as 2/3"),
    (lambda d: d["bodies"][0].update(groups=[{"group": "grp-1", "role": "overlord"}]), "the role is one of"),
    (lambda d: d["bodies"][0].update(groups=[{"group": " ", "role": "member"}]), "each group names the group"),
    (lambda d: d.update(version=7), "this product reads version 1"),
    (lambda d: d["delegation"].append({"name": "Heart", "service_areas": ["hearts"], "route": "ICS governance route (2020)",
                                       "formal_bodies": ["Joint CCG Committee"]}),
     "“Heart” names an unknown service area “hearts”"),
    (lambda d: d["delegation"].append({"name": "All", "route": "ICS governance route (2020)",
                                       "formal_bodies": ["Health Strategy Group"]}),
     "“Health Strategy Group” may not formally approve"),
])
def test_a_bad_configuration_is_refused_whole_and_changes_nothing(configured, tmp_path, change, problem):
    data = yaml.safe_load(exported())
    data["organisations"].append({"name": "NHS Coastline CCG", "ods_code": "ZZ3", "kind": "ccg"})  # a valid change too
    change(data)
    before = state()
    with pytest.raises(CommandError, match="refused; nothing was changed") as refused:
        imported(tmp_path, yaml.safe_dump(data))
    assert problem in str(refused.value)
    assert state() == before


def test_check_only_and_files_that_are_not_configurations(configured, tmp_path):
    assert "The configuration is valid." in imported(tmp_path, exported(), "--check")
    for text, problem in [("{: bad", "not valid YAML"), ("- a list", "not a governance configuration file")]:
        with pytest.raises(CommandError, match=problem):
            imported(tmp_path, text)


def test_the_scheme_of_delegation_round_trips_and_is_checked_whole(configured, tmp_path):
    data = yaml.safe_load(exported())
    assert data["delegation"] == []
    data["delegation"] = [
        {"name": "Specialised services", "service_areas": ["specialised"], "places": "", "place": None,
         "annual_value": {"from": None, "below": None}, "whole_life_value": {"from": None, "below": None},
         "route": "ICS governance route (2020)", "formal_bodies": ["Joint CCG Committee"]},
        {"name": "One place under £1m", "service_areas": [], "places": "one", "place": None,
         "annual_value": {"from": None, "below": "1000000.00"}, "whole_life_value": {"from": None, "below": None},
         "route": "ICS governance route (2020)", "formal_bodies": ["Riverside CCG Governing Body"]},
    ]
    before = state()
    with pytest.raises(CommandError, match="The last delegation rule must match every proposal"):
        imported(tmp_path, yaml.safe_dump(data))
    assert state() == before
    data["delegation"].append(
        {"name": "Everything else", "service_areas": [], "places": "", "place": None, "annual_value": {"from": None, "below": None},
         "whole_life_value": {"from": None, "below": None}, "route": "ICS governance route (2020)",
         "formal_bodies": ["Joint CCG Committee", "Riverside CCG Governing Body"]})
    assert "The scheme of delegation was replaced." in imported(tmp_path, yaml.safe_dump(data))
    assert yaml.safe_load(exported())["delegation"] == data["delegation"]
    assert "Nothing changed" in imported(tmp_path, exported())
    data["delegation"][1]["annual_value"] = {"from": "2000000", "below": "1000000"}
    data["delegation"][0]["route"] = "Nowhere"
    with pytest.raises(CommandError) as refused:
        imported(tmp_path, yaml.safe_dump(data))
    assert "“Specialised services” names an unknown route “Nowhere”" in str(refused.value)
    assert "“One place under £1m”: the annual value band is empty" in str(refused.value)


def test_each_import_is_kept_with_who_made_it_and_the_file(configured, tmp_path):
    data = yaml.safe_load(exported())
    data["organisations"].append({"name": "NHS Coastline CCG", "ods_code": "ZZ3", "kind": "ccg"})
    text = yaml.safe_dump(data)
    with pytest.raises(CommandError, match="--by USERNAME"):
        imported(tmp_path, text, "--by", configured.author.username)  # not an administrator
    assert not ConfigurationChange.objects.exists() and not Organisation.objects.filter(name="NHS Coastline CCG")
    imported(tmp_path, text)
    change = ConfigurationChange.objects.get()
    assert change.made_by == configured.admin and "NHS Coastline CCG" in change.summary and change.file == text
    imported(tmp_path, text)  # nothing changed: nothing more kept
    assert ConfigurationChange.objects.count() == 1
    with pytest.raises(PermissionError):
        ConfigurationChange.objects.update(summary="rewritten")


def test_place_committees_and_routes_that_skip_stages_round_trip(configured, tmp_path):
    data = yaml.safe_load(exported())
    data["places"] = [{"name": "North ICP", "committee": "Riverside CCG Governing Body"}]
    data["routes"].append({"name": "Place route", "default": False, "stages": [
        {"stage": 1, "name": "Triage and assessment", "body": "Clinical Leadership Group"},
        {"stage": 3, "name": "Place sign-off", "place_committee": True},
        {"stage": 4, "name": "Formal approval"}]})
    data["delegation"] = [
        {"name": "North only", "service_areas": [], "places": "one", "place": "North ICP",
         "annual_value": {"from": None, "below": None}, "whole_life_value": {"from": None, "below": None},
         "route": "Place route", "formal_bodies": ["Riverside CCG Governing Body"]},
        {"name": "Everything else", "service_areas": [], "places": "", "place": None,
         "annual_value": {"from": None, "below": None}, "whole_life_value": {"from": None, "below": None},
         "route": "ICS governance route (2020)", "formal_bodies": []},
    ]
    outcome = imported(tmp_path, yaml.safe_dump(data))
    assert "Places added or changed: North ICP" in outcome and "New route versions: Place route, version 1" in outcome
    stages = Route.objects.get(name="Place route").stages.order_by("stage")
    assert [(s.stage, s.body_id, s.by_place_committee) for s in stages] == [
        (1, configured.clg.pk, False), (3, None, True), (4, None, False)]
    again = yaml.safe_load(exported())
    assert again["places"] == data["places"] and again["routes"][-1]["stages"] == data["routes"][-1]["stages"]
    assert "Nothing changed" in imported(tmp_path, exported())


def test_a_configuration_that_would_strand_proposals_in_flight_is_refused(configured, tmp_path, proposal_in):
    """Nothing may take from a body what it needs to act on the proposals it has now."""
    with_icsmg, awaiting_approval = proposal_in(S.QUALITY_ASSURANCE), proposal_in(S.FORMAL_APPROVAL)
    data = yaml.safe_load(exported())
    bodies = {b["name"]: b for b in data["bodies"]}
    bodies["ICS Management Group"]["is_active"] = False
    bodies["Joint CCG Committee"]["may"]["formally_approve"] = False
    before = state()
    with pytest.raises(CommandError) as refused:
        imported(tmp_path, yaml.safe_dump(data))
    assert (f"Body “ICS Management Group” cannot be made inactive: it would strand proposals in flight "
            f"({with_icsmg.reference})") in str(refused.value)
    assert (f"Body “Joint CCG Committee” cannot stop formally approving: it would strand proposals in flight "
            f"({awaiting_approval.reference})") in str(refused.value)
    assert state() == before
    # Once they have moved on, the same change is taken.
    bodies["Joint CCG Committee"]["may"]["formally_approve"] = True
    with_icsmg.state = S.WITHDRAWN
    with_icsmg.save()
    assert "Bodies added or changed: ICS Management Group" in imported(tmp_path, yaml.safe_dump(data))


def test_a_routes_own_sections_round_trip_and_bad_ones_are_refused(configured, tmp_path):
    """An ICB adapts the documents its proposals are written as: the route's own sections, per document."""
    data = yaml.safe_load(exported())
    data["routes"].append({"name": "Short route", "default": False, "stages": data["routes"][0]["stages"],
                           "sections": {"outline": [
                               {"key": "summary", "title": "The problem and the proposal", "kind": "text",
                                "rubric_key": "aspirations"},
                               {"key": "finance_summary", "title": "Costs", "kind": "finance"},
                               {"key": "triage", "title": "Triage questions", "kind": "triage"},
                               {"key": "carbon", "title": "Carbon", "kind": "text", "required": False}]}})
    outcome = imported(tmp_path, yaml.safe_dump(data))
    assert "New route versions: Short route, version 1" in outcome
    route = Route.objects.get(name="Short route")
    sections = list(route.case_sections.order_by("position"))
    assert [(s.document, s.key, s.kind, s.required) for s in sections] == [
        ("outline", "summary", "text", True), ("outline", "finance_summary", "finance", True),
        ("outline", "triage", "triage", True), ("outline", "carbon", "text", False)]
    assert [s.key for s in route_sections(route, "full")] == [s.key for s in STANDARD_SECTIONS["full"]]
    assert yaml.safe_load(exported())["routes"][-1]["sections"] == data["routes"][-1]["sections"]
    assert "Nothing changed" in imported(tmp_path, exported())

    bad = yaml.safe_load(exported())
    bad["routes"][-1]["sections"]["outline"] = [{"key": "Bad Key", "title": "", "kind": "poem", "part": "moral"},
                                                {"key": "options", "title": "Options", "kind": "options"},
                                                {"key": "options2", "title": "More", "kind": "options"}]
    before = state()
    with pytest.raises(CommandError) as refused:
        imported(tmp_path, yaml.safe_dump(bad))
    message = str(refused.value)
    for problem in ("section key “Bad Key”", "has no title", "unknown kind “poem”", "unknown part “moral”",
                    "more than one “Options appraisal", "needs its triage questions section"):
        assert problem in message, problem
    assert state() == before


def test_assurance_risks_round_trip_are_checked_and_never_deleted(configured, tmp_path):
    from governance.models import BoardAssuranceRisk

    linked = BoardAssuranceRisk.objects.create(reference="BAF 1", title="Workforce", owner=configured.icsmg)
    data = yaml.safe_load(exported())
    assert data["assurance_risks"] == [{"reference": "BAF 1", "title": "Workforce", "owner": "ICS Management Group",
                                        "open": True}]
    assert "Nothing changed" in imported(tmp_path, exported())
    data["assurance_risks"] = [{"reference": "BAF 2", "title": "Financial sustainability",
                                "owner": "Health Strategy Group", "open": True}]
    outcome = imported(tmp_path, yaml.safe_dump(data))
    assert "Assurance risks added or changed: BAF 2" in outcome and "Assurance risks closed" in outcome
    linked.refresh_from_db()
    assert not linked.is_open  # left out: closed, never deleted
    assert BoardAssuranceRisk.objects.get(reference="BAF 2").owner == configured.hsg
    bad = yaml.safe_load(exported())
    bad["assurance_risks"] += [{"reference": "BAF 3", "title": "Estates", "owner": "Nobody"},
                               {"reference": "BAF 2", "title": "Again", "owner": "Health Strategy Group"}]
    before = list(BoardAssuranceRisk.objects.values_list("reference", "title", "is_open"))
    with pytest.raises(CommandError) as refused:
        imported(tmp_path, yaml.safe_dump(bad))
    assert "names an unknown body “Nobody”" in str(refused.value) and "“BAF 2” appears twice" in str(refused.value)
    assert list(BoardAssuranceRisk.objects.values_list("reference", "title", "is_open")) == before


def test_roles_given_by_groups_round_trip(configured, tmp_path):
    from governance.enums import MembershipRole
    from governance.models import GroupMembership, Membership

    from .factories import UserFactory

    data = yaml.safe_load(exported())
    assert all("groups" not in b for b in data["bodies"])  # none yet: the files of earlier versions are unchanged
    hsg = next(b for b in data["bodies"] if b["name"] == "Health Strategy Group")
    hsg["groups"] = [{"group": "0b7e-hsg-members", "description": "HSG members", "role": "member",
                      "organisation": "", "voting": True}]
    assert "Health Strategy Group" in imported(tmp_path, yaml.safe_dump(data))
    mapping = GroupMembership.objects.get()
    assert (mapping.body, mapping.role, mapping.is_voting) == (configured.hsg, MembershipRole.MEMBER, True)
    text = exported()
    assert yaml.safe_load(text) == data and "Nothing changed" in imported(tmp_path, text)
    # A file without groups leaves them; one with an empty list ends them, and the roles they gave.
    member = UserFactory(username="grouped")
    Membership.objects.create(user=member, body=configured.hsg, role=MembershipRole.MEMBER, from_group=mapping)
    del hsg["groups"]
    assert "Nothing changed" in imported(tmp_path, yaml.safe_dump(data))
    hsg["groups"] = []
    imported(tmp_path, yaml.safe_dump(data))
    assert not GroupMembership.objects.exists() and not Membership.objects.filter(user=member).exists()
