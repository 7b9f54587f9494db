from django.db import models


class SelectionStatus(models.TextChoices):
    PREPARING = "preparing", "Being prepared"
    TABLED = "tabled", "With the deciding body"
    DECIDED = "decided", "Decided"
    STANDSTILL = "standstill", "In standstill"
    AWARDED = "awarded", "Contract awarded"
    ABANDONED = "abandoned", "Abandoned"


class RepresentationOutcome(models.TextChoices):
    """The authority's further decision after reviewing a representation (regulation 12(4)(d))."""

    PROCEED = "proceed", "Award the contract as intended"
    REPEAT = "repeat", "Go back to an earlier step and repeat it"
    ABANDON = "abandon", "Abandon the procurement"


class EventKind(models.TextChoices):
    STARTED = "started", "Record started"
    TABLED = "tabled", "Tabled for decision"
    DECIDED = "decided", "Decision to award"
    NOT_DECIDED = "not_decided", "Not decided"
    NOTICE_PUBLISHED = "notice_published", "Notice of intention published: standstill started"
    REPRESENTATION = "representation", "Representation received"
    REVIEWED = "reviewed", "Representation reviewed"
    AWARDED = "awarded", "Contract awarded"
    REOPENED = "reopened", "Reopened to repeat a step"
    ABANDONED = "abandoned", "Abandoned"
