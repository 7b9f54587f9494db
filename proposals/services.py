"""
One function per user action on a proposal. Each locks the proposal row, checks who may act and
what must be true, moves the state machine, and writes the audit event in the same transaction;
side effects are queued only once that transaction commits. Services take `by=user`, never a
request, so views, commands, the API and tests all go through the same rules. Every refusal
is an ActionRefused (ics_commissioning.errors): MovedOn when someone else acted first, NotAllowed
when this person may not act at all.
"""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_fsm import ConcurrentTransition

from governance.enums import CaseDocument, MembershipRole, SectionKind
from ics_commissioning.documents import pdf_page_count
from ics_commissioning.errors import ActionRefused, MovedOn, NotAllowed
from ics_commissioning.life_cycles import failed_conditions, transition_of
from ics_commissioning.permissions import can

from . import business_case, versions
from .enums import EventKind, FormalDecision, ProposalState, TriageQuestion
from .models import Attachment, FinanceLine, FormalApproval, Option, Proposal, ProposalEvent, Risk, TriageAnswer
from .rules import is_proposal_author
from .signals import proposal_event_committed

# -- Plumbing shared by every action -------------------------------------------------------

ACTION_WORDS = {
    "submit": "submitted",
    "resubmit": "resubmitted",
    "withdraw": "withdrawn",
    "refer_to_place_based": "referred to place-based commissioning",
    "reopen_triage": "reopened for triage",
    "accept_for_assessment": "accepted for assessment",
    "complete_assessment": "supported at ICS level",
    "submit_full_case": "submitted as a full business case",
    "quality_assure": "quality assured",
    "sign_off": "signed off",
    "record_formal_approval": "formally approved",
    "return_for_revision": "returned for revision",
    "reject": "rejected",
}


def lock(proposal):
    # Lock the row so two people acting at once are serialised: the second waits, then sees
    # the state the first left behind and is told the proposal has moved on, instead of
    # both transitions being applied.
    current = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if current.state != proposal.state:
        raise MovedOn(
            f"This proposal has moved on: it is now “{current.get_state_display()}”. "
            "Nothing was changed; please look at it again before acting."
        )
    return current


def _acting_for(current, by):
    """The body on whose behalf a secretary acts, for the audit event; none for authors and admins."""
    return current.owning_bodies().filter(memberships__user=by, memberships__role=MembershipRole.SECRETARY).first()


def _require(text, what):
    if not (text or "").strip():
        raise ActionRefused(f"Give the {what}.")
    return text.strip()


def perform(proposal, action, *, by, args=(), kind=EventKind.TRANSITION, comment="",
            body=None, meeting=None, prepare=None, conditions=()):
    """
    Move the proposal by its transition `action`, under its row lock: check the transition's
    permission, run `prepare(current)` (which may refuse), check the transition's conditions and
    any further `conditions` that a layer above owns (scoring's, for leaving assessment), then
    change the state and write the audit event. Side effects go out once the transaction commits.
    """
    with transaction.atomic():
        current = lock(proposal)
        method, transition = transition_of(current, action, current.state)
        if transition is None:
            raise ActionRefused(
                f"A proposal that is “{current.get_state_display()}” cannot be {ACTION_WORDS[action]}."
            )
        if not transition.has_perm(current, by):
            raise NotAllowed("You are not allowed to take this action on this proposal.")
        if body is None:
            body = _acting_for(current, by)
        if prepare is not None:
            prepare(current)
        failed = failed_conditions(current, transition, conditions)
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
            raise MovedOn(
                "This proposal has moved on. Nothing was changed; please look at it again."
            ) from None
        event = ProposalEvent.objects.create(
            proposal=current, kind=kind, from_state=from_state, to_state=current.state,
            actor=by, body=body, meeting=meeting, comment=comment,
        )
        # A route that skips a stage says so in the audit trail, with the rule that chose the route.
        ProposalEvent.objects.bulk_create(
            ProposalEvent(proposal=current, kind=EventKind.STAGE_SKIPPED, from_state=from_state,
                          to_state=current.state, actor=by, body=body, meeting=meeting,
                          comment=current.why_skipped(stage))
            for stage in current.skipped_stages(from_state, current.state)
        )
        transaction.on_commit(partial(proposal_event_committed.send, sender=Proposal, event=event))
    proposal.refresh_from_db()
    return event


def record_event(proposal, *, by, kind, comment, body=None, meeting=None, may_act):
    """An event that changes no state (a deferral, triage answers), under the same lock."""
    with transaction.atomic():
        current = lock(proposal)
        if not may_act(current):
            raise NotAllowed("You are not allowed to take this action on this proposal.")
        event = ProposalEvent.objects.create(
            proposal=current, kind=kind, from_state=current.state, to_state=current.state,
            actor=by, body=body or _acting_for(current, by), meeting=meeting, comment=comment,
        )
        transaction.on_commit(partial(proposal_event_committed.send, sender=Proposal, event=event))
    return event


