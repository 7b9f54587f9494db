"""
Building board packs. The request only records a queued BoardPack and hands the work to Celery
once the transaction commits; the worker renders and stores the PDF.

A build is incremental. The last ready pack of the same meeting and part records where each of
its parts sits (BoardPack.layout) and the hash of what each part prints (packs.inputs). A new
build lays out only the parts whose hash changed, writes them as one small PDF (fonts embedded
once), and puts the pack together from those pages and the unchanged pages of the last file;
packs.pdf then stamps the page numbers and adds the contents' links and the bookmarks for the
final page order. The first build, a new layout version, or a change to most of the pack is laid
out in one pass, which is the fastest way to render a whole pack.
"""

import logging
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from celery import current_app
from django import db
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from weasyprint.text.fonts import FontConfiguration

from ..enums import AgendaPart, MeetingStatus, PackStatus
from ..models import BoardPack, Meeting, PackDownload
from ..rules import require_secretary
from ..signals import meeting_papers_changed, pack_ready
from . import accessible
from . import pdf as pack_pdf
from .html import LAYOUT_VERSION, layout, render_html
from .inputs import attendance_hash, front_hash, inputs_hash, item_hash, pack_inputs

logger = logging.getLogger(__name__)

# A render holds its pack by a lease, renewed while it works (BoardPack.LEASE); a build queued this
# long without a worker starting it is handed to the build service again (BoardPack.WAITING_AFTER).
LEASE = BoardPack.LEASE
WAITING_AFTER = BoardPack.WAITING_AFTER
BUILD_TASK = "governance.tasks.build_board_pack"  # governance.packs.tasks.build_board_pack
UNAVAILABLE = "The build service is unavailable just now: the pack will be built as soon as it is back."
# Reuse the last pack only if at least this share of its pages can be kept: otherwise one pass
# is as quick, and the file does not carry two sets of embedded fonts for little gain.
MIN_REUSED_SHARE = 0.5
# Each rebuild embeds the fonts its new pages use again, next to the old pages' copies. Once the
# file has grown this much past its last full build, the next build is a full one, which compacts it.
MAX_GROWTH = 1.5


# -- Asking for a build -----------------------------------------------------------------------


def request_build(meeting, part, *, by):
    """
    Ask for the meeting's pack to be (re)built. Returns the pack that answers the request: one
    already queued or rendering, the current one if nothing in it has changed, or a new version.
    """
    require_secretary(meeting.body, by, "build its board packs")
    return _queue(meeting, AgendaPart(part), by=by)


def parts_needed(meeting):
    """Part A always; Part B when the agenda has a confidential item."""
    return sorted({AgendaPart.PUBLIC} | {AgendaPart(p) for p in meeting.items.values_list("part", flat=True)})


def unready_parts(meeting):
    """The parts whose latest pack is not built, or no longer prints what the meeting holds now: the
    papers cannot be issued until each is rebuilt."""
    unready = []
    for part in parts_needed(meeting):
        latest = BoardPack.objects.latest_for(meeting, part)
        if latest is None or latest.status != PackStatus.READY or latest.inputs_hash != inputs_hash(
            pack_inputs(meeting, part)
        ):
            unready.append(part)
    return unready


def announce(meeting):
    """The papers are issued: tell the members of each part's pack (after publish_meeting commits), and,
    for a meeting held in public, have its Part A pack's published version made."""
    accessible.publish(meeting)
    for part in parts_needed(meeting):
        pack = latest_ready(meeting, part)
        if pack is not None:
            _tell_members(pack, first_issue=True)


def supplement(meeting):
    """
    A late paper, or a change to one, at a meeting in session: its pack as sent stays as it was, and a
    supplement, a version of its own, is built from the agenda as it is now; the members are told.
    """
    if meeting.status != MeetingStatus.IN_SESSION or not BoardPack.objects.filter(meeting=meeting).exists():
        return []
    return [_queue(meeting, part, by=None, supplement=True) for part in parts_needed(meeting)]


def refresh(meeting):
    """
    After something in a published meeting's papers changed: build a new version of each of its
    packs whose inputs differ from the last build. Runs in the worker (tasks.refresh_packs), so
    the change that caused it does not wait for the hash, let alone the render. Once the meeting
    has begun its papers stay as they were sent: decisions taken at it do not rewrite them.
    """
    if meeting.status != MeetingStatus.PUBLISHED or meeting.starts_at <= timezone.now():
        return []
    if not BoardPack.objects.filter(meeting=meeting).exists():
        return []  # never built: publishing builds them
    parts = {AgendaPart.PUBLIC} | {AgendaPart(p) for p in meeting.items.values_list("part", flat=True)}
    parts |= set(BoardPack.objects.filter(meeting=meeting).values_list("part", flat=True))  # emptied Part B
    return [_queue(meeting, AgendaPart(part), by=None) for part in sorted(parts)]


