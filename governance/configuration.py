"""
The governance configuration as a versioned YAML file: the organisations, the bodies with the rules
they decide by, and the routes. `manage.py governance export` writes it; `manage.py governance import`
reads it back, so that an ICB can review a change to its governance like a change to code.

An import is checked whole before anything is written, and refused whole with each problem named.
It adds and updates; it never deletes. A route whose stages change is imported as a new version, so
proposals in flight stay on the version they were submitted on.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from types import SimpleNamespace

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from proposals.enums import ProposalState
from proposals.models import Proposal

from .enums import (
    CaseDocument,
    CasePart,
    DutyGate,
    MembershipRole,
    OrganisationKind,
    OrganisationsForQuorum,
    SectionKind,
    Stage,
    VotesCountedBy,
)
from .models import (
    BoardAssuranceRisk,
    Body,
    CaseSection,
    ConfigurationChange,
    DelegationRule,
    GroupMembership,
    Organisation,
    Place,
    PlacesAffected,
    Route,
    RouteGate,
    RouteStage,
)
from .models.routes import route_problems
from .models.sections import section_key_pattern, sections_problems

FORMAT = "ics-commissioning/governance"
VERSION = 1


class ConfigurationRefused(Exception):
    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


# -- Export -------------------------------------------------------------------------------------


def export():
    """The configuration as plain values, in a stable order (a second export of the same data is the same)."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "organisations": [
            {"name": o.name, "ods_code": o.ods_code, "kind": o.kind} for o in Organisation.objects.order_by("name")
        ],
        "bodies": [_body(b) for b in Body.objects.prefetch_related("organisations", "group_memberships").order_by("name")],
        "places": [{"name": p.name, "committee": p.committee.name if p.committee_id else None}
                   for p in Place.objects.select_related("committee").order_by("name")],
        "routes": [_route(r) for r in _latest_routes()],
        "delegation": [_rule(r) for r in DelegationRule.objects.select_related("place").prefetch_related("formal_bodies").order_by("order", "pk")],
        # The board assurance framework's principal risks, which papers' cover sheets link to.
        "assurance_risks": [{"reference": r.reference, "title": r.title, "owner": r.owner.name, "open": r.is_open}
                            for r in BoardAssuranceRisk.objects.select_related("owner").order_by("reference")],
    }


def _band(low, high):
    return {"from": str(low) if low is not None else None, "below": str(high) if high is not None else None}


def _rule(rule):
    return {
        "name": rule.name, "service_areas": list(rule.service_areas), "places": rule.places,
        "place": rule.place.name if rule.place_id else None,
        "annual_value": _band(rule.min_annual_value, rule.max_annual_value),
        "whole_life_value": _band(rule.min_whole_life_value, rule.max_whole_life_value),
        "route": rule.route_name, "formal_bodies": sorted(b.name for b in rule.formal_bodies.all()),
    }


def _body(body):
    return {
        "name": body.name, "short_name": body.short_name,
        "organisations": sorted(o.name for o in body.organisations.all()),
        "purpose": body.purpose, "meets_in_public": body.meets_in_public, "public_enquiries": body.public_enquiries,
        "is_active": body.is_active,
        "may": {"sponsor": body.sponsors_proposals, "assess": body.assesses_proposals,
                "formally_approve": body.makes_statutory_decisions},
        "decides": {
            "by_vote": body.decides_by_vote, "quorum": body.quorum,
            "organisations_for_quorum": body.organisations_for_quorum, "votes_counted_by": body.votes_counted_by,
            "majority": f"{body.majority_numerator}/{body.majority_denominator}" if body.majority else None,
            "chair_has_casting_vote": body.chair_has_casting_vote,
        },
        # Roles given by groups at the organisation's identity provider (README, "Signing in").
        **({"groups": [_group(g) for g in body.group_memberships.all()]} if body.group_memberships.all() else {}),
    }


def _group(mapping):
    return {"group": mapping.group, "description": mapping.description, "role": mapping.role,
            "organisation": mapping.organisation, "voting": mapping.is_voting}


