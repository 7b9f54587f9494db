"""
What the pages work out, kept in the cache while the data stays as it was: for their reader, the
navigation, its "Needs my action" count and their roles (remembered), and whole signed-in pages
(kept_per_reader); for everyone, the configuration they read (shared).

Any write may change them (a proposal reaching a body, an assessment assigned, a member leaving a
body), so rather than follow each rule, everything is kept under the data's generation
(ics_commissioning.data_generation), which any write moves on: nothing kept from before is read
again. Things that change with time alone (a paper deadline coming within a week, the days left in
a standstill) show within settings.USER_CACHE_SECONDS, the time a key lives (0: nothing is kept).
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse

from . import data_generation

# Request headers that change what a page answers, besides its address: htmx asks for part of a page.
VARIES_WITH = ("HTTP_HX_REQUEST", "HTTP_HX_TARGET", "HTTP_HX_TRIGGER_NAME", "HTTP_ACCEPT")
# Response headers that belong to the request that made the page, not to the page.
NOT_KEPT = {"set-cookie", "date", "x-request-id", "content-length"}


def _key(*parts):
    # The database's name too: test runs and benchmarks with their own databases share one Redis.
    return ":".join(["user-cache", connection.settings_dict["NAME"], str(data_generation.current()), *map(str, parts)])


def remembered(user, name, compute):
    """compute(), from the cache while nothing has been written since it was worked out."""
    return _kept((name, user.pk), compute)


def shared(name, compute):
    """compute(), for everyone: what the configuration says (rubrics, routes), kept until anything is written."""
    return _kept(("shared", name), compute)


def _kept(parts, compute):
    if not settings.USER_CACHE_SECONDS:
        return compute()
    key = _key(*parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.USER_CACHE_SECONDS)
    return value


def _page_key(request):
    """One reader's page: their account and this sign-in (a new sign-in starts afresh; the page's forms
    carry the CSRF token of this session's cookie), the address and what else it varies with."""
    csrf_cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    varies = "|".join(request.META.get(header, "") for header in VARIES_WITH)
    digest = hashlib.sha256(
        "\n".join([request.session.session_key or "", csrf_cookie, request.get_full_path(), varies]).encode()
    ).hexdigest()
    return _key("page", request.user.pk, digest)


def _keepable(request, response):
    """A page exactly as its reader would get it again: not an error or a redirect, nothing new set in
    the browser, and no message shown or waiting to be."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # The page's forms carry a token of the CSRF secret in the browser's cookie, not of a new one.
        and request.META.get("CSRF_COOKIE") in (None, request.COOKIES.get(settings.CSRF_COOKIE_NAME))
        and not len(messages.get_messages(request))
        and not messages.get_messages(request).used
    )


def kept_per_reader(view):
    """
    For the pages people read again and again (lists, the board, a proposal's page): a signed-in GET
    is answered from what this reader was last shown at this address, while the data's generation has
    not moved, else worked out and kept. Who may see the page is decided as it is worked out, by the
    view, for this reader at this generation: a change to anyone's access is a write, and moves it.

    A request with a message to show is never answered from the cache (the message would be lost).
    """

    @wraps(view)
    def answer(request, *args, **kwargs):
        if (not (settings.USER_CACHE_SECONDS and settings.KEEP_PAGES_FOR_READERS) or request.method not in ("GET", "HEAD")
                or not request.user.is_authenticated or len(messages.get_messages(request))):
            return view(request, *args, **kwargs)
        key = _page_key(request)
        kept = cache.get(key)
        if kept is not None:
            status, headers, content = kept
            return HttpResponse(content, status=status, headers=headers)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if _keepable(request, response):
            headers = {name: value for name, value in response.items() if name.lower() not in NOT_KEPT}
            cache.set(key, (response.status_code, headers, response.content), settings.USER_CACHE_SECONDS)
        return response

    return answer