def _queue(meeting, part, *, by, supplement=False):
    with transaction.atomic():
        # Lock the meeting: two build requests at once must produce one render, not two.
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        latest = BoardPack.objects.latest_for(meeting, part)
        if latest is not None and latest.in_progress:
            if latest.is_stalled():  # "Try again": the same version, handed to a worker again
                BoardPack.objects.filter(pk=latest.pk).update(status=PackStatus.QUEUED, progress=0, error="")
                transaction.on_commit(lambda: _enqueue(latest), robust=True)
            return latest
        digest = inputs_hash(pack_inputs(meeting, part))
        if latest is not None and latest.status == PackStatus.READY and latest.inputs_hash == digest:
            return latest
        pack = BoardPack.objects.create(
            meeting=meeting, part=part, version=(latest.version + 1) if latest else 1, inputs_hash=digest,
            requested_by=by, supplement=supplement,
        )
        transaction.on_commit(lambda: _enqueue(pack), robust=True)
    return pack


def _enqueue(pack):
    BoardPack.objects.filter(pk=pack.pk).update(queued_at=timezone.now())
    try:
        # The task by its name: governance.packs.tasks imports this module, so this one does not import it.
        current_app.signature(BUILD_TASK, kwargs={"pack_id": pack.pk}).delay()
    except Exception:  # noqa: BLE001 - Redis down: the page says so, and requeue_waiting() tries again
        logger.warning("Could not queue board pack %s", pack.pk, exc_info=True)
        BoardPack.objects.filter(pk=pack.pk, status=PackStatus.QUEUED).update(error=UNAVAILABLE)


def requeue_waiting(now=None):
    """Hand to a worker again the builds whose worker died (a render whose lease ran out) and those
    that have waited past WAITING_AFTER (queued while Redis was down, or with no worker running). Run
    by Celery beat every 15 seconds; returns them. A message handed twice is harmless: build() renders a
    version once at a time, and a ready pack is left alone."""
    now = now or timezone.now()
    dead = BoardPack.objects.filter(status=PackStatus.RENDERING).filter(
        models.Q(lease_until__lt=now) | models.Q(lease_until__isnull=True))
    dead.update(status=PackStatus.QUEUED, progress=0, queued_at=now - WAITING_AFTER - timedelta(seconds=1))
    waiting = list(BoardPack.objects.filter(status=PackStatus.QUEUED, queued_at__lt=now - WAITING_AFTER))
    for pack in waiting:
        _enqueue(pack)
    return waiting


# -- Building ---------------------------------------------------------------------------------


def build(pack):
    """Render a queued pack and store it. A version is rendered once at a time: the render takes a
    lease on the pack under its row lock and renews it while it works, so a second delivery of the task
    (requeued by beat, or redelivered by Redis) finds it held and leaves it; once the lease runs out
    (its worker died) the next delivery takes it over. A pack already built is left alone."""
    with transaction.atomic():
        pack = BoardPack.objects.select_for_update().get(pk=pack.pk)
        if pack.status == PackStatus.READY:
            return pack
        now = timezone.now()
        if pack.status == PackStatus.RENDERING and pack.lease_until is not None and pack.lease_until > now:
            logger.info("Board pack %s is being rendered by another worker", pack.pk)
            return pack
        pack.status, pack.progress, pack.error = PackStatus.RENDERING, 10, ""
        pack.lease_until, pack.attempts = now + LEASE, pack.attempts + 1
        pack.save(update_fields=["status", "progress", "error", "lease_until", "attempts"])
    with _lease_renewed(pack):
        return _render_and_store(pack)