def create_proposal(*, by, title, co_authors=(), places=(), **fields):
    """A new draft led by `by`; `fields` are the proposal's own (workstream, service area, …)."""
    with transaction.atomic():
        proposal = Proposal.objects.create(title=title, lead_author=by, **fields)
        proposal.co_authors.set(co_authors)
        proposal.places.set(places)
        ProposalEvent.objects.create(
            proposal=proposal, kind=EventKind.CREATED, to_state=proposal.state, actor=by
        )
    return proposal


# -- The author's actions ------------------------------------------------------------------


def _submitted_as_a_version(action, proposal, *, by, comment="", **kwargs):
    """Each submission to a body freezes the document as a new version, in the same transaction; the
    submission's event says which version, and what changed since the last of the same document."""
    with transaction.atomic():
        version = versions.next_version(Proposal.objects.select_for_update().get(pk=proposal.pk), by=by)
        said = f"{version.get_document_display()}, version {version.number}. {versions.summary(version.previous, version)}"
        event = perform(proposal, action, by=by, comment="\n\n".join(filter(None, [comment, said])), **kwargs)
        version.save()
        Proposal.objects.filter(pk=proposal.pk).update(case_text=versions.searchable(proposal))
    return event


def submit(proposal, *, by):
    return _submitted_as_a_version("submit", proposal, by=by)


def resubmit(proposal, *, by, comment=""):
    return _submitted_as_a_version("resubmit", proposal, by=by, comment=comment)


def submit_full_case(proposal, *, by, comment=""):
    """The authors submit the full business case: it goes to the next stage its route has."""
    return _submitted_as_a_version("submit_full_case", proposal, by=by, comment=comment,
                                   prepare=name_approving_bodies_by_scheme)


def withdraw(proposal, *, by, reason=""):
    return perform(proposal, "withdraw", by=by, comment=reason)


# -- Triage (stage 1) ----------------------------------------------------------------------

AUTHOR_TRIAGE_QUESTIONS = (TriageQuestion.NATIONALLY_DESCRIBED, TriageQuestion.VULNERABILITY_ACROSS_ICPS)


def record_triage(proposal, answers, *, by, on_behalf_of=None, meeting=None):
    """
    Record answers to the flowchart's questions (`answers` maps TriageQuestion to True, False
    or None). The author answers questions 1 and 2 while writing the business case; the
    secretary of the triaging body records all three once it is submitted.
    """
    with transaction.atomic():
        current = lock(proposal)
        as_author = can(by, "proposals.edit_proposal", current)
        as_secretary = current.state == ProposalState.SUBMITTED and can(by, "proposals.triage_proposal", current)
        if not (as_author or as_secretary):
            if is_proposal_author(by, current):
                raise _moved_on_for_authors(current)
            raise NotAllowed("You are not allowed to answer the triage questions for this proposal.")
        if set(answers) - set(AUTHOR_TRIAGE_QUESTIONS):
            raise ActionRefused("Question 3 is answered after the assessment exercise, informed by the scores: the "
                                "assessing body gives its view when the assessment ends.")
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


def record_support(current, supported, *, by, on_behalf_of=None):
    """Question 3, the assessing body's view once it has scored the outline (seed 004): as a `prepare`
    of the move it decides, under the row lock, so that a refused move leaves no answer behind."""
    TriageAnswer.objects.update_or_create(
        proposal=current, question=TriageQuestion.LEADERSHIP_SUPPORT,
        defaults={"answer": supported, "answered_by": by, "answered_at": timezone.now(),
                  "answered_on_behalf_of": on_behalf_of or current.triaging_body()},
    )


def refer_to_place_based(proposal, *, by, reason, meeting=None, on_behalf_of=None):
    """At triage, when questions 1 and 2 say so; after the assessment exercise, when the assessing body
    does not support an ICS-level solution (question 3 answered no)."""
    reason = _require(reason, "reason for referring this to place-based commissioning")

    def not_supported(current):
        if current.state == ProposalState.ASSESSMENT:
            record_support(current, False, by=by, on_behalf_of=on_behalf_of)

    return perform(proposal, "refer_to_place_based", by=by, comment=reason, meeting=meeting, prepare=not_supported)


def reopen_triage(proposal, *, by, reason):
    reason = _require(reason, "reason for reopening the triage")
    return perform(proposal, "reopen_triage", by=by, comment=reason)


def accept_for_assessment(proposal, *, by, assessing_body=None, comment="", meeting=None):
    if assessing_body is not None and not assessing_body.assesses_proposals:
        raise ActionRefused(f"{assessing_body} does not run assessment exercises.")
    return perform(proposal, "accept_for_assessment", by=by, args=(assessing_body,),
                    comment=comment, meeting=meeting)


