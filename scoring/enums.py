from django.db import models


class ScoreLevel(models.IntegerChoices):
    VERY_LOW = 1, "Very Low"
    LOW = 2, "Low"
    MID_SCALE = 3, "Mid-scale"
    HIGH = 4, "High"
    TOP = 5, "Top"


class AssessmentStatus(models.TextChoices):
    ASSIGNED = "assigned", "Not started"
    DRAFT = "draft", "In progress"
    SUBMITTED = "submitted", "Submitted"
    # The assessor declared an interest: they may not score, and the proposal does not wait for them.
    CONFLICTED = "conflicted", "Interest declared – not scoring"
