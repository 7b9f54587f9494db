"""
The HTTP benchmark (not a test): the product under gunicorn on PostgreSQL, loaded with 100 and
then 100,000 proposals, measured by wrk from a second process on 127.0.0.1.

    .venv/bin/python bench/http_load.py [--sizes 100,100000] [--seconds 10] [--connections 2] [--fresh]

Needs PostgreSQL (POSTGRES_URL, default postgres://postgres@127.0.0.1:5432) and wrk (Debian's
package). For each size it makes (or reuses) the database ics_bench_<size>: migrate, seed_demo,
`generate_load_data --proposals <size>`, `pipeline_figures` (timed), VACUUM ANALYZE. Then it starts gunicorn with the
production settings (DEBUG off, persistent database connections, and the X-Forwarded-Proto header
a TLS proxy would add) plus one trivial view (bench/urls.py), signs in as a committee secretary
(who sees the most), and gives each page a warm-up and then `--seconds` of load from wrk: p50 and
p95 latency and requests/s. It does so twice: as served (a signed-in page read again is kept for its
reader until anything is written: ics_commissioning.user_cache), and with KEEP_PAGES_FOR_READERS off,
each page worked out on every request. In-process, on the same database and Redis, it counts each
signed-in page's queries as served, worked out, and worked out after anyone's write.

It prints both tables and a line for each of issue 23's targets, and exits 1 when one is missed:
flat cost (p50 at the largest size <= 1.5x at the smallest, as served and worked out), fewer queries
(<= 12 a page as served, the navigation included) and throughput (each signed-in HTML page >= 25 % of
the signed-in trivial view's requests/s as served; the public pages >= 50 % of the signed-out one's).
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from html import unescape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
USER = "icsmg_secretary"
DEEP_PAGE = 500
# The share of the signed-out trivial view's requests/s a page must reach, where it is not 25 %.
THROUGHPUT = {"public body page": 0.5, "public meeting page": 0.5}
NEXT_LINK = re.compile(r'class="nhsuk-pagination__link nhsuk-pagination__link--next" href="([^"]+)"')


def environment(database):
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "DEBUG")}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings", DATABASE_URL=database, SECRET_KEY="bench-not-a-secret",
        ALLOWED_HOSTS="127.0.0.1", DATABASE_CONN_MAX_AGE="600", LOG_LEVEL="WARNING", TRUST_X_FORWARDED_PROTO="1",
        STATIC_ROOT="/tmp/ics-bench-static", MEDIA_ROOT="/tmp/ics-bench-media",
    )
    return env


def manage(env, *args, capture=False):
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True,
                            capture_output=True, text=True)
    return result.stdout if capture else None


def prepare(postgres, size, fresh):
    """The database ics_bench_<size>, loaded (kept between runs unless --fresh)."""
    import psycopg2

    name = f"ics_bench_{size}"
    admin = psycopg2.connect(f"{postgres}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
        if exists and fresh:
            cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = False
        if not exists:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    database = f"{postgres}/{name}"
    env = environment(database)
    manage(env, "migrate", "--noinput", "-v0")
    loaded = int(manage(env, "shell", "--no-imports", "-c", "from proposals.models import Proposal; "
                        "print(Proposal.objects.filter(reference__regex=r'^ICS-\\d{4}-\\d{6}$').count())",
                        capture=True).split()[-1])
    if loaded < size:
        started = time.monotonic()
        print(f"  loading {size:,} proposals into {name} …", flush=True)
        manage(env, "seed_demo")
        manage(env, "generate_load_data", "--proposals", str(size - loaded))
        print(f"  loaded in {time.monotonic() - started:.0f} s", flush=True)
    # The pipeline's figures as beat works them out each night (from this code, on a database kept from an
    # earlier run too): how long that nightly work takes at this size.
    started = time.monotonic()
    counted = manage(env, "pipeline_figures", capture=True).strip().splitlines()[-1]
    print(f"  pipeline figures worked out in {time.monotonic() - started:.0f} s ({counted})", flush=True)
    connection = psycopg2.connect(database)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    connection.close()
    manage(env, "collectstatic", "--noinput", "-v0")
    return env


SESSION = """
import json
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from proposals.models import Proposal
client = Client()
client.force_login(get_user_model().objects.get(username={user!r}))
# A proposal at quality assurance with its business case written, as a reader opens one (the load data's
# proposals have no finance lines, risks or options, and their page reads less).
proposal = Proposal.objects.filter(state="quality_assurance", finance_lines__isnull=False).order_by("-pk").first()
from django.urls import reverse
from governance.models import BoardPack
published = BoardPack.objects.exclude(accessible_file="").select_related("meeting").order_by("-pk").first()
body, meeting = published.meeting.body_id, published.meeting_id
from django.utils.crypto import get_random_string
# As a browser sends them after signing in: the session, and the CSRF secret its forms' tokens are made from.
cookie = (f"{{settings.SESSION_COOKIE_NAME}}={{client.session.session_key}}; "
          f"{{settings.CSRF_COOKIE_NAME}}={{get_random_string(32)}}")