@contextmanager
def _lease_renewed(pack):
    """Renew the render's lease every LEASE / 4 from a thread, until the render ends (or its process dies)."""
    done = threading.Event()

    def renew():
        try:
            while not done.wait(LEASE.total_seconds() / 4):
                BoardPack.objects.filter(pk=pack.pk, status=PackStatus.RENDERING).update(
                    lease_until=timezone.now() + LEASE)
        except Exception:  # noqa: BLE001 - a missed renewal only lets another worker take over later
            logger.warning("Could not renew the lease of board pack %s", pack.pk, exc_info=True)
        finally:
            db.connections.close_all()

    renewer = threading.Thread(target=renew, name=f"pack-{pack.pk}-lease", daemon=True)
    renewer.start()
    try:
        yield
    finally:
        done.set()
        # Not waited for long: a renewal waiting on a row lock (a build run inside a caller's transaction)
        # ends by itself, and renews nothing once the pack is no longer rendering.
        renewer.join(timeout=1)


def _render_and_store(pack):
    previous = latest_ready(pack.meeting, pack.part)
    try:
        inputs = pack_inputs(pack.meeting, pack.part)
        _progress(pack, 30)
        pdf, pack_layout = render(inputs, previous=previous)
        _progress(pack, 90)
        # The file is saved whole before the row points at it, so a half-written pack is never served.
        name = pack.file.field.generate_filename(pack, "pack.pdf")
        stored = pack.file.storage.save(name, ContentFile(pdf))
    except Exception as error:  # noqa: BLE001 - any failure is recorded for the secretary to see
        logger.exception("Board pack %s failed", pack.pk)
        unfinished = BoardPack.objects.filter(pk=pack.pk).exclude(status=PackStatus.READY)
        unfinished.update(status=PackStatus.FAILED, error=str(error)[:2000], lease_until=None)  # never fail a finished pack
        raise
    # Only one run turns the pack ready: the row lock makes a second UPDATE wait and then match nothing.
    finished = BoardPack.objects.filter(pk=pack.pk).exclude(status=PackStatus.READY).update(
        status=PackStatus.READY, progress=100, file=stored, page_count=pack_layout["pages"], built_at=timezone.now(),
        inputs_hash=inputs_hash(inputs), layout=pack_layout, lease_until=None,
    )
    if not finished:
        pack.file.storage.delete(stored)  # another run finished first: keep its file, and tell no one twice
        pack.refresh_from_db()
        return pack
    pack.refresh_from_db()
    if pack.supplement:
        _tell_members(pack)
    elif pack.meeting.status == MeetingStatus.PUBLISHED:
        _tell_members(pack)
        # A change committed while this build was rendering asked for a rebuild and was answered with
        # this build, which did not see it: look again now.
        transaction.on_commit(
            partial(meeting_papers_changed.send_robust, sender=Meeting, meeting_id=pack.meeting_id), robust=True
        )
    _publish(pack, inputs)  # after the members are told: the published version is for the public
    return pack


def _publish(pack, inputs):
    """A Part A pack of a meeting held in public, built after its papers were issued (a replacement or
    a supplement): its published, tagged version is made now, from the same inputs."""
    if not accessible.is_published(pack):
        return
    try:
        accessible.build(pack, inputs)
    except Exception:  # noqa: BLE001 - logged and kept on the pack; the members' version stands
        pass


def _progress(pack, percent):
    BoardPack.objects.filter(pk=pack.pk, status=PackStatus.RENDERING).update(progress=percent)


def _tell_members(pack, *, first_issue=False):
    # The pack is built: not being able to tell people (notifications.receivers) must not undo that.
    for _receiver, error in pack_ready.send_robust(sender=BoardPack, pack=pack, first_issue=first_issue):
        if isinstance(error, Exception):
            logger.error("Could not tell the members about board pack %s", pack.pk, exc_info=error)


def render(inputs, *, previous=None):
    """
    The pack's PDF and its layout for `inputs`: laid out in one pass, or, given the last ready
    pack of the meeting and part, from its unchanged pages and the parts that changed.
    """
    plan = _reuse_plan(inputs, previous)
    pdf, pack_layout = _render_whole(inputs) if plan is None else _render_changes(inputs, previous, plan)
    pack_layout["full_bytes"] = len(pdf) if pack_layout["mode"] == "full" else previous.layout["full_bytes"]
    return pdf, pack_layout


def _render_whole(inputs):
    items = inputs["items"]
    document = layout(render_html(inputs), FontConfiguration())
    found = pack_pdf.locate(document, items)
    counts = {anchor: count for anchor, (_, count) in found.items.items()}
    pack_layout = _layout(inputs, counts, found.front_pages, found.links, mode="full", laid_out=["front", *counts])
    pages = pack_pdf.read(document.write_pdf()).pages
    appended = _appended(inputs, pack_layout, {anchor: (start, found) for anchor, (start, _) in found.items.items()})
    return _finish(inputs, pages, pack_layout, appended), pack_layout


