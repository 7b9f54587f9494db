"""The ICS's governance bodies, who sits on them, and their register of interests."""


from fractions import Fraction

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from ics_commissioning.life_cycles import AuditTrail

from ..enums import MembershipRole, OrganisationKind, OrganisationsForQuorum, VotesCountedBy


class Place(models.Model):
    """An Integrated Care Partnership (ICP) or place that a proposal affects."""

    name = models.CharField(max_length=120, unique=True)
    # A route stage may be owned by "the place committee for the proposal's place" (RouteStage).
    committee = models.ForeignKey(
        "Body", on_delete=models.PROTECT, null=True, blank=True, related_name="places_served",
        help_text="The place's partnership committee: owns the route stages given to the place committee.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    """A statutory or partner organisation whose bodies take decisions (an ICB, a CCG, a trust…)."""

    name = models.CharField(max_length=200, unique=True)
    ods_code = models.CharField(
        "ODS code", max_length=10, blank=True,
        validators=[RegexValidator(r"^[A-Z0-9]{3,10}$", "An ODS code is 3 to 10 capital letters and digits.")],
        help_text="The organisation's code in the NHS Organisation Data Service.",
    )
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class BodyQuerySet(models.QuerySet):
    def sponsoring(self):
        """Bodies a lead may name as a proposal's sponsoring workstream."""
        return self.filter(sponsors_proposals=True)

    def deciding(self):
        """Bodies that take proposals' decisions: those owning a stage of some route, or that may assess or
        formally approve. The pipeline is filtered by these."""
        return self.filter(
            models.Q(route_stages__isnull=False) | models.Q(assesses_proposals=True)
            | models.Q(makes_statutory_decisions=True)
        ).distinct()

    def statutory(self):
        """Bodies that may formally approve a proposal (stage 4)."""
        return self.filter(makes_statutory_decisions=True)

    def assessing(self):
        """Bodies that may triage a proposal and run its scoring exercise (stage 1)."""
        return self.filter(assesses_proposals=True)

    def with_secretary(self, user):
        return self.filter(
            memberships__user=user, memberships__role=MembershipRole.SECRETARY
        ).distinct()


class Body(models.Model):
    """A board, group or committee on the ICS governance route."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True)
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="bodies",
        help_text="Whose body it is: one organisation's board, or the organisations a joint committee joins.",
    )
    purpose = models.TextField(blank=True, help_text="What it is for, as its terms of reference say.")
    # What its terms of reference let it do on the route, as data (not read from what kind of body it is).
    makes_statutory_decisions = models.BooleanField(
        default=False, help_text="It may formally approve proposals (stage 4): a statutory body, or one with "
                                 "delegated authority to decide.")
    assesses_proposals = models.BooleanField(
        default=False, help_text="It may triage proposals and run their scoring exercise (stage 1).")
    sponsors_proposals = models.BooleanField(
        default=False, help_text="Proposals are developed here: a lead may name it as the sponsoring workstream.")
    meets_in_public = models.BooleanField(
        default=False, help_text="Its Part A business is held in public: its meetings, Part A papers, approved "
                                 "minutes and decisions are published on the public site.")
    public_enquiries = models.EmailField(
        blank=True, help_text="Where the public write for an accessible copy of a paper, or about its meetings. "
                              "Blank: the site's own address (PUBLIC_ENQUIRIES_EMAIL).")
    # How the body decides, as its terms of reference say. A body that does not vote decides by consensus.
    decides_by_vote = models.BooleanField(
        default=False,
        help_text="The body decides by majority vote of its voting members (e.g. the Joint CCG Committee). "
                  "Otherwise it decides by consensus.",
    )
    quorum = models.PositiveSmallIntegerField(
        null=True, blank=True,
        help_text="Voting members who must be present to decide. Blank: a majority of the voting members.",
    )
    organisations_for_quorum = models.CharField(
        max_length=10, choices=OrganisationsForQuorum.choices, blank=True, default=OrganisationsForQuorum.NONE,
        help_text="Constituent organisations (those its voting members represent) that must be represented "
                  "for the body to be quorate.",
    )
    votes_counted_by = models.CharField(
        max_length=12, choices=VotesCountedBy.choices, default=VotesCountedBy.MEMBER,
        help_text="By organisation: each constituent organisation casts one vote, through its representatives "
                  "acting under delegated authority.",
    )
    majority_numerator = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For a majority other than a simple one: e.g. 2 for two thirds.",
    )
    majority_denominator = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="e.g. 3 for two thirds. Both blank: a simple majority of the votes cast.",
    )
    chair_has_casting_vote = models.BooleanField(
        default=False, help_text="On a tie, the chair has a second, casting vote.",
    )
    is_active = models.BooleanField(default=True)

    objects = BodyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "bodies"

    def __str__(self):
        return self.name

    def organisation_names(self):
        """Whose body it is, as printed on its papers: "NHS Riverside CCG"."""
        return ", ".join(o.name for o in self.organisations.all())

    def secretaries(self):
        """Who runs the body's business: the people told when something needs it."""
        return [m.user for m in self.memberships.filter(role=MembershipRole.SECRETARY).select_related("user")]

    def clean(self):
        if (self.majority_numerator is None) != (self.majority_denominator is None):
            raise ValidationError("Give both parts of the majority needed (e.g. 2 and 3 for two thirds), or neither.")
        if self.majority_numerator is not None and not 0 < self.majority_numerator <= self.majority_denominator:
            raise ValidationError("The majority needed is a fraction between 0 and 1, e.g. 2 / 3.")

    def quorum_needed(self, voting_members):
        return self.quorum if self.quorum is not None else voting_members // 2 + 1

    def organisations_needed(self, organisations):
        """How many of its `organisations` constituent organisations must be represented."""
        if self.organisations_for_quorum == OrganisationsForQuorum.MAJORITY:
            return organisations // 2 + 1
        if self.organisations_for_quorum == OrganisationsForQuorum.ALL:
            return organisations
        return 0

    @property
    def majority(self):
        """The share of the votes cast that carries a motion; None for a simple majority (more for than against)."""
        if self.majority_numerator is None:
            return None
        return Fraction(self.majority_numerator, self.majority_denominator)

    def majority_text(self):
        if self.majority is None:
            return "a simple majority of the votes cast"
        return f"at least {self.majority_numerator} in {self.majority_denominator} of the votes cast"

    @property
    def counts_by_organisation(self):
        return self.votes_counted_by == VotesCountedBy.ORGANISATION


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    organisation = models.CharField(max_length=200, blank=True, help_text="Organisation represented.")
    is_voting = models.BooleanField(default=False)
    # Given by a group at the organisation's identity provider, and taken away when its member leaves the
    # group (governance.memberships); empty for a membership granted by hand.
    from_group = models.ForeignKey("GroupMembership", on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="memberships")

    class Meta:
        ordering = ["body", "role", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "body", "role"], name="unique_membership_role"),
        ]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user} – {self.get_role_display()}, {self.body}"