print(json.dumps({{"cookie": cookie,
                  "proposal": proposal.get_absolute_url(), "proposals": Proposal.objects.count(),
                  "public_body": reverse("public:body", args=[body]),
                  "public_meeting": reverse("public:meeting", args=[body, meeting])}}))
"""


def start_server(env, workers, redis):
    # As deployed: the cache (and the broker, unused by these pages) in Redis, shared by the workers.
    env = {**env, "REDIS_URL": redis}
    # gunicorn.conf.py (read from ROOT) as deployed; its access line per request is not printed.
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "ics_commissioning.wsgi", "--bind", f"127.0.0.1:{PORT}",
         "--workers", str(workers), "--log-level", "warning",
         # A worker replaced mid-measurement (gunicorn.conf.py's max_requests) drops its connections.
         "--max-requests", "0"],
        cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            fetch("/bench/trivial/", "")
            return server
        except OSError:
            time.sleep(0.2)
    stop_server(server)
    raise SystemExit("gunicorn did not start")


def stop_server(server):
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def headers(cookie):
    # What the TLS proxy in front of gunicorn adds: without it SECURE_SSL_REDIRECT answers 301.
    return {"Cookie": cookie, "X-Forwarded-Proto": "https"}


def fetch(path, cookie):
    request = urllib.request.Request(BASE + path, headers=headers(cookie))
    with urllib.request.urlopen(request, timeout=60) as response:
        if response.status != 200 or response.url != BASE + path:
            raise SystemExit(f"{path} answered {response.status} at {response.url}")
        return response.read().decode()


def deep_page(cookie):
    """The proposal list's page 500 as a user reaches it, by following its Next links; with fewer
    pages, the last full one (a last page of a few rows would flatter the small database)."""
    path, number, full = "/proposals/", 1, ("/proposals/", 1)
    while number < DEEP_PAGE:
        found = NEXT_LINK.search(fetch(path, cookie))
        if not found:
            return full
        full = (path, number)
        path, number = "/proposals/" + unescape(found.group(1)), number + 1
    return path, number


def load(path, cookie, seconds, connections):
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", str(ROOT / "bench" / "wrk_report.lua")]
    for name, value in headers(cookie).items():
        command += ["-H", f"{name}: {value}"]
    subprocess.run([*command[:3], "-d2s", *command[4:], BASE + path], check=True, capture_output=True)  # warm-up
    output = subprocess.run([*command, BASE + path], check=True, capture_output=True, text=True).stdout
    result = json.loads(output.strip().splitlines()[-1])
    if result["errors"]:
        raise SystemExit(f"{path}: {result['errors']} errors under load")
    result["rps"] = result["requests"] / result["seconds"]
    return result


def bench_pages(info, cookie, deep):
    """{name: (path, cookie)}: the pages measured, signed in ("" signed out)."""
    return {
        "trivial view (signed out)": ("/bench/trivial/", ""),
        "trivial view (signed in)": ("/bench/trivial-signed-in/", cookie),
        "pipeline board": ("/proposals/pipeline/", cookie),
        "proposal list, page 1": ("/proposals/", cookie),
        f"proposal list, page {DEEP_PAGE}": (deep, cookie),
        "proposal page": (info["proposal"], cookie),
        "API list": ("/api/v1/proposals/", cookie),
        "search": ("/proposals/search/?q=cardiology+pathway", cookie),
        "decision log": ("/decisions/", cookie),
        # The pipeline's own numbers (issue 21): the secretary's body, the last 12 months.
        "pipeline figures": ("/pipeline/figures/", cookie),
        # Meetings in public (issue 19): signed out, as the public reads them.
        "public body page": (info["public_body"], ""),
        "public meeting page": (info["public_meeting"], ""),
    }


QUERIES = """
import json
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from ics_commissioning import data_generation
client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
client.force_login(get_user_model().objects.get(username={user!r}))
def count(path, keep, write=False):
    settings.KEEP_PAGES_FOR_READERS = keep
    client.get("/proposals/mine/")  # the CSRF cookie; the navigation and the reader's roles kept
    if write:
        data_generation.advance()  # as after anyone's write: nothing kept is read
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(queries)
counts = {{}}
for name, path in {pages!r}.items():
    after_a_write, worked_out = count(path, False, write=True), count(path, False)
    count(path, True)
    counts[name] = {{"after a write": after_a_write, "worked out": worked_out, "served": count(path, True)}}
