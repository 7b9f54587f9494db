from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse

from . import second_factor


class VerifiedAdminSite(admin.AdminSite):
    """The admin: staff only, and only once they have given a second factor in this session. Its
    sign-in is the site's own (with the organisation's account, and the second factor after a password)."""

    site_header = "ICS Commissioning administration"
    site_title = "ICS Commissioning"

    def has_permission(self, request):
        return super().has_permission(request) and second_factor.verified(request)

    def login(self, request, extra_context=None):
        if self.has_permission(request):
            return redirect("admin:index")
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"), settings.LOGIN_URL)
