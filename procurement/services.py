"""
The rules of a provider selection that span its records: preparing it, scoring the providers, tabling it
for the deciding body, the decision (taken at the body's meeting: governance.services.record_decision,
with its quorum, votes and declared interests), the standstill, representations and the award. Every
refusal is an ActionRefused in the user's words, and nothing is saved.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from governance import services as governance_services
from governance.enums import DecisionOutcome, PaperAsk, PaperPurpose
from ics_commissioning.errors import ActionRefused, NotAllowed
from ics_commissioning.permissions import can
from proposals.business_case import procurement_route
from proposals.enums import ProposalState
from scoring import services as scoring_services
from scoring.enums import AssessmentStatus

from . import record, regime
from .enums import EventKind, RepresentationOutcome, SelectionStatus
from .models import (
    CriterionWeight,
    Provider,
    ProviderAssessment,
    ProviderScore,
    ProviderSelection,
    Representation,
    SelectionEvent,
)
from .regime import KeyCriterion, Process
from .rules import deciding_bodies, may_prepare
from .working_days import next_working_day, why_not_a_working_day

S = SelectionStatus
EDIT, MANAGE = "procurement.edit_selection", "procurement.manage_selection"


class NotAWorkingDay(ActionRefused):
    """A date that must be a working day is not; `suggested` is the next working day."""

    def __init__(self, message, suggested):
        super().__init__(message)
        self.suggested = suggested


def _lock(selection):
    return ProviderSelection.objects.select_for_update(of=("self",)).select_related("proposal").get(pk=selection.pk)


def _event(selection, kind, *, by, comment=""):
    SelectionEvent.objects.create(selection=selection, kind=kind, actor=by, comment=comment)


def _require(by, permission, selection, doing):
    if not can(by, permission, selection):
        if permission == EDIT and selection.status != S.PREPARING and may_prepare(by, selection):
            raise ActionRefused(f"The provider selection is “{selection.get_status_display().lower()}”, so it can no "
                                f"longer be changed: you cannot {doing}.")
        raise NotAllowed(f"You may not {doing}.")


def _not_in_future(day, what):
    if day > timezone.localdate():
        raise ActionRefused(f"{what} cannot be in the future.")


def long_date(day):
    return f"{day:%A} {day.day} {day:%B %Y}"


# -- Preparing the record --------------------------------------------------------------------------


@transaction.atomic
def start_selection(proposal, *, by):
    if not can(by, "procurement.start_selection", proposal):
        raise NotAllowed("Only the proposal's authors can start its provider selection, once its commercial case "
                         "names a process of the Provider Selection Regime.")
    selection, created = ProviderSelection.objects.get_or_create(
        proposal=proposal, defaults={"created_by": by, "contract_title": proposal.title[:200]})
    if created:
        _event(selection, EventKind.STARTED, by=by)
    return selection


def processes_for(selection):
    """The processes the commercial case's procurement route allows."""
    return regime.ROUTE_PROCESSES.get(procurement_route(selection.proposal), ())


@transaction.atomic
def choose_process(selection, *, by, process, conditions, justification):
    selection = _lock(selection)
    _require(by, EDIT, selection, "change the process")
    process = Process(process)
    allowed = processes_for(selection)
    if process not in allowed:
        named = ", ".join(p.label.lower() for p in allowed) or "no process of the regime"
        raise ActionRefused(f"The commercial case's procurement route leads to {named}, not the "
                            f"{process.label.lower()}. Change the business case's procurement route first.")
    unmet = regime.unmet_conditions(process, conditions)
    if unmet:
        raise ActionRefused(f"The {process.label.lower()} can only be followed when all its conditions are met "
                            f"({regime.RULES[process].regulation}). Not confirmed: "
                            + " ".join(c.text for c in unmet))
    if not justification.strip():
        raise ActionRefused("Explain why this process is the right one, and how its conditions are met.")
    selection.process = process
    selection.conditions_met = [regime.condition_value(process, c) for c in regime.RULES[process].conditions]
    selection.justification = justification.strip()
    selection.save(update_fields=["process", "conditions_met", "justification"])
    return selection


