"""The product's own settings, for the HTTP benchmark: one extra URL, the trivial view it measures
as the ceiling (bench/urls.py). Everything else, production hardening included, is as deployed."""

from ics_commissioning.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
