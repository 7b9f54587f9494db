"""What every response to a signed-in person shares: it is never kept by a browser or a proxy."""

from django.utils.cache import patch_cache_control


class PrivateResponsesNotCached:
    """
    Every response to someone signed in, by session or by API token, says `Cache-Control: private,
    no-store`: its pages and data are theirs (drafts, scores, Part B papers), and a shared proxy or the
    browser's back button on a shared computer must not show them to the next person. Anonymous
    pages (sign in, how it works) stay as they are.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Read after the view: DRF signs a token's holder in there, and sets request.user too.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "no-store" not in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True, no_store=True)
        return response