def _latest_routes():
    latest = {}
    for route in (Route.objects.prefetch_related("stages__body", "gates__signing_body", "case_sections")
                  .order_by("name", "-version")):
        latest.setdefault(route.name, route)
    return list(latest.values())


def _route(route):
    return {
        "name": route.name, "default": route.is_default,
        "stages": [{"stage": s.stage, "name": s.name, **_owner(s)}
                   for s in sorted(route.stages.all(), key=lambda s: s.stage)],
        **({"gates": [_gate(g) for g in route.gates.all()]} if route.gates.all() else {}),
        **({"sections": _sections(route.case_sections.all())} if route.case_sections.all() else {}),
    }


SECTION_FIELDS = ("key", "title", "kind", "part", "guidance", "rubric_key", "required")


def _sections(sections):
    """The route's own sections of each document (none: the standard ones), in order."""
    documents = {}
    for s in sorted(sections, key=lambda s: (s.document, s.position, s.pk)):
        row = {"key": s.key, "title": s.title, "kind": s.kind}
        row |= {name: getattr(s, name) for name in ("part", "guidance", "rubric_key") if getattr(s, name)}
        row |= {} if s.required else {"required": False}
        documents.setdefault(s.document, []).append(row)
    return documents


def _section_rows(r):
    """The file's sections of a route as comparable tuples: (document, position, key, title, kind, part,
    guidance, rubric key, required)."""
    return [(document, position, s.get("key"), s.get("title"), s.get("kind", SectionKind.TEXT), s.get("part", ""),
             s.get("guidance", ""), s.get("rubric_key", ""), bool(s.get("required", True)))
            for document, rows in (r.get("sections") or {}).items() for position, s in enumerate(rows or [])]


def _gate(gate):
    """A statutory-duty gate the route needs (governance.duty_gates)."""
    return {"gate": gate.gate, "needed_from": gate.needed_from, "signed_by": gate.signing_body.name,
            **({"signing_role": gate.signing_role} if gate.signing_role else {})}


def _owner(stage):
    if stage.by_place_committee:
        return {"place_committee": True}
    return {"body": stage.body.name} if stage.body_id else {}


def dump(configuration):
    return yaml.safe_dump(configuration, sort_keys=False, allow_unicode=True, width=100)


# -- Import -------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What an import changed, for the command to report."""

    organisations: list = field(default_factory=list)
    bodies: list = field(default_factory=list)
    places: list = field(default_factory=list)
    routes: list = field(default_factory=list)
    delegation: bool = False
    risks: list = field(default_factory=list)
    closed_risks: list = field(default_factory=list)

    @property
    def changed(self):
        return bool(self.organisations or self.bodies or self.places or self.routes or self.delegation or self.risks
                    or self.closed_risks)

    def __str__(self):
        lines = [f"{what}: {', '.join(names)}" for what, names in
                 [("Organisations added or changed", self.organisations), ("Bodies added or changed", self.bodies),
                  ("Places added or changed", self.places),
                  ("New route versions", self.routes), ("Assurance risks added or changed", self.risks),
                  ("Assurance risks closed (left out of the file; kept for the papers that link them)",
                   self.closed_risks)] if names]
        if self.delegation:
            lines.append("The scheme of delegation was replaced.")
        return "\n".join(lines) or "Nothing changed: the configuration is as the file says."


