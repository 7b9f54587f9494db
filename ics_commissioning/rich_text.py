"""
Long text fields accept simple formatting written as Markdown (paragraphs, bullet and numbered
lists, bold, italics, links). One renderer for pages and PDFs: Markdown with raw HTML turned
off, so anything typed as HTML is shown as text, then sanitised again with nh3 as a second
line of defence. Images are never rendered: a board pack must not fetch anything a user named.
"""

import re

import nh3
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable("image")

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "h3", "h4", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

# What Word puts in a plain-text paste: bullet glyphs followed by a tab or spaces, no-break
# and zero-width spaces, Windows line endings.
_WORD_BULLET = re.compile(r"^[ \t]*[•·▪◦§o\uf0b7\uf0a7][ \t]+", re.MULTILINE)
_WORD_NUMBER = re.compile(r"^[ \t]*(\d+)[.)]\t+", re.MULTILINE)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff"), None) | {0xA0: " ", 0x202F: " "}


def normalise(text):
    """Tidy text as typed or pasted (e.g. from Word) before it is stored."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").translate(_INVISIBLE)
    text = _WORD_BULLET.sub("- ", text)
    text = _WORD_NUMBER.sub(r"\1. ", text)
    text = re.sub(r"[ \t]+$", "", text, flags=re.MULTILINE)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def render(text):
    """Safe HTML for stored text."""
    html = _markdown.render(text or "")
    return mark_safe(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=ALLOWED_URL_SCHEMES,
            link_rel="noopener noreferrer nofollow",
        )
    )
