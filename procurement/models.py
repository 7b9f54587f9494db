"""
A proposal's provider selection under the Provider Selection Regime: the process and why, the contract,
the providers considered and how they were assessed against the key criteria, the deciding body's decision
(taken at its meeting, with its quorum, votes and declared interests), the standstill with its
representations, and the award. Together they are the record regulation 24 asks for (procurement.record).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from ics_commissioning.life_cycles import AuditTrail
from scoring.enums import ScoreLevel
from scoring.models import AssessorsWork

from . import regime
from .enums import EventKind, RepresentationOutcome, SelectionStatus
from .regime import KeyCriterion, Process
from .working_days import working_days_in

S = SelectionStatus


class ProviderSelectionQuerySet(models.QuerySet):
    def awarded_between(self, first, last):
        return self.filter(status=S.AWARDED, awarded_on__gte=first, awarded_on__lte=last)


class ProviderSelection(ConcurrentTransitionMixin, models.Model):
    """The one provider selection of a proposal whose commercial case buys services under the regime."""

    proposal = models.OneToOneField("proposals.Proposal", on_delete=models.PROTECT, related_name="provider_selection")
    status = FSMField(max_length=20, choices=SelectionStatus.choices, default=S.PREPARING, protected=True)
    # The process and why (regulation 6): the conditions of it that hold, as regime.condition_value()s.
    process = models.CharField(max_length=20, choices=Process.choices, blank=True)
    conditions_met = models.JSONField(default=list, blank=True)
    justification = models.TextField(blank=True)
    # The contract.
    contract_title = models.CharField(max_length=200, blank=True)
    services = models.TextField("description of the services", blank=True)
    estimated_value = models.DecimalField("estimated lifetime value (£)", max_digits=14, decimal_places=2, null=True,
                                          blank=True)
    contract_starts = models.DateField(null=True, blank=True)
    contract_ends = models.DateField(null=True, blank=True)
    reasons = models.TextField("reasons for the choice of provider", blank=True,
                               help_text="Why the recommended provider: how the key criteria and the basic selection "
                                         "criteria were taken into account.")
    # The deciding body's decision: the agenda item the selection was tabled as (its Decision is the decision).
    decision_item = models.OneToOneField("governance.AgendaItem", on_delete=models.SET_NULL, null=True, blank=True,
                                         related_name="provider_selection")
    decided_on = models.DateField(null=True, blank=True)
    # The standstill (regulation 12).
    notice_published_on = models.DateField("notice of intention published on", null=True, blank=True)
    standstill_ends = models.DateField(null=True, blank=True)
    awarded_on = models.DateField(null=True, blank=True)
    abandoned_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ProviderSelectionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(estimated_value__isnull=True) | models.Q(estimated_value__gte=0),
                                   name="selection_value_not_negative"),
        ]

    def __str__(self):
        return f"{self.proposal.reference}: {self.contract_title or 'provider selection'}"

    def get_absolute_url(self):
        return reverse("procurement:selection", args=[self.proposal.reference])

    def refresh_from_db(self, *args, **kwargs):
        # What procurement.record read and worked out for the old state.
        self.__dict__.pop("_rows", None)
        self.__dict__.pop("_summaries", None)
        super().refresh_from_db(*args, **kwargs)

    @property
    def rules(self):
        return regime.RULES[Process(self.process)] if self.process else None

    @property
    def has_standstill(self):
        return bool(self.rules and self.rules.standstill)

    @property
    def assesses_key_criteria(self):
        return bool(self.rules and self.rules.key_criteria)

    @property
    def is_editable(self):
        return self.status == S.PREPARING

    def standstill_days_left(self, today=None):
        """Working days of the standstill still to run, today included (0 once it has ended)."""
        if self.standstill_ends is None:
            return None
        return working_days_in(today or timezone.localdate(), self.standstill_ends)

    # -- The life cycle: each move is made by procurement.services, which checks who and when. --

    @transition(status, source=S.PREPARING, target=S.TABLED)
    def table(self):
        pass

    @transition(status, source=S.TABLED, target=S.DECIDED)
    def decide(self):
        pass

    @transition(status, source=S.TABLED, target=S.PREPARING)
    def not_decided(self):
        pass

    @transition(status, source=S.DECIDED, target=S.STANDSTILL)
    def start_standstill(self):
        pass

    @transition(status, source=[S.DECIDED, S.STANDSTILL], target=S.AWARDED)
    def award(self):
        pass

    @transition(status, source=[S.DECIDED, S.STANDSTILL], target=S.PREPARING)
    def reopen(self):
        pass

    @transition(status, source=[S.PREPARING, S.DECIDED, S.STANDSTILL], target=S.ABANDONED)
    def abandon(self):
        pass


class CriterionWeight(models.Model):
    """How much a key criterion counts in this selection, in per cent of the whole."""

    selection = models.ForeignKey(ProviderSelection, on_delete=models.CASCADE, related_name="weights")
    criterion = models.CharField(max_length=20, choices=KeyCriterion.choices)
    weight = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])

    class Meta:
        ordering = ["selection", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "criterion"], name="one_weight_per_criterion"),
            models.CheckConstraint(condition=models.Q(weight__lte=100), name="weight_at_most_100"),
        ]

    def __str__(self):
        return f"{self.get_criterion_display()}: {self.weight}%"

    # What the scoring engine's aggregation reads of a category (scoring.aggregation).
    @property
    def name(self):
        return self.get_criterion_display()


class Provider(models.Model):
    """A provider considered for the contract."""

    selection = models.ForeignKey(ProviderSelection, on_delete=models.CASCADE, related_name="providers")
    name = models.CharField(max_length=200)
    address = models.TextField(help_text="Its registered office or principal place of business.")
    is_existing = models.BooleanField("the existing provider of these services", default=False)
    is_recommended = models.BooleanField(default=False)

    class Meta:
        ordering = ["selection", "name"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "name"], name="provider_named_once"),
        ]

    def __str__(self):
        return self.name


class ProviderAssessment(AssessorsWork):
    """One named assessor's assessment of the providers against the key criteria. As with a proposal's
    assessment (scoring), the assessor declares any interest first, and with one does not score."""

    selection = models.ForeignKey(ProviderSelection, on_delete=models.CASCADE, related_name="assessments")
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="provider_assessments")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "assessor"], name="one_provider_assessment_per_assessor"),
        ]

    def __str__(self):
        return f"{self.selection.proposal.reference} providers by {self.assessor}"

    def get_absolute_url(self):
        return reverse("procurement:assessment", args=[self.pk])


class ProviderScore(models.Model):
    assessment = models.ForeignKey(ProviderAssessment, on_delete=models.CASCADE, related_name="scores")
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="scores")
    criterion = models.CharField(max_length=20, choices=KeyCriterion.choices)
    score = models.PositiveSmallIntegerField(choices=ScoreLevel.choices,
                                             validators=[MinValueValidator(1), MaxValueValidator(5)])
    rationale = models.TextField()

    class Meta:
        ordering = ["provider", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "provider", "criterion"], name="one_score_per_provider_criterion"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="provider_score_1_to_5"),
        ]

    def __str__(self):
        return f"{self.provider} {self.criterion}: {self.score}"


class Representation(models.Model):
    """A provider's written representation during the standstill (regulation 12(3)), and its review."""

    selection = models.ForeignKey(ProviderSelection, on_delete=models.PROTECT, related_name="representations")
    provider_name = models.CharField("from (provider)", max_length=200)
    received_on = models.DateField()
    summary = models.TextField("what it says")
    response = models.TextField(blank=True)
    outcome = models.CharField(max_length=10, choices=RepresentationOutcome.choices, blank=True)
    communicated_on = models.DateField("further decision sent to the provider on", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")

    class Meta:
        ordering = ["received_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome="") | (models.Q(communicated_on__isnull=False) & ~models.Q(response="")),
                name="closed_representation_has_response",
            ),
        ]

    def __str__(self):
        return f"{self.provider_name}, {self.received_on:%d %b %Y}"

    @property
    def is_closed(self):
        return bool(self.outcome)


class SelectionEvent(AuditTrail):
    """What was done to a provider selection, by whom and when: never changed or deleted."""

    selection = models.ForeignKey(ProviderSelection, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.selection.proposal.reference}: {self.get_kind_display()}"
