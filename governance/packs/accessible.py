"""
The board pack as published: a meeting's Part A pack for a body that meets in public, laid out again
in one tagged pass, PDF/UA-1, for the public site (public.views) and anyone who cannot read the
members' untagged working copy.

Why a second render: the members' pack is put together from reused pages (governance.packs), and
pypdf cannot carry a tagged PDF's structure tree across that. The published version is the one the
accessibility regulations apply to, so it is laid out whole, by WeasyPrint alone: the title and
language, the headings and table headers, the contents' links and the bookmarks, the page numbers
(as artifacts), and each score chart as a figure whose alternative text gives the scores as a
sentence. It prints exactly what the members' version printed: it is rendered from the same inputs,
and those inputs are kept with it (BoardPack.printed) for the public HTML pages.

Appended PDFs are other people's files: they are drawn onto their pages as artifacts under a tagged
label that says so, names the document and says whether it is tagged. One that is not is listed as
"may not be accessible", with the address to ask for an accessible copy.
"""

import logging
from functools import partial

from celery import current_app
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone

from ..enums import AgendaPart, MeetingStatus, PackStatus
from ..models import BoardPack
from ..signals import public_record_changed
from . import pdf as pack_pdf
from .html import layout, render_html
from .inputs import inputs_hash, pack_inputs

logger = logging.getLogger(__name__)

BUILD_TASK = "governance.tasks.build_accessible_pack"  # governance.packs.tasks.build_accessible_pack
# The label above an appended page in the published pack: it says more than the members' one.
LABEL_HEIGHT = 22 * pack_pdf.MM
STALE = ("The meeting's papers changed after this version was built, so it was not published: the next "
         "version of the pack is.")
# The meetings whose Part A papers are on the public site: issued, and not withdrawn by a postponement.
PUBLISHED_STATUSES = (MeetingStatus.PUBLISHED, MeetingStatus.IN_SESSION, MeetingStatus.HELD,
                      MeetingStatus.MINUTES_APPROVED)


def enquiries_address(body):
    """Where the public ask for an accessible copy, or about a body's meetings."""
    return body.public_enquiries or settings.PUBLIC_ENQUIRIES_EMAIL


def is_published(pack):
    """Whether this pack is one the public site shows: Part A, of an issued meeting of a body that meets
    in public."""
    meeting = pack.meeting
    return (pack.part == AgendaPart.PUBLIC and meeting.body.meets_in_public
            and meeting.status in PUBLISHED_STATUSES)


def render(inputs, *, contact):
    """The tagged PDF/UA-1 pack for `inputs` (pack_inputs), and the inputs as printed: each appended
    document marked with whether it is tagged."""
    printed = {**inputs, "contact": contact, "items": [
        {**item, "documents": [
            {**document, "tagged": bool(document["pages"]) and pack_pdf.is_tagged(document["file"])}
            for document in item["documents"]
        ]}
        for item in inputs["items"]
    ]}
    document = layout(render_html(printed, accessible=True))
    found = pack_pdf.locate(document, printed["items"])
    pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    appended = [
        (found.documents[f"{item['anchor']}-doc-{number}"] + page, appendix["file"], page)
        for item in printed["items"]
        for number, appendix in enumerate(item["documents"], start=1) if appendix["pages"]
        for page in range(appendix["pages"])
    ]
    if appended:
        pdf = pack_pdf.draw_appended_as_artifacts(pdf, appended, label_height=LABEL_HEIGHT)
    return pdf, printed


def build(pack, inputs=None):
    """
    Render and store the published version of a ready pack. Given the `inputs` its members' version
    was rendered from (the build that made it), from those; otherwise from the meeting as it is now,
    but only while that still prints what the pack printed: a meeting changed since has a newer pack
    coming, whose build publishes it. Returns whether it stored a file.
    """
    pack = BoardPack.objects.select_related("meeting__body").get(pk=pack.pk)
    if pack.status != PackStatus.READY or pack.accessible_file or not is_published(pack):
        return False
    if inputs is None:
        inputs = pack_inputs(pack.meeting, pack.part)
        if inputs_hash(inputs) != pack.inputs_hash:
            # Before the meeting a successor is on its way (packs.refresh), and its build publishes it.
            BoardPack.objects.filter(pk=pack.pk).update(accessible_error=STALE)
            return False
    try:
        pdf, printed = render(inputs, contact=enquiries_address(pack.meeting.body))
        name = pack.accessible_file.field.generate_filename(pack, "pack.pdf")
        stored = pack.accessible_file.storage.save(name, ContentFile(pdf))
    except Exception as error:  # noqa: BLE001 - recorded for the secretary; the members' pack stands
        logger.exception("The published version of board pack %s failed", pack.pk)
        BoardPack.objects.filter(pk=pack.pk).update(accessible_error=str(error)[:2000])
        raise
    done = BoardPack.objects.filter(pk=pack.pk, accessible_file="").update(
        accessible_file=stored, accessible_built_at=timezone.now(), accessible_error="", printed=printed)
    if not done:  # another delivery of the task got there first
        pack.accessible_file.storage.delete(stored)
        return False
    transaction.on_commit(partial(public_record_changed.send_robust, sender=BoardPack, meeting_id=pack.meeting_id),
                          robust=True)
    return True


def publish(meeting):
    """A meeting's papers were issued (or a published pack replaced): ask the worker for the published
    version of its latest Part A pack. Runs once the change commits."""
    pack = latest_unpublished(meeting)
    if pack is not None:
        transaction.on_commit(lambda: enqueue(pack), robust=True)
    return pack


def latest_unpublished(meeting):
    from . import latest_ready  # the package imports this module

    pack = latest_ready(meeting, AgendaPart.PUBLIC)
    if pack is None or pack.accessible_file or not is_published(pack):
        return None
    return pack


def enqueue(pack):
    try:
        current_app.signature(BUILD_TASK, kwargs={"pack_id": pack.pk}).delay()
    except Exception:  # noqa: BLE001 - Redis down: requeue_unpublished() asks again
        logger.warning("Could not queue the published version of board pack %s", pack.pk, exc_info=True)


def requeue_unpublished():
    """Ask again for the published versions that are missing because their request never reached a
    worker (Redis down at the time, or no worker running). One whose render failed keeps its error for
    the secretary, who publishes it by rebuilding the pack. Run by Celery beat with the packs' requeue."""
    latest = BoardPack.objects.filter(meeting=models.OuterRef("meeting"), part=AgendaPart.PUBLIC,
                                      status=PackStatus.READY).order_by("-version").values("pk")[:1]
    missing = list(
        BoardPack.objects.filter(
            part=AgendaPart.PUBLIC, status=PackStatus.READY, accessible_file="", accessible_error="",
            meeting__body__meets_in_public=True, meeting__status__in=PUBLISHED_STATUSES,
            built_at__lt=timezone.now() - BoardPack.WAITING_AFTER,
        ).filter(pk=models.Subquery(latest))
    )
    for pack in missing:
        enqueue(pack)
    return missing
