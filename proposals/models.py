import uuid
from decimal import Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition

from governance.enums import CaseDocument, Stage
from governance.models import Body, DelegationRule, GateSignatory, ProposalFacts, Route, RouteStage
from governance.rules import is_committee_officer
from ics_commissioning.documents import UploadedDocument
from ics_commissioning.life_cycles import AuditTrail

from . import business_case, guards
from .enums import (
    STAGE_OF_STATE,
    AttachmentKind,
    EventKind,
    FormalDecision,
    Funding,
    ProposalState,
    Recurrence,
    ServiceArea,
    TriageOutcome,
    TriageQuestion,
)
from .rules import permission
from .stages import STAGE_OWNERS, OwnerFrom, days_between, owner_of

S = ProposalState
DECIDE = permission("proposals.decide_proposal")


class ProposalQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The proposals a user may see: the queryset twin of rules.can_view_proposal.

        Written without joins, so that the database can walk an index in the page's order and stop
        at the page: each part is a column of the proposal or a small list (the user's own
        co-authored or assigned proposals), never a join that needs DISTINCT over the whole table."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        submitted = models.Q(submitted_at__isnull=False)  # rules.has_been_submitted
        condition = models.Q(lead_author=user) | models.Q(
            pk__in=self.model.co_authors.through.objects.filter(user=user).values("proposal")
        )
        if is_committee_officer(user):
            condition |= submitted
        else:
            # Assessments belong to scoring, a layer above: reached through the reverse relation, not an import.
            assessments = self.model.assessments.rel.related_model.objects
            condition |= submitted & models.Q(pk__in=assessments.filter(assessor=user).values("proposal"))
            # Named to sign one of its statutory-duty gates (rules.is_gate_signatory).
            condition |= submitted & models.Q(pk__in=GateSignatory.objects.filter(user=user).values("proposal"))
        return self.filter(condition)

    def owned_by(self, body):
        """Proposals that this body has to decide now: the queryset twin of Proposal.owning_bodies,
        both read from the stage-owner table (proposals.stages) and each proposal's route."""
        condition = models.Q(pk__in=[])
        for state, owner in STAGE_OWNERS.items():
            if not owner.tabled:
                continue
            routes_it_owns = RouteStage.objects.filter(stage=owner.stage, body=body).values("route")
            if owner.owner_from == OwnerFrom.ROUTE:
                # A stage given to the place committee: the proposals affecting a place this body serves.
                routes_at_place = RouteStage.objects.filter(stage=owner.stage, by_place_committee=True).values("route")
                at_its_places = self.model.places.through.objects.filter(place__committee=body).values("proposal")
                condition |= models.Q(state=state, route__in=routes_at_place, pk__in=at_its_places)
            if owner.owner_from == OwnerFrom.ASSESSING_BODY:
                condition |= models.Q(state=state, assessing_body=body)
                condition |= models.Q(state=state, assessing_body__isnull=True, route__in=routes_it_owns)
            elif owner.owner_from == OwnerFrom.FORMAL_APPROVALS:
                pending = FormalApproval.objects.filter(body=body, decision=FormalDecision.PENDING)
                condition |= models.Q(state=state, pk__in=pending.values("proposal"))
            else:
                condition |= models.Q(state=state, route__in=routes_it_owns)
        return self.filter(condition)