def _reuse_plan(inputs, previous):
    """{anchor: the last pack's layout entry} for the items that can be reused, or None to lay
    the whole pack out."""
    if previous is None or not previous.file or previous.layout.get("version") != LAYOUT_VERSION:
        return None
    if previous.file.size > MAX_GROWTH * previous.layout["full_bytes"]:
        return None
    before = {entry["anchor"]: entry for entry in previous.layout["items"]}
    plan = {
        item["anchor"]: before[item["anchor"]]
        for item in inputs["items"]
        if item["anchor"] in before and before[item["anchor"]]["hash"] == item_hash(inputs, item)
    }
    kept = previous.layout["front"]["pages"] + sum(entry["pages"] for entry in plan.values())
    return plan if kept >= MIN_REUSED_SHARE * previous.layout["pages"] else None


def _render_changes(inputs, previous, plan):
    font_config = FontConfiguration()
    changed = [item for item in inputs["items"] if item["anchor"] not in plan]
    fresh = layout(render_html(inputs, front=False, items=changed), font_config) if changed else None
    found = pack_pdf.locate(fresh, changed) if fresh else None
    counts = {
        item["anchor"]: plan[item["anchor"]]["pages"] if item["anchor"] in plan else found.items[item["anchor"]][1]
        for item in inputs["items"]
    }
    # The front matter prints each paper's first page number, and its own length moves them all.
    before = previous.layout["front"]
    front_pages, front, links = before["pages"], None, before["links"]
    for _ in range(3):
        starts = _start_pages(inputs["items"], counts, front_pages)
        if front_hash(inputs, starts) == before["hash"]:
            front, links = None, before["links"]
            break
        front = layout(render_html(inputs, items=[], start_pages=starts), font_config)
        if len(front.pages) == front_pages:
            links = pack_pdf.locate(front, []).links
            break
        front_pages = len(front.pages)
    else:
        return _render_whole(inputs)  # the front matter's length would not settle
    laid_out = (["front"] if front else []) + [item["anchor"] for item in changed]
    pack_layout = _layout(inputs, counts, front_pages, links, mode="incremental", laid_out=laid_out)

    new_pages = (front.pages if front else []) + (fresh.pages if fresh else [])
    written = pack_pdf.read((front or fresh).copy(new_pages).write_pdf()).pages if new_pages else []
    with previous.file.open("rb") as file:
        last = pack_pdf.read(file.read()).pages
    pages = list(written[:front_pages]) if front else list(last[: before["pages"]])
    offset = front_pages if front else 0  # where the changed items start in `written`
    in_fresh = {}
    for entry in pack_layout["items"]:
        anchor = entry["anchor"]
        if anchor in plan:
            pages.extend(last[plan[anchor]["start"]: plan[anchor]["start"] + entry["pages"]])
        else:
            start = offset + found.items[anchor][0]
            pages.extend(written[start: start + entry["pages"]])
            in_fresh[anchor] = (found.items[anchor][0], found)
    appended = _appended(inputs, pack_layout, in_fresh)
    return _finish(inputs, pages, pack_layout, appended), pack_layout


def _start_pages(items, counts, front_pages):
    """Each item's first page number (from 1) with the front matter `front_pages` long."""
    starts, page = {}, front_pages + 1
    for item in items:
        starts[item["anchor"]] = page
        page += counts[item["anchor"]]
    return starts


def _layout(inputs, counts, front_pages, links, *, mode, laid_out):
    """The pack's layout as stored on BoardPack.layout: page indexes from 0."""
    starts = _start_pages(inputs["items"], counts, front_pages)
    items = []
    for item in inputs["items"]:
        start = starts[item["anchor"]] - 1
        documents, page = [], start + counts[item["anchor"]]
        for document in reversed(item["documents"]):  # appended at the end of the paper, in order
            if document["pages"]:
                page -= document["pages"]
                documents.insert(0, {"title": document["title"], "start": page, "pages": document["pages"]})
        items.append({
            "id": item["id"], "anchor": item["anchor"], "number": item["number"], "title": item["title"],
            "hash": item_hash(inputs, item), "start": start, "pages": counts[item["anchor"]], "documents": documents,
            "aspects": {name: inputs_hash([item.get(key) for key in keys]) for name, keys in ITEM_ASPECTS.items()},
        })
    return {
        "version": LAYOUT_VERSION,
        "mode": mode,
        "laid_out": laid_out,
        "pages": front_pages + sum(counts.values()),
        "front": {
            "pages": front_pages, "links": links, "hash": front_hash(inputs, starts),
            "attendance": attendance_hash(inputs),
            "meeting": inputs_hash({"body": inputs["body"], "meeting": inputs["meeting"]}),
        },
        "items": items,
    }


