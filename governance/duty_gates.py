"""
Statutory-duty gates: the one place for their rules. A proposal's route says which gates it needs and
from which stage (RouteGate); someone who may name a signatory names one member of the gate's signing
body; that person, and only they, signs it off with evidence and a date it holds until. A proposal is
tabled for a decision, and a decision recorded, only while every gate its stage needs is signed and in
date on the meeting's day. The assurance panel (proposal page and pack) reads gate_states().
"""

import datetime
from dataclasses import dataclass
from types import SimpleNamespace

from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.formats import date_format

from ics_commissioning.documents import pdf_page_count
from ics_commissioning.errors import ActionRefused, NotAllowed
from proposals.rules import is_proposal_author

from .enums import DUTY_GATE_SHOWS, DutyGate, MembershipRole, Stage
from .models import GateSignatory, GateSignOff, Membership, RouteGate
from .rules import is_admin, memberships


def day_text(day):
    return date_format(day, "j F Y")


def meeting_day(meeting):
    return timezone.localdate(meeting.starts_at)


@dataclass
class GateState:
    """One gate of a proposal as it stands on `on`: what it needs and where it is."""

    required: RouteGate
    signatory: GateSignatory | None
    sign_off: GateSignOff | None
    on: datetime.date
    due: bool  # needed at the proposal's current stage (else later on its route)

    @property
    def gate(self):
        return DutyGate(self.required.gate)

    @property
    def shows(self):
        return DUTY_GATE_SHOWS[self.gate]

    @property
    def in_date(self):
        return (self.sign_off is not None and timezone.localdate(self.sign_off.signed_at) <= self.on
                and self.sign_off.valid_until >= self.on)

    @property
    def status(self):
        """In words, never by colour alone."""
        if self.sign_off is None:
            return "Not signed"
        if self.sign_off.valid_until < self.on:
            return f"Expired on {day_text(self.sign_off.valid_until)}"
        if timezone.localdate(self.sign_off.signed_at) > self.on:
            return f"Signed on {day_text(timezone.localdate(self.sign_off.signed_at))}, after {day_text(self.on)}"
        return f"Signed, valid until {day_text(self.sign_off.valid_until)}"

    def problem(self):
        """Why it stops a decision on `on`, or "" if it does not."""
        if self.in_date:
            return ""
        name = self.gate.label
        if self.sign_off is None:
            return f"{name} is not signed off."
        if self.sign_off.valid_until < self.on:
            return (f"{name} holds until {day_text(self.sign_off.valid_until)}, before the meeting on "
                    f"{day_text(self.on)}: it must be signed again.")
        return f"{name} was signed after {day_text(self.on)}."


def required_gates(proposal):
    """The gates its route needs, whatever its stage (none if its route has none, or no route yet)."""
    if not proposal.route_id:
        return []
    # .all(): a list's prefetch_related("route__gates__signing_body") serves it.
    return list(proposal.route.gates.all())


def gate_states(proposal, on=None):
    """Every gate its route needs, as it stands on `on` (by default today)."""
    on = on or timezone.localdate()
    stage = proposal.stage or Stage.DEVELOPMENT
    # .all(): a list's prefetch_related("gate_signatories__user", "gate_sign_offs") serves them.
    signatories = {s.gate: s for s in proposal.gate_signatories.all()}
    latest = {}
    for sign_off in sorted(proposal.gate_sign_offs.all(), key=lambda s: (s.signed_at, s.pk)):
        latest[sign_off.gate] = sign_off
    return [GateState(required, signatories.get(required.gate), latest.get(required.gate), on,
                      due=required.needed_from <= stage)
            for required in required_gates(proposal)]


def problems_on(proposal, day):
    """Why the gates its current stage needs stop a decision on `day`: [] if none do."""
    return [state.problem() for state in gate_states(proposal, day) if state.due and state.problem()]


def require_in_date(proposal, meeting, doing):
    """Refuse `doing` ("tabled", "decided") unless its due gates are signed and in date on the meeting's day."""
    problems = problems_on(proposal, meeting_day(meeting))
    if problems:
        raise ActionRefused(
            f"{proposal.reference} cannot be {doing} at the meeting on {day_text(meeting_day(meeting))} until its "
            "statutory-duty gates are signed and in date on that day: " + " ".join(problems))


# -- Who may do what


