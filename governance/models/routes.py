"""
Governance routes as data: the bodies that own each stage of the four-stage flow, in a version a
proposal keeps from the day it is started. A change to the configuration is a new version: it never
moves proposals already in flight (as rubric versions do not rescore them).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from ics_commissioning.life_cycles import AuditTrail
from ics_commissioning.user_cache import shared

from ..enums import Stage
from .bodies import Body, Place

# The stages a route may give to "the place committee for the proposal's place".
PLACE_COMMITTEE_STAGES = (Stage.QUALITY_ASSURANCE, Stage.STAKEHOLDER_SIGNOFF)
PLACE_COMMITTEE = "place committee"  # Route.objects.build's owner for such a stage


class RouteQuerySet(models.QuerySet):
    def defaults(self):
        """The default route first (one is default; newest first should two ever be)."""
        return self.filter(is_default=True).order_by("-created_at", "-pk")

    def default(self):
        """The route version new proposals start on."""
        return self.defaults().first()

    def configured(self, pk):
        """The route version with everything a proposal's page reads of it (its stages and their bodies,
        its case sections, its duty gates), kept for everyone until anything is written (user_cache)."""
        return shared(f"route:{pk}", lambda: self.prefetch_related(
            "stages__body", "case_sections", "gates__signing_body").get(pk=pk))

    def build(self, name, owners, *, is_default=True, gates=()):
        """A new version of the route `name`, whose stages 1 to 3 are owned by `owners` ({Stage: body},
        each named after its body, or PLACE_COMMITTEE; a stage left out is skipped) and whose stage 4 is formal approval by the bodies named for each
        proposal; `gates` are the statutory-duty gates it needs ({gate, needed_from, signing_body,
        signing_role}: governance.duty_gates). Refused whole (ValidationError) if the route would be incomplete."""
        stages = [
            RouteStage(stage=number, by_place_committee=True, name="Place partnership committee")
            if body == PLACE_COMMITTEE else RouteStage(stage=number, body=body, name=getattr(body, "name", ""))
            for number, body in owners.items()
        ]
        stages.append(RouteStage(stage=Stage.FORMAL_APPROVAL, name="Formal approval"))
        problems = Route().problems(stages)
        if problems:
            raise ValidationError(problems)
        latest = self.filter(name=name).order_by("-version").first()
        if is_default:
            self.filter(is_default=True).update(is_default=False)  # proposals in flight keep theirs
        route = self.create(name=name, version=latest.version + 1 if latest else 1, is_default=is_default)
        for each in stages:
            each.route = route
        RouteStage.objects.bulk_create(stages)
        for gate in gates:
            route.gates.create(**gate)
        return route


def stage_problems(stage):
    """What is wrong with one stage's owner ({stage, body_id, by_place_committee}): [] if nothing."""
    by_place = getattr(stage, "by_place_committee", False)
    if by_place and stage.stage not in PLACE_COMMITTEE_STAGES:
        return [f"{Stage(stage.stage).label} cannot be given to the place committee: only quality assurance and "
                "sign-off can."]
    if by_place and stage.body_id is not None:
        return [f"{Stage(stage.stage).label} is owned by one body or by the place committee, not both."]
    if stage.stage != Stage.FORMAL_APPROVAL and stage.body_id is None and not by_place:
        return [f"{Stage(stage.stage).label} has no owning body."]
    if stage.stage == Stage.FORMAL_APPROVAL and stage.body_id is not None:
        return ["Formal approval is by the bodies named for each proposal, not one body."]
    return []