def load(text, *, service_areas=None):
    """Parse and check a configuration file; returns its values or raises ConfigurationRefused.
    `service_areas`: the service areas a delegation rule may name (the proposals' own list, which this
    layer does not import)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ConfigurationRefused([f"The file is not valid YAML: {error}"]) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ConfigurationRefused([f"This is not a governance configuration file (format: {FORMAT})."])
    if data.get("version") != VERSION:
        raise ConfigurationRefused([f"This file is version {data.get('version')}; this product reads version {VERSION}."])
    problems = _problems(data)
    if service_areas is not None:
        problems += [f"Delegation rule “{rule.get('name')}” names an unknown service area “{area}”."
                     for rule in data.get("delegation") or [] for area in rule.get("service_areas") or []
                     if area not in service_areas]
    if problems:
        raise ConfigurationRefused(problems)
    return data


def _problems(data):
    problems = []
    organisations = {o.get("name") for o in data.get("organisations") or []}
    known_organisations = organisations | set(Organisation.objects.values_list("name", flat=True))
    for o in data.get("organisations") or []:
        if o.get("kind") not in OrganisationKind.values:
            problems.append(f"Organisation “{o.get('name')}”: unknown kind “{o.get('kind')}”.")
    bodies = {b.get("name") for b in data.get("bodies") or []}
    known_bodies = bodies | set(Body.objects.values_list("name", flat=True))
    for b in data.get("bodies") or []:
        name = b.get("name")
        for organisation in b.get("organisations") or []:
            if organisation not in known_organisations:
                problems.append(f"Body “{name}” names an unknown organisation “{organisation}”.")
        decides = b.get("decides") or {}
        if decides.get("votes_counted_by", VotesCountedBy.MEMBER) not in VotesCountedBy.values:
            problems.append(f"Body “{name}”: votes are counted by member or by organisation.")
        if decides.get("organisations_for_quorum", "") not in OrganisationsForQuorum.values:
            problems.append(f"Body “{name}”: organisations for quorum is none, majority or all.")
        if decides.get("majority") is not None and _fraction(decides["majority"]) is None:
            problems.append(f"Body “{name}”: the majority is a fraction such as 2/3, or blank for a simple majority.")
        if b.get("public_enquiries") and not _is_email(b["public_enquiries"]):
            problems.append(f"Body “{name}”: public enquiries is an e-mail address, such as papers@example.nhs.uk.")
        for g in b.get("groups") or []:
            if not str(g.get("group") or "").strip():
                problems.append(f"Body “{name}”: each group names the group, as its token gives it (Entra ID: its id).")
            if g.get("role") not in MembershipRole.values:
                problems.append(f"Body “{name}”, group “{g.get('group')}”: the role is one of "
                                f"{', '.join(MembershipRole.values)}.")
    for place in data.get("places") or []:
        if place.get("committee") and place["committee"] not in known_bodies:
            problems.append(f"Place “{place.get('name')}” names an unknown committee “{place['committee']}”.")
    defaults = [r.get("name") for r in data.get("routes") or [] if r.get("default")]
    if data.get("routes") and len(defaults) != 1:
        problems.append("Exactly one route is the default, for new proposals.")
    for r in data.get("routes") or []:
        stages = r.get("stages") or []
        label = f"Route “{r.get('name')}”"
        rows = [SimpleNamespace(stage=s.get("stage"), body_id=s.get("body") or None,
                                by_place_committee=bool(s.get("place_committee"))) for s in stages]
        problems += [f"{label}: {problem}" for problem in Route().problems(rows)]
        problems += [f"{label} names an unknown body “{s['body']}”." for s in stages
                     if s.get("body") and s["body"] not in known_bodies]
        problems += [f"{label}: {problem}" for problem in _gate_problems(r.get("gates") or [], known_bodies)]
        problems += [f"{label}: {problem}" for problem in _section_problems(r.get("sections") or {})]
    statutory = {b.get("name") for b in data.get("bodies") or [] if (b.get("may") or {}).get("formally_approve")}
    statutory |= set(Body.objects.statutory().exclude(name__in=bodies).values_list("name", flat=True))
    problems += _scheme_problems(data, known_bodies, statutory)
    problems += _risk_problems(data.get("assurance_risks") or [], known_bodies)
    problems += _stranding_problems(data)
    return problems


def _risk_problems(risks, known_bodies):
    problems = []
    references = [r.get("reference") for r in risks if isinstance(r, dict)]
    for r in risks:
        if not isinstance(r, dict) or not r.get("reference") or not r.get("title"):
            problems.append("Each assurance risk has a reference and a title.")
            continue
        if r.get("owner") not in known_bodies:
            problems.append(f"Assurance risk “{r['reference']}” names an unknown body “{r.get('owner')}”.")
    problems += [f"Assurance risk “{reference}” appears twice." for reference in sorted(set(references))
                 if references.count(reference) > 1]
    return problems


def _gate_problems(gates, known_bodies):
    problems = []
    kinds = [g.get("gate") for g in gates if isinstance(g, dict)]
    for g in gates:
        if not isinstance(g, dict):
            problems.append("each gate is a mapping of gate, needed_from and signed_by.")
            continue
        if g.get("gate") not in DutyGate.values:
            problems.append(f"unknown gate “{g.get('gate')}” (one of {', '.join(DutyGate.values)}).")
        if g.get("needed_from") not in Stage.values:
            problems.append(f"gate “{g.get('gate')}” is needed from a stage numbered 1 to 4.")
        if g.get("signed_by") not in known_bodies:
            problems.append(f"gate “{g.get('gate')}” is signed by an unknown body “{g.get('signed_by')}”.")
    if len(kinds) != len(set(kinds)):
        problems.append("a gate appears twice.")
    return problems


def _section_problems(documents):
    if not isinstance(documents, dict):
        return ["its sections are given per document: outline and full."]
    problems = []
    for document, rows in documents.items():
        if document not in CaseDocument.values:
            problems.append(f"unknown document “{document}” (outline or full).")
            continue
        rows = [s for s in rows or [] if isinstance(s, dict)]
        for s in rows:
            if not section_key_pattern.fullmatch(str(s.get("key", ""))):
                problems.append(f"section key “{s.get('key')}” is lower-case letters, digits and underscores.")
            if not s.get("title"):
                problems.append(f"section “{s.get('key')}” has no title.")
            if s.get("kind", SectionKind.TEXT) not in SectionKind.values:
                problems.append(f"section “{s.get('key')}” has an unknown kind “{s.get('kind')}”.")
            if s.get("part", "") not in ("", *CasePart.values):
                problems.append(f"section “{s.get('key')}” has an unknown part “{s.get('part')}”.")
        shaped = [SimpleNamespace(key=s.get("key"), kind=s.get("kind", SectionKind.TEXT)) for s in rows]
        problems += sections_problems(document, shaped)
    return problems


def _scheme_problems(data, known_bodies, statutory):
    """The scheme of delegation, read in order: each rule's route and bodies known, and the last rule
    matching every proposal, so that every proposal has exactly one route."""
    rules = data.get("delegation")
    if not rules:
        return []  # no scheme: every proposal takes the default route
    problems = []
    routes = _route_shapes(data)
    places = {p.name: p.committee_id is not None for p in Place.objects.all()}
    places |= {p.get("name"): bool(p.get("committee")) for p in data.get("places") or []}
    without_committee = {name for name, has in places.items() if not has}
    for rule in rules:
        label = f"Delegation rule “{rule.get('name')}”"
        if rule.get("route") not in routes:
            problems.append(f"{label} names an unknown route “{rule.get('route')}”.")
        else:
            problems += [f"{label}: {problem}" for problem in route_problems(
                *routes[rule["route"]], route_name=rule["route"], places=rule.get("places") or "",
                place=rule.get("place"), names_formal_bodies=bool(rule.get("formal_bodies")),
                places_without_committee=without_committee,
            )]
        for body in rule.get("formal_bodies") or []:
            if body not in known_bodies:
                problems.append(f"{label} names an unknown body “{body}”.")
            elif body not in statutory:
                problems.append(f"{label}: “{body}” may not formally approve (a statutory decision sits with a "
                                "body that may make it).")
        if rule.get("place") and rule["place"] not in places:
            problems.append(f"{label} names an unknown place “{rule['place']}”.")
        if rule.get("places", "") not in PlacesAffected.values:
            problems.append(f"{label}: places is one, several, or blank for any.")
        for band in ("annual_value", "whole_life_value"):
            low, high = (_amount((rule.get(band) or {}).get(end)) for end in ("from", "below"))
            if low is False or high is False:
                problems.append(f"{label}: the {band.replace('_', ' ')} band is in pounds, e.g. 1000000.")
            elif low is not None and high is not None and low >= high:
                problems.append(f"{label}: the {band.replace('_', ' ')} band is empty.")
    if not _catch_all(rules[-1]):
        problems.append("The last delegation rule must match every proposal (no conditions), so that no proposal "
                        "is left without a route.")
    return problems


def _route_shapes(data):
    """{route name: (skips sign-off, has a place committee stage)} for the file's routes and those already set up."""
    shapes = {}
    for route in Route.objects.order_by("name", "-version").prefetch_related("stages"):
        shapes.setdefault(route.name, (route.skips_sign_off, route.has_place_committee_stage))
    for r in data.get("routes") or []:
        stages = [s for s in r.get("stages") or [] if isinstance(s, dict)]
        shapes[r.get("name")] = (all(s.get("stage") != Stage.STAKEHOLDER_SIGNOFF for s in stages),
                                 any(s.get("place_committee") for s in stages))
    return shapes


