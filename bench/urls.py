"""The product's URLs, and the benchmark's trivial views: as little as Django can do for a page,
with and without the signed-in session and user every real page reads."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from ics_commissioning.urls import urlpatterns as product


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/trivial/", trivial),
    path("bench/trivial-signed-in/", login_required(trivial)),
    *product,
]