@transaction.atomic
def save_contract(selection, *, by, contract_title, services, estimated_value, contract_starts, contract_ends,
                  reasons):
    selection = _lock(selection)
    _require(by, EDIT, selection, "change the contract's details")
    if contract_starts and contract_ends and contract_ends <= contract_starts:
        raise ActionRefused("The contract must end after it starts.")
    selection.contract_title = contract_title.strip()
    selection.services = services.strip()
    selection.estimated_value = estimated_value
    selection.contract_starts, selection.contract_ends = contract_starts, contract_ends
    selection.reasons = reasons.strip()
    selection.save()
    return selection


@transaction.atomic
def add_provider(selection, *, by, name, address, is_existing=False):
    selection = _lock(selection)
    _require(by, EDIT, selection, "add a provider")
    name = name.strip()
    if selection.providers.filter(name__iexact=name).exists():
        raise ActionRefused(f"{name} is already one of the providers.")
    # Every assessor scores every provider: those who had submitted score the new one too.
    selection.assessments.filter(status=AssessmentStatus.SUBMITTED).update(status=AssessmentStatus.DRAFT,
                                                                           submitted_at=None)
    return Provider.objects.create(selection=selection, name=name, address=address.strip(), is_existing=is_existing)


@transaction.atomic
def remove_provider(provider, *, by):
    selection = _lock(provider.selection)
    _require(by, EDIT, selection, "remove a provider")
    provider.delete()  # its scores go with it


@transaction.atomic
def recommend(selection, providers, *, by):
    """Which provider (for direct award process B, which providers) the decision is asked to award to."""
    selection = _lock(selection)
    _require(by, EDIT, selection, "recommend a provider")
    providers = list(providers)
    if not providers:
        raise ActionRefused("Choose the provider to recommend.")
    if len(providers) > 1 and not (selection.rules and selection.rules.several_providers):
        raise ActionRefused("Only direct award process B awards to several providers: choose one.")
    selection.providers.update(is_recommended=False)
    selection.providers.filter(pk__in=[p.pk for p in providers]).update(is_recommended=True)


@transaction.atomic
def save_weights(selection, weights, *, by):
    """`weights`: {KeyCriterion value: whole per cent}. Every key criterion counts, and together they make 100."""
    selection = _lock(selection)
    _require(by, EDIT, selection, "change the weights")
    missing = [KeyCriterion(c).label for c in KeyCriterion.values if not weights.get(c)]
    if missing:
        raise ActionRefused("Every key criterion must count (regulation 5): give a weight above 0 to "
                            + ", ".join(missing) + ".")
    total = sum(weights[c] for c in KeyCriterion.values)
    if total != 100:
        raise ActionRefused(f"The weights must add up to 100%: they add up to {total}%.")
    for criterion in KeyCriterion.values:
        CriterionWeight.objects.update_or_create(selection=selection, criterion=criterion,
                                                 defaults={"weight": weights[criterion]})


# -- Scoring the providers (the scoring engine's rules: conflicts declared first, and blocking) -----


def assessor_candidates(selection, people=None):
    """[(person, reason)] as scoring.services.assessor_candidates, less anyone who declared an interest in
    this selection, or is already named."""
    found = scoring_services.assessor_candidates(selection.proposal, people)
    named = {a.assessor_id: a for a in selection.assessments.all()}

    def reason(person, why):
        if why:
            return why
        name = person.get_full_name() or person.username
        if person.pk in named and named[person.pk].has_interest:
            return f"{name} has declared an interest in this selection and cannot score it."
        if person.pk in named:
            return f"{name} is already named to score the providers."
        return None

    return [(person, reason(person, why)) for person, why in found]


