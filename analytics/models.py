"""
The stays behind the pipeline's figures, and the figures of each month, pre-computed.
"""

from django.db import models
from django.utils import timezone

from governance.models import Body, Place
from proposals.enums import ProposalState, ServiceArea
from proposals.models import Proposal
from proposals.stages import days_between


class StageStay(models.Model):
    """
    One proposal's stay in one stage of the route with one body: from the audit trail event that moved
    it there to the one that moved it on (open while it is still there). Kept as each move commits
    (analytics.receivers), and rebuilt from the audit trail whenever asked (`manage.py pipeline_figures`).
    A proposal for formal approval stays with each body named to approve it.
    """

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=30, choices=ProposalState.choices)
    service_area = models.CharField(max_length=30, choices=ServiceArea.choices, blank=True)
    entered_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)
    left_to = models.CharField(max_length=30, choices=ProposalState.choices, blank=True)
    days = models.PositiveIntegerField(null=True, blank=True, help_text="Days in the stage (proposals.stages.days_between).")

    class Meta:
        indexes = [
            # Waiting now, the longest first: read without touching the stays that have ended.
            models.Index(fields=["body", "state", "entered_at"], condition=models.Q(left_at__isnull=True),
                         name="stay_waiting"),
            models.Index(fields=["left_at"], name="stay_left"),
            models.Index(fields=["proposal", "state"], name="stay_of_proposal"),
        ]

    @property
    def days_so_far(self):
        """Days in the stage: to its end, or to today for a stay still open."""
        return self.days if self.days is not None else days_between(self.entered_at, timezone.now())

    def __str__(self):
        return f"{self.proposal_id} at {self.body_id}, {self.state}: {self.entered_at:%Y-%m-%d}–{self.left_at or ''}"


class StageMonth(models.Model):
    """
    What the stays that ended in one month at one body's stage add up to, for one service area (or "*", all
    of them), and for one place (or, with no place, all of them): pre-computed each night by beat (analytics.tasks), so that
    the page reads a few rows a month whatever the number of proposals. `days` counts the stays by their
    whole number of days, which is all a median or a percentile needs.
    """

    month = models.DateField(help_text="Its first day.")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=30, choices=ProposalState.choices)
    service_area = models.CharField(max_length=30, blank=True, help_text="A service area, or * for all of them.")
    place = models.ForeignKey(Place, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    ended = models.PositiveIntegerField(default=0)
    approved = models.PositiveIntegerField(default=0)
    returned = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)
    days = models.JSONField(default=dict, help_text="{days in the stage: how many stays}")
    computed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["body", "place", "month"], name="stage_month_lookup")]
        constraints = [
            models.UniqueConstraint(fields=["month", "body", "state", "service_area", "place"],
                                    condition=models.Q(place__isnull=False), name="one_stage_month_a_place"),
            models.UniqueConstraint(fields=["month", "body", "state", "service_area"],
                                    condition=models.Q(place__isnull=True), name="one_stage_month_all_places"),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.body_id} {self.state}: {self.ended}"
