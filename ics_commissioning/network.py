"""Who is asking, as far as the network says: for the sign-in lockout (axes) and the public question form's limit."""

from django.conf import settings


def client_address(request):
    """
    The client's address. Behind `settings.AXES_IPWARE_PROXY_COUNT` reverse proxies (1 behind the Caddy
    of deploy/), it is the address the outermost of them saw: each proxy appends the address it was
    called from to X-Forwarded-For, so it is that many entries from the right. Entries further left are
    whatever the client sent, and not trusted. With no proxy, or a header shorter than it should be, the
    connection's own address.
    """
    proxies = settings.AXES_IPWARE_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