# -- Stages 1 to 3 -------------------------------------------------------------------------


def name_approving_bodies_by_scheme(current):
    """Before a move that skips sign-off (the route has none): the scheme of delegation's rule names the
    bodies that formally approve, as the sign-off body otherwise would. Runs under the row lock, as `prepare`."""
    if current.next_state_on_route() == ProposalState.FORMAL_APPROVAL and current.delegation_rule_id:
        for body in current.delegation_rule.formal_bodies.all():
            FormalApproval.objects.get_or_create(proposal=current, body=body)


def quality_assure(proposal, *, by, minute="", meeting=None):
    return perform(proposal, "quality_assure", by=by, comment=minute, meeting=meeting,
                   prepare=name_approving_bodies_by_scheme)


def sign_off(proposal, *, by, formal_bodies, minute="", meeting=None):
    """Sign-off (stage 3), naming the stage 4 bodies that must formally approve, within the scheme's rule."""
    formal_bodies = list(formal_bodies)
    wrong = [b.name for b in formal_bodies if not b.makes_statutory_decisions]
    if wrong:
        raise ActionRefused("Only stage 4 bodies can formally approve: " + ", ".join(wrong) + " cannot.")

    def name_bodies(current):
        # The scheme of delegation's rule for the proposal says which bodies may formally approve it.
        allowed = set(current.delegation_rule.formal_bodies.all()) if current.delegation_rule_id else set()
        beyond = [b.name for b in formal_bodies if allowed and b not in allowed]
        if beyond:
            raise ActionRefused(
                f"The scheme of delegation (“{current.delegation_rule}”) gives this proposal's formal approval to "
                + ", ".join(sorted(b.name for b in allowed)) + ": " + ", ".join(beyond) + " cannot approve it."
            )
        for body in formal_bodies:
            FormalApproval.objects.get_or_create(proposal=current, body=body)

    names = ", ".join(b.name for b in formal_bodies)
    comment = "\n\n".join(filter(None, [minute, f"Formal approval required from: {names}." if names else ""]))
    return perform(proposal, "sign_off", by=by, comment=comment, meeting=meeting, prepare=name_bodies)


# -- Stage 4 -------------------------------------------------------------------------------


def record_formal_decision(proposal, *, body, approved, by, minute="", meeting=None):
    """
    Record one stage 4 body's decision. The proposal is approved once every named body has
    approved; a body that does not approve rejects it.
    """
    if not approved:
        minute = _require(minute, "reasons for the decision not to approve")

    def decide(current):
        if not can(by, "governance.manage_body", body):
            raise NotAllowed(f"Only the secretary of {body} can record its decision.")
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
    return perform(proposal, action, by=by, kind=EventKind.FORMAL_DECISION, comment=minute,
                    body=body, meeting=meeting, prepare=decide)


# -- Any stage -----------------------------------------------------------------------------


def return_for_revision(proposal, *, by, reasons, meeting=None, body=None):
    reasons = _require(reasons, "reasons for returning the proposal (the author will see them)")
    return perform(proposal, "return_for_revision", by=by, comment=reasons, meeting=meeting, body=body)


def reject(proposal, *, by, reasons, meeting=None, body=None):
    reasons = _require(reasons, "reasons for rejecting the proposal")
    return perform(proposal, "reject", by=by, comment=reasons, meeting=meeting, body=body)


def defer(proposal, *, by, reason, meeting=None, body=None):
    """A decision deferred keeps the proposal where it is and records why."""
    reason = _require(reason, "reason for deferring the decision")

    return record_event(proposal, by=by, kind=EventKind.DEFERRED, comment=reason, body=body, meeting=meeting,
                        may_act=lambda current: can(by, "proposals.defer_proposal", current))


# -- Writing the business case ---------------------------------------------------------------


def _moved_on_for_authors(proposal):
    # An author's page saved just after the proposal moved on (submitted, withdrawn): say so; and where the
    # version submitted is on a meeting's agenda, that it is the version the body reads, frozen.
    version = versions.latest_version(proposal)
    item = proposal.agenda_items.select_related("meeting__body").order_by("-meeting__starts_at").first()
    if version is not None and item is not None and item.meeting.starts_at >= version.submitted_at:
        day = f"{timezone.localtime(item.meeting.starts_at):%-d %B %Y}"
        return MovedOn(
            f"Version {version.number} was tabled at the {item.meeting.body} meeting of {day} and cannot be "
            "changed: the body decides on what it read. If it is returned to you, you write a new version. "
            "Nothing was saved."
        )
    return MovedOn(
        f"This proposal has moved on: it is now “{proposal.get_state_display()}”, so the business case "
        "can no longer be changed. Nothing was saved."
    )


