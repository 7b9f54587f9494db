"""
Escalation of a place-based referral (seed 004: "Escalate any barriers to sustainability to the ICS Mgt
Group as required"): the referring body's secretary raises the barriers with the body that owns quality
assurance on the proposal's route, where they wait on its forward programme until its secretary puts
them on a meeting's agenda as a paper for discussion.
"""

from functools import partial

from django.db import transaction

from ics_commissioning.errors import ActionRefused, NotAllowed
from ics_commissioning.permissions import can
from proposals import services as proposal_services
from proposals.enums import EventKind, ProposalState

from . import services
from .enums import PaperAsk, PaperPurpose, Stage
from .models import Escalation, Route
from .rules import require_secretary
from .signals import escalation_raised


def escalation_body(proposal):
    """Where its barriers go: the body owning quality assurance on its route (the ICS Management Group on
    the seed's), else on the default route's; None where neither gives it to one body (a route whose
    quality assurance is the place committee's sends barriers back to the place that met them)."""
    for route in (proposal.route, Route.objects.default()):
        stage = route.stage(Stage.QUALITY_ASSURANCE) if route else None
        if stage is not None and stage.body_id:
            return stage.body
    return None


def may_escalate(user, proposal):
    """The secretary of the body that referred it to place (who owns it there), or an administrator."""
    return proposal.state == ProposalState.PLACE_BASED and can(user, "proposals.decide_proposal", proposal)


@transaction.atomic
def escalate(proposal, *, by, barriers, body=None):
    if proposal.state != ProposalState.PLACE_BASED:
        raise ActionRefused("Only a proposal referred to place-based commissioning has barriers to escalate.")
    if not may_escalate(by, proposal):
        raise NotAllowed("Only the secretary of the body that referred it to place may escalate its barriers.")
    barriers = (barriers or "").strip()
    if not barriers:
        raise ActionRefused("Say what the barriers to sustainability are: the receiving body will read them.")
    body = body or escalation_body(proposal)
    if body is None:
        raise ActionRefused("No body owns quality assurance on its route, so there is nowhere to escalate to.")
    if not body.secretaries():
        raise ActionRefused(f"The {body} has no secretary to plan its agendas: ask an administrator to name one.")
    referring = proposal.owning_bodies().first()
    escalation = Escalation.objects.create(body=body, proposal=proposal, raised_for=referring, barriers=barriers,
                                           raised_by=by)
    proposal_services.record_event(
        proposal, by=by, kind=EventKind.ESCALATED, body=referring,
        comment=f"Barriers to sustainability escalated to the {body}:\n\n{barriers}",
        may_act=lambda current: may_escalate(by, current),
    )
    transaction.on_commit(partial(escalation_raised.send, sender=Escalation, escalation=escalation))
    return escalation


@transaction.atomic
def add_to_meeting(escalation, meeting, *, by):
    """The receiving body's secretary puts the escalation on a coming meeting's agenda: a paper for
    discussion, whose cover sheet carries the barriers and where they came from."""
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    if meeting.body_id != escalation.body_id:
        raise ActionRefused(f"This was escalated to the {escalation.body}, not the {meeting.body}.")
    require_secretary(meeting.body, by, "set its agenda")
    if escalation.item_id:
        raise ActionRefused("It is already on an agenda.")
    proposal = escalation.proposal
    source = f"the {escalation.raised_for}" if escalation.raised_for_id else "the referring body"
    escalation.item = services.add_paper(
        meeting, by=by, title=escalation.title[:300], purpose=PaperPurpose.DISCUSSION,
        asks=[PaperAsk.CONSIDER], sponsor=str(escalation.raised_for or ""),
        background=(f"{proposal.reference} was referred to place-based commissioning by {source}, which "
                    f"escalated these barriers to sustainability:\n\n{escalation.barriers}"),
        next_steps="The Group is asked to consider the barriers and agree who will address them.",
    )
    escalation.save(update_fields=["item"])
    return escalation
