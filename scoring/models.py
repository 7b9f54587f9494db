from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from .enums import AssessmentStatus, ScoreLevel


class RubricVersionQuerySet(models.QuerySet):
    def active(self):
        return self.get(is_active=True)


class RubricVersion(models.Model):
    """
    A published version of the scoring criteria. Scores are tied to the version they were made
    against, so improving the criteria never changes an old score.
    """

    number = models.PositiveIntegerField(unique=True)
    name = models.CharField(max_length=200)
    threshold = models.DecimalField(
        max_digits=6, decimal_places=2, default=Decimal("15"),
        help_text="A total at or above this is eligible for consideration by the Committee.",
    )
    is_active = models.BooleanField(default=False, help_text="Used for new assessments. Only one version is active.")
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = RubricVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=models.Q(is_active=True), name="one_active_rubric_version"
            ),
        ]

    def __str__(self):
        return f"v{self.number} {self.name}"


class RubricCategory(models.Model):
    rubric = models.ForeignKey(RubricVersion, on_delete=models.CASCADE, related_name="categories")
    order = models.PositiveSmallIntegerField()
    key = models.SlugField(help_text="Matches the business case section this category scores.")
    name = models.CharField(max_length=200)
    guidance = models.TextField(blank=True, help_text="What the business case must show.")
    weight = models.DecimalField(max_digits=4, decimal_places=2, default=Decimal("1"))

    class Meta:
        ordering = ["rubric", "order"]
        verbose_name_plural = "rubric categories"
        constraints = [
            models.UniqueConstraint(fields=["rubric", "order"], name="unique_category_order"),
            models.UniqueConstraint(fields=["rubric", "key"], name="unique_category_key"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="category_weight_positive"),
        ]

    def __str__(self):
        return self.name


class RubricLevel(models.Model):
    category = models.ForeignKey(RubricCategory, on_delete=models.CASCADE, related_name="levels")
    score = models.PositiveSmallIntegerField(choices=ScoreLevel.choices)
    descriptor = models.TextField()

    class Meta:
        ordering = ["category", "score"]
        constraints = [models.UniqueConstraint(fields=["category", "score"], name="unique_level_per_category")]

    def __str__(self):
        return f"{self.score} {self.get_score_display()}"


class AssessorsWork(models.Model):
    """What every assessment shares, of a proposal (Assessment) or of the providers of a contract
    (procurement.ProviderAssessment): its progress, and the assessor's declaration of interests, made before
    scoring (services.record_declaration)."""

    status = models.CharField(max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.ASSIGNED)
    assigned_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Declared before scoring: None until the assessor answers, then False (no interest) or True.
    has_interest = models.BooleanField(null=True)
    interest_details = models.TextField(blank=True)
    interest_declared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class Assessment(AssessorsWork):
    """One assessor's scoring of one proposal, against one rubric version."""

    proposal = models.ForeignKey("proposals.Proposal", on_delete=models.CASCADE, related_name="assessments")
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assessments")
    rubric = models.ForeignKey(RubricVersion, on_delete=models.PROTECT, related_name="assessments")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["assigned_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["proposal", "assessor"], name="one_assessment_per_assessor")]

    def __str__(self):
        return f"{self.proposal.reference} by {self.assessor}"


class CategoryScore(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    category = models.ForeignKey(RubricCategory, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(
        choices=ScoreLevel.choices, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rationale = models.TextField()

    class Meta:
        ordering = ["category__order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "category"], name="one_score_per_category"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="score_1_to_5"),
        ]

    def __str__(self):
        return f"{self.category}: {self.score}"


class ModeratedScore(models.Model):
    """The score a secretary records for a category once assessors agree; it then governs."""

    proposal = models.ForeignKey("proposals.Proposal", on_delete=models.CASCADE, related_name="moderated_scores")
    category = models.ForeignKey(RubricCategory, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(
        max_digits=3, decimal_places=1, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    reason = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["category__order"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "category"], name="one_moderated_score_per_category"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="moderated_score_1_to_5"),
        ]

    def __str__(self):
        return f"{self.proposal.reference} {self.category}: {self.score}"


class ScoreRelease(models.Model):
    """When the secretary let the authors see their scores and the assessors' rationales."""

    proposal = models.OneToOneField("proposals.Proposal", on_delete=models.CASCADE, related_name="score_release")
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    released_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.proposal.reference} scores released {self.released_at:%d %b %Y}"
