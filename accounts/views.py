"""
Signing in and out: the sign-in page (a local password, or the organisation's account), the return
from the organisation's sign-in, signing out (at the organisation too), and the second factor.
"""

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import TemplateView
from django_otp.plugins.otp_static.models import StaticDevice
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from . import oidc, second_factor, services
from .forms import AuthenticatorSetupForm, SecondFactorForm
from .models import SignInEvent
from .signals import organisation_signed_in

ID_TOKEN = "organisation_id_token"  # session key: the ID token, as the hint for signing out at the provider
WRONG_CODE = "The code is not right. Check the code your authenticator app shows now, and try again."
Kind, Method = SignInEvent.Kind, SignInEvent.Method


def safe_next(request, default=None):
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return default or resolve_url(settings.LOGIN_REDIRECT_URL)


class SignInView(auth_views.LoginView):
    """Django's sign-in with a local username and password; above it, when one is configured, the
    button to sign in with the organisation's account."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, organisation_sign_in=oidc.configured())


class OrganisationSignInView(OIDCAuthenticationRequestView):
    """Sends the browser to the organisation's sign-in page (mozilla-django-oidc), with a state, a nonce
    and a PKCE challenge kept in the session for the return."""

    get_settings = staticmethod(oidc.setting)

    def __init__(self, *args, **kwargs):  # mozilla's reads the endpoints here: at the request instead
        View.__init__(self, *args, **kwargs)

    def get(self, request):
        if not oidc.configured():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc.setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except services.SignInRefused as refusal:  # the provider cannot be reached
            services.record(request, Kind.FAILED, Method.ORGANISATION, reason=refusal.reason)
            return render(request, "accounts/refused.html", {"reason": refusal.reason}, status=503)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class OrganisationCallbackView(View):
    """The organisation's sign-in sends the browser back here with a code and the state it was given.
    The state is used once (a replay finds it gone); the code is exchanged for an ID token whose
    signature, issuer, audience, expiry and nonce are checked (accounts.oidc). Any failure is a page
    saying why, recorded, with nothing created or changed."""

    def get(self, request):
        states = request.session.get("oidc_states", {})
        flow = states.pop(request.GET.get("state", ""), None)
        request.session.modified = True
        next_url = request.session.pop("oidc_login_next", None)
        try:
            if request.GET.get("error"):
                raise services.SignInRefused(oidc.CANCELLED)
            if flow is None or not oidc.configured():
                raise services.SignInRefused(oidc.REPLAYED)
            if not request.GET.get("code"):
                raise services.SignInRefused(oidc.INVALID)
            user = authenticate(request, nonce=flow["nonce"], code_verifier=flow.get("code_verifier"))
            if user is None:
                raise services.SignInRefused(oidc.INVALID)
        except services.SignInRefused as refusal:
            services.record(request, Kind.FAILED, Method.ORGANISATION, username=refusal.username, reason=refusal.reason)
            return render(request, "accounts/refused.html", {"reason": refusal.reason}, status=403)
        login(request, user)
        request.session[ID_TOKEN] = user.organisation_id_token
        organisation_signed_in.send(sender=self.__class__, user=user, claims=user.organisation_claims)
        return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))


class SignOutView(View):
    """Signs out here; after an organisation's sign-in, at the provider too (RP-initiated logout),
    which then sends the browser back to the signed-out page."""

    http_method_names = ["post"]

    def post(self, request):
        id_token = request.session.get(ID_TOKEN)
        logout(request)
        if id_token and oidc.configured() and (at_provider := oidc.logout_url(request, id_token)):
            return redirect(at_provider)
        return redirect(settings.LOGOUT_REDIRECT_URL)


class SignedOutView(TemplateView):
    template_name = "accounts/signed_out.html"


class SecondFactorView(LoginRequiredMixin, View):
    """The second step of signing in: a code from the authenticator app, or a recovery code."""

    template_name = "accounts/two_factor.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not second_factor.authenticator(request.user):
            return redirect("accounts:two_factor_setup")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.page(SecondFactorForm())

    def post(self, request):
        form = SecondFactorForm(request.POST)
        if form.is_valid():
            device = django_otp.match_token(request.user, form.cleaned_data["code"])
            if device is not None:
                django_otp.login(request, device)
                method = Method.RECOVERY_CODE if isinstance(device, StaticDevice) else Method.AUTHENTICATOR
                services.record(request, Kind.SECOND_FACTOR, method, user=request.user)
                if method == Method.RECOVERY_CODE:
                    messages.warning(request, f"You used a recovery code: {second_factor.recovery_codes_left(request.user)} "
                                              "left. Get new ones from your account's security page.")
                return redirect(safe_next(request))
            services.record(request, Kind.SECOND_FACTOR_FAILED, Method.AUTHENTICATOR, user=request.user,
                            reason="Wrong or used code.")
            form.add_error("code", WRONG_CODE)
        return self.page(form)

    def page(self, form):
        return render(self.request, self.template_name, {"form": form, "next": safe_next(self.request, "")})


class AuthenticatorSetupView(LoginRequiredMixin, View):
    """Setting up an authenticator app: scan the QR code (or type the key), then enter the code it
    shows. Then the recovery codes are shown, once."""

    template_name = "accounts/two_factor_setup.html"

    def dispatch(self, request, *args, **kwargs):
        # Replacing an app needs the second factor first: else a stolen password could set up the thief's.
        if (request.user.is_authenticated and second_factor.authenticator(request.user)
                and not second_factor.verified(request)):
            return redirect("accounts:two_factor")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.page(AuthenticatorSetupForm())

    def post(self, request):
        form = AuthenticatorSetupForm(request.POST)
        device = form.is_valid() and second_factor.confirm_new_authenticator(request, form.cleaned_data["code"])
        if device:
            django_otp.login(request, device)
            services.record(request, Kind.SECOND_FACTOR, Method.AUTHENTICATOR, user=request.user,
                            reason="Authenticator app set up.")
            codes = second_factor.new_recovery_codes(request.user)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": safe_next(request)})
        if form.is_valid():
            form.add_error("code", WRONG_CODE)
        return self.page(form)

    def page(self, form):
        device = second_factor.new_authenticator(self.request)
        qr = segno.make(device.config_url, error="m")
        return render(self.request, self.template_name, {
            "form": form, "next": safe_next(self.request, ""),
            "qr_svg": qr.svg_inline(scale=4, title="QR code to scan with your authenticator app"),
            "key": second_factor.key_for_typing(device),
            "replacing": second_factor.authenticator(self.request.user) is not None,
        })


class SecurityView(LoginRequiredMixin, TemplateView):
    """Your sign-in: your authenticator app and recovery codes, and your recent sign-ins."""

    template_name = "accounts/security.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            **kwargs,
            authenticator=second_factor.authenticator(user),
            recovery_codes_left=second_factor.recovery_codes_left(user),
            organisation_accounts=user.organisation_accounts.all(),
            events=SignInEvent.objects.filter(user=user)[:10],
            must_use_second_factor=user.is_staff or user.is_superuser,
        )


class RecoveryCodesView(LoginRequiredMixin, View):
    """New recovery codes, after a check step: the old ones stop working."""

    def get(self, request):
        if not second_factor.authenticator(request.user):
            return redirect("accounts:security")
        return render(request, "accounts/recovery_codes_check.html",
                      {"left": second_factor.recovery_codes_left(request.user)})

    def post(self, request):
        if not second_factor.authenticator(request.user) or not second_factor.verified(request):
            return redirect("accounts:security")
        codes = second_factor.new_recovery_codes(request.user)
        services.record(request, Kind.SECOND_FACTOR, Method.RECOVERY_CODE, user=request.user,
                        reason="New recovery codes made.")
        return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": resolve_url("accounts:security")})
