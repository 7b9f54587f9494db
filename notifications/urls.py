from django.urls import path

from ics_commissioning.user_cache import kept_per_reader

from . import views

app_name = "notifications"

urlpatterns = [
    path("needs-my-action/", kept_per_reader(views.NeedsMyActionView.as_view()), name="needs"),
    path("needs-my-action/actions/<int:pk>/done/", views.ActionDoneView.as_view(), name="action_done"),
    path("account/e-mails/", views.SettingsView.as_view(), name="settings"),
]
