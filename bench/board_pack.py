"""
Board pack rendering benchmark (not a test): DEBUG=1 .venv/bin/python bench/board_pack.py

Sets Django up against a throwaway SQLite database and MEDIA_ROOT under /tmp, runs migrate and
seed_demo, adds a generated 20-item ICS Management Group meeting (10 proposals at quality
assurance, walked there through the services, and 10 plain papers), then measures:

- raw WeasyPrint: one HTML(...).write_pdf() pass over the pack's combined HTML;
- full build: governance.packs.build() of a pack with no earlier version to reuse;
- one-change rebuilds (packs.build() of the next version): one paper's text changes; one paper's
  title changes (so the agenda and contents change too); one paper grows by two pages (so every
  later page number changes);
- request: packs.request_build() with the Celery task not executed;
- peak memory (ru_maxrss) and file sizes;

and prints them against the targets of the issue: full build <= 1.25x raw WeasyPrint, one-change
rebuild <= 25 % of a full build, request <= 0.2 s. Options: --repeat N (best of N, default 3).
"""

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django():
    work = Path(tempfile.mkdtemp(prefix="board-pack-bench-", dir="/tmp"))
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'db.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(work / "media")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ics_commissioning.settings")
    os.environ.pop("REDIS_URL", None)  # tasks run eagerly in-process, never sent anywhere
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # DEBUG keeps every query in memory, which would skew the figures
    return work


def max_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


LOREM = (
    "The programme brings together commissioners and providers across the four places to agree a single "
    "pathway, shared measures and a common approach to workforce. Early work has mapped current activity, "
    "spend and outcomes, and identified where duplication between organisations can be removed. "
)


