"""
One function per user action on a proposal. Each locks the proposal row, checks who may act and
what must be true, moves the state machine, and writes the audit event in the same transaction;
side effects are queued only once that transaction commits. Services take `by=user`, never a
request, so views, commands, the API and tests all go through the same rules.
"""

from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django_fsm import ConcurrentTransition

from governance.enums import ASSESSING_BODY_KINDS, FORMAL_APPROVAL_BODY_KINDS, MembershipRole
from ics_commissioning.documents import pdf_page_count

from .enums import EventKind, FormalDecision, ProposalState, TriageQuestion
from .models import FormalApproval, Proposal, ProposalEvent, TriageAnswer
from .rules import is_admin, is_proposal_author, is_secretary_of
from .signals import proposal_event_committed


class ProposalActionError(Exception):
    """An action that cannot be taken; `messages` say why, in the user's words."""

    def __init__(self, *messages):
        self.messages = list(messages)
        super().__init__(" ".join(self.messages))


class ProposalMovedOn(ProposalActionError):
    """Someone else acted on the proposal since the user last saw it."""


class ActionRefused(ProposalActionError):
    """The proposal is not in a state, or not yet ready, for this action."""


# -- Plumbing shared by every action -------------------------------------------------------

ACTION_WORDS = {
    "submit": "submitted",
    "resubmit": "resubmitted",
    "withdraw": "withdrawn",
    "refer_to_place_based": "referred to place-based commissioning",
    "reopen_triage": "reopened for triage",
    "accept_for_assessment": "accepted for assessment",
    "complete_assessment": "moved on from assessment",
    "quality_assure": "quality assured",
    "sign_off": "signed off",
    "record_formal_approval": "formally approved",
    "return_for_revision": "returned for revision",
    "reject": "rejected",
}


def _lock(proposal):
    # Lock the row so two people acting at once are serialised: the second waits, then sees
    # the state the first left behind and is told the proposal has moved on, instead of
    # both transitions being applied.
    current = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if current.state != proposal.state:
        raise ProposalMovedOn(
            f"This proposal has moved on: it is now “{current.get_state_display()}”. "
            "Nothing was changed; please look at it again before acting."
        )
    return current


def _transition_of(current, action):
    method = getattr(current, action)
    return method, method._django_fsm.get_transition(current.state)


def _acting_for(current, by):
    """The body on whose behalf a secretary acts, for the audit event; none for authors and admins."""
    return current.owning_bodies().filter(memberships__user=by, memberships__role=MembershipRole.SECRETARY).first()


def _require(text, what):
    if not (text or "").strip():
        raise ActionRefused(f"Give the {what}.")
    return text.strip()


def _perform(proposal, action, *, by, args=(), kind=EventKind.TRANSITION, comment="",
             body=None, meeting=None, prepare=None):
    with transaction.atomic():
        current = _lock(proposal)
        method, transition = _transition_of(current, action)
        if transition is None:
            raise ActionRefused(
                f"A proposal that is “{current.get_state_display()}” cannot be {ACTION_WORDS[action]}."
            )
        if not transition.has_perm(current, by):
            raise PermissionDenied("You are not allowed to take this action on this proposal.")
        if body is None:
            body = _acting_for(current, by)
        if prepare is not None:
            prepare(current)
        failed = [cond.message(current) for cond in transition.conditions or () if not cond(current)]
        if failed:
            raise ActionRefused(*failed)
        from_state = current.state
        method(*args)
        if current.state != from_state:
            current.state_changed_at = timezone.now()
        try:
            current.save()
        except ConcurrentTransition:
            # Only reachable if a save bypassed the row lock; the outcome for the user is the same.
            raise ProposalMovedOn(
                "This proposal has moved on. Nothing was changed; please look at it again."
            ) from None
        event = ProposalEvent.objects.create(
            proposal=current, kind=kind, from_state=from_state, to_state=current.state,
            actor=by, body=body, meeting=meeting, comment=comment,
        )
        transaction.on_commit(partial(proposal_event_committed.send, sender=Proposal, event=event))
    proposal.refresh_from_db()
    return event


def record_event(proposal, *, by, kind, comment, body=None, meeting=None, may_act):
    """An event that changes no state (a deferral, triage answers), under the same lock."""
    with transaction.atomic():
        current = _lock(proposal)
        if not may_act(current):
            raise PermissionDenied("You are not allowed to take this action on this proposal.")
        event = ProposalEvent.objects.create(
            proposal=current, kind=kind, from_state=current.state, to_state=current.state,
            actor=by, body=body or _acting_for(current, by), meeting=meeting, comment=comment,
        )
        transaction.on_commit(partial(proposal_event_committed.send, sender=Proposal, event=event))
    return event


