"""
The file half of a board pack. WeasyPrint lays out the parts (governance.packs.html); this
module finds where each part's pages are, and makes the finished PDF from pages with pypdf: the
PDF documents attached to papers drawn onto the pages laid out for them, "Page n of N" stamped on
every page, the contents' links and the bookmarks.

Why the page numbers are stamped here rather than by WeasyPrint's `counter(pages)`: a pack is
rebuilt from the pages of its last build plus the parts that changed (governance.packs). With the
numbers in the laid-out pages, one paper growing by a page would change every page's "of N", and
every paper would have to be laid out again. Stamped afterwards, a page stays reusable as long as
its own content is unchanged. The same goes for the links and bookmarks, which point at pages.
"""

import io
from dataclasses import dataclass

from django.core.files.storage import default_storage
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    TextStringObject,
)

MM = 72 / 25.4  # PDF points per millimetre
PX = 0.75  # PDF points per CSS pixel
# As @page in static/governance/board_pack.css: A4, margins 24 / 18 / 20 / 18 mm.
PAGE_HEIGHT = 297 * MM
PAGE_WIDTH = 210 * MM
MARGIN_TOP, MARGIN_SIDE, MARGIN_BOTTOM = 24 * MM, 18 * MM, 20 * MM
# An appended page keeps the pack's header and footer and a label line (.appended-label) above it.
APPENDED_LABEL = 10 * MM
FOOTER_BASELINE = MARGIN_BOTTOM - 4 * MM - 8.5 * 0.9  # as @bottom-left: 4 mm below the body, 8.5 pt text
FOOTER_SIZE = 8.5
SEAL_MARK = b"% ICS board pack: end of the page's own content\n"
STAMP_MARK = b"% ICS board pack: page number\n"
# Advance widths of Helvetica (a standard PDF font, so nothing is embedded) for what a stamp says.
_HELVETICA = {"P": 667, "a": 556, "g": 556, "e": 556, " ": 278, "o": 556, "f": 278, **dict.fromkeys("0123456789", 556)}


# -- Where the parts are ------------------------------------------------------------------------


@dataclass
class LaidOut:
    """Where the front matter and some items sit in one laid-out WeasyPrint document."""

    front_pages: int  # pages before the first item: the whole document when it is front matter only
    items: dict  # anchor -> (first page, page count), indexes into the document's pages
    documents: dict  # placeholder anchor -> first page of an appended document's placeholder pages
    links: list  # the front matter's links to items: [page index, [x0, y0, x1, y1] in points, anchor]


def locate(document, items):
    """Find the front matter, the given items and their appended documents in a laid-out document."""
    anchors = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, index)
    starts = [anchors[item["anchor"]] for item in items]
    ends = [*starts[1:], len(document.pages)] if starts else []
    front_pages = starts[0] if starts else len(document.pages)
    links = []
    for index, page in enumerate(document.pages[:front_pages]):
        for kind, target, box, _ in page.links:
            link = [index, _rect(box), target]
            if kind == "internal" and link not in links:  # a link's ::after content repeats it
                links.append(link)
    return LaidOut(
        front_pages=front_pages,
        items={item["anchor"]: (start, end - start) for item, start, end in zip(items, starts, ends, strict=True)},
        documents={name: index for name, index in anchors.items() if name.startswith("item-") and "-doc-" in name},
        links=links,
    )


def _rect(box):
    """A CSS-pixel rectangle from the top left (x0, y0, x1, y1) as PDF points from the bottom left."""
    x0, y0, x1, y1 = box
    return [round(x0 * PX, 2), round(PAGE_HEIGHT - y1 * PX, 2), round(x1 * PX, 2), round(PAGE_HEIGHT - y0 * PX, 2)]


# -- The finished file --------------------------------------------------------------------------


def read(pdf_bytes):
    return PdfReader(io.BytesIO(pdf_bytes))


