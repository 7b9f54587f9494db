from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = "ICS Commissioning administration"
admin.site.site_title = "ICS Commissioning"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="proposals:list", permanent=False), name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("proposals/", include("proposals.urls")),
    path("admin/", admin.site.urls),
]