@transaction.atomic
def name_assessor(selection, person, *, by):
    selection = _lock(selection)
    _require(by, EDIT, selection, "name assessors")
    why = assessor_candidates(selection, [person])[0][1]
    if why:
        raise ActionRefused(why)
    return ProviderAssessment.objects.create(selection=selection, assessor=person, assigned_by=by)


def _lock_assessment(assessment):
    return ProviderAssessment.objects.select_for_update(of=("self",)).select_related(
        "selection__proposal").get(pk=assessment.pk)


@transaction.atomic
def declare_interest(assessment, *, by, has_interest, details=""):
    """As for a proposal's assessment (scoring): declared before scoring, and with an interest, no scores."""
    return scoring_services.record_declaration(_lock_assessment(assessment), by=by, has_interest=has_interest,
                                               details=details)


@transaction.atomic
def record_scores(assessment, scores, *, by, submit=False):
    """`scores`: {(provider, KeyCriterion value): (score, rationale)}. Submitting needs every provider scored
    on every criterion with a rationale, and locks the assessment."""
    assessment = _lock_assessment(assessment)
    selection = assessment.selection
    if by.pk != assessment.assessor_id:
        raise NotAllowed("Only the named assessor can score these providers.")
    if assessment.has_interest is None:
        raise ActionRefused("Declare any interest in these providers before scoring them.")
    if assessment.has_interest:
        raise NotAllowed("You declared an interest, so you cannot score these providers.")
    if assessment.status == AssessmentStatus.SUBMITTED:
        raise ActionRefused("This assessment has been submitted and is locked.")
    if selection.status != S.PREPARING:
        raise ActionRefused("The selection has been tabled for decision; scores can no longer be changed.")
    providers = {p.pk: p for p in selection.providers.all()}
    for (provider, criterion), (score, rationale) in scores.items():
        if provider.pk not in providers or criterion not in KeyCriterion.values:
            raise ActionRefused(f"{provider} on “{criterion}” is not part of this selection.")
        if score not in range(1, 6):
            raise ActionRefused(f"{provider}, {KeyCriterion(criterion).label}: the score must be between 1 and 5.")
        ProviderScore.objects.update_or_create(assessment=assessment, provider=provider, criterion=criterion,
                                               defaults={"score": score, "rationale": rationale.strip()})
    if submit:
        saved = {(s.provider_id, s.criterion) for s in assessment.scores.all() if s.rationale}
        missing = [f"{p.name}: {KeyCriterion(c).label}" for p in providers.values() for c in KeyCriterion.values
                   if (p.pk, c) not in saved]
        if missing:
            raise ActionRefused("Score every provider on every key criterion, with a rationale for each. Missing: "
                                + "; ".join(missing) + ".")
        assessment.status, assessment.submitted_at = AssessmentStatus.SUBMITTED, timezone.now()
    else:
        assessment.status = AssessmentStatus.DRAFT
    assessment.save(update_fields=["status", "submitted_at"])
    return assessment


# -- Tabling, and the body's decision ---------------------------------------------------------------


def readiness_problems(selection):
    """What the record still needs before the deciding body can decide on it: [] when ready."""
    found = []
    if not selection.process:
        return ["Choose the process and confirm its conditions."]
    if selection.process not in processes_for(selection):
        return [f"The commercial case no longer leads to the {selection.get_process_display().lower()}: choose the "
                "process again."]
    rules = selection.rules
    if not (selection.contract_title and selection.services and selection.estimated_value is not None):
        found.append("Give the contract's title, the services it covers and its estimated value.")
    providers = record.rows(selection).providers
    if not providers:
        found.append("Add the providers considered.")
    recommended = [p for p in providers if p.is_recommended]
    if not recommended:
        found.append("Recommend the provider to award the contract to.")
    if rules.existing_provider and any(not p.is_existing for p in recommended):
        found.append(f"The {selection.get_process_display().lower()} awards the contract to the existing provider: "
                     "recommend the existing provider.")
    if not selection.reasons:
        found.append("Give the reasons for the choice of provider.")
    if rules.key_criteria:
        if len(record.rows(selection).weights) != len(KeyCriterion.values):
            found.append("Weight the key criteria.")
        summaries = record.provider_summaries(selection)
        if not summaries or not summaries[0][1].complete:
            found.append("Every named assessor without a declared interest must submit their scores (and at least "
                         "one must).")
    return found


