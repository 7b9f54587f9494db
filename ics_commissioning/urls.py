from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from proposals.views import home

from . import health
from .sessions import SessionView

admin.site.site_header = "ICS Commissioning administration"
admin.site.site_title = "ICS Commissioning"

urlpatterns = [
    path("", home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/session/", SessionView.as_view(), name="session"),
    path("", include("scoring.urls")),
    path("", include("governance.urls")),
    path("", include("notifications.urls")),
    path("", include("api.urls")),
    path("proposals/", include("proposals.urls")),
    # Meetings in public: no sign-in.
    path("public/", include("public.urls")),
    path("admin/", admin.site.urls),
    # For the container runtime and monitoring: no sign-in, no redirect to https (SECURE_REDIRECT_EXEMPT).
    path("health/live", health.live, name="health-live"),
    path("health/ready", health.ready, name="health-ready"),
]
