"""
Who has a proposal in each state of the route: the one stage-owner table. Proposal.owning_bodies,
ProposalQuerySet.owned_by, the pipeline board's columns, the authors' next step and the score page
all read it, so a change of owner is made here once.
"""

from dataclasses import dataclass

from django.db import models

from governance.enums import BodyKind

from .enums import ProposalState

S = ProposalState


class OwnerFrom(models.TextChoices):
    """Where the owning body of a state is found."""

    KIND = "kind", "The body of this kind"
    ASSESSING_BODY = "assessing_body", "The proposal's assessing body, or by default the body of this kind"
    FORMAL_APPROVALS = "formal_approvals", "Each body named to formally approve it, until it decides"


@dataclass(frozen=True)
class StageOwner:
    owner_from: OwnerFrom
    # The owning body's kind (for an assessing body, the kind that assesses when none is named).
    kind: BodyKind | None
    # What the owner is doing with it, as the authors read it: "None: <with_whom>".
    with_whom: str
    # The pipeline board's column heading; None: not on the board (the route has ended).
    column: str | None = None
    # Whether it comes to its owner's meetings (a place-based proposal is only reopened, not decided).
    tabled: bool = True


STAGE_OWNERS = {
    S.SUBMITTED: StageOwner(
        OwnerFrom.ASSESSING_BODY, BodyKind.CLINICAL_LEADERSHIP_GROUP,
        f"the {BodyKind.CLINICAL_LEADERSHIP_GROUP.label} is triaging it", column="Submitted: triage",
    ),
    S.ASSESSMENT: StageOwner(
        OwnerFrom.ASSESSING_BODY, BodyKind.CLINICAL_LEADERSHIP_GROUP, "assessors are scoring it", column="Assessment",
    ),
    S.PLACE_BASED: StageOwner(
        OwnerFrom.ASSESSING_BODY, BodyKind.CLINICAL_LEADERSHIP_GROUP, "referred to place-based commissioning",
        tabled=False,
    ),
    S.QUALITY_ASSURANCE: StageOwner(
        OwnerFrom.KIND, BodyKind.ICS_MANAGEMENT_GROUP,
        f"with the {BodyKind.ICS_MANAGEMENT_GROUP.label} for quality assurance",
        column=BodyKind.ICS_MANAGEMENT_GROUP.label,
    ),
    S.STAKEHOLDER_SIGNOFF: StageOwner(
        OwnerFrom.KIND, BodyKind.HEALTH_STRATEGY_GROUP,
        f"with the {BodyKind.HEALTH_STRATEGY_GROUP.label} for sign-off",
        column=BodyKind.HEALTH_STRATEGY_GROUP.label,
    ),
    S.FORMAL_APPROVAL: StageOwner(
        OwnerFrom.FORMAL_APPROVALS, None, "with the statutory bodies for formal approval", column="Formal approval",
    ),
}

# The pipeline board: one column per state that has one, in route order.
BOARD_COLUMNS = {state: owner.column for state, owner in STAGE_OWNERS.items() if owner.column}


def owner_of(state):
    """The StageOwner of a state, or None once the route has ended (or before it starts)."""
    return STAGE_OWNERS.get(state)


def next_owner_label(state):
    """Whose the proposal becomes when it leaves `state` forward: "the ICS Management Group"."""
    states = list(STAGE_OWNERS)
    following = [s for s in states[states.index(state) + 1:] if STAGE_OWNERS[s].tabled]
    owner = STAGE_OWNERS[following[0]] if following else None
    if owner is None or owner.kind is None:
        return "the statutory bodies"
    return f"the {owner.kind.label}"