@transaction.atomic
def table(selection, meeting, *, by, part):
    """Put the selection to a body that decides the award, as a paper asking it to approve the award."""
    selection = _lock(selection)
    _require(by, MANAGE, selection, "table the provider selection")
    if selection.status != S.PREPARING:
        raise ActionRefused(f"The provider selection is “{selection.get_status_display().lower()}”: it cannot be "
                            "tabled again.")
    if meeting.body not in deciding_bodies(selection.proposal):
        raise ActionRefused(f"{meeting.body} does not decide this award: the bodies that formally approve the "
                            "proposal do.")
    if selection.proposal.state != ProposalState.APPROVED:
        raise ActionRefused(f"{selection.proposal.reference} is “{selection.proposal.get_state_display()}”: the award "
                            "is decided once the business case is approved.")
    problems = readiness_problems(selection)
    if problems:
        raise ActionRefused(*problems)
    recommended = ", ".join(p.name for p in record.rows(selection).providers if p.is_recommended)
    item = governance_services.add_paper(
        meeting, by=by, title=f"Provider selection: {selection.contract_title}", purpose=PaperPurpose.DECISION,
        part=part, asks=[PaperAsk.APPROVE], author=by.get_full_name() or by.username,
        background=f"{selection.proposal.reference}: {selection.get_process_display()} under the Provider "
                   f"Selection Regime. {selection.justification}",
        recommendations=f"Approve the award of the contract “{selection.contract_title}” to {recommended}, by "
                        f"{selection.get_process_display().lower()}.",
        legal_implications="The Health Care Services (Provider Selection Regime) Regulations 2023: the record of "
                           "this decision is kept as regulation 24 requires.",
    )
    selection.decision_item = item
    selection.table()
    selection.save()
    _event(selection, EventKind.TABLED, by=by, comment=f"{meeting.body}, {meeting.starts_at:%d %B %Y}.")
    return item


def decision_recorded(decision):
    """The body decided the paper a selection was tabled as (called, in its transaction, when the decision is
    saved): approved is the decision to award; otherwise the selection comes back to be prepared again."""
    selection = ProviderSelection.objects.select_for_update(of=("self",)).filter(
        decision_item_id=decision.item_id).first()
    if selection is None or selection.status != S.TABLED:
        return
    meeting = decision.item.meeting
    if decision.outcome == DecisionOutcome.APPROVED:
        selection.decide()
        selection.decided_on = timezone.localdate(meeting.starts_at)
        _event(selection, EventKind.DECIDED, by=decision.recorded_by, comment=f"{meeting.body}: approved.")
    else:
        selection.not_decided()
        selection.decision_item = None
        _event(selection, EventKind.NOT_DECIDED, by=decision.recorded_by,
               comment=f"{meeting.body}: {decision.get_outcome_display().lower()}. {decision.minute}".strip())
    selection.save()


def item_removed(item):
    """The paper was taken off the agenda before a decision: the selection is prepared again."""
    selection = ProviderSelection.objects.select_for_update(of=("self",)).filter(decision_item=item).first()
    if selection is not None and selection.status == S.TABLED:
        selection.not_decided()
        selection.decision_item = None
        selection.save()


def no_decision_at(meeting, *, by):
    """The meeting was cancelled, or its minutes approved, without deciding a selection tabled there: it comes
    back to be prepared, to be tabled again."""
    day = f"{timezone.localtime(meeting.starts_at):%-d %B %Y}"
    tabled = ProviderSelection.objects.select_for_update(of=("self",)).filter(decision_item__meeting=meeting,
                                                                              status=S.TABLED)
    for selection in tabled:
        selection.not_decided()
        selection.decision_item = None
        selection.save()
        _event(selection, EventKind.NOT_DECIDED, by=by,
               comment=f"The meeting of {day} was {meeting.get_status_display().lower()} without deciding it.")


