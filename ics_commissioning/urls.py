from django.contrib import admin
from django.urls import include, path

from accounts.views import SignInView, SignOutView
from proposals.views import home

from . import health
from .sessions import SessionView

urlpatterns = [
    path("", home, name="home"),
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/logout/", SignOutView.as_view(), name="logout"),
    path("accounts/session/", SessionView.as_view(), name="session"),
    path("accounts/", include("accounts.urls")),
    path("", include("scoring.urls")),
    path("", include("governance.urls")),
    path("", include("notifications.urls")),
    path("", include("api.urls")),
    path("", include("analytics.urls")),
    path("", include("procurement.urls")),
    path("proposals/", include("proposals.urls")),
    # Meetings in public: no sign-in.
    path("public/", include("public.urls")),
    path("admin/", admin.site.urls),
    # For the container runtime and monitoring: no sign-in, no redirect to https (SECURE_REDIRECT_EXEMPT).
    path("health/live", health.live, name="health-live"),
    path("health/ready", health.ready, name="health-ready"),
]