def _route_gate(proposal, gate):
    found = next((g for g in required_gates(proposal) if g.gate == gate), None)
    if found is None:
        raise ActionRefused(f"Its route does not need a “{DutyGate(gate).label}” sign-off.")
    return found


def _viewer(user, proposal):
    """What the rules below ask about a user, read once (a page asks them for every gate): the bodies they
    are a member (not only an assessor) or secretary of, the bodies that have the proposal now, and
    whether they are its author or an administrator."""
    if not user.is_authenticated:
        return None
    roles = memberships(user)
    return SimpleNamespace(
        user=user,
        member_of={body for body, role in roles if role != MembershipRole.ASSESSOR},
        secretary_of={body for body, role in roles if role == MembershipRole.SECRETARY},
        owning={body.pk for body in proposal.owners()},
        author_or_admin=is_proposal_author(user, proposal) or is_admin(user),
    )


def _may_name(viewer, required):
    """Its authors, who arrange the sign-offs; the secretary of the body that has it or of the signing
    body; an administrator."""
    return viewer is not None and (viewer.author_or_admin
                                   or bool(viewer.secretary_of & {required.signing_body_id, *viewer.owning}))


def _may_sign(viewer, required, signatory):
    """Only the person named, while they are still a member of the signing body."""
    return (viewer is not None and signatory is not None and signatory.user_id == viewer.user.pk
            and required.signing_body_id in viewer.member_of)


def may_name_signatory(user, proposal, gate):
    required = next((g for g in required_gates(proposal) if g.gate == gate), None)
    return required is not None and _may_name(_viewer(user, proposal), required)


def may_be_signatory(user, required):
    """A member of the signing body (not only an assessor of its exercises)."""
    return Membership.objects.filter(user=user, body=required.signing_body).exclude(
        role=MembershipRole.ASSESSOR).exists()


def may_sign(user, proposal, gate):
    required = next((g for g in required_gates(proposal) if g.gate == gate), None)
    if required is None:
        return False
    return _may_sign(_viewer(user, proposal), required, proposal.gate_signatories.filter(gate=gate).first())


def panel(user, proposal):
    """The assurance panel's rows: (state, may name its signatory, may sign it), in a fixed number of queries."""
    prefetch_related_objects([proposal], "route__gates__signing_body", "gate_sign_offs",
                             Prefetch("gate_signatories", GateSignatory.objects.select_related("user")))
    states = gate_states(proposal)
    viewer = _viewer(user, proposal) if states else None
    return [(state, _may_name(viewer, state.required), _may_sign(viewer, state.required, state.signatory))
            for state in states]


def candidates(proposal, gate):
    """The people who may be named to sign a gate."""
    required = _route_gate(proposal, gate)
    return [m.user for m in required.signing_body.memberships.exclude(role=MembershipRole.ASSESSOR)
            .select_related("user").order_by("user__last_name", "user__first_name")]


# -- What they do


@transaction.atomic
def name_signatory(proposal, gate, *, user, by):
    required = _route_gate(proposal, gate)
    if not may_name_signatory(by, proposal, gate):
        raise NotAllowed("You may not name who signs this proposal's gates.")
    if not may_be_signatory(user, required):
        raise ActionRefused(f"{user.get_full_name() or user.username} is not a member of the "
                            f"{required.signing_body}, which signs the {DutyGate(gate).label.lower()}.")
    named, _ = GateSignatory.objects.update_or_create(
        proposal=proposal, gate=gate, defaults={"user": user, "named_by": by, "named_at": timezone.now()})
    return named


@transaction.atomic
def sign(proposal, gate, *, by, valid_until, file, content_type, original_name, note=""):
    """The named signatory signs a gate off, with its evidence and the last day it holds."""
    _route_gate(proposal, gate)
    if not may_sign(by, proposal, gate):
        raise NotAllowed(f"Only the person named to sign the {DutyGate(gate).label.lower()} may sign it.")
    if valid_until < timezone.localdate():
        raise ActionRefused(f"The sign-off must hold until today or later, not {day_text(valid_until)}.")
    if file is None:
        raise ActionRefused("Upload the evidence: the assessment or the record of the sign-off.")
    return GateSignOff.objects.create(
        proposal=proposal, gate=gate, valid_until=valid_until, note=(note or "").strip(), file=file,
        title=f"{DutyGate(gate).label}: {proposal.reference}", original_name=original_name,
        content_type=content_type, size=file.size, uploaded_by=by, pdf_pages=pdf_page_count(file, content_type),
    )
