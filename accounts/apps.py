from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class AccountsConfig(AppConfig):
    """Signing in and out: with the organisation's account (OpenID Connect) or a local password, a
    second factor for local staff accounts, and the record of every sign-in."""

    name = "accounts"
    verbose_name = "Sign-in"

    def ready(self):
        from . import receivers  # noqa: F401


class VerifiedAdminConfig(AdminConfig):
    """Django's admin, on a site that asks for a second factor (accounts.admin_site)."""

    default_site = "accounts.admin_site.VerifiedAdminSite"