def _stranding_problems(data):
    """A configuration may not strand a proposal in flight: take away, from a body that has proposals now,
    what it needs to act on them (being active, formal approval), or move a place's committee while the
    committee has that place's proposals."""
    problems = []
    for b in data.get("bodies") or []:
        body = Body.objects.filter(name=b.get("name")).first()
        if body is None:
            continue
        held = Proposal.objects.owned_by(body).filter(state__in=ProposalState.ON_ROUTE)
        if not b.get("is_active", True) and body.is_active:
            problems += _stranded(f"Body “{body}” cannot be made inactive", held)
        if not (b.get("may") or {}).get("formally_approve") and body.makes_statutory_decisions:
            problems += _stranded(f"Body “{body}” cannot stop formally approving",
                                  held.filter(state=ProposalState.FORMAL_APPROVAL))
    for p in data.get("places") or []:
        place = Place.objects.filter(name=p.get("name")).select_related("committee").first()
        if place is None or place.committee is None or p.get("committee") == place.committee.name:
            continue
        held = Proposal.objects.owned_by(place.committee).filter(state__in=ProposalState.ON_ROUTE, places=place)
        problems += _stranded(f"Place “{place}” cannot change its committee", held)
    return problems


def _stranded(what, proposals):
    references = list(proposals.order_by("reference").values_list("reference", flat=True)[:6])
    if not references:
        return []
    more = "…" if len(references) > 5 else ""
    return [f"{what}: it would strand proposals in flight ({', '.join(references[:5])}{more}), which it has now. "
            "Let them move on first."]