print(json.dumps(counts))
"""


def count_queries(env, redis, pages):
    """{page: {"after a write", "worked out", "served": queries}} for the signed-in pages, in-process on the
    same database and Redis: worked out after anyone's write (nothing kept), worked out with the reader's
    navigation and roles kept (pages not kept), and as served (the page kept for its reader)."""
    signed_in = {name: path for name, (path, who) in pages.items() if who and not name.startswith("trivial")}
    output = manage({**env, "REDIS_URL": redis}, "shell", "--no-imports", "-c",
                    QUERIES.format(user=USER, pages=signed_in), capture=True)
    return json.loads(output.strip().splitlines()[-1])


def measure(env, seconds, connections, workers, redis, keep_pages):
    print("  pages kept for their reader" if keep_pages else "  pages worked out on every request", flush=True)
    info = json.loads(manage(env, "shell", "--no-imports", "-c", SESSION.format(user=USER), capture=True).strip().splitlines()[-1])
    cookie = info["cookie"]
    server = start_server({**env, "KEEP_PAGES_FOR_READERS": "1" if keep_pages else "0"}, workers, redis)
    try:
        deep, number = deep_page(cookie)
        pages = bench_pages(info, cookie, deep)
        results = {}
        for name, (path, who) in pages.items():
            if who:
                fetch(path, who)  # signed in and answered, not sent to the sign-in page
            results[name] = load(path, who, seconds, connections)
            print(f"  {name:<28} p50 {results[name]['p50']:7.1f} ms  p95 {results[name]['p95']:7.1f} ms"
                  f"  {results[name]['rps']:7.1f} req/s", flush=True)
        if keep_pages:
            results["_queries"] = count_queries(env, redis, pages)
        results["_deep_page_number"] = number
        results["_proposals"] = info["proposals"]
        return results
    finally:
        stop_server(server)


def table(small, large, queries):
    """Prints one table; returns the pages whose p50 grew by more than 1.5x and the signed-in HTML pages'
    shares of the signed-in trivial view's requests/s."""
    ceiling = large["trivial view (signed out)"]["rps"]
    signed_in = large["trivial view (signed in)"]["rps"]
    print(f"{'page':<28}{'p50 ms':>16}{'ratio':>7}{'p95 ms':>16}{'req/s':>16}"
          f"{'of trivial':>11}{'signed in':>10}{'queries':>9}")
    grew, shares = [], {}
    for name in small:
        if name.startswith("_"):
            continue
        a, b = small[name], large[name]
        ratio = b["p50"] / a["p50"]
        if not name.startswith("trivial"):
            if ratio > 1.5:
                grew.append(name)
            if name.startswith("public"):
                shares[name] = (b["rps"] / ceiling, THROUGHPUT[name])
            elif name != "API list":  # signed-in HTML pages
                shares[name] = (b["rps"] / signed_in, 0.25)
        print(f"{name:<28}{a['p50']:>7.1f} → {b['p50']:>6.1f}{ratio:>6.2f}x{a['p95']:>7.1f} → {b['p95']:>6.1f}"
              f"{a['rps']:>7.0f} → {b['rps']:>6.0f}{b['rps'] / ceiling:>10.0%}{b['rps'] / signed_in:>10.0%}"
              f"{queries.get(name, ''):>9}")
    return grew, shares


