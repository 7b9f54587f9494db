from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from governance import services as governance_services
from governance.models import Action
from ics_commissioning.views import RefusalAsMessage

from .forms import ActionDoneForm, SettingsForm
from .models import NotificationSetting
from .needs import needs_action
from .services import frequency


class NeedsMyActionView(LoginRequiredMixin, TemplateView):
    """Everything waiting for this person: what the e-mails ask of them, in one list."""

    template_name = "notifications/needs.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(sections=needs_action(self.request.user), **kwargs)


class ActionDoneView(RefusalAsMessage, LoginRequiredMixin, FormView):
    """The owner (or the body's secretary) marks an action done; who may is the service's rule."""

    form_class = ActionDoneForm
    http_method_names = ["post"]

    def back_url(self):
        return reverse("notifications:needs")

    def form_valid(self, form):
        action = get_object_or_404(Action, pk=self.kwargs["pk"])
        governance_services.complete_action(action, by=self.request.user, note=form.cleaned_data["note"])
        messages.success(self.request, "Action marked done.")
        return redirect(self.back_url())

    def form_invalid(self, form):
        messages.error(self.request, "Say briefly what was done.")
        return redirect("notifications:needs")


class SettingsView(LoginRequiredMixin, FormView):
    template_name = "notifications/settings.html"
    form_class = SettingsForm

    def get_initial(self):
        return {"frequency": frequency(self.request.user)}

    def form_valid(self, form):
        NotificationSetting.objects.update_or_create(
            user=self.request.user, defaults={"frequency": form.cleaned_data["frequency"]}
        )
        messages.success(self.request, "Your e-mail settings are saved.")
        return redirect("notifications:settings")