def _amount(text):
    """A band's end: None (open), a Decimal, or False if it is not an amount."""
    if text in (None, ""):
        return None
    try:
        return Decimal(str(text))
    except InvalidOperation:
        return False


def _catch_all(rule):
    bands = [(rule.get(band) or {}).get(end) for band in ("annual_value", "whole_life_value")
             for end in ("from", "below")]
    return not rule.get("service_areas") and not rule.get("places") and not rule.get("place") and all(v in (None, "") for v in bands)


def _fraction(text):
    try:
        value = Fraction(str(text))
    except (ValueError, ZeroDivisionError):
        return None
    return value if 0 < value <= 1 else None


@transaction.atomic
def apply(data, *, by, text):
    """Write a checked configuration (from load()), as `by`. Adds and updates; never deletes; a changed
    route is a new version. Each import that changes anything is kept: who, when, what, and the file."""
    outcome = _apply(data)
    if outcome.changed:
        ConfigurationChange.objects.create(made_by=by, summary=str(outcome), file=text)
    return outcome


def _apply(data):
    outcome = Outcome()
    for o in data.get("organisations") or []:
        values = {"ods_code": o.get("ods_code") or "", "kind": o["kind"]}
        organisation, created = Organisation.objects.get_or_create(name=o["name"], defaults=values)
        if not created and _differs(organisation, values):
            Organisation.objects.filter(pk=organisation.pk).update(**values)
            created = True
        if created:
            outcome.organisations.append(o["name"])
    for b in data.get("bodies") or []:
        if _apply_body(b):
            outcome.bodies.append(b["name"])
    for p in data.get("places") or []:
        committee = Body.objects.get(name=p["committee"]) if p.get("committee") else None
        place, created = Place.objects.get_or_create(name=p["name"], defaults={"committee": committee})
        if created or place.committee_id != (committee.pk if committee else None):
            Place.objects.filter(pk=place.pk).update(committee=committee)
            outcome.places.append(p["name"])
    for r in data.get("routes") or []:
        route = _apply_route(r)
        if route is not None:
            outcome.routes.append(str(route))
    if data.get("delegation") is not None and data["delegation"] != export()["delegation"]:
        _apply_scheme(data["delegation"])
        outcome.delegation = True
    if data.get("assurance_risks") is not None:
        _apply_risks(data["assurance_risks"], outcome)
    return outcome


