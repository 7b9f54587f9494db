from django.conf import settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from governance.rules import is_admin, is_committee_officer, memberships
from notifications.needs import count
from scoring.models import Assessment

from .user_cache import remembered


def menu(user):
    """The primary navigation's entries for this user, by role: (label, url)."""
    waiting = count(user)
    entries = [
        (f"Needs my action ({waiting})" if waiting else "Needs my action", reverse("notifications:needs")),
        ("My proposals", reverse("proposals:mine")), ("New proposal", reverse("proposals:create")),
    ]
    if Assessment.objects.filter(assessor=user).exists():
        entries.append(("My assessments", reverse("scoring:mine")))
    if (is_committee_officer | is_admin)(user):
        entries.append(("All proposals", reverse("proposals:list")))
        entries.append(("Pipeline", reverse("proposals:pipeline")))
    member = bool(memberships(user))
    if member:
        entries.append(("My meetings", reverse("governance:my_meetings")))
    if user.is_superuser or member:
        entries.append(("Bodies", reverse("governance:bodies")))
        entries.append(("Decision log", reverse("governance:decision_log")))
    entries.append(("How it works", reverse("proposals:how_it_works")))
    if user.is_staff:
        entries.append(("Administration", reverse("admin:index")))
    return entries


def navigation(request):
    """The primary navigation, worked out only when a page shows it, and then from the cache while
    nothing has been written (user_cache): it is on every page."""

    def items():
        user = request.user
        if not user.is_authenticated:
            return []
        entries = remembered(user, "navigation", lambda: menu(user))
        return [{"label": label, "url": url, "current": request.path == url} for label, url in entries]

    return {"navigation": SimpleLazyObject(items)}


def session(request):
    """For the warning before an idle session ends (base.html, static/js/session_warning.js)."""
    return {"session_idle_timeout": settings.SESSION_IDLE_TIMEOUT}
