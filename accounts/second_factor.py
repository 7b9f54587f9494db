"""
The second factor: a time-based one-time password from an authenticator app (django-otp's TOTP
device), with single-use recovery codes (its static device) for a lost phone. Staff and admin
accounts must use one; anyone else may. A sign-in with the organisation's account counts as
two-factor when the provider says it asked for one (the ID token's `amr` says "mfa"), or when
OIDC_PROVIDER_ENFORCES_MFA says its policy always does (Entra ID conditional access).
"""

from base64 import b32encode

from django.conf import settings
from django_otp import DEVICE_ID_SESSION_KEY, user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

RECOVERY_CODES = 10
ORGANISATION_MFA = "organisation_mfa"  # session key: the organisation's sign-in was two-factor
HAS_AUTHENTICATOR = "has_authenticator"  # session key, set at sign-in: the user has an authenticator app
NEW_KEY = "new_authenticator_key"  # session key: the key of the app being set up
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


def required(request):
    """Whether this session's user must give a second factor: staff and admin accounts, and anyone who
    set one up (known from signing in, so that no request asks the database)."""
    user = request.user
    return user.is_staff or user.is_superuser or bool(request.session.get(HAS_AUTHENTICATOR))


def signed_in(request, user, organisation_claims=None):
    """At sign-in: note whether the user has an authenticator app, and whether the organisation's
    sign-in was itself two-factor."""
    request.session[HAS_AUTHENTICATOR] = user_has_device(user, confirmed=True)
    if organisation_claims is not None and organisation_mfa(organisation_claims):
        request.session[ORGANISATION_MFA] = True


def verified(request):
    """Whether this session has given a second factor."""
    return bool(request.session.get(ORGANISATION_MFA) or request.session.get(DEVICE_ID_SESSION_KEY))


def authenticator(user):
    """The user's confirmed authenticator app, or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def new_authenticator(request):
    """The authenticator app being set up, not yet saved: its key is kept in the session until the app
    shows it has it (confirm_new_authenticator), so that opening the page writes nothing."""
    key = request.session.setdefault(NEW_KEY, default_key())
    return TOTPDevice(user=request.user, name=AUTHENTICATOR_NAME, key=key, confirmed=True)


def confirm_new_authenticator(request, code):
    """Save the new app if `code` is the one it shows now (it replaces any earlier app); None if not."""
    device = new_authenticator(request)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if not totp.verify(int(code), device.tolerance):
        return None
    device.last_t = totp.t()  # this code cannot be used again
    TOTPDevice.objects.filter(user=request.user).delete()
    device.save()
    del request.session[NEW_KEY]
    request.session[HAS_AUTHENTICATOR] = True
    return device


def key_for_typing(device):
    """The app's secret key in base32, in groups of four, for typing in instead of scanning."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i:i + 4] for i in range(0, len(key), 4))


def new_recovery_codes(user):
    """Replace the user's recovery codes with new ones, returned once to be shown once."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY_NAME).count()


def organisation_mfa(claims):
    return settings.OIDC_PROVIDER_ENFORCES_MFA or "mfa" in (claims.get("amr") or [])