def _apply_risks(risks, outcome):
    """Added or changed by reference. A risk is never deleted: one left out of the file is closed, so the
    cover sheets that link it still say what it was."""
    bodies = {b.name: b for b in Body.objects.filter(name__in=[r["owner"] for r in risks])}
    for r in risks:
        values = {"title": r["title"], "owner": bodies[r["owner"]], "is_open": bool(r.get("open", True))}
        risk, created = BoardAssuranceRisk.objects.get_or_create(reference=r["reference"], defaults=values)
        if created or _differs(risk, values):
            BoardAssuranceRisk.objects.filter(pk=risk.pk).update(**values)
            outcome.risks.append(r["reference"])
    left_out = BoardAssuranceRisk.objects.open().exclude(reference__in=[r["reference"] for r in risks])
    outcome.closed_risks += sorted(left_out.values_list("reference", flat=True))
    left_out.update(is_open=False)


def _apply_scheme(rules):
    """The scheme is replaced whole: proposals keep the route (and the reason) they were given."""
    DelegationRule.objects.all().delete()
    bodies = {b.name: b for b in Body.objects.all()}
    for order, rule in enumerate(rules):
        annual, whole_life = rule.get("annual_value") or {}, rule.get("whole_life_value") or {}
        created = DelegationRule.objects.create(
            order=order, name=rule["name"], service_areas=list(rule.get("service_areas") or []),
            places=rule.get("places") or "", route_name=rule["route"],
            place=Place.objects.get(name=rule["place"]) if rule.get("place") else None,
            min_annual_value=_amount(annual.get("from")), max_annual_value=_amount(annual.get("below")),
            min_whole_life_value=_amount(whole_life.get("from")), max_whole_life_value=_amount(whole_life.get("below")),
        )
        created.formal_bodies.set(bodies[name] for name in rule.get("formal_bodies") or [])


def _is_email(value):
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def _differs(obj, values):
    return any(getattr(obj, name) != value for name, value in values.items())


def _apply_body(b):
    decides = b.get("decides") or {}
    majority = _fraction(decides["majority"]) if decides.get("majority") else None
    values = {
        "short_name": b.get("short_name") or "", "purpose": b.get("purpose") or "",
        "meets_in_public": bool(b.get("meets_in_public")), "public_enquiries": b.get("public_enquiries") or "",
        "is_active": b.get("is_active", True),
        "makes_statutory_decisions": bool((b.get("may") or {}).get("formally_approve")),
        "assesses_proposals": bool((b.get("may") or {}).get("assess")),
        "sponsors_proposals": bool((b.get("may") or {}).get("sponsor")),
        "decides_by_vote": bool(decides.get("by_vote")), "quorum": decides.get("quorum"),
        "organisations_for_quorum": decides.get("organisations_for_quorum") or "",
        "votes_counted_by": decides.get("votes_counted_by") or VotesCountedBy.MEMBER,
        "majority_numerator": majority.numerator if majority else None,
        "majority_denominator": majority.denominator if majority else None,
        "chair_has_casting_vote": bool(decides.get("chair_has_casting_vote")),
    }
    body, created = Body.objects.get_or_create(name=b["name"], defaults=values)
    changed = created
    if not created and _differs(body, values):
        Body.objects.filter(pk=body.pk).update(**values)
        changed = True
    wanted = set(Organisation.objects.filter(name__in=b.get("organisations") or []).values_list("pk", flat=True))
    if set(body.organisations.values_list("pk", flat=True)) != wanted:
        body.organisations.set(wanted)
        changed = True
    # A file without groups leaves the body's as they are (made in the admin, say); one with them sets them.
    return (_apply_groups(body, b["groups"] or []) if "groups" in b else False) or changed