def _check_editable(proposal, by):
    if can(by, "proposals.edit_proposal", proposal):
        return
    if is_proposal_author(by, proposal):
        raise _moved_on_for_authors(proposal)
    raise NotAllowed("Only the authors can change the business case while it is a draft or returned.")


# The business case's sections made of rows, and the model of each row.
ROW_SECTIONS = {"finance_lines": FinanceLine, "risks": Risk, "options": Option}
# The proposal's own fields the authors may change (the proposal's details); the documents' words
# go through `words`.
DETAIL_FIELDS = ("title", "sponsoring_workstream", "service_area", "places", "co_authors")


def _check_document(current, document):
    """The authors write the document the proposal is at: the outline until the assessing body
    supports it, then the full business case."""
    if document == current.document:
        return
    if document == CaseDocument.FULL:
        body = current.triaging_body()
        raise ActionRefused(f"The full business case is written once the {body or 'assessing body'} has assessed the "
                            "outline and supports an ICS-level solution. Nothing was saved.")
    raise ActionRefused("The outline proposal has been assessed and can no longer be changed: the full business "
                        "case carries its words on. Nothing was saved.")


def save_business_case(proposal, *, by, fields=None, words=None, rows=None, document=None):
    """
    Save part of the business case. `fields` maps the proposal's details (DETAIL_FIELDS) to their new
    values (a list of objects for co-authors and places); `words` maps sections of `document` (by
    default the one the proposal is at, the only one its authors may change) to their text; `rows`
    maps a section of rows ("finance_lines", "risks", "options") to its rows after the change, each a
    dict of the row's values with "pk" for a row that exists already: rows left out are removed. Only
    what is given is written, and never the state: if the proposal was submitted or returned
    meanwhile, the save is refused rather than overwriting the move.
    """
    with transaction.atomic():
        current = lock(proposal)
        _check_editable(current, by)
        document = document or current.document
        _check_document(current, document)
        if words:
            keys = {s.key for s in business_case.sections(current, document)}
            keys |= {business_case.procurement_key(s) for s in business_case.sections(current, document)
                     if s.kind == SectionKind.PROCUREMENT}
            unknown = set(words) - keys
            if unknown:
                raise ActionRefused(f"These are not sections of the {CaseDocument(document).label.lower()}: "
                                    + ", ".join(sorted(unknown)) + ".")
            name = "full_case" if document == CaseDocument.FULL else "outline"
            setattr(current, name, {**getattr(current, name), **words})
            current.save(update_fields=[name, "updated_at"])
        if fields:
            columns = {f.name for f in Proposal._meta.concrete_fields} & set(DETAIL_FIELDS)
            related = {f.name for f in Proposal._meta.many_to_many} & set(DETAIL_FIELDS)
            unknown = set(fields) - columns - related
            if unknown:
                raise ActionRefused("These are not parts of the business case: " + ", ".join(sorted(unknown)) + ".")
            for name, value in fields.items():
                if name in columns:
                    setattr(current, name, value)
                else:
                    getattr(current, name).set(value)
            current.save(update_fields=[name for name in fields if name in columns] + ["updated_at"])
        for section, values in (rows or {}).items():
            _replace_rows(current, ROW_SECTIONS[section], values)
        if rows:
            Proposal.objects.filter(pk=current.pk).update(updated_at=timezone.now())
    proposal.refresh_from_db()


def _replace_rows(proposal, model, values):
    existing = {row.pk: row for row in model.objects.filter(proposal=proposal)}
    kept = {row.get("pk") for row in values} - {None}
    if kept - set(existing):
        raise MovedOn("Some of these rows have been removed meanwhile. Nothing was saved; please look again.")
    model.objects.filter(pk__in=set(existing) - kept).delete()
    for row_values in values:
        row_values = dict(row_values)
        pk = row_values.pop("pk", None)
        row = existing[pk] if pk else model(proposal=proposal)
        for name, value in row_values.items():
            setattr(row, name, value)
        try:
            row.full_clean(exclude={"proposal"}, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            raise ActionRefused(*error.messages) from error
        row.save()


def add_attachment(proposal, *, by, title, kind, file, content_type, original_name):
    with transaction.atomic():
        current = lock(proposal)
        _check_editable(current, by)
        return Attachment.objects.create(
            proposal=current, title=title, kind=kind, file=file, content_type=content_type,
            original_name=original_name, size=file.size, uploaded_by=by,
            pdf_pages=pdf_page_count(file, content_type),
        )


def remove_attachment(attachment, *, by):
    with transaction.atomic():
        current = lock(attachment.proposal)
        _check_editable(current, by)
        stored = attachment.file.name
        storage = attachment.file.storage
        attachment.delete()
        # Remove the stored file only once the row is gone for good.
        transaction.on_commit(partial(storage.delete, stored))
