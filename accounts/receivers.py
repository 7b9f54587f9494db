"""Every sign-in, sign-out and refused sign-in is recorded (SignInEvent); organisation sign-ins and
second factors are recorded by their views, which know more than these signals say."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import second_factor, services
from .models import SignInEvent

ORGANISATION_BACKEND = "accounts.oidc.OrganisationBackend"
WRONG_PASSWORD = "Wrong username or password."
LOCKED_OUT = "Locked out after too many failed sign-ins."


@receiver(user_logged_in, dispatch_uid="accounts.signed_in")
def signed_in(sender, request, user, **kwargs):
    organisation = getattr(user, "backend", "") == ORGANISATION_BACKEND
    method = SignInEvent.Method.ORGANISATION if organisation else SignInEvent.Method.PASSWORD
    services.record(request, SignInEvent.Kind.SIGNED_IN, method, user=user)
    second_factor.signed_in(request, user, getattr(user, "organisation_claims", None) if organisation else None)


@receiver(user_logged_out, dispatch_uid="accounts.signed_out")
def signed_out(sender, request, user, **kwargs):
    if user is None:  # an anonymous visitor pressed "Sign out"
        return
    timed_out = getattr(request, "timed_out", False)
    kind = SignInEvent.Kind.TIMED_OUT if timed_out else SignInEvent.Kind.SIGNED_OUT
    services.record(request, kind, SignInEvent.Method.SESSION, user=user)


@receiver(user_login_failed, dispatch_uid="accounts.sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs):
    reason = LOCKED_OUT if getattr(request, "axes_locked_out", False) else WRONG_PASSWORD
    services.record(request, SignInEvent.Kind.FAILED, SignInEvent.Method.PASSWORD,
                    username=credentials.get("username") or "", reason=reason)
