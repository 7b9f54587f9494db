from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("organisation/", views.OrganisationSignInView.as_view(), name="organisation_sign_in"),
    path("organisation/callback/", views.OrganisationCallbackView.as_view(), name="organisation_callback"),
    path("signed-out/", views.SignedOutView.as_view(), name="signed_out"),
    path("two-factor/", views.SecondFactorView.as_view(), name="two_factor"),
    path("two-factor/set-up/", views.AuthenticatorSetupView.as_view(), name="two_factor_setup"),
    path("security/", views.SecurityView.as_view(), name="security"),
    path("security/recovery-codes/", views.RecoveryCodesView.as_view(), name="recovery_codes"),
]