def report(by_size):
    sizes = sorted(by_size)
    small, large = by_size[sizes[0]], by_size[sizes[-1]]
    counts = large["served"]["_queries"]
    print(f"\n{small['served']['_proposals']:,} → {large['served']['_proposals']:,} proposals (the list's deep page: "
          f"page {small['served']['_deep_page_number']} → page {large['served']['_deep_page_number']})")
    print("\nAs served (pages kept for their reader until anything is written; queries as served):\n")
    grew, shares = table(small["served"], large["served"], {n: c["served"] for n, c in counts.items()})
    print("\nWorked out on every request (KEEP_PAGES_FOR_READERS off; queries with the navigation and the "
          "reader's roles kept, then after anyone's write, when nothing kept is read):\n")
    worked_grew, worked_shares = table(
        small["worked out"], large["worked out"],
        {n: f"{c['worked out']}/{c['after a write']}" for n, c in counts.items()})

    failures = 0

    def verdict(target, missed, detail):
        nonlocal failures
        failures += bool(missed)
        print(f"{'FAIL' if missed else 'PASS'}  {target}: {detail}")

    print()
    verdict("flat cost, p50 at the largest size <= 1.5x at the smallest, as served and worked out",
            grew + worked_grew, ", ".join(f"{n} ({'served' if n in grew else 'worked out'})"
                                          for n in grew + worked_grew) or "every page")
    over = {n: c["served"] for n, c in counts.items() if c["served"] > 12}
    verdict("fewer queries, every page <= 12 as served, the navigation included", over,
            ", ".join(f"{n} {c}" for n, c in over.items()) or "every page; worked out: " + ", ".join(
                f"{n} {c['worked out']}" for n, c in counts.items() if c["worked out"] > 12) + " above 12")
    short = {n: share for n, (share, floor) in shares.items() if share < floor}
    verdict("throughput, each signed-in HTML page >= 25 % of the signed-in trivial view's requests/s as served "
            "(public pages >= 50 % of the signed-out one's)", short,
            ", ".join(f"{n} {share:.0%}" for n, share in short.items()) or "every page; worked out: " + ", ".join(
                f"{n} {share:.0%}" for n, (share, _) in worked_shares.items()))
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,100000")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--fresh", action="store_true", help="reload the databases")
    parser.add_argument("--postgres", default=os.environ.get("POSTGRES_URL", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    options = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    by_size = {}
    for size in (int(s) for s in options.sizes.split(",")):
        print(f"{size:,} proposals", flush=True)
        env = prepare(options.postgres, size, options.fresh)
        by_size[size] = {
            kind: measure(env, options.seconds, options.connections, options.workers, options.redis, keep_pages=keep)
            for kind, keep in (("served", True), ("worked out", False))
        }
    sys.exit(1 if report(by_size) else 0)


if __name__ == "__main__":
    main()