def _apply_groups(body, groups):
    """The body's roles given by groups, as the file lists them: a group left out no longer gives its role
    (its members lose it now)."""
    wanted = {(str(g["group"]).strip(), g["role"]): {"description": g.get("description") or "",
                                                     "organisation": g.get("organisation") or "",
                                                     "is_voting": bool(g.get("voting"))} for g in groups}
    current = {(m.group, m.role): m for m in body.group_memberships.all()}
    changed = False
    for key, mapping in current.items():
        if key not in wanted:
            mapping.delete()
            changed = True
        elif _differs(mapping, wanted[key]):
            GroupMembership.objects.filter(pk=mapping.pk).update(**wanted[key])
            changed = True
    for (group, role), values in wanted.items():
        if (group, role) not in current:
            GroupMembership.objects.create(body=body, group=group, role=role, **values)
            changed = True
    return changed


def _apply_route(r):
    """A new version if the stages (or which is the default) differ from the latest; else None."""
    wanted = [(s["stage"], s["name"], s.get("body"), bool(s.get("place_committee"))) for s in r["stages"]]
    gates = sorted((g["gate"], g["needed_from"], g["signed_by"], g.get("signing_role", "")) for g in r.get("gates") or [])
    latest = (Route.objects.filter(name=r["name"]).order_by("-version")
              .prefetch_related("stages__body", "gates__signing_body", "case_sections").first())
    if latest is not None:
        current = [(s.stage, s.name, s.body.name if s.body_id else None, s.by_place_committee)
                   for s in sorted(latest.stages.all(), key=lambda s: s.stage)]
        current_gates = sorted((g.gate, g.needed_from, g.signing_body.name, g.signing_role) for g in latest.gates.all())
        current_sections = _section_rows({"sections": _sections(latest.case_sections.all())})
        if current == wanted and current_gates == gates and current_sections == _section_rows(r):
            if bool(r.get("default")) and not latest.is_default:
                Route.objects.filter(is_default=True).update(is_default=False)
                Route.objects.filter(pk=latest.pk).update(is_default=True)
            return None
    if r.get("default"):
        Route.objects.filter(is_default=True).update(is_default=False)  # proposals in flight keep theirs
    route = Route.objects.create(name=r["name"], version=latest.version + 1 if latest else 1,
                                 is_default=bool(r.get("default")))
    bodies = {b.name: b for b in Body.objects.filter(name__in=[body for _, _, body, _ in wanted if body])}
    RouteStage.objects.bulk_create(
        RouteStage(route=route, stage=stage, name=name, body=bodies.get(body), by_place_committee=by_place)
        for stage, name, body, by_place in wanted
    )
    signers = {b.name: b for b in Body.objects.filter(name__in=[signer for _, _, signer, _ in gates])}
    RouteGate.objects.bulk_create(
        RouteGate(route=route, gate=gate, needed_from=stage, signing_body=signers[signer], signing_role=role)
        for gate, stage, signer, role in gates
    )
    CaseSection.objects.bulk_create(
        CaseSection(route=route, document=document, position=position, key=key, title=title, kind=kind, part=part,
                    guidance=guidance, rubric_key=rubric_key, required=required)
        for document, position, key, title, kind, part, guidance, rubric_key, required in _section_rows(r)
    )
    return route