def create_proposal(*, by, title, **fields):
    with transaction.atomic():
        proposal = Proposal.objects.create(title=title, lead_author=by, **fields)
        ProposalEvent.objects.create(
            proposal=proposal, kind=EventKind.CREATED, to_state=proposal.state, actor=by
        )
    return proposal


# -- The author's actions ------------------------------------------------------------------


def submit(proposal, *, by):
    return _perform(proposal, "submit", by=by)


def resubmit(proposal, *, by, comment=""):
    return _perform(proposal, "resubmit", by=by, comment=comment)


def withdraw(proposal, *, by, reason=""):
    return _perform(proposal, "withdraw", by=by, comment=reason)


# -- Triage (stage 1) ----------------------------------------------------------------------

AUTHOR_TRIAGE_QUESTIONS = (TriageQuestion.NATIONALLY_DESCRIBED, TriageQuestion.VULNERABILITY_ACROSS_ICPS)


def record_triage(proposal, answers, *, by, on_behalf_of=None, meeting=None):
    """
    Record answers to the flowchart's questions (`answers` maps TriageQuestion to True, False
    or None). The author answers questions 1 and 2 while writing the business case; the
    secretary of the triaging body records all three once it is submitted.
    """
    with transaction.atomic():
        current = _lock(proposal)
        as_author = current.state in ProposalState.EDITABLE and by.has_perm("proposals.edit_proposal", current)
        as_secretary = current.state == ProposalState.SUBMITTED and by.has_perm("proposals.decide_proposal", current)
        if not (as_author or as_secretary):
            raise PermissionDenied("You are not allowed to answer the triage questions for this proposal.")
        if as_author and set(answers) - set(AUTHOR_TRIAGE_QUESTIONS):
            raise PermissionDenied("Question 3 is answered by the Clinical Leadership Group at triage.")
        now = timezone.now()
        for question, answer in answers.items():
            TriageAnswer.objects.update_or_create(
                proposal=current, question=TriageQuestion(question),
                defaults={
                    "answer": answer, "answered_by": by, "answered_at": now,
                    "answered_on_behalf_of": on_behalf_of if question == TriageQuestion.LEADERSHIP_SUPPORT else None,
                },
            )
        if as_secretary:
            outcome = current.triage_outcome()
            ProposalEvent.objects.create(
                proposal=current, kind=EventKind.TRIAGE, from_state=current.state, to_state=current.state,
                actor=by, body=on_behalf_of or _acting_for(current, by), meeting=meeting,
                comment=f"Triage outcome: {outcome.label}",
            )
    return proposal.triage_outcome()


def refer_to_place_based(proposal, *, by, reason, meeting=None):
    reason = _require(reason, "reason for referring this to place-based commissioning")
    return _perform(proposal, "refer_to_place_based", by=by, comment=reason, meeting=meeting)


def reopen_triage(proposal, *, by, reason):
    reason = _require(reason, "reason for reopening the triage")
    return _perform(proposal, "reopen_triage", by=by, comment=reason)


def accept_for_assessment(proposal, *, by, assessing_body=None, comment="", meeting=None):
    if assessing_body is not None and assessing_body.kind not in ASSESSING_BODY_KINDS:
        raise ActionRefused(f"{assessing_body} does not run assessment exercises.")
    return _perform(proposal, "accept_for_assessment", by=by, args=(assessing_body,),
                    comment=comment, meeting=meeting)


# -- Stages 1 to 3 -------------------------------------------------------------------------


def complete_assessment(proposal, *, by, comment="", meeting=None):
    return _perform(proposal, "complete_assessment", by=by, comment=comment, meeting=meeting)


def quality_assure(proposal, *, by, minute="", meeting=None):
    return _perform(proposal, "quality_assure", by=by, comment=minute, meeting=meeting)


def sign_off(proposal, *, by, formal_bodies, minute="", meeting=None):
    """Health Strategy Group sign-off, naming the stage 4 bodies that must formally approve."""
    formal_bodies = list(formal_bodies)
    wrong = [b.name for b in formal_bodies if b.kind not in FORMAL_APPROVAL_BODY_KINDS]
    if wrong:
        raise ActionRefused("Only stage 4 bodies can formally approve: " + ", ".join(wrong) + " cannot.")

    def name_bodies(current):
        for body in formal_bodies:
            FormalApproval.objects.get_or_create(proposal=current, body=body)

    names = ", ".join(b.name for b in formal_bodies)
    comment = "\n\n".join(filter(None, [minute, f"Formal approval required from: {names}." if names else ""]))
    return _perform(proposal, "sign_off", by=by, comment=comment, meeting=meeting, prepare=name_bodies)


