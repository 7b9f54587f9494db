"""
How long a sign-in lasts: SESSION_IDLE_TIMEOUT seconds without a request, and SESSION_COOKIE_AGE
seconds after signing in however busy (a computer left signed in on a ward or in a meeting room
must not stay open on Part B papers). The pages warn before the idle time runs out
(static/js/session_warning.js), asking `SessionView` how long is left and keeping the session on
"Stay signed in".
"""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views import View

LAST_ACTIVITY = "last_activity"  # seconds since the epoch
# A request records itself only when the last record is older than this: otherwise every page
# would write its session row. The idle time is then counted from up to a minute early.
RECORD_EVERY = 60


def start(request):
    """At sign-in: the idle clock starts, and the session's end is fixed (Django refuses it after)."""
    now = timezone.now()
    request.session[LAST_ACTIVITY] = now.timestamp()
    request.session.set_expiry(now + timedelta(seconds=settings.SESSION_COOKIE_AGE))


def record_activity(request):
    request.session[LAST_ACTIVITY] = timezone.now().timestamp()


def seconds_left(request):
    """Until the session ends, idle or at its fixed end, whichever comes first."""
    idle = request.session[LAST_ACTIVITY] + settings.SESSION_IDLE_TIMEOUT - timezone.now().timestamp()
    return max(0, round(min(idle, request.session.get_expiry_age())))


def idle_timeout_in_words():
    """"30 minutes", "1 hour and 30 minutes"."""
    minutes, seconds = divmod(settings.SESSION_IDLE_TIMEOUT, 60)
    hours, minutes = divmod(minutes, 60)
    amounts = ((hours, "hour"), (minutes, "minute"), (seconds, "second"))
    return " and ".join(f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in amounts if n)


class IdleSessionTimeout:
    """Signs out a session idle for longer than SESSION_IDLE_TIMEOUT, and says so on the sign-in page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            last = request.session.get(LAST_ACTIVITY)
            now = timezone.now().timestamp()
            if last is None:  # a session from before idle timeouts were counted
                start(request)
            elif now - last > settings.SESSION_IDLE_TIMEOUT:
                return self.sign_out(request)
            # The warning's question "how long is left?" is not activity: it would keep the session for ever.
            elif now - last >= RECORD_EVERY and not (request.method == "GET" and request.path == reverse("session")):
                record_activity(request)
        return self.get_response(request)

    def sign_out(self, request):
        request.timed_out = True  # recorded as such (accounts.receivers)
        logout(request)
        messages.warning(
            request,
            f"You were signed out after {idle_timeout_in_words()} without activity, so that nobody else "
            "can use your sign-in on this computer. Sign in again to carry on: anything you had not saved "
            "has been lost.",
        )
        # Back to the page after signing in; not to a form's action, which has nothing to show.
        back = request.get_full_path() if request.method == "GET" else reverse(settings.LOGIN_REDIRECT_URL)
        return redirect_to_login(back)


class SessionView(LoginRequiredMixin, View):
    """For the pages' warning: GET says how many seconds the session has left; POST ("Stay signed
    in") counts as activity first. A POST form, so CSRF-protected like every other."""

    def get(self, request):
        return JsonResponse({"seconds_left": seconds_left(request)})

    def post(self, request):
        record_activity(request)
        return self.get(request)
