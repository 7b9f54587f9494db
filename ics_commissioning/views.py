"""What every page about one object shares: loading it with its object-level permission checks,
and showing a service's refusal as a message. Used by the views of every app."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect

from .errors import ActionRefused, NotAllowed
from .permissions import can


class RefusalAsMessage:
    """The one place where a service's ActionRefused meets the web: its reasons are shown as an
    error on the page the user acted from (`back_url`, where most actions also return once done),
    and nothing has changed. A NotAllowed goes on to Django, which answers 403."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except NotAllowed:
            raise
        except ActionRefused as refusal:
            messages.error(request, " ".join(refusal.messages))
            return redirect(self.back_url())

    def back_url(self):
        return self.request.path


class ObjectPermissionMixin(RefusalAsMessage, LoginRequiredMixin):
    """
    Loads the object named in the URL (`get_object`, kept as `self.<object_name>`) and checks, at
    object level, that the user may see it (`view_permission`: 404 otherwise, so that a draft is
    not even known to exist) and may do what the page does (`permission`: 403 otherwise). Both are
    asked of `permission_object(obj)`: a meeting's rules are its body's.
    """

    object_name = "object"
    view_permission = None
    permission = None  # None: seeing the object is enough

    def get_object(self):
        raise NotImplementedError

    def permission_object(self, obj):
        return obj

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        obj = self.get_object()
        setattr(self, self.object_name, obj)
        target = self.permission_object(obj)
        if self.view_permission and not can(request.user, self.view_permission, target):
            raise Http404
        if self.permission and not can(request.user, self.permission, target):
            return self.permission_refused(obj)
        return super().dispatch(request, *args, **kwargs)

    def permission_refused(self, obj):
        raise PermissionDenied


class PageAction:
    """One thing a page does, at a URL of its own: the page's form is posted here (`form()`, None
    for an action without one); with errors, the page shows again with the form as `form_name`;
    otherwise `act(form)` does it. Mixed into the page's own view, which draws the page."""

    http_method_names = ["post"]
    form_name = None

    def form(self):
        return None

    def post(self, request, *args, **kwargs):
        form = self.form()
        if form is not None and not form.is_valid():
            return self.render_to_response(self.get_context_data(**{self.form_name: form}))
        return self.act(form)

    def act(self, form):
        raise NotImplementedError