# -- Stage 4 -------------------------------------------------------------------------------


def record_formal_decision(proposal, *, body, approved, by, minute="", meeting=None):
    """
    Record one stage 4 body's decision. The proposal is approved once every named body has
    approved; a body that does not approve rejects it.
    """
    if not approved:
        minute = _require(minute, "reasons for the decision not to approve")

    def decide(current):
        if not (is_admin(by) or is_secretary_of(by, body)):
            raise PermissionDenied(f"Only the secretary of {body} can record its decision.")
        approval = FormalApproval.objects.filter(proposal=current, body=body).first()
        if approval is None:
            raise ActionRefused(f"{body} has not been named to approve this proposal.")
        if approval.decision != FormalDecision.PENDING:
            raise ActionRefused(f"{body} has already recorded its decision: {approval.get_decision_display()}.")
        approval.decision = FormalDecision.APPROVED if approved else FormalDecision.REJECTED
        approval.decided_at = timezone.now()
        approval.decided_by = by
        approval.meeting = meeting
        approval.minute = minute
        approval.save()

    action = "record_formal_approval" if approved else "reject"
    return _perform(proposal, action, by=by, kind=EventKind.FORMAL_DECISION, comment=minute,
                    body=body, meeting=meeting, prepare=decide)


# -- Any stage -----------------------------------------------------------------------------


def return_for_revision(proposal, *, by, reasons, meeting=None, body=None):
    reasons = _require(reasons, "reasons for returning the proposal (the author will see them)")
    return _perform(proposal, "return_for_revision", by=by, comment=reasons, meeting=meeting, body=body)


def reject(proposal, *, by, reasons, meeting=None, body=None):
    reasons = _require(reasons, "reasons for rejecting the proposal")
    return _perform(proposal, "reject", by=by, comment=reasons, meeting=meeting, body=body)


def defer(proposal, *, by, reason, meeting=None, body=None):
    """A decision deferred keeps the proposal where it is and records why."""
    reason = _require(reason, "reason for deferring the decision")

    def may_act(current):
        return current.state in ProposalState.ON_ROUTE and by.has_perm("proposals.decide_proposal", current)

    return record_event(proposal, by=by, kind=EventKind.DEFERRED, comment=reason, body=body,
                   meeting=meeting, may_act=may_act)


# -- Writing the business case ---------------------------------------------------------------


def _check_editable(proposal, by):
    if by.has_perm("proposals.edit_proposal", proposal):
        return
    if is_proposal_author(by, proposal) and proposal.state not in ProposalState.EDITABLE:
        # An author's page saved just after the proposal moved on (submitted, withdrawn): say so.
        raise ProposalMovedOn(
            f"This proposal has moved on: it is now “{proposal.get_state_display()}”, so the business case "
            "can no longer be changed. Nothing was saved."
        )
    raise PermissionDenied("Only the authors can change the business case while it is a draft or returned.")


def save_business_case(proposal, *, by, form=None, formset=None):
    """
    Save one section of the business case (a ModelForm on the proposal and/or a formset of its
    rows). Only the changed columns are written, and never the state: if the proposal was
    submitted or returned meanwhile, the save is refused rather than overwriting the move.
    """
    with transaction.atomic():
        current = _lock(proposal)
        _check_editable(current, by)
        if form is not None and form.has_changed():
            columns = {f.name for f in Proposal._meta.concrete_fields}
            changed = form.changed_data
            for name in changed:
                if name in columns:
                    setattr(current, name, form.cleaned_data[name])
                else:
                    getattr(current, name).set(form.cleaned_data[name])
            current.save(update_fields=[n for n in changed if n in columns] + ["updated_at"])
        if formset is not None:
            formset.instance = current
            formset.save()
            Proposal.objects.filter(pk=current.pk).update(updated_at=timezone.now())
    proposal.refresh_from_db()


def add_attachment(proposal, *, by, title, kind, file, content_type, original_name):
    from .models import Attachment

    with transaction.atomic():
        current = _lock(proposal)
        _check_editable(current, by)
        return Attachment.objects.create(
            proposal=current, title=title, kind=kind, file=file, content_type=content_type,
            original_name=original_name, size=file.size, uploaded_by=by,
            pdf_pages=pdf_page_count(file, content_type),
        )


def remove_attachment(attachment, *, by):
    with transaction.atomic():
        current = _lock(attachment.proposal)
        _check_editable(current, by)
        stored = attachment.file.name
        storage = attachment.file.storage
        attachment.delete()
        # Remove the stored file only once the row is gone for good.
        transaction.on_commit(partial(storage.delete, stored))