# -- The standstill, representations and the award ---------------------------------------------------


def check_notice_date(selection, published_on):
    """Refuse a day the notice cannot have been published on: before the decision, in the future, or not a
    working day (NotAWorkingDay, naming the next one)."""
    if selection.status != S.DECIDED or not selection.has_standstill:
        raise ActionRefused("A standstill follows a decision to award by direct award process C, the most suitable "
                            "provider process or the competitive process.")
    _not_in_future(published_on, "The day the notice was published")
    if published_on < selection.decided_on:
        raise ActionRefused(f"The notice follows the decision, made on {long_date(selection.decided_on)}.")
    why = why_not_a_working_day(published_on)
    if why:
        suggested = next_working_day(published_on)
        raise NotAWorkingDay(
            f"{long_date(published_on)} is not a working day ({why}). The standstill starts on the next working "
            f"day, {long_date(suggested)}: check the date and save again.", suggested)


@transaction.atomic
def publish_notice(selection, *, by, published_on):
    """Record that the notice of intention to award was published: the standstill starts (regulation 12)."""
    selection = _lock(selection)
    _require(by, MANAGE, selection, "start the standstill")
    check_notice_date(selection, published_on)
    selection.notice_published_on = published_on
    selection.standstill_ends = regime.standstill_ends(published_on)
    selection.start_standstill()
    selection.save()
    _event(selection, EventKind.NOTICE_PUBLISHED, by=by,
           comment=f"Published {long_date(published_on)}; representations until midnight at the end of "
                   f"{long_date(selection.standstill_ends)}.")
    return selection


@transaction.atomic
def log_representation(selection, *, by, provider_name, received_on, summary):
    selection = _lock(selection)
    _require(by, MANAGE, selection, "log a representation")
    if selection.status != S.STANDSTILL:
        raise ActionRefused("Representations are made during the standstill period.")
    _not_in_future(received_on, "The day it was received")
    if received_on <= selection.notice_published_on:
        raise ActionRefused(f"The standstill began the day after the notice was published "
                            f"({long_date(selection.notice_published_on)}).")
    if received_on > selection.standstill_ends:
        raise ActionRefused(f"Representations could be made until midnight at the end of "
                            f"{long_date(selection.standstill_ends)}: one received later is not a representation "
                            "under regulation 12(3).")
    if not (provider_name.strip() and summary.strip()):
        raise ActionRefused("Give the provider's name and what the representation says.")
    representation = Representation.objects.create(
        selection=selection, provider_name=provider_name.strip(), received_on=received_on, summary=summary.strip(),
        recorded_by=by)
    _event(selection, EventKind.REPRESENTATION, by=by, comment=f"From {representation.provider_name}.")
    return representation


@transaction.atomic
def close_representation(representation, *, by, response, outcome, communicated_on):
    """The authority's review and further decision (regulation 12(4)): award as intended, go back to an
    earlier step, or abandon. Either of the last two ends this standstill."""
    selection = _lock(representation.selection)
    representation = Representation.objects.select_for_update().get(pk=representation.pk)
    _require(by, MANAGE, selection, "respond to a representation")
    if representation.is_closed:
        raise ActionRefused("This representation has already been responded to.")
    if selection.status != S.STANDSTILL:
        raise ActionRefused("The standstill has ended: this representation can no longer be responded to.")
    if not response.strip():
        raise ActionRefused("Give the response sent to the provider.")
    _not_in_future(communicated_on, "The day the decision was sent")
    if communicated_on < representation.received_on:
        raise ActionRefused("The further decision is sent after the representation was received.")
    outcome = RepresentationOutcome(outcome)
    representation.response, representation.outcome = response.strip(), outcome
    representation.communicated_on, representation.closed_by = communicated_on, by
    representation.save()
    _event(selection, EventKind.REVIEWED, by=by, comment=f"{representation.provider_name}: {outcome.label.lower()}.")
    if outcome == RepresentationOutcome.REPEAT:
        _reopen(selection, by=by, why=f"After the representation from {representation.provider_name}.")
    elif outcome == RepresentationOutcome.ABANDON:
        selection.abandon()
        selection.abandoned_reason = f"After the representation from {representation.provider_name}: {response.strip()}"
        selection.save()
        _event(selection, EventKind.ABANDONED, by=by, comment=selection.abandoned_reason)
    return representation