class Proposal(ConcurrentTransitionMixin, models.Model):
    """A proposal for ICS-level commissioning and its business case."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    title = models.CharField(max_length=200)
    lead_author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="led_proposals"
    )
    co_authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="co_authored_proposals"
    )
    sponsoring_workstream = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sponsored_proposals",
        limit_choices_to={"sponsors_proposals": True},
    )
    assessing_body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessed_proposals",
        help_text="Runs triage and the scoring exercise; its route's stage 1 body unless another is named.",
    )
    service_area = models.CharField(max_length=30, choices=ServiceArea.choices, blank=True)
    places = models.ManyToManyField("governance.Place", blank=True, related_name="proposals")
    # The governance route version it was submitted on, kept for the rest of its life: a later change
    # to the configuration never moves a proposal in flight.
    route = models.ForeignKey(Route, on_delete=models.PROTECT, null=True, blank=True, related_name="proposals")
    # Why that route: the scheme of delegation's rule that chose it, and its words then.
    delegation_rule = models.ForeignKey(DelegationRule, on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="proposals")
    route_reason = models.TextField(blank=True)

    # The two documents' words, {section key: text}, for the sections their route asks for
    # (proposals.business_case): the outline proposal, then the full business case once the assessing
    # body supports it. Rows (finance lines, risks, options) are the proposal's own, shared by both.
    outline = models.JSONField(default=dict, blank=True)
    full_case = models.JSONField(default=dict, blank=True)
    full_case_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The words search reads: a draft's own, then those of the versions submitted (both documents').
    case_text = models.TextField(blank=True, editable=False)

    state = FSMField(default=S.DRAFT, choices=S.choices, db_index=True)
    # Stored when the state changes so lists can show "days in stage" without reading the
    # event history of every row.
    state_changed_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # What search matches, kept by a PostgreSQL trigger from the reference and title (weight A) and
    # the business case (B), with a GIN index (migration 0005); unused on SQLite (proposals.search).
    search_document = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        # The pipeline board's and the All proposals list's orders have covering indexes on
        # PostgreSQL (migration 0006), so that their pages and counts are read from the index.

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("proposals:detail", kwargs={"reference": self.reference})

    def save(self, *args, **kwargs):
        if self.submitted_at is None:
            # Until it is first submitted only its authors can find it; after, search reads the versions
            # they submitted (proposals.services), never the draft of a new one.
            self.case_text = business_case.search_text(self)
            fields = kwargs.get("update_fields")
            if fields is not None and {"outline", "full_case"} & set(fields):
                kwargs["update_fields"] = {*fields, "case_text"}
        if self.reference:
            return super().save(*args, **kwargs)
        # Two proposals created at once may pick the same number: retry on the unique index.
        for _ in range(5):
            self.reference = self._next_reference()
            try:
                with transaction.atomic():
                    return super().save(*args, **kwargs)
            except IntegrityError:
                self.reference = ""
        raise IntegrityError("Could not allocate a unique proposal reference.")

    @classmethod
    def _next_reference(cls):
        prefix = f"ICS-{timezone.localdate().year}-"
        last = (
            cls.objects.filter(reference__startswith=prefix)
            .order_by(Length("reference").desc(), "-reference")
            .values_list("reference", flat=True)
            .first()
        )
        number = int(last.removeprefix(prefix)) + 1 if last else 1
        return f"{prefix}{number:03d}"

    @property
    def stage(self):
        return ProposalState(self.state).stage

    @property
    def days_in_stage(self):
        """Days since it moved into its present state (proposals.stages.days_between)."""
        return days_between(self.state_changed_at, timezone.now())

    def owning_bodies(self):
        """The bodies whose secretary acts on the proposal in its current state (proposals.stages)."""
        owner = owner_of(self.state)
        if owner is None:
            return Body.objects.none()
        if owner.owner_from == OwnerFrom.ASSESSING_BODY and self.assessing_body_id:
            return Body.objects.filter(pk=self.assessing_body_id)
        if owner.owner_from == OwnerFrom.FORMAL_APPROVALS:
            return Body.objects.filter(
                formal_approvals__proposal=self, formal_approvals__decision=FormalDecision.PENDING
            )
        stage = self.route_stage()
        if stage is not None and stage.by_place_committee:
            return Body.objects.filter(places_served__proposals=self).distinct()
        return Body.objects.filter(route_stages__route_id=self.route_id, route_stages__stage=owner.stage)

    def owners(self):
        """owning_bodies() as a list, worked out once for each state this object is in (at stage 4, each
        time), and without a query where its assessing body or its route's stage names the body (a page
        reads its route from the cache: Route.objects.configured)."""
        owner = owner_of(self.state)
        if owner is not None and owner.owner_from == OwnerFrom.FORMAL_APPROVALS:
            return list(self.owning_bodies())  # each body's decision changes them, in the same state
        memo = self.__dict__.get("_owners")
        if memo is None or memo[0] != self.state:
            # In owning_bodies()'s order; where the body is not named, as owning_bodies() finds them.
            stage = self.route_stage() if owner is not None else None
            if owner is not None and owner.owner_from == OwnerFrom.ASSESSING_BODY and self.assessing_body_id:
                bodies = [self.assessing_body]
            elif stage is not None and stage.body_id and not stage.by_place_committee:
                bodies = [stage.body]
            else:
                bodies = list(self.owning_bodies())
            memo = self.__dict__["_owners"] = (self.state, bodies)
        return memo[1]

    def facts(self):
        """What the scheme of delegation decides its route by: the service area, the value (the highest
        financial year's projected spend, and the whole-life spend) and how many places it affects."""
        spend = {}
        for year, amount in self.finance_lines.values_list("financial_year", "projected_spend"):
            spend[year] = spend.get(year, Decimal(0)) + amount
        places = tuple(sorted(self.places.values_list("pk", flat=True)))
        return ProposalFacts(service_area=self.service_area, annual_value=max(spend.values(), default=Decimal(0)),
                             whole_life_value=sum(spend.values(), Decimal(0)), places=len(places), place_ids=places)

    def choose_route(self):
        """(route, rule, why) by the scheme of delegation, or the default route where none is set up."""
        rules = DelegationRule.objects.prefetch_related("formal_bodies")
        if not rules:  # read once: choose() below walks the same rows
            route = Route.objects.default()
            return route, None, f"{route}: the default route (no scheme of delegation is set up)." if route else ""
        facts = self.facts()
        rule = rules.choose(facts)
        route = rule.route() if rule else None
        if route is None:
            return None, None, ""  # a scheme that leaves it without a route: refused at submission
        places = "one place" if facts.places == 1 else f"{facts.places} places"
        area = self.get_service_area_display() or "no service area"
        why = (f"{route}, by the scheme of delegation's rule “{rule.name}”: {area}, £{facts.annual_value:,.0f} a "
               f"year at most and £{facts.whole_life_value:,.0f} in all, {places}.")
        return route, rule, why

    def triaging_body(self):
        """The body that triages and assesses it: the one named, else stage 1 of its route (before it is
        submitted, of the default route)."""
        if self.assessing_body_id:
            return self.assessing_body
        route = self.route if self.route_id else Route.objects.default()
        stage = route.stage(Stage.DEVELOPMENT) if route else None
        return stage.body if stage else None

    def route_stage(self):
        """The RouteStage of its route that owns it now, or None (off the route, or not yet on one)."""
        owner = owner_of(self.state)
        return self.route.stage(owner.stage) if self.route_id and owner else None

    def next_state_on_route(self):
        """Where a forward move from a stage 1–3 state goes: the next stage its route has. A route may skip
        quality assurance or sign-off (never formal approval); a proposal with no route takes every stage."""
        following = S.ON_ROUTE[S.ON_ROUTE.index(S(self.state)) + 1:]
        for state in following:
            if state in (S.ASSESSMENT, S.FULL_CASE):
                continue  # entered from triage and from the assessing body's support only
            stage = STAGE_OF_STATE[state]
            if self.route_id is None or stage == Stage.FORMAL_APPROVAL or self.route.stage(stage) is not None:
                return state
        return S.FORMAL_APPROVAL

    def skipped_stages(self, from_state, to_state):
        """The stages a forward move between two states passed over (none for a return or a rejection)."""
        start, end = STAGE_OF_STATE.get(from_state), STAGE_OF_STATE.get(to_state)
        if start is None or end is None:
            return []
        return [Stage(number) for number in range(start + 1, end)]

    def why_skipped(self, stage):
        """The audit trail's words for a skipped stage: the route that has no such stage, and the rule that chose it."""
        rule = f", chosen by the scheme of delegation’s rule “{self.delegation_rule}”" if self.delegation_rule_id else ""
        why = f"{Stage(stage).label} skipped: its route, {self.route}{rule}, has no such stage."
        if stage == Stage.STAKEHOLDER_SIGNOFF:
            names = ", ".join(sorted(a.body.name for a in self.formal_approvals.select_related("body")))
            why += f" The rule names the bodies that formally approve it: {names}."
        return why

    @property
    def document(self):
        """The document it is at: the outline, or the full business case once the assessing body has
        supported it."""
        return CaseDocument.FULL if self.full_case_started_at else CaseDocument.OUTLINE

    @property
    def summary(self):
        """Its summary, as lists, cover sheets and notifications quote it: from the document it is at."""
        words = self.full_case if self.full_case_started_at else self.outline
        return words.get("summary") or self.outline.get("summary") or ""

    def start_full_case(self):
        """The full case starts from the outline's words for each section the two share (by key)."""
        carried = {s.key for s in business_case.sections(self, CaseDocument.FULL)} & set(self.outline)
        self.full_case = {**{key: self.outline[key] for key in carried}, **self.full_case}

    @property
    def is_editable(self):
        """In a state in which the authors may change the business case (see rules.can_edit_proposal)."""
        return self.state in S.EDITABLE

    def triage_outcome(self):
        answers = {a.question: a.answer for a in self.triage_answers.all()}
        return triage_outcome(answers)

    # -- The life cycle. These methods only change fields; proposals.services wraps each in a
    # -- transaction with its row lock, permission check and audit event.

    @transition(
        state, source=S.DRAFT, target=S.SUBMITTED,
        conditions=[guards.outline_complete, guards.route_configured],
        permission=permission("proposals.submit_proposal"),
    )
    def submit(self):
        self.submitted_at = timezone.now()
        self.route, self.delegation_rule, self.route_reason = self.choose_route()

    @transition(
        state, source=S.RETURNED, target=S.SUBMITTED,
        conditions=[guards.outline_complete],
        permission=permission("proposals.submit_proposal"),
    )
    def resubmit(self):
        self.submitted_at = timezone.now()

    @transition(state, source=(S.SUBMITTED, S.ASSESSMENT), target=S.PLACE_BASED,
                conditions=[guards.triage_says_place_based], permission=DECIDE)
    def refer_to_place_based(self):
        pass

    @transition(state, source=S.PLACE_BASED, target=S.SUBMITTED, permission=DECIDE)
    def reopen_triage(self):
        pass

    @transition(state, source=S.SUBMITTED, target=S.ASSESSMENT,
                conditions=[guards.triage_says_assess], permission=DECIDE)
    def accept_for_assessment(self, assessing_body=None):
        if assessing_body is not None:
            self.assessing_body = assessing_body

    @transition(state, source=S.ASSESSMENT, target=S.FULL_CASE,
                conditions=[guards.assessing_body_supports], permission=DECIDE)
    def complete_assessment(self):
        """The assessing body supports it (question 3): the authors write the full business case. The
        score conditions (every assessor done, an eligible total) are scoring's, which sits above
        proposals: scoring.services.complete_assessment checks them under this row's lock."""
        if self.full_case_started_at is None:
            self.full_case_started_at = timezone.now()
            self.start_full_case()

    # Leaving stage 1 (the full case submitted) or quality assurance goes to the next stage the
    # proposal's route has (a route may skip quality assurance or sign-off); into formal approval only
    # once its approving bodies are known.
    @transition(state, source=S.FULL_CASE,
                target=RETURN_VALUE(S.QUALITY_ASSURANCE, S.STAKEHOLDER_SIGNOFF, S.FORMAL_APPROVAL),
                conditions=[guards.full_case_complete, guards.approving_bodies_known_if_skipping_sign_off],
                permission=permission("proposals.submit_proposal"))
    def submit_full_case(self):
        self.submitted_at = timezone.now()
        return self.next_state_on_route()

    @transition(state, source=S.QUALITY_ASSURANCE, target=RETURN_VALUE(S.STAKEHOLDER_SIGNOFF, S.FORMAL_APPROVAL),
                conditions=[guards.approving_bodies_known_if_skipping_sign_off], permission=DECIDE)
    def quality_assure(self):
        return self.next_state_on_route()

    @transition(state, source=S.STAKEHOLDER_SIGNOFF, target=S.FORMAL_APPROVAL,
                conditions=[guards.formal_bodies_named], permission=DECIDE)
    def sign_off(self):
        pass

    @transition(state, source=S.FORMAL_APPROVAL, target=RETURN_VALUE(S.FORMAL_APPROVAL, S.APPROVED),
                permission=DECIDE)
    def record_formal_approval(self):
        """Approved once every named stage 4 body has approved; until then it stays put."""
        return S.APPROVED if guards.all_formal_bodies_approved(self) else S.FORMAL_APPROVAL

    @transition(state, source=S.WITH_A_BODY, target=RETURN_VALUE(S.RETURNED, S.FULL_CASE), permission=DECIDE)
    def return_for_revision(self):
        """An outline goes back to its authors as returned; a full case, once supported, comes back to
        them as a new version of the full case, and goes round its route again from quality assurance."""
        return S.FULL_CASE if self.full_case_started_at else S.RETURNED

    @transition(state, source=S.WITH_A_BODY, target=S.REJECTED, permission=DECIDE)
    def reject(self):
        pass

    @transition(state, source=tuple(dict.fromkeys((*S.EDITABLE, *S.ON_ROUTE))), target=S.WITHDRAWN,
                permission=permission("proposals.withdraw_proposal"))
    def withdraw(self):
        pass


def triage_outcome(answers):
    """The flowchart (seed 004): answers maps TriageQuestion to True, False or None."""
    nationally = answers.get(TriageQuestion.NATIONALLY_DESCRIBED)
    vulnerable = answers.get(TriageQuestion.VULNERABILITY_ACROSS_ICPS)
    support = answers.get(TriageQuestion.LEADERSHIP_SUPPORT)
    if nationally is False and vulnerable is False:
        return TriageOutcome.PLACE_BASED
    if not (nationally or vulnerable):
        return TriageOutcome.INCOMPLETE
    if support is None:
        return TriageOutcome.AWAITING_SUPPORT
    return TriageOutcome.BUSINESS_CASE if support else TriageOutcome.PLACE_BASED


class TriageAnswer(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="triage_answers")
    question = models.PositiveSmallIntegerField(choices=TriageQuestion.choices)
    answer = models.BooleanField(null=True)
    # Question 3 may be answered by an alternative body (flowchart footnote).
    answered_on_behalf_of = models.ForeignKey(Body, on_delete=models.PROTECT, null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["question"]
        constraints = [models.UniqueConstraint(fields=["proposal", "question"], name="one_answer_per_question")]

    def __str__(self):
        return f"{self.proposal.reference} Q{self.question}: {self.answer}"

    @property
    def wording(self):
        """The question as it was answered: question 3 names the body that gave its view."""
        return TriageQuestion(self.question).wording(self.answered_on_behalf_of)


financial_year_validator = RegexValidator(r"^20\d\d/\d\d$", "Write the financial year as 2026/27.")


class FinanceLine(models.Model):
    """One quarter's projected spend and savings (rubric: 'breakdown of quarterly expenditure')."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="finance_lines")
    financial_year = models.CharField(max_length=7, validators=[financial_year_validator])
    quarter = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    recurrence = models.CharField(max_length=20, choices=Recurrence.choices, default=Recurrence.RECURRENT)
    funding = models.CharField(max_length=10, choices=Funding.choices, default=Funding.REVENUE)
    projected_spend = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    projected_savings = models.DecimalField(max_digits=12, decimal_places=2, default=0)

    class Meta:
        ordering = ["financial_year", "quarter", "recurrence"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "financial_year", "quarter", "recurrence", "funding"],
                name="one_finance_line_per_quarter"
            ),
            models.CheckConstraint(condition=models.Q(quarter__gte=1, quarter__lte=4), name="quarter_1_to_4"),
        ]

    def __str__(self):
        return f"{self.financial_year} Q{self.quarter} ({self.get_recurrence_display()})"


class Risk(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="risks")
    description = models.TextField()
    likelihood = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    impact = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    mitigation = models.TextField(blank=True)
    owner = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(likelihood__gte=1, likelihood__lte=5), name="likelihood_1_to_5"),
            models.CheckConstraint(condition=models.Q(impact__gte=1, impact__lte=5), name="impact_1_to_5"),
        ]

    def __str__(self):
        return self.description[:60]

    @property
    def rating(self):
        return self.likelihood * self.impact


def attachment_path(instance, filename):
    # Never trust the uploaded name for the stored path; keep only a short extension.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"proposals/{instance.proposal_id}/{uuid.uuid4().hex}{suffix}"


class Attachment(UploadedDocument):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=20, choices=AttachmentKind.choices, default=AttachmentKind.APPENDIX)
    file = models.FileField(upload_to=attachment_path)

    class Meta:
        ordering = ["uploaded_at", "pk"]


class FormalApproval(models.Model):
    """A stage 4 body named to approve the proposal, and its decision."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="formal_approvals")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="formal_approvals")
    decision = models.CharField(max_length=20, choices=FormalDecision.choices, default=FormalDecision.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    meeting = models.ForeignKey("governance.Meeting", on_delete=models.PROTECT, null=True, blank=True)
    minute = models.TextField(blank=True)

    class Meta:
        ordering = ["body__name"]
        constraints = [models.UniqueConstraint(fields=["proposal", "body"], name="one_approval_per_body")]

    def __str__(self):
        return f"{self.proposal.reference} at {self.body}: {self.get_decision_display()}"


class ProposalEvent(AuditTrail):
    """One row per thing that happened to a proposal: the timeline and the audit trail."""

    # PROTECT: deleting a proposal must not take its audit trail with it (nor can a bulk delete).
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    from_state = models.CharField(max_length=30, choices=S.choices, blank=True)
    to_state = models.CharField(max_length=30, choices=S.choices, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    body = models.ForeignKey(Body, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    meeting = models.ForeignKey(
        "governance.Meeting", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["proposal", "created_at"])]

    def __str__(self):
        return f"{self.proposal.reference}: {self.get_kind_display()} {self.from_state}→{self.to_state}"


class Option(models.Model):
    """One option of the economic case's options appraisal."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="options")
    title = models.CharField(max_length=200)
    description = models.TextField(help_text="What the option is, its benefits and its drawbacks.")
    net_cost = models.DecimalField("net cost over its life (£)", max_digits=14, decimal_places=2, null=True,
                                   blank=True)
    is_do_nothing = models.BooleanField("this is the do-nothing option", default=False)
    is_preferred = models.BooleanField("this is the preferred option", default=False)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.title


class CaseVersion(models.Model):
    """A version of one of the proposal's documents as its authors submitted it to a body: frozen, so
    that what a body read and decided on can always be shown again, and compared with the next."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="versions")
    document = models.CharField(max_length=10, choices=CaseDocument.choices)
    number = models.PositiveSmallIntegerField()
    # The document as submitted (proposals.versions.snapshot): its sections' words and its rows.
    content = models.JSONField()
    submitted_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["proposal", "number"]
        constraints = [models.UniqueConstraint(fields=["proposal", "number"], name="one_version_per_number")]

    def __str__(self):
        return f"{self.proposal.reference} version {self.number} ({self.get_document_display().lower()})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(f"Version {self.number} was submitted on {self.submitted_at:%-d %B %Y} and is "
                                  "frozen: a change is a new version.")
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(f"Version {self.number} is part of the proposal's record and cannot be deleted.")
