"""The ICS's governance bodies, who sits on them, and their register of interests."""


from django.conf import settings
from django.db import models

from ..enums import (
    STAGE_OF_BODY_KIND,
    BodyKind,
    MembershipRole,
    Stage,
)


class Place(models.Model):
    """An Integrated Care Partnership (ICP) or place that a proposal affects."""

    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class BodyQuerySet(models.QuerySet):
    def of_kind(self, *kinds):
        return self.filter(kind__in=kinds)

    def at_stage(self, stage):
        return self.filter(kind__in=[k for k, s in STAGE_OF_BODY_KIND.items() if s == stage])

    def with_secretary(self, user):
        return self.filter(
            memberships__user=user, memberships__role=MembershipRole.SECRETARY
        ).distinct()


class Body(models.Model):
    """A board, group or committee on the ICS governance route."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=40, choices=BodyKind.choices)
    organisation = models.CharField(
        max_length=200, blank=True, help_text="For a CCG governing body or FT board: whose it is."
    )
    decides_by_vote = models.BooleanField(
        default=False,
        help_text="The body decides by majority vote of its voting members (e.g. the Joint CCG Committee).",
    )
    quorum = models.PositiveSmallIntegerField(
        null=True, blank=True,
        help_text="Voting members who must be present to decide. Blank: a majority of the voting members.",
    )
    is_active = models.BooleanField(default=True)

    objects = BodyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "bodies"

    def __str__(self):
        return self.name

    @property
    def stage(self):
        return Stage(STAGE_OF_BODY_KIND[self.kind])

    def get_stage_display(self):
        return self.stage.label

    def secretaries(self):
        """Who runs the body's business: the people told when something needs it."""
        return [m.user for m in self.memberships.filter(role=MembershipRole.SECRETARY).select_related("user")]

    def quorum_needed(self, voting_members):
        return self.quorum if self.quorum is not None else voting_members // 2 + 1


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    organisation = models.CharField(max_length=200, blank=True, help_text="Organisation represented.")
    is_voting = models.BooleanField(default=False)

    class Meta:
        ordering = ["body", "role", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "body", "role"], name="unique_membership_role"),
        ]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user} – {self.get_role_display()}, {self.body}"


class RegisteredInterest(models.Model):
    """The body's register of members' interests."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="registered_interests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="registered_interests")
    interest = models.TextField()
    declared_from = models.DateField()
    declared_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["body", "user__last_name", "-declared_from"]

    def __str__(self):
        return f"{self.user}: {self.interest[:40]}"
