"""
Sign-in with the organisation's account over OpenID Connect (mozilla-django-oidc): Microsoft Entra
ID, which NHSmail accounts are too, or any other provider. Configured by OIDC_ISSUER, the client's
id and secret and the scopes; the provider's endpoints are read from its discovery document unless
settings name them.

mozilla-django-oidc keeps the state, nonce and PKCE verifier in the session, exchanges the code and
fetches the provider's keys; the ID token's signature, issuer, audience, times and nonce are checked
here (mozilla-django-oidc checks neither issuer nor audience). Every refusal is a SignInRefused with
its reason in the user's words, shown on a page and recorded (accounts.views.OrganisationCallbackView).
"""

import logging
import time
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import absolutify, import_from_settings

from . import services
from .services import SignInRefused

logger = logging.getLogger(__name__)

# Setting name: its key in the provider's discovery document.
ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_LOGOUT_ENDPOINT": "end_session_endpoint",
}
DISCOVERY_SECONDS = 24 * 60 * 60  # how long a provider's discovery document is kept (its keys are fetched each time)
LEEWAY_SECONDS = 60  # clocks differ

UNAVAILABLE = ("We could not reach your organisation's sign-in service. Try again in a few minutes; if it "
               "keeps happening, tell your IT service desk.")
WRONG_ISSUER = "The sign-in came from a service this site does not trust, so it was refused."
BAD_SIGNATURE = "The sign-in could not be verified as coming from your organisation, so it was refused."
EXPIRED = "The sign-in took too long and has expired. Start again."
WRONG_AUDIENCE = "The sign-in was meant for another service, so it was refused."
REPLAYED = ("This sign-in link has already been used, or was not started in this browser. Start again from the "
            "sign-in page.")
CANCELLED = "The sign-in was cancelled or refused by your organisation's sign-in service."
INVALID = "The sign-in could not be verified, so it was refused. Start again."

_discovered = {}  # issuer: (fetched at, document)


def configured():
    return bool(settings.OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID)


def discovery():
    """The provider's OpenID configuration, fetched once a day; its issuer must be the one configured."""
    issuer = settings.OIDC_ISSUER
    fetched_at, document = _discovered.get(issuer, (0, None))
    if document is None or time.monotonic() - fetched_at > DISCOVERY_SECONDS:
        try:
            response = requests.get(f"{issuer.rstrip('/')}/.well-known/openid-configuration",
                                    timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as error:
            logger.warning("Could not read the OpenID configuration of %s: %s", issuer, error)
            raise SignInRefused(UNAVAILABLE) from error
        if not isinstance(document, dict) or document.get("issuer") != issuer:
            logger.error("The provider at %s does not say it is that issuer", issuer)
            raise SignInRefused(UNAVAILABLE)
        _discovered[issuer] = (time.monotonic(), document)
    return document


def setting(name, *default):
    """A mozilla-django-oidc setting; an endpoint not set is the provider's own, from discovery."""
    if name in ENDPOINTS and not getattr(settings, name, ""):
        return discovery().get(ENDPOINTS[name], *default)
    return import_from_settings(name, *default)


class OrganisationBackend(OIDCAuthenticationBackend):
    """The authentication backend for the organisation's accounts: tries only a callback from the
    provider (a code and a state), so password sign-ins never reach it."""

    get_settings = staticmethod(setting)

    def __init__(self, *args, **kwargs):  # mozilla's reads every setting here, for every sign-in of any kind
        self.UserModel = get_user_model()

    def authenticate(self, request, nonce=None, code_verifier=None, **kwargs):
        if request is None or not configured() or "code" not in request.GET or "state" not in request.GET:
            return None
        super().__init__()
        return super().authenticate(request, nonce=nonce, code_verifier=code_verifier)

    get_user = ModelBackend.get_user  # Django's: a user made inactive is signed out at their next request

    def get_token(self, payload):
        try:
            return super().get_token(payload)
        except requests.RequestException as error:
            logger.warning("The provider refused the authorisation code: %s", error)
            raise SignInRefused(INVALID) from error

    def retrieve_matching_jwk(self, token):
        try:
            return super().retrieve_matching_jwk(token)
        except SuspiciousOperation as error:  # no key of the provider's has the token's key id
            raise SignInRefused(BAD_SIGNATURE) from error
        except (requests.RequestException, ValueError) as error:
            raise SignInRefused(UNAVAILABLE) from error

    def get_payload_data(self, token, key):
        """The ID token's claims, once its signature, issuer, audience and times are checked."""
        try:
            header = jwt.get_unverified_header(token)
            if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
                raise SignInRefused(BAD_SIGNATURE)
            claims = jwt.decode(
                token, key, algorithms=[self.OIDC_RP_SIGN_ALGO], audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.OIDC_ISSUER, leeway=LEEWAY_SECONDS,
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
            )
        except jwt.InvalidSignatureError as error:
            raise SignInRefused(BAD_SIGNATURE) from error
        except jwt.InvalidIssuerError as error:
            raise SignInRefused(WRONG_ISSUER) from error
        except jwt.InvalidAudienceError as error:
            raise SignInRefused(WRONG_AUDIENCE) from error
        except jwt.ExpiredSignatureError as error:
            raise SignInRefused(EXPIRED) from error
        except jwt.InvalidTokenError as error:
            logger.warning("An ID token was refused: %s", error)
            raise SignInRefused(INVALID) from error
        # Several audiences: the token must say it was issued to us (OpenID Connect Core, 3.1.3.7).
        if isinstance(claims["aud"], list) and len(claims["aud"]) > 1 and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SignInRefused(WRONG_AUDIENCE)
        return claims

    def verify_token(self, token, **kwargs):
        if not token:
            raise SignInRefused(INVALID)
        key = self.retrieve_matching_jwk(token)
        claims = self.get_payload_data(token, key)
        if claims.get("nonce") != kwargs.get("nonce"):  # an ID token from another sign-in, replayed
            raise SignInRefused(REPLAYED)
        return claims

    def store_tokens(self, access_token, id_token):
        self.id_token = id_token  # kept with the user below, for the view to keep in the session after signing in

    def get_or_create_user(self, access_token, id_token, payload):
        # The verified ID token's claims: Entra ID's userinfo endpoint (Microsoft Graph) adds nothing we use.
        user = services.organisation_user(settings.OIDC_ISSUER, payload, settings.OIDC_SUBJECT_CLAIM)
        user.organisation_claims, user.organisation_id_token = payload, self.id_token
        return user


def logout_url(request, id_token):
    """Where to send the browser to sign out at the provider too (RP-initiated logout), then back to
    our signed-out page; None if the provider has no such endpoint."""
    try:
        endpoint = setting("OIDC_OP_LOGOUT_ENDPOINT", None)
    except SignInRefused:
        return None
    if not endpoint:
        return None
    query = {
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": absolutify(request, reverse("accounts:signed_out")),
    }
    if id_token:
        query["id_token_hint"] = id_token
    return f"{endpoint}?{urlencode(query)}"