class Route(models.Model):
    name = models.CharField(max_length=200)
    version = models.PositiveIntegerField(default=1)
    is_default = models.BooleanField(default=False, help_text="New proposals start on the default route.")
    created_at = models.DateTimeField(default=timezone.now)

    objects = RouteQuerySet.as_manager()

    class Meta:
        ordering = ["name", "-version"]
        constraints = [models.UniqueConstraint(fields=["name", "version"], name="one_route_per_version")]

    def __str__(self):
        return f"{self.name}, version {self.version}"

    def stage(self, number):
        """The RouteStage for stage `number`: from the stages prefetched (prefetch_related("route__stages")
        on a list of proposals), or read once per route object."""
        return self._stage_map().get(number)

    def problems(self, stages):
        """What is wrong with a route made of `stages` ({stage, body_id} objects: RouteStages, saved or not,
        or a configuration file's rows): [] if none. The one statement of what makes a route whole."""
        found = []
        numbers = [s.stage for s in stages]
        if any(n not in Stage.values for n in numbers):
            return ["Its stages are numbered 1 to 4."]
        if len(numbers) != len(set(numbers)):
            found.append("A stage appears twice: a route cannot loop back.")
        elif numbers != sorted(numbers):
            found.append("Its stages are in order, 1 to 4.")
        if Stage.DEVELOPMENT not in numbers:
            found.append("It has no triage and assessment: add stage 1, owned by the body that assesses proposals.")
        if Stage.FORMAL_APPROVAL not in numbers:
            found.append("It has no formal decision: add the formal approval stage (stage 4).")
        for each in stages:
            found += stage_problems(each)
        return found

    @property
    def skips_sign_off(self):
        """Without a sign-off stage, the scheme of delegation's rule names the bodies that formally approve."""
        return self.stage(Stage.STAKEHOLDER_SIGNOFF) is None

    @property
    def has_place_committee_stage(self):
        return any(s.by_place_committee for s in self._stage_map().values())

    def stages_with_bodies(self):
        """Its stages, each with its body: from the stages prefetched (Route.objects.configured), or read."""
        if "stages" in getattr(self, "_prefetched_objects_cache", {}):
            return list(self.stages.all())
        return list(self.stages.select_related("body"))

    def _stage_map(self):
        stages = self.__dict__.get("_stages")
        if stages is None:
            stages = self.__dict__["_stages"] = {s.stage: s for s in self.stages.all()}
        return stages


class RouteStage(models.Model):
    """One stage of a route: which body owns it, and the name users see for it."""

    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="stages")
    stage = models.PositiveSmallIntegerField(choices=Stage.choices)
    name = models.CharField(max_length=200, help_text="What users see: the board column, the authors' next step.")
    # Stage 1: the body that triages and assesses (unless a proposal names another assessing body);
    # stages 2 and 3: the body that decides. Stage 4 is owned by the bodies named to approve each proposal.
    body = models.ForeignKey(Body, on_delete=models.PROTECT, null=True, blank=True, related_name="route_stages")
    # Quality assurance or sign-off at place: owned by the committee of the one place the proposal affects
    # (Place.committee); the scheme of delegation sends only one-place proposals down such a route.
    by_place_committee = models.BooleanField(
        "owned by the place committee", default=False,
        help_text="Owned by the place committee for the proposal's place, not one named body.",
    )

    class Meta:
        ordering = ["route", "stage"]
        constraints = [models.UniqueConstraint(fields=["route", "stage"], name="one_owner_per_stage")]

    def __str__(self):
        return f"{self.route}: {self.get_stage_display()} – {self.name}"

    def clean(self):
        problems = stage_problems(self)
        if problems:
            raise ValidationError(problems)

    def owner_name(self):
        """Who owns it, as the route pages say: a body's name, or the place committee."""
        if self.by_place_committee:
            return "the place committee for the proposal’s place"
        return self.body.name if self.body_id else "the bodies named to formally approve"


class PlacesAffected(models.TextChoices):
    ANY = "", "Any number of places"
    ONE = "one", "One place"
    SEVERAL = "several", "Several places"


@dataclass(frozen=True)
class ProposalFacts:
    """What the scheme of delegation decides a proposal's route by (proposals.models.Proposal.facts)."""

    service_area: str
    annual_value: Decimal
    whole_life_value: Decimal
    places: int
    place_ids: tuple = ()


def route_problems(skips_sign_off, has_place_committee_stage, *, route_name, places, place, names_formal_bodies,
                   places_without_committee):
    """Whether a rule's route can carry every proposal the rule matches (for the admin's scheme and an
    imported file alike): a route without sign-off needs the rule to name the bodies that formally approve;
    one with a stage for the place committee needs proposals of one place, and that place a committee."""
    found = []
    if skips_sign_off and not names_formal_bodies:
        found.append(f"its route “{route_name}” has no sign-off stage to name the bodies that formally approve, "
                     "so the rule must name them.")
    if has_place_committee_stage:
        if places != PlacesAffected.ONE and not place:
            found.append(f"its route “{route_name}” gives a stage to the place committee, so the rule must match "
                         "proposals affecting one place.")
        lacking = sorted(name for name in places_without_committee if place in (None, name))
        if lacking:
            found.append(f"its route “{route_name}” gives a stage to the place committee, but "
                         f"{', '.join(lacking)} has no committee.")
    return found


