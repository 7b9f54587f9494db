from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from . import second_factor


class SecondFactorRequired:
    """
    A signed-in user who must give a second factor (accounts.second_factor.required) and has not yet
    done so in this session reaches nothing but the second-factor pages and signing out: the rest of
    the site, the API and the admin send them to give one (or to set one up). Whether they must is
    worked out at sign-in (no query on each request).
    """

    OPEN_PREFIXES = ("/static/", "/health/", "/public/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and second_factor.required(request)
            and not second_factor.verified(request)
            and not self.open(request.path)
        ):
            has_one = request.session.get(second_factor.HAS_AUTHENTICATOR)
            target = reverse("accounts:two_factor" if has_one else "accounts:two_factor_setup")
            back = request.get_full_path() if request.method == "GET" else ""
            return redirect(f"{target}?{urlencode({'next': back})}" if back else target)
        return self.get_response(request)

    def open(self, path):
        allowed = [reverse(name) for name in ("accounts:two_factor", "accounts:two_factor_setup", "logout",
                                              "accounts:signed_out", "session")]
        return path in allowed or path.startswith(self.OPEN_PREFIXES)