class GroupMembership(models.Model):
    """
    A group at the organisation's identity provider (an Entra ID security group) whose members hold a
    role on a body: held as data, so that joining or leaving the group is how someone joins or leaves
    the body. Checked at each sign-in with the organisation's account, from the token's groups claim
    (OIDC_GROUPS_CLAIM). Memberships granted by hand are left alone.
    """

    group = models.CharField(max_length=255, help_text="The group as the token names it: for Entra ID, its object id.")
    description = models.CharField(max_length=200, blank=True, help_text="e.g. the group's display name.")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="group_memberships")
    role = models.CharField(max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    organisation = models.CharField(max_length=200, blank=True, help_text="Organisation its members represent.")
    is_voting = models.BooleanField(default=False)

    class Meta:
        ordering = ["body", "role", "group"]
        constraints = [models.UniqueConstraint(fields=["group", "body", "role"], name="unique_group_membership")]

    def __str__(self):
        return f"{self.description or self.group}: {self.get_role_display()}, {self.body}"


class MembershipChange(AuditTrail):
    """A role on a body given or ended: by its secretary (or an admin) on the body's page, or by a group
    at the organisation's identity provider at a sign-in (`by` empty, `group` named). Who could vote on a
    decision, and since when, must stand up to challenge. (Changes made in the admin are in its log.)"""

    class Change(models.TextChoices):
        GIVEN = "given", "Role given"
        ENDED = "ended", "Role ended"

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="membership_changes")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=MembershipRole.choices)
    is_voting = models.BooleanField(default=False)
    change = models.CharField(max_length=10, choices=Change.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                           related_name="+")
    group = models.CharField(max_length=255, blank=True, help_text="The identity provider's group, for a change it made.")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_change_display()}: {self.member} – {self.get_role_display()}, {self.body}"


class DelegationQuerySet(models.QuerySet):
    def in_force_on(self, day):
        return self.filter(starts_on__lte=day).filter(models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=day))


class Delegation(models.Model):
    """
    The authority a representative acts under: for the Joint CCG Committee, each CCG's governing
    body delegates its decisions to its representatives (seed 002). A representative of a body that
    counts votes by organisation votes only while a delegation to them is in force.
    """

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="delegations")
    delegated_by = models.CharField(max_length=200, help_text="e.g. NHS Northshire CCG Governing Body")
    scope = models.CharField(max_length=300, blank=True, help_text="What is delegated, as the delegation says.")
    reference = models.CharField(max_length=100, blank=True, help_text="The minute or resolution that made it.")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    objects = DelegationQuerySet.as_manager()

    class Meta:
        ordering = ["membership", "-starts_on"]

    def __str__(self):
        return f"{self.membership.user} under delegation from {self.delegated_by}"

    def clean(self):
        if self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "A delegation ends on or after the day it starts."})


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
