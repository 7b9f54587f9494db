"""
Building board packs. The request only records a queued BoardPack and hands the work to Celery
once the transaction commits; the worker renders (governance.pack_rendering) and stores the PDF.
"""

import io
import logging
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader

from .enums import AgendaPart, PackStatus
from .models import BoardPack, Meeting
from .pack_rendering import inputs_hash, pack_inputs, render_html, render_pdf

logger = logging.getLogger(__name__)

# A build still queued or rendering after this long is taken to have died with its worker.
STALLED_AFTER = timedelta(minutes=15)


def request_build(meeting, part, *, by):
    """
    Ask for the meeting's pack to be (re)built. Returns the pack that answers the request: one
    already queued or rendering, the current one if nothing in it has changed, or a new version.
    """
    if not by.has_perm("governance.manage_body", meeting.body):
        raise PermissionDenied(f"Only the secretary of {meeting.body} can build its board packs.")
    part = AgendaPart(part)
    with transaction.atomic():
        # Lock the meeting: two build requests at once must produce one render, not two.
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        latest = BoardPack.objects.latest_for(meeting, part)
        if latest is not None and latest.in_progress and latest.requested_at > timezone.now() - STALLED_AFTER:
            return latest
        digest = inputs_hash(pack_inputs(meeting, part))
        if latest is not None and latest.status == PackStatus.READY and latest.inputs_hash == digest:
            return latest
        pack = BoardPack.objects.create(
            meeting=meeting, part=part, version=(latest.version + 1) if latest else 1, inputs_hash=digest,
            requested_by=by,
        )
        transaction.on_commit(lambda: _enqueue(pack), robust=True)
    return pack


def _enqueue(pack):
    from .tasks import build_board_pack

    build_board_pack.delay(pack_id=pack.pk)


def build(pack):
    """Render a queued pack and store it. Safe to run twice: a pack already built is left alone."""
    with transaction.atomic():
        pack = BoardPack.objects.select_for_update().get(pk=pack.pk)
        if pack.status == PackStatus.READY:
            return pack
        pack.status, pack.progress, pack.error = PackStatus.RENDERING, 10, ""
        pack.save(update_fields=["status", "progress", "error"])
    try:
        inputs = pack_inputs(pack.meeting, pack.part)
        _progress(pack, 30)
        pdf = render_pdf(render_html(inputs))
        _progress(pack, 90)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        # The file is saved whole before the row points at it, so a half-written pack is never served.
        name = pack.file.field.generate_filename(pack, "pack.pdf")
        stored = pack.file.storage.save(name, ContentFile(pdf))
    except Exception as error:  # noqa: BLE001 - any failure is recorded for the secretary to see
        logger.exception("Board pack %s failed", pack.pk)
        BoardPack.objects.filter(pk=pack.pk).update(status=PackStatus.FAILED, error=str(error)[:2000])
        raise
    BoardPack.objects.filter(pk=pack.pk).update(
        status=PackStatus.READY, progress=100, file=stored, page_count=pages, built_at=timezone.now(),
        inputs_hash=inputs_hash(inputs),
    )
    pack.refresh_from_db()
    return pack


def _progress(pack, percent):
    BoardPack.objects.filter(pk=pack.pk).update(progress=percent)


def latest_ready(meeting, part):
    return (
        BoardPack.objects.filter(meeting=meeting, part=part, status=PackStatus.READY).order_by("-version").first()
    )
