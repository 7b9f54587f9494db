"""
What `manage.py check --deploy` refuses besides Django's own checks: settings that start well but
fail the service later (e-mail that is never sent, links that do not lead to the site, papers lost
when the code is redeployed).
"""

from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register

# Backends that send nothing: every notification and reminder would be lost without a word.
NOT_SENDING = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


@register("production", deploy=True)
def email_is_sent(app_configs, **kwargs):
    if settings.EMAIL_BACKEND in NOT_SENDING:
        return [Error(
            f"EMAIL_BACKEND is {settings.EMAIL_BACKEND}, which sends no e-mail.",
            hint="Leave EMAIL_BACKEND unset for SMTP and set EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, "
                 "EMAIL_HOST_PASSWORD, EMAIL_USE_TLS and DEFAULT_FROM_EMAIL.",
            id="ics_commissioning.E001",
        )]
    return []


@register("production", deploy=True)
def site_url_is_https(app_configs, **kwargs):
    url = urlsplit(settings.SITE_URL or "")
    if url.scheme != "https" or not url.hostname:
        return [Error(
            f"SITE_URL is {settings.SITE_URL or 'not set'}: the links in e-mails need the site's https address.",
            hint="Set SITE_URL, e.g. https://commissioning.example.nhs.uk",
            id="ics_commissioning.E002",
        )]
    return []


@register("production", deploy=True)
def media_is_outside_the_code(app_configs, **kwargs):
    if settings.STORAGES["default"]["BACKEND"] != "django.core.files.storage.FileSystemStorage":
        return []  # the media are in a bucket: MEDIA_ROOT holds nothing
    media, code = Path(settings.MEDIA_ROOT).resolve(), Path(settings.BASE_DIR).resolve()
    if media.is_relative_to(code):
        return [Error(
            f"MEDIA_ROOT ({media}) is inside the code folder ({code}): uploads and board packs would be "
            "lost with the next release, and left out of a backup of the data.",
            hint="Set MEDIA_ROOT to a folder of its own, e.g. a mounted volume such as /data/media.",
            id="ics_commissioning.E003",
        )]
    return []


@register("production", deploy=True)
def organisation_sign_in_is_complete(app_configs, **kwargs):
    """Sign-in with the organisation's account (accounts.oidc): over https, with the client's secret."""
    if not settings.OIDC_ISSUER:
        return []
    issuer = urlsplit(settings.OIDC_ISSUER)
    if issuer.scheme != "https" or not issuer.hostname:
        return [Error(
            f"OIDC_ISSUER is {settings.OIDC_ISSUER}: the organisation's sign-in must be reached over https.",
            hint="For Entra ID: https://login.microsoftonline.com/<directory (tenant) id>/v2.0",
            id="ics_commissioning.E004",
        )]
    if not (settings.OIDC_RP_CLIENT_ID and settings.OIDC_RP_CLIENT_SECRET):
        return [Error(
            "OIDC_ISSUER is set without the client's id and secret (OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET, "
            "from OIDC_CLIENT_ID and OIDC_CLIENT_SECRET in the environment): nobody could sign in with it.",
            hint="Set both from the application's registration (README, \"Signing in with Microsoft Entra ID\").",
            id="ics_commissioning.E005",
        )]
    return []