def assemble(pages, *, layout, appended, title, author):
    """
    The finished pack from `pages` (pypdf pages in order, from this build's layout and the last
    pack), where `layout` is the pack's layout (governance.packs) and `appended` lists the
    (page index, stored file name, page number in that file) to draw onto placeholder pages.
    """
    writer = PdfWriter()
    for page in pages:
        _strip_page_furniture(page)
        writer.add_page(page)
    for page in writer.pages:
        _seal(writer, page)
    _draw_appended(writer, appended)
    total = len(writer.pages)
    font = writer._add_object(  # noqa: SLF001 - pypdf has no public call for a shared object
        DictionaryObject({
            NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"), NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        })
    )
    for number, page in enumerate(writer.pages, start=1):
        _stamp(writer, page, font, f"Page {number} of {total}")
    for page_index, rect, anchor in layout["front"]["links"]:
        target = _item_start(layout, anchor)
        if target is not None:
            writer.add_annotation(page_index, Link(rect=rect, target_page_index=target))
    for item in layout["items"]:
        parent = writer.add_outline_item(title=f"{item['number']} {item['title']}", page_number=item["start"])
        for document in item["documents"]:
            writer.add_outline_item(title=f"Appended: {document['title']}", page_number=document["start"], parent=parent)
    writer.add_metadata({"/Title": title, "/Author": author, "/Creator": "ICS Commissioning"})
    writer._root_object[NameObject("/Lang")] = TextStringObject("en-GB")  # noqa: SLF001
    writer._root_object[NameObject("/PageMode")] = NameObject("/UseOutlines")  # noqa: SLF001
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _item_start(layout, anchor):
    return next((item["start"] for item in layout["items"] if item["anchor"] == anchor), None)


# A page's content streams once assembled: [b"q", WeasyPrint's own…, SEAL (+ any appended PDF page
# drawn on it), STAMP]. WeasyPrint leaves its coordinate transform in place at the end of a page,
# so its content is enclosed in q … Q before anything is drawn after it. The seal and what is drawn
# with it belong to the page and are kept when the page is reused; the stamp is taken off.


def _contents(page):
    contents = page.get("/Contents")
    if isinstance(contents, ArrayObject):
        return list(contents)
    return [page.raw_get("/Contents")] if contents is not None else []


def _starts_with(reference, mark):
    return isinstance(reference, IndirectObject) and reference.get_object().get_data().startswith(mark)


def _strip_page_furniture(page):
    """Take off what assemble() adds that depends on the whole pack, so that a page of the last
    pack can be used again: its page stamp, and links into the pack (WeasyPrint's named ones, or
    ours to pages of the last file)."""
    contents = _contents(page)
    if contents and _starts_with(contents[-1], STAMP_MARK):
        page[NameObject("/Contents")] = ArrayObject(contents[:-1])
    if "/Annots" in page:
        kept = [a for a in page["/Annots"] if not _is_internal_link(a.get_object())]
        if kept:
            page[NameObject("/Annots")] = ArrayObject(kept)
        else:
            del page["/Annots"]


def _is_internal_link(annotation):
    if annotation.get("/Subtype") != "/Link":
        return False
    action = annotation.get("/A")
    return "/Dest" in annotation or (action is not None and action.get_object().get("/S") == "/GoTo")


def _stream(writer, data, *, compress=False, **entries):
    stream = DecodedStreamObject()
    stream.set_data(data)
    stream.update({NameObject(key): value for key, value in entries.items()})
    return writer._add_object(stream.flate_encode() if compress else stream)  # noqa: SLF001 - no public call


def _seal(writer, page):
    contents = _contents(page)
    if contents and _starts_with(contents[-1], SEAL_MARK):
        return  # a page of the last pack: sealed, with whatever was drawn on it
    # In an array, content streams must be indirect objects; pypdf may leave one direct.
    contents = [part if isinstance(part, IndirectObject) else writer._add_object(part) for part in contents]  # noqa: SLF001
    page[NameObject("/Contents")] = ArrayObject(
        [_stream(writer, b"q\n"), *contents, _stream(writer, b"Q\n" + SEAL_MARK)]
    )


def _draw_appended(writer, appended):
    """Draw each page of an appended PDF, scaled to fit, into the body of its placeholder page, within
    the page's seal (so that a page reused by the next build keeps it)."""
    for page, drawing in _appended_drawings(writer, appended, label_height=APPENDED_LABEL):
        seal = _contents(page)[-1].get_object()
        seal.set_data(seal.get_data() + drawing)


def draw_appended_as_artifacts(pdf_bytes, appended, *, label_height):
    """
    The tagged pack (governance.packs.accessible) with each appended PDF's pages drawn onto their
    placeholder pages. The appended document is someone else's file, whose own tags (if it has any)
    cannot be carried into this pack's structure tree: it is drawn as an artifact, so that the pack's
    tagged text stays whole, and its tagged label says what the page holds and where to find the
    document itself (or an accessible copy). The structure tree, title and language are kept.
    """
    writer = PdfWriter(clone_from=io.BytesIO(pdf_bytes))
    for page, drawing in _appended_drawings(writer, appended, label_height=label_height):
        # WeasyPrint leaves its coordinate transform in place at the end of a page: enclose it first.
        contents = [part if isinstance(part, IndirectObject) else writer._add_object(part)  # noqa: SLF001
                    for part in _contents(page)]
        page[NameObject("/Contents")] = ArrayObject([
            _stream(writer, b"q\n"), *contents,
            _stream(writer, b"Q\n/Artifact BMC\n" + drawing + b"EMC\n"),
        ])
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def is_tagged(name):
    """Whether a stored PDF is a tagged one (marked, with a structure tree): the best a pack can say of
    whether an appended document is accessible."""
    try:
        with default_storage.open(name, "rb") as file:
            reader = PdfReader(io.BytesIO(file.read()))
        if reader.is_encrypted:
            reader.decrypt("")
        root = reader.trailer["/Root"]
        mark_info = root.get("/MarkInfo")
        return bool(mark_info and mark_info.get_object().get("/Marked")) and "/StructTreeRoot" in root
    except Exception:  # noqa: BLE001 - a PDF that cannot be read is not one we can call accessible
        return False


def _appended_drawings(writer, appended, *, label_height):
    """(placeholder page, the operators that draw its appended page) for each of `appended`: the
    page, scaled to fit below its label, as a form XObject drawn with one operator (its content is not
    parsed or copied), in a thin grey frame."""
    readers = {}
    top = PAGE_HEIGHT - MARGIN_TOP - label_height
    width, height = PAGE_WIDTH - 2 * MARGIN_SIDE, top - MARGIN_BOTTOM
    for page_index, name, number in appended:
        if name not in readers:
            with default_storage.open(name, "rb") as file:
                reader = PdfReader(io.BytesIO(file.read()))
            if reader.is_encrypted:
                reader.decrypt("")
            readers[name] = reader
        source = readers[name].pages[number]
        if source.rotation:  # undo it on a writer's copy: only such a page can have its rotation moved
            source = PdfWriter(clone_from=readers[name]).pages[number]
            source.transfer_rotation_to_content()
        box = [float(value) for value in source.mediabox]
        box_width, box_height = box[2] - box[0], box[3] - box[1]
        scale = min(width / box_width, height / box_height)
        left = MARGIN_SIDE + (width - box_width * scale) / 2
        bottom = top - box_height * scale
        form = _stream(
            writer, b"\n".join(part.get_object().get_data() for part in _contents(source)), compress=True,
            **{"/Type": NameObject("/XObject"), "/Subtype": NameObject("/Form"),
               "/BBox": ArrayObject(FloatObject(value) for value in box),
               "/Resources": source.get("/Resources", DictionaryObject()).clone(writer)},
        )
        page = writer.pages[page_index]
        _add_resource(page, "/XObject", f"/Appended{page_index}", form)  # a name unique in the pack
        yield page, (
            f"q {scale:.5f} 0 0 {scale:.5f} {left - box[0] * scale:.2f} {bottom - box[1] * scale:.2f} cm "
            f"/Appended{page_index} Do Q\n"
            # A thin grey frame: where the appended document's page ends and the pack's begins.
            f"q 0.5 w 0.6 G {left:.2f} {bottom:.2f} {box_width * scale:.2f} {box_height * scale:.2f} re S Q\n"
        ).encode()


def _add_resource(page, kind, name, reference):
    """Name a resource for the page. WeasyPrint's pages share one resources dictionary, which is
    added to rather than copied (a copy per page would repeat its contents in every page)."""
    resources = page.setdefault(NameObject("/Resources"), DictionaryObject()).get_object()
    resources.setdefault(NameObject(kind), DictionaryObject()).get_object()[NameObject(name)] = reference


def _stamp(writer, page, font, text):
    """Add `text` at the foot of the page, right-aligned with the body, as its own content stream."""
    _add_resource(page, "/Font", "/FStamp", font)
    width = sum(_HELVETICA[ch] for ch in text) * FOOTER_SIZE / 1000
    x = PAGE_WIDTH - MARGIN_SIDE - width
    stamp = STAMP_MARK + f"q BT /FStamp {FOOTER_SIZE} Tf 0 g {x:.2f} {FOOTER_BASELINE:.2f} Td ({text}) Tj ET Q\n".encode()
    page[NameObject("/Contents")] = ArrayObject([*_contents(page), _stream(writer, stamp)])
