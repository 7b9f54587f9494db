from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("needs-my-action/", views.NeedsMyActionView.as_view(), name="needs"),
    path("needs-my-action/actions/<int:pk>/done/", views.ActionDoneView.as_view(), name="action_done"),
    path("account/e-mails/", views.SettingsView.as_view(), name="settings"),
]
