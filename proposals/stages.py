"""
Who has a proposal in each state of the route: the one stage-owner table. Which body owns each stage
is data, the proposal's route (governance.models.Route); this table says, for each state, where that
owner is found and how the pages speak of it. Proposal.owning_bodies, ProposalQuerySet.owned_by, the
pipeline board's columns, the authors' next step and the score page all read it.
"""

from dataclasses import dataclass

from django.db import models
from django.utils import timezone

from governance.enums import Stage
from governance.models import Route, RouteStage
from ics_commissioning.user_cache import shared

from .enums import ProposalState

S = ProposalState


class OwnerFrom(models.TextChoices):
    """Where the owning body of a state is found."""

    ROUTE = "route", "The body that owns the stage on the proposal's route"
    ASSESSING_BODY = "assessing_body", "The proposal's assessing body, or by default its route's stage 1 body"
    FORMAL_APPROVALS = "formal_approvals", "Each body named to formally approve it, until it decides"


@dataclass(frozen=True)
class StageOwner:
    owner_from: OwnerFrom
    # The stage of the route whose owner it is (a place-based proposal stays with its stage 1 owner).
    stage: Stage
    # What the owner is doing with it, as the authors read it ("None: <with_whom>"); {name} is the
    # route stage's name.
    with_whom: str
    # Whether it is on the pipeline board (a column per state, in route order).
    on_board: bool = True
    # Whether it comes to its owner's meetings (a place-based proposal is only reopened, not decided).
    tabled: bool = True


STAGE_OWNERS = {
    S.SUBMITTED: StageOwner(OwnerFrom.ASSESSING_BODY, Stage.DEVELOPMENT, "the {name} is triaging it"),
    S.ASSESSMENT: StageOwner(OwnerFrom.ASSESSING_BODY, Stage.DEVELOPMENT, "assessors are scoring it"),
    S.PLACE_BASED: StageOwner(OwnerFrom.ASSESSING_BODY, Stage.DEVELOPMENT, "referred to place-based commissioning",
                              on_board=False, tabled=False),
    # Its authors have it, writing the full business case; its assessing body keeps it on its board.
    S.FULL_CASE: StageOwner(OwnerFrom.ASSESSING_BODY, Stage.DEVELOPMENT, "the authors are writing the full business "
                            "case, which the {name} supported", tabled=False),
    S.QUALITY_ASSURANCE: StageOwner(OwnerFrom.ROUTE, Stage.QUALITY_ASSURANCE, "with the {name} for quality assurance"),
    S.STAKEHOLDER_SIGNOFF: StageOwner(OwnerFrom.ROUTE, Stage.STAKEHOLDER_SIGNOFF, "with the {name} for sign-off"),
    S.FORMAL_APPROVAL: StageOwner(OwnerFrom.FORMAL_APPROVALS, Stage.FORMAL_APPROVAL,
                                  "with the statutory bodies for formal approval"),
}

# The board's headings for the states whose owner is the same for every proposal on a route.
GENERIC_COLUMNS = {S.SUBMITTED: "Submitted: triage", S.ASSESSMENT: "Assessment", S.FULL_CASE: "Full business case",
                   S.FORMAL_APPROVAL: "Formal approval"}


def column_headings(route=None):
    """The pipeline board: {state: heading}, one column per state on the board, in route order. The
    stage 2 and 3 columns are named after the owning bodies of `route`, by default the default route
    (read in one query)."""
    if route is None:
        default = Route.objects.defaults().values("pk")[:1]
        names = shared("default_route_stage_names", lambda: dict(
            RouteStage.objects.filter(route__in=default).values_list("stage", "name")))
    else:
        names = {number: route.stage(number).name for number in Stage if route.stage(number)}
    columns = {}
    for state, owner in STAGE_OWNERS.items():
        if owner.on_board:
            named = names.get(owner.stage) if owner.owner_from == OwnerFrom.ROUTE else None
            columns[state] = GENERIC_COLUMNS.get(state) or named or S(state).label
    return columns


def days_between(start, end):
    """Days in a stage, from entering it at `start` to `end` (leaving it, or now): calendar days, as the
    ICS's clock reads them, so that a proposal moved on at 4pm Monday has been 1 day in its stage on
    Tuesday morning. The one definition: the pipeline, the API and the analytics all use it."""
    return (timezone.localdate(end) - timezone.localdate(start)).days


def owner_of(state):
    """The StageOwner of a state, or None once the route has ended (or before it starts)."""
    return STAGE_OWNERS.get(state)


def with_whom(proposal):
    """Where the proposal is now, in the authors' words: "with the ICS Management Group for quality assurance"."""
    owner = owner_of(proposal.state)
    stage = proposal.route_stage()
    if stage is not None and stage.by_place_committee:
        committee = proposal.owning_bodies().first()
        return owner.with_whom.format(name=committee.name if committee else "place committee")
    return owner.with_whom.format(name=stage.name if stage else "governance team")


def next_owner_label(state, route):
    """Whose the proposal becomes when it leaves `state` forward: "the ICS Management Group"; the next
    stage its route has, since a route may skip quality assurance or sign-off."""
    states = list(STAGE_OWNERS)
    following = [s for s in states[states.index(state) + 1:] if STAGE_OWNERS[s].tabled]
    for each in following:
        stage = route.stage(STAGE_OWNERS[each].stage) if route else None
        if stage is None and route is not None:
            continue
        if stage is None or stage.stage == Stage.FORMAL_APPROVAL:
            break
        if stage.by_place_committee:
            return "the place committee for its place"
        return f"the {stage.name}"
    return "the statutory bodies"