def make_meeting():
    """A 20-item Part A agenda for a new ICS Management Group meeting, from the demo's people."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from governance import services as governance
    from governance.models import Body, Meeting
    from proposals import services
    from proposals.enums import TriageQuestion
    from proposals.models import FinanceLine, Risk
    from scoring.services import assign_assessor, complete_assessment, declare_interest, record_scores

    users = {u.username: u for u in get_user_model().objects.all()}
    icsmg = Body.objects.get(name="ICS Management Group")
    clg = Body.objects.get(name="Clinical Leadership Group")
    secretary = users["icsmg_secretary"]
    meeting = Meeting.objects.create(
        body=icsmg, starts_at=timezone.now() + datetime.timedelta(days=30), location="Benchmark Room"
    )
    for n in range(1, 11):
        proposal = services.create_proposal(
            by=users["lead"], title=f"Benchmark proposal {n}: integrated pathway for long-term conditions",
            outline={"summary": LOREM * 2, "ics_aspirations": LOREM, "quality_safety": LOREM, "finance_summary": LOREM,
                     "contracting": LOREM},
        )
        proposal.co_authors.add(users["coauthor"])
        FinanceLine.objects.create(proposal=proposal, financial_year="2026/27", quarter=1,
                                   projected_spend=120000, projected_savings=40000)
        Risk.objects.create(proposal=proposal, description="Clinical workforce gaps", likelihood=3, impact=4,
                            mitigation="Joint recruitment", owner="Workstream lead")
        services.record_triage(proposal, {TriageQuestion.NATIONALLY_DESCRIBED: False,
                                          TriageQuestion.VULNERABILITY_ACROSS_ICPS: True}, by=users["lead"])
        services.submit(proposal, by=users["lead"])
        services.accept_for_assessment(proposal, by=users["clg_secretary"])
        for name in ("assessor1", "assessor3"):
            assessment = assign_assessor(proposal, users[name], by=users["clg_secretary"])
            declare_interest(assessment, by=users[name], has_interest=False)
            categories = list(assessment.rubric.categories.all())
            record_scores(assessment, {c: (3, f"Rationale for {c.name}") for c in categories}, by=users[name],
                          submit=True)
        complete_assessment(proposal, by=users["clg_secretary"], on_behalf_of=clg)
        services.save_business_case(
            proposal, by=users["lead"], words={"engagement": LOREM, "procurement": LOREM,
                                               "procurement_route": "existing_contract", "delivery": LOREM,
                                               "benefits": LOREM, "review": LOREM},
            rows={"options": [{"title": "Do nothing", "description": LOREM, "is_do_nothing": True},
                              {"title": "Integrated pathway", "description": LOREM, "is_preferred": True}]})
        services.submit_full_case(proposal, by=users["lead"])
        governance.add_proposal_to_agenda(meeting, proposal, by=secretary,
                                          recommendations="Confirm the proposal is quality assured.")
    for n in range(1, 11):
        governance.add_paper(
            meeting, by=secretary, title=f"Benchmark paper {n}: programme update", purpose="information",
            author="Head of Programmes", sponsor="Director of Strategy", background=LOREM * 2,
            progress="1. Mapping complete.\n2. Options appraisal under way.\n3. Engagement planned.",
            recommendations="Note the update.",
        )
    # One paper carries a 4-page PDF, appended after it in the pack.
    from django.core.files.uploadedfile import SimpleUploadedFile
    from weasyprint import HTML

    appendix = HTML(string="".join(f"<h1 style='break-before: page'>Appendix page {n}</h1><p>{LOREM * 8}</p>"
                                   for n in range(1, 5))).write_pdf()
    paper = meeting.items.order_by("order")[12]
    governance.attach_document(paper, by=secretary, title="Activity tables",
                               file=SimpleUploadedFile("tables.pdf", appendix), content_type="application/pdf",
                               original_name="tables.pdf")
    return meeting


def best(times):
    return min(times), statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best and median shown)")
    args = parser.parse_args()

    work = setup_django()
    import io

    from django.core.management import call_command
    from pypdf import PdfReader

    from governance import packs
    from governance.models import AgendaItem, BoardPack
    from governance.packs.html import render_html, render_pdf
    from governance.packs.inputs import pack_inputs

    print(f"Working in {work}")
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    meeting = make_meeting()
    secretary = meeting.body.memberships.get(role="secretary").user
    print(f"Meeting {meeting.pk}: {meeting.items.filter(part='A').count()} Part A items")
    rss_start = max_rss_mb()

    # Raw WeasyPrint on the combined HTML of the whole pack: one layout and one write, nothing else.
    html = render_html(pack_inputs(meeting, "A"))
    raw, raw_pdf = [], None
    for _ in range(args.repeat):
        started = time.perf_counter()
        raw_pdf = render_pdf(html)
        raw.append(time.perf_counter() - started)
    rss_raw = max_rss_mb()
    raw_pages = len(PdfReader(io.BytesIO(raw_pdf)).pages)

    # The request, with the task not executed.
    enqueue = packs._enqueue
    packs._enqueue = lambda pack: None
    try:
        requests = []
        for _ in range(args.repeat):
            BoardPack.objects.filter(meeting=meeting).delete()
            started = time.perf_counter()
            packs.request_build(meeting, "A", by=secretary)
            requests.append(time.perf_counter() - started)
    finally:
        packs._enqueue = enqueue

    def build_fresh():
        """Request (task not run) and build one new pack version; returns (seconds, pack)."""
        packs._enqueue = lambda pack: None
        try:
            pack = packs.request_build(meeting, "A", by=secretary)
        finally:
            packs._enqueue = enqueue
        started = time.perf_counter()
        pack = packs.build(pack)
        return time.perf_counter() - started, pack

    # Full build: the first version, so nothing to reuse.
    full = []
    for _ in range(args.repeat):
        BoardPack.objects.filter(meeting=meeting).delete()
        seconds, full_pack = build_fresh()
        assert full_pack.layout["mode"] == "full"
        full.append(seconds)
    rss_full = max_rss_mb()

    # One paper changes, three ways; each run builds the next version from the last, starting from a
    # full build for each kind (as after publication), so no run is a compacting full build.
    papers = list(meeting.items.filter(part="A", proposal__isnull=True).order_by("order"))
    changes = {
        "text": lambda item, n: AgendaItem.objects.filter(pk=item.pk).update(
            recommendations=f"Note the update (revision {n})."),
        "title": lambda item, n: AgendaItem.objects.filter(pk=item.pk).update(
            title=f"Benchmark paper: programme update, revision {n}"),
        "grows": lambda item, n: AgendaItem.objects.filter(pk=item.pk).update(
            background=LOREM * (2 + 14 * ((n + 1) % 2))),  # about two pages longer, then back
    }
    changed, laid_out = {}, {}
    for kind, change in changes.items():
        changed[kind] = []
        item = papers[-2] if kind == "grows" else papers[-1]
        BoardPack.objects.filter(meeting=meeting).delete()
        build_fresh()
        for n in range(args.repeat):
            change(item, n)
            seconds, changed_pack = build_fresh()
            assert changed_pack.layout["mode"] == "incremental", changed_pack.layout["mode"]
            changed[kind].append(seconds)
            laid_out[kind] = changed_pack.layout["laid_out"]
    rss_changed = max_rss_mb()

    with full_pack.file.open("rb") as handle:
        full_size = len(handle.read())
    with changed_pack.file.open("rb") as handle:
        changed_size = len(handle.read())

    raw_best, raw_median = best(raw)
    full_best, full_median = best(full)
    request_best, request_median = best(requests)
    rows = [
        ("raw WeasyPrint, one pass", raw_best, raw_median, ""),
        ("full build (packs.build)", full_best, full_median,
         f"{full_median / raw_median:.2f}x raw; target <= 1.25x: "
         + ("PASS" if full_median <= 1.25 * raw_median else "FAIL")),
    ]
    for kind, label in (("text", "rebuild: one paper's text"), ("title", "rebuild: one paper's title"),
                        ("grows", "rebuild: one paper +2 pages")):
        b, m = best(changed[kind])
        rows.append((label, b, m, f"{m / full_median:.0%} of full; target <= 25%: "
                     + ("PASS" if m <= 0.25 * full_median else "FAIL") + f"; laid out: {', '.join(laid_out[kind])}"))
    rows.append(("request_build (task not run)", request_best, request_median,
                 "target <= 0.2 s: " + ("PASS" if request_median <= 0.2 else "FAIL")))
    print()
    print(f"{'measurement':<32}{'best s':>9}{'median s':>10}  verdict")
    for name, b, m, verdict in rows:
        print(f"{name:<32}{b:>9.3f}{m:>10.3f}  {verdict}")
    print()
    print(f"pages: raw {raw_pages}, build {full_pack.page_count}, after the last change {changed_pack.page_count}")
    print(f"file size: raw {len(raw_pdf) / 1024:.0f} KiB, build {full_size / 1024:.0f} KiB, "
          f"after change {changed_size / 1024:.0f} KiB")
    print(f"peak RSS (ru_maxrss, whole process): after setup {rss_start:.0f} MB, after raw {rss_raw:.0f} MB, "
          f"after full builds {rss_full:.0f} MB, after rebuilds {rss_changed:.0f} MB")
    print(f"runs per measurement: {args.repeat}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
