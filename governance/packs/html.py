"""
A board pack's HTML, from the print templates, and its layout by WeasyPrint, which loads nothing
but our own static files (safe_url_fetcher). What is printed is governance.packs.inputs; putting
the finished file together is governance.packs.pdf. The minutes' PDF is laid out here too.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Part of the inputs, so bumping it rebuilds every pack once: bump it when the print templates,
# the stylesheet or the chart change what a pack looks like.
LAYOUT_VERSION = 8

TEMPLATE = "governance/print/pack.html"
STYLESHEET = "governance/board_pack.css"  # a static file, fetched only through safe_url_fetcher

# Relative URLs in the pack resolve against this base. ".invalid" is reserved (RFC 6761) and never
# resolves, so a URL that got past the fetcher still could not reach a real host.
PACK_BASE_URL = "https://board-pack.invalid/"


# -- The pack as HTML, laid out -----------------------------------------------------------------


def render_html(inputs, *, front=True, items=None, start_pages=None, accessible=False):
    """
    The pack as one HTML document, from the print templates: the front matter (if `front`) and
    the given items (all by default). `start_pages` ({anchor: page number}) prints the contents'
    page numbers as given; without it WeasyPrint counts them (target-counter), which is right only
    when the whole pack is laid out together. Everything typed is auto-escaped; long text goes
    through rich_text (Markdown, sanitised, no images). `accessible`: the published version, laid
    out whole and tagged (governance.packs.accessible), which numbers its own pages.
    """
    items = inputs["items"] if items is None else items
    start_pages = start_pages or {}
    return render_to_string(
        TEMPLATE,
        {
            "pack": inputs,
            "front": front,
            "accessible": accessible,
            "papers": items,
            "contents": [(item, start_pages.get(item["anchor"])) for item in inputs["items"]],
            "declarations": [(item, declared) for item in inputs["items"] for declared in item["declarations"]],
            "running_header": running_header(f"{inputs['body']['name']}, {inputs['meeting']['date']}",
                                             inputs["part_label"]),
            # Not {% static %}: a hashed production name is unknown to the finders the fetcher uses.
            "stylesheet_url": settings.STATIC_URL + STYLESHEET,
        },
    )


def running_header(left, right):
    """The page header's two texts as a <style> rule (the print templates' running_header)."""
    return mark_safe(  # noqa: S308 - both strings are escaped for CSS by css_string
        "@page { @top-left { content: %s } @top-right { content: %s } }" % (css_string(left), css_string(right))
    )


def css_string(text):
    """`text` as a quoted CSS string that cannot end the string, the rule or the <style> element:
    anything but letters, digits, spaces and plain punctuation is written as a CSS escape."""
    # An escape is six hex digits and a space, which CSS takes as part of the escape.
    return '"' + "".join(ch if ch.isalnum() or ch in " ,.:;-'()&/" else f"\\{ord(ch):06x} " for ch in text) + '"'


def layout(html, font_config=None):
    """Lay the HTML out as pages. Loads nothing but our own static files: see safe_url_fetcher.
    Parts laid out with one FontConfiguration can be written as one PDF with fonts embedded once."""
    document = HTML(string=html, base_url=PACK_BASE_URL, url_fetcher=_PackURLFetcher())
    return document.render(font_config=font_config)


def render_pdf(html):
    """The HTML laid out and written in one pass: the raw WeasyPrint a build is measured against.
    Untagged: the finished pack is put together from pages (governance.packs.pdf), and pypdf cannot
    carry a tagged PDF's structure tree across that; bookmarks, links, title and language stay."""
    return layout(html).write_pdf()


def safe_url_fetcher(url):
    """
    The only way a pack being rendered can load anything: our own static files, named by a URL
    under STATIC_URL (resolved against PACK_BASE_URL) and read from disk through the staticfiles
    finders. Raises ValueError for every other URL: other schemes (http, https, file, ftp, data),
    other hosts, relative paths, `..`, queries, and files the finders do not know.

    Why: packs are rendered in a worker from text that people typed. WeasyPrint's own fetcher
    follows http(s), ftp, file: and data: URLs, so a single image or stylesheet URL reaching the
    HTML would make the worker call hosts on our network (server-side request forgery) or copy a
    local file (file:///etc/passwd, the settings, other people's uploads) into a PDF that is then
    circulated. rich_text already escapes HTML and drops images; this holds whatever a future
    template, Markdown option or <base> element lets through. Refusals are logged by WeasyPrint
    and the render carries on without the resource.
    """
    prefix = urljoin(PACK_BASE_URL, settings.STATIC_URL)
    split = urlsplit(url)
    if not url.startswith(prefix) or split.query or split.fragment:
        raise ValueError(f"A board pack loads only its own static files, not {url!r}.")
    path = unquote(url.removeprefix(prefix))
    if "\\" in path or "\x00" in path or any(segment in ("", ".", "..") for segment in path.split("/")):
        raise ValueError(f"Not a plain static file path: {url!r}.")
    found = finders.find(path)
    if not found or not Path(found).is_file():
        raise ValueError(f"No such static file: {url!r}.")
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    return URLFetcherResponse(url, Path(found).read_bytes(), headers={"Content-Type": content_type})


class _PackURLFetcher(URLFetcher):
    """WeasyPrint asks a URLFetcher for every resource; this one answers only via safe_url_fetcher
    (looked up when called, so a test can wrap it to see every URL asked for)."""

    def fetch(self, url, headers=None):
        return safe_url_fetcher(url)
