"""
Feasibility experiment for an incremental board pack (not a test, not production code):
DEBUG=1 .venv/bin/python bench/split_experiment.py

Splits the pack's combined HTML into the front matter and one document per item, renders each
with WeasyPrint's own API (one shared FontConfiguration, the stylesheet parsed once), combines the
pages with Document.copy(pages).write_pdf(), and times each step: what a per-item cache could save
and what it cannot (the final write_pdf of the whole pack). Footers and contents numbers are NOT
corrected here; it measures cost only.
"""

import io
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from board_pack import make_meeting, setup_django  # noqa: E402


def main():
    work = setup_django()
    import shutil

    from django.conf import settings
    from django.core.management import call_command
    from pypdf import PdfReader
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from governance.pack_rendering import PACK_BASE_URL, STYLESHEET, _PackURLFetcher, pack_inputs, render_html

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    meeting = make_meeting()
    html = render_html(pack_inputs(meeting, "A"))
    fetcher = _PackURLFetcher()

    started = time.perf_counter()
    one_pass = HTML(string=html, base_url=PACK_BASE_URL, url_fetcher=fetcher).render()
    layout_one = time.perf_counter() - started
    started = time.perf_counter()
    one_pdf = one_pass.write_pdf(pdf_tags=True)
    write_one = time.perf_counter() - started

    head, _, rest = html.partition("<article")
    chunks = ["<article" + c for c in rest.split("<article")]
    chunks[-1] = chunks[-1].replace("</body>", "").replace("</html>", "")
    link = re.search(r'<link rel="stylesheet"[^>]*>', head)[0]
    head = head.replace(link, "")
    prologue = head[: head.index("<body>") + len("<body>")]

    font_config = FontConfiguration()
    started = time.perf_counter()
    css = CSS(url=PACK_BASE_URL.rstrip("/") + settings.STATIC_URL + STYLESHEET, url_fetcher=fetcher,
              font_config=font_config)
    css_seconds = time.perf_counter() - started

    def render(body_html):
        return HTML(string=body_html, base_url=PACK_BASE_URL, url_fetcher=fetcher).render(
            stylesheets=[css], font_config=font_config, pdf_tags=True)

    started = time.perf_counter()
    front = render(head + "</body></html>")
    front_seconds = time.perf_counter() - started
    item_seconds, items = [], []
    for chunk in chunks:
        started = time.perf_counter()
        items.append(render(prologue + chunk + "</body></html>"))
        item_seconds.append(time.perf_counter() - started)
    pages = front.pages + [page for doc in items for page in doc.pages]
    started = time.perf_counter()
    combined = front.copy(pages).write_pdf(pdf_tags=True)
    write_combined = time.perf_counter() - started

    full_split = css_seconds + front_seconds + sum(item_seconds) + write_combined
    one_change = front_seconds + max(item_seconds) + write_combined
    full_one = layout_one + write_one
    print(f"one pass: layout {layout_one:.2f} s + write_pdf {write_one:.2f} s = {full_one:.2f} s, "
          f"{len(PdfReader(io.BytesIO(one_pdf)).pages)} pages, {len(one_pdf) / 1024:.0f} KiB")
    print(f"split: css {css_seconds:.2f} s, front {front_seconds:.2f} s ({len(front.pages)} pages), "
          f"{len(items)} items {sum(item_seconds):.2f} s (max {max(item_seconds):.2f}), "
          f"write_pdf of combined {write_combined:.2f} s")
    print(f"split full build {full_split:.2f} s = {full_split / full_one:.2f}x one pass; "
          f"{len(PdfReader(io.BytesIO(combined)).pages)} pages, {len(combined) / 1024:.0f} KiB")
    print(f"one-item change (front + slowest item + write_pdf) {one_change:.2f} s = "
          f"{one_change / full_one:.0%} of one pass; write_pdf alone is {write_combined / full_one:.0%}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__" and "--write" not in sys.argv:
    main()


def write_options():
    """How much of write_pdf is font subsetting and tagging: DEBUG=1 ... split_experiment.py --write"""
    work = setup_django()
    import shutil

    from django.core.management import call_command
    from weasyprint import HTML

    from governance.pack_rendering import PACK_BASE_URL, _PackURLFetcher, pack_inputs, render_html

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    html = render_html(pack_inputs(make_meeting(), "A"))
    document = HTML(string=html, base_url=PACK_BASE_URL, url_fetcher=_PackURLFetcher()).render(pdf_tags=True)
    for options in ({"pdf_tags": True}, {"pdf_tags": False}, {"pdf_tags": True, "full_fonts": True},
                    {"pdf_tags": True, "uncompressed_pdf": True}):
        started = time.perf_counter()
        pdf = document.write_pdf(**options)
        print(f"write_pdf({options}): {time.perf_counter() - started:.2f} s, {len(pdf) / 1024:.0f} KiB")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__" and "--write" in sys.argv:
    write_options()
