"""
In-process page timings (not a test): DEBUG=1 DATABASE_URL=postgres://… .venv/bin/python bench/page_timings.py

Against a database loaded with `generate_load_data --proposals N`, times each page through Django's
test client (no HTTP server, no network), as the committee secretary who sees the most, and prints
median and 95th-percentile milliseconds and the number of queries. A first step towards the HTTP
benchmark with gunicorn and a load generator: it shows which pages' work grows with the data.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ics_commissioning.settings")


def main(repeat=15):
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from proposals.models import Proposal

    settings.ALLOWED_HOSTS = ["*"]
    user = get_user_model().objects.get(username="icsmg_secretary")
    client = Client()
    client.force_login(user)
    proposal = Proposal.objects.filter(state="quality_assurance").order_by("-pk").first()
    deep = min(500, max(1, -(-Proposal.objects.visible_to(user).count() // 50)))  # page 500, or the last
    pages = {
        "trivial (sign-in page, signed out)": ("/accounts/login/", Client()),
        "pipeline board": ("/proposals/pipeline/", client),
        "proposal list, page 1": ("/proposals/", client),
        f"proposal list, page {deep}": (f"/proposals/?page={deep}", client),
        "proposal page": (proposal.get_absolute_url(), client),
        "API list": ("/api/v1/proposals/", client),
        "search": ("/proposals/search/?q=cardiology+pathway", client),
    }
    print(f"{Proposal.objects.count():,} proposals; {repeat} requests a page")
    print(f"{'page':<36}{'p50 ms':>8}{'p95 ms':>8}{'queries':>9}")
    for name, (url, who) in pages.items():
        times = []
        for _ in range(repeat):
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = who.get(url)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(f"{name:<36}{statistics.median(times):>8.0f}{p95:>8.0f}{len(queries):>9}")


if __name__ == "__main__":
    main()