def _reopen(selection, *, by, why):
    selection.reopen()
    selection.decision_item = None
    selection.decided_on = selection.notice_published_on = selection.standstill_ends = None
    selection.save()
    _event(selection, EventKind.REOPENED, by=by, comment=why)


@dataclass(frozen=True)
class AwardWait:
    """When the contract may be awarded, and why not before."""

    from_day: datetime.date | None  # None: not while representations are open
    reasons: tuple


def award_wait(selection):
    if not selection.has_standstill:
        return AwardWait(selection.decided_on, ())
    if selection.standstill_ends is None:
        return AwardWait(None, ("Publish the notice of intention to award: the standstill has not started.",))
    reasons = [f"The standstill ends at midnight at the end of {long_date(selection.standstill_ends)}."]
    from_day = selection.standstill_ends + datetime.timedelta(days=1)
    reps = list(selection.representations.all())
    open_reps = [r for r in reps if not r.is_closed]
    if open_reps:
        return AwardWait(None, (*reasons, f"{len(open_reps)} representation{'s' if len(open_reps) > 1 else ''} "
                                          "must be reviewed and responded to first."))
    reviewed = [r.communicated_on for r in reps if r.outcome == RepresentationOutcome.PROCEED]
    if reviewed:
        wait = regime.review_wait_ends(max(reviewed))
        reasons.append(f"After the review, the authority waits {regime.AFTER_REVIEW_WORKING_DAYS} working days, to the "
                       f"end of {long_date(wait)}.")
        from_day = max(from_day, wait + datetime.timedelta(days=1))
    return AwardWait(from_day, tuple(reasons))


@transaction.atomic
def award(selection, *, by, awarded_on):
    selection = _lock(selection)
    _require(by, MANAGE, selection, "mark the contract awarded")
    if selection.status not in (S.DECIDED, S.STANDSTILL):
        raise ActionRefused("The contract is awarded after the deciding body's decision to award.")
    if selection.proposal.state != ProposalState.APPROVED:
        raise ActionRefused("The business case is no longer approved.")
    _not_in_future(awarded_on, "The day of the award")
    wait = award_wait(selection)
    if wait.from_day is None or awarded_on < wait.from_day:
        raise ActionRefused("The contract cannot be awarded yet.", *wait.reasons)
    selection.awarded_on = awarded_on
    selection.award()
    selection.save()
    _event(selection, EventKind.AWARDED, by=by, comment=f"Awarded {long_date(awarded_on)}.")
    return selection


@transaction.atomic
def abandon(selection, *, by, reason):
    selection = _lock(selection)
    _require(by, MANAGE, selection, "abandon the provider selection")
    if selection.status not in (S.PREPARING, S.DECIDED, S.STANDSTILL):
        raise ActionRefused(f"A selection “{selection.get_status_display().lower()}” cannot be abandoned.")
    if not reason.strip():
        raise ActionRefused("Give the reason for abandoning it.")
    if selection.representations.filter(outcome="").exists():
        raise ActionRefused("Respond to the open representations first.")
    selection.abandon()
    selection.abandoned_reason = reason.strip()
    selection.save()
    _event(selection, EventKind.ABANDONED, by=by, comment=reason.strip())
    return selection

