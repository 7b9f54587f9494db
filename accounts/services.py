"""
The sign-in rules: who an organisation's account is here, and the record of signing in and out.
"""

import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from ics_commissioning.network import client_address

from .models import OrganisationAccount, SignInEvent

logger = logging.getLogger(__name__)


class SignInRefused(Exception):
    """A sign-in refused, with the reason in the user's words (shown on the page and recorded)."""

    def __init__(self, reason, *, username=""):
        super().__init__(reason)
        self.reason = reason
        self.username = username


DISABLED = "Your account here has been disabled. Ask your governance team if you need it again."
SHARED_EMAIL = ("More than one account here has your e-mail address, so we cannot tell which is yours. "
                "Ask your governance team to link your organisation's account to the right one.")
NO_SUBJECT = "Your organisation's sign-in did not say who you are. Try again, or ask your IT service desk."


def record(request, kind, method, *, user=None, username="", reason=""):
    """Add a sign-in event to the record."""
    address = client_address(request) if request is not None else None
    SignInEvent.objects.create(
        kind=kind, method=method, user=user if user is not None and user.pk else None,
        username=(username or (user.get_username() if user is not None else ""))[:255],
        address=address or None, reason=reason[:300],
    )


def organisation_user(issuer, claims, subject_claim):
    """
    The user the organisation's verified claims belong to: the one linked to this issuer and subject;
    else, at first sign-in, the one local user with the token's e-mail address (linked from then on,
    unless the provider says the address is unverified); else a new user with no memberships, whom an
    admin or a body's secretary gives roles. A disabled user is refused, and nothing is created or
    changed for a refused sign-in.
    """
    subject = str(claims.get(subject_claim) or "")
    if not subject:
        raise SignInRefused(NO_SUBJECT)
    email = (claims.get("email") or "").strip()
    username = email or claims.get("preferred_username") or subject
    User = get_user_model()
    with transaction.atomic():
        account = OrganisationAccount.objects.select_related("user").filter(issuer=issuer, subject=subject).first()
        if account is not None:
            user, linked_by_email = account.user, False
        else:
            user, linked_by_email = _user_by_email(User, issuer, email, claims), True
        if user is not None and not user.is_active:
            raise SignInRefused(DISABLED, username=username)
        if user is None:
            user, linked_by_email = User.objects.create_user(_free_username(User, username), email=email), False
            logger.info("A first sign-in with an organisation's account created user %s", user.pk)
        _update_from_claims(user, claims)
        if account is None:
            account = OrganisationAccount.objects.create(user=user, issuer=issuer, subject=subject,
                                                         linked_by_email=linked_by_email)
        account.last_signed_in_at = timezone.now()
        account.save(update_fields=["last_signed_in_at"])
    return user


def _user_by_email(User, issuer, email, claims):
    if not email or claims.get("email_verified") is False:
        return None
    # Not a user already linked to another account at this issuer: the e-mail address was reused.
    matches = list(User.objects.filter(email__iexact=email).exclude(organisation_accounts__issuer=issuer)[:2])
    if len(matches) > 1:
        raise SignInRefused(SHARED_EMAIL, username=email)
    return matches[0] if matches else None


def _free_username(User, wanted):
    wanted = wanted[:140].lower()
    username, n = wanted, 1
    while User.objects.filter(username__iexact=username).exists():
        n += 1
        username = f"{wanted}-{n}"
    return username


def _update_from_claims(user, claims):
    """The directory's name and e-mail address are the ones to use: kept up to date at each sign-in."""
    given = claims.get("given_name")
    family = claims.get("family_name")
    if not (given or family) and claims.get("name"):
        given, _, family = claims["name"].rpartition(" ") if " " in claims["name"] else ("", "", claims["name"])
    changes = {"first_name": (given or "")[:150], "last_name": (family or "")[:150], "email": claims.get("email") or ""}
    changed = [field for field, value in changes.items() if value and getattr(user, field) != value]
    for field in changed:
        setattr(user, field, changes[field])
    if changed:
        user.save(update_fields=changed)
