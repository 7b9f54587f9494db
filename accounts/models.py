"""
Who someone is at their organisation, and the record of signing in and out.
"""

from django.conf import settings
from django.db import models

from ics_commissioning.life_cycles import AuditTrail


class OrganisationAccount(models.Model):
    """
    A user's account at the organisation's identity provider (Microsoft Entra ID, NHSmail). A sign-in
    is matched on the issuer and the token's stable subject (`OIDC_SUBJECT_CLAIM`: "sub", or Entra's
    "oid"), never on the e-mail address, which can change or be reused; e-mail is used only once, to
    link an account to an existing local user on its first sign-in.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_accounts")
    issuer = models.CharField(max_length=300)
    subject = models.CharField(max_length=255)
    linked_at = models.DateTimeField(auto_now_add=True)
    linked_by_email = models.BooleanField(default=False, help_text="Linked at first sign-in to a user found by e-mail.")
    last_signed_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="unique_organisation_account")]

    def __str__(self):
        return f"{self.user} at {self.issuer}"


class SignInEvent(AuditTrail):
    """One sign-in, sign-out or refused sign-in: written once, never changed."""

    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", "Signed in"
        SECOND_FACTOR = "second_factor", "Second factor accepted"
        SIGNED_OUT = "signed_out", "Signed out"
        TIMED_OUT = "timed_out", "Signed out after inactivity"
        FAILED = "failed", "Sign-in refused"
        SECOND_FACTOR_FAILED = "second_factor_failed", "Second factor refused"

    class Method(models.TextChoices):
        PASSWORD = "password", "Username and password"
        ORGANISATION = "organisation", "Organisation's account"
        AUTHENTICATOR = "authenticator", "Authenticator app"
        RECOVERY_CODE = "recovery_code", "Recovery code"
        SESSION = "session", "Session"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    method = models.CharField(max_length=20, choices=Method.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+")  # PROTECT: someone who has signed in is made inactive, not deleted
    username = models.CharField(max_length=255, blank=True, help_text="As typed or as the organisation gave it.")
    address = models.GenericIPAddressField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "-at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.get_kind_display()}: {self.username}"