class DelegationRuleQuerySet(models.QuerySet):
    def choose(self, facts):
        """The rule that decides a proposal with these facts: the first, in order, that matches."""
        return next((rule for rule in self if rule.matches(facts)), None)

    def problems(self):
        """What is wrong with the scheme as a whole: [] if every proposal has exactly one route."""
        rules = list(self.order_by("order", "pk").prefetch_related("formal_bodies"))
        found = []
        if not rules or not rules[-1].is_catch_all:
            found.append("The last rule must match every proposal (no conditions), so that no proposal is left "
                         "without a route.")
        latest = {}
        for route in Route.objects.order_by("name", "-version").prefetch_related("stages"):
            latest.setdefault(route.name, route)
        places_without_committee = set(Place.objects.filter(committee__isnull=True).values_list("name", flat=True))
        for rule in rules:
            route = latest.get(rule.route_name)
            if route is None:
                found.append(f"Rule “{rule.name}” names an unknown route “{rule.route_name}”.")
            else:
                found += [f"Rule “{rule.name}”: {problem}" for problem in route_problems(
                    route.skips_sign_off, route.has_place_committee_stage, route_name=route.name, places=rule.places,
                    place=rule.place.name if rule.place_id else None, names_formal_bodies=bool(rule.formal_bodies.all()),
                    places_without_committee=places_without_committee,
                )]
            for body in rule.formal_bodies.all():
                if not body.makes_statutory_decisions:
                    found.append(f"Rule “{rule.name}”: {body} may not formally approve.")
        return found


class DelegationRule(models.Model):
    """
    One line of the scheme of reservation and delegation: proposals with these facts go by this route,
    and these bodies formally approve them. Rules are read in order and the first that matches decides;
    the last matches every proposal, so each proposal has exactly one route. A proposal keeps the route
    version and the rule's words from the day it is submitted (Proposal.route, route_reason).
    """

    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=200, help_text="As the scheme of delegation words it.")
    service_areas = models.JSONField(default=list, blank=True, help_text="Service areas; empty: any.")
    min_annual_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True,
                                           help_text="From this annual value (£, inclusive).")
    max_annual_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True,
                                           help_text="Below this annual value (£).")
    min_whole_life_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    max_whole_life_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    places = models.CharField(max_length=10, choices=PlacesAffected.choices, blank=True, default=PlacesAffected.ANY)
    place = models.ForeignKey(
        "Place", on_delete=models.PROTECT, null=True, blank=True, related_name="delegation_rules",
        help_text="Only proposals affecting this one place (to go to its place committee).",
    )
    route_name = models.CharField(max_length=200, help_text="The route, by name: its newest version is used.")
    formal_bodies = models.ManyToManyField(
        Body, blank=True, related_name="delegation_rules",
        help_text="The bodies that formally approve; the sign-off body names them from these. None: any stage 4 body.",
    )

    objects = DelegationRuleQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name

    @property
    def is_catch_all(self):
        return not self.service_areas and self.places == PlacesAffected.ANY and self.place_id is None and all(
            value is None for value in (self.min_annual_value, self.max_annual_value, self.min_whole_life_value,
                                        self.max_whole_life_value)
        )

    def matches(self, facts):
        def within(value, low, high):
            return (low is None or value >= low) and (high is None or value < high)

        if self.service_areas and facts.service_area not in self.service_areas:
            return False
        if self.places == PlacesAffected.ONE and facts.places != 1:
            return False
        if self.places == PlacesAffected.SEVERAL and facts.places < 2:
            return False
        if self.place_id is not None and tuple(facts.place_ids) != (self.place_id,):
            return False
        return (within(facts.annual_value, self.min_annual_value, self.max_annual_value)
                and within(facts.whole_life_value, self.min_whole_life_value, self.max_whole_life_value))

    def route(self):
        return Route.objects.filter(name=self.route_name).order_by("-version").first()


    def clean(self):
        for low, high, what in [(self.min_annual_value, self.max_annual_value, "annual"),
                                (self.min_whole_life_value, self.max_whole_life_value, "whole-life")]:
            if low is not None and high is not None and low >= high:
                raise ValidationError(f"The {what} value band is empty: its lower bound is not below its upper bound.")


class ConfigurationChange(AuditTrail):
    """One import of the governance configuration: who, when, what it changed, and the file as read.
    (Changes made in the admin are in Django's admin log.)"""

    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(default=timezone.now)
    summary = models.TextField()
    file = models.TextField(help_text="The configuration file as imported.")

    class Meta:
        ordering = ["-made_at", "-pk"]

    def __str__(self):
        return f"Configuration imported by {self.made_by} on {self.made_at:%d %B %Y %H:%M}"