def _appended(inputs, pack_layout, laid_out):
    """(page index, stored file, page in that file) for each appended page of the items laid out
    in this build ({anchor: (item's first page in its document, its pack_pdf.LaidOut)})."""
    pages = []
    for item, entry in zip(inputs["items"], pack_layout["items"], strict=True):
        if entry["anchor"] not in laid_out:
            continue
        first, found = laid_out[entry["anchor"]]
        for number, document in enumerate(item["documents"], start=1):
            if document["pages"]:
                start = entry["start"] + found.documents[f"{entry['anchor']}-doc-{number}"] - first
                pages.extend((start + n, document["file"], n) for n in range(document["pages"]))
    return pages


def _finish(inputs, pages, pack_layout, appended):
    title = f"{inputs['body']['name']}, {inputs['meeting']['date']}: board pack, {inputs['part_label']}"
    return pack_pdf.assemble(pages, layout=pack_layout, appended=appended, title=title, author=inputs["body"]["name"])


# -- Reading ----------------------------------------------------------------------------------


def latest_ready(meeting, part):
    return (
        BoardPack.objects.filter(meeting=meeting, part=part, status=PackStatus.READY).order_by("-version").first()
    )


# What "what changed" names within an item: so a member knows which part of a paper to read again.
ITEM_ASPECTS = {
    "the paper": ("title", "background", "progress", "next_steps", "recommendations"),
    "its cover sheet": ("purpose", "author", "author_title", "sponsor", "asks", "implications", "baf_risks"),
    "the business case, scores or decisions": ("proposal", "previously_considered"),
    "declarations of interest": ("declarations",),
    "supporting documents": ("documents",),
}


def changes(pack, since):
    """What a member who has `since` would find different in `pack`, as sentences to show them."""
    if since.layout.get("version") != pack.layout.get("version"):
        return ["The pack's layout has changed since your version, so compare the papers themselves."]
    before = {entry["id"]: entry for entry in since.layout.get("items", [])}
    now = {entry["id"]: entry for entry in pack.layout.get("items", [])}
    lines = []
    if pack.layout.get("front", {}).get("meeting") != since.layout.get("front", {}).get("meeting"):
        lines.append("The meeting's details (date, time or place) have changed.")
    for entry in pack.layout.get("items", []):
        old = before.get(entry["id"])
        if old is None:
            lines.append(f"Added: {entry['number']} {entry['title']}.")
        elif old["hash"] != entry["hash"]:
            what = [name for name in ITEM_ASPECTS if old["aspects"][name] != entry["aspects"][name]]
            if old["number"] != entry["number"]:
                what.append(f"was {old['number']}")
            lines.append(f"Changed: {entry['number']} {entry['title']}" + (f" ({'; '.join(what)})." if what else "."))
    lines.extend(f"Removed: {old['title']} (was {old['number']})." for key, old in before.items() if key not in now)
    if pack.layout.get("front", {}).get("attendance") != since.layout.get("front", {}).get("attendance"):
        lines.append("Attendance, membership or the register of interests has changed.")
    return lines or ["No change to the papers."]


@dataclass
class SinceDownload:
    """The version of a pack a member last downloaded, when, and what the current one changes."""

    version: int
    downloaded_at: datetime
    changes: list


def changed_since_download(user, ready_packs):
    """{pack pk: SinceDownload} for the given ready packs of which `user` downloaded only an
    earlier version. One query, however many packs."""
    ready_packs = [pack for pack in ready_packs if pack is not None]
    if not ready_packs or not user.is_authenticated:
        return {}
    downloads = (
        PackDownload.objects.filter(user=user, pack__meeting__in={pack.meeting_id for pack in ready_packs})
        .select_related("pack").order_by("-pack__version", "-downloaded_at")
    )
    newest = {}
    for download in downloads:
        newest.setdefault((download.pack.meeting_id, download.pack.part), download)
    since = {}
    for pack in ready_packs:
        download = newest.get((pack.meeting_id, pack.part))
        if download is not None and download.pack.version < pack.version:
            since[pack.pk] = SinceDownload(download.pack.version, download.downloaded_at, changes(pack, download.pack))
    return since
