"""
The minutes of a held meeting: assembled from its attendance, the interests declared and each
item's decision; kept as a draft by the secretary; approved by the body's next meeting (which
locks them); and printed to PDF by the worker through the board pack renderer.
"""

import logging
from functools import partial

from celery import current_app
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from ics_commissioning.errors import ActionRefused, NotAllowed
from ics_commissioning.permissions import can

from ..enums import AgendaPart, MeetingStatus, MinutesStatus, PaperAsk, PaperPurpose
from ..models import AgendaItem, Attendance, ItemInterest, MinuteEntry, Minutes
from ..packs import pdf as pack_pdf
from ..packs.html import STYLESHEET, layout, running_header
from ..packs.inputs import display_date, display_name
from ..rules import require_secretary
from ..signals import public_record_changed

logger = logging.getLogger(__name__)

BUILD_TASK = "governance.tasks.build_minutes_pdf"  # governance.minutes.tasks.build_minutes_pdf


@transaction.atomic
def draft(meeting, *, by):
    """Start the minutes of a held meeting, one entry per item from its decision's minute."""
    require_secretary(meeting.body, by, "write its minutes")
    if meeting.status != MeetingStatus.HELD:
        raise ActionRefused("Minutes are written once the meeting has been held.")
    minutes, created = Minutes.objects.get_or_create(meeting=meeting, defaults={"updated_by": by})
    if created:
        MinuteEntry.objects.bulk_create(
            MinuteEntry(minutes=minutes, item=item, text=getattr(getattr(item, "decision", None), "minute", ""))
            for item in meeting.items.select_related("decision")
        )
    return minutes


@transaction.atomic
def save(minutes, *, by, opening, closing, entries):
    """Edit the draft: `entries` maps an agenda item's pk to its minute."""
    minutes = Minutes.objects.select_for_update().select_related("meeting__body").get(pk=minutes.pk)
    require_secretary(minutes.meeting.body, by, "write its minutes")
    if minutes.locked:
        raise ActionRefused("These minutes were approved and can no longer be changed.")
    minutes.opening, minutes.closing, minutes.updated_by, minutes.updated_at = opening, closing, by, timezone.now()
    minutes.save(update_fields=["opening", "closing", "updated_by", "updated_at"])
    for entry in minutes.entries.all():
        if entry.item_id in entries and entries[entry.item_id] != entry.text:
            entry.text = entries[entry.item_id]
            entry.save(update_fields=["text"])
    return minutes


@transaction.atomic
def add_to_agenda(meeting, minutes, *, by):
    """Put the draft minutes of an earlier meeting of the same body on this meeting's agenda."""
    require_secretary(meeting.body, by, "set its agenda")
    earlier = minutes.meeting
    if earlier.body_id != meeting.body_id or earlier.starts_at >= meeting.starts_at:
        raise ActionRefused("Minutes are approved at a later meeting of the same body.")
    if minutes.locked:
        raise ActionRefused("These minutes have already been approved.")
    if AgendaItem.objects.filter(meeting=meeting, approves=minutes).exists():
        raise ActionRefused("These minutes are already on this agenda.")
    item = AgendaItem.objects.create(
        meeting=meeting, order=meeting.next_item_order(), approves=minutes, purpose=PaperPurpose.DECISION,
        title=f"Minutes of the meeting held on {display_date(earlier.starts_at)}",
        asks=[PaperAsk.AGREE], recommendations="Agree the minutes as a true record.",
    )
    return item


def approve(minutes, *, decision):
    """Called by governance.services.record_decision when the body agrees the minutes: lock them
    and print their final PDF."""
    Minutes.objects.filter(pk=minutes.pk).update(status=MinutesStatus.APPROVED, approved_at=decision.recorded_at)
    transaction.on_commit(lambda: _build_later(minutes.pk), robust=True)
    transaction.on_commit(partial(public_record_changed.send_robust, sender=Minutes, meeting_id=minutes.meeting_id),
                          robust=True)


def request_pdf(minutes, *, by):
    if not can(by, "governance.manage_body", minutes.meeting.body):
        raise NotAllowed(f"Only the secretary of {minutes.meeting.body} can print its minutes.")
    transaction.on_commit(lambda: _build_later(minutes.pk), robust=True)


def _build_later(minutes_id):
    # The task by its name: governance.minutes.tasks imports this module, so this one does not import it.
    current_app.signature(BUILD_TASK, kwargs={"minutes_id": minutes_id}).delay()


# -- What the minutes say, and their PDF --------------------------------------------------------


def _chairs_action(item):
    action = getattr(item, "chairs_action", None)
    if action is None:
        return ""
    taken = (f"Taken by chair's action on {display_date(action.taken_at)} by {display_name(action.chair)} with "
             f"{display_name(action.concurring_member)}: {action.reason}")
    status = f"Ratified on {display_date(action.ratified_at)}." if action.is_ratified else "Not yet ratified."
    return f"{taken} {status}"


def content(minutes, *, confidential):
    """The minutes as plain values, for the page and the PDF: Part A items, or with Part B too."""
    meeting = minutes.meeting
    entries = {entry.item_id: entry for entry in minutes.entries.all()}
    items = AgendaItem.objects.filter(meeting=meeting).order_by("order", "pk").select_related(
        "decision__recorded_by", "proposal", "chairs_action__chair", "chairs_action__concurring_member"
    ).prefetch_related("decision__actions__owner")
    if not confidential:
        items = items.filter(part=AgendaPart.PUBLIC)
    attendance = {}
    for record in Attendance.objects.filter(meeting=meeting).select_related("user").order_by("user__last_name"):
        attendance.setdefault(record.get_status_display(), []).append(display_name(record.user))
    numbered = []
    for number, item in enumerate(items, start=1):
        decision = getattr(item, "decision", None)
        numbered.append({
            "number": f"{item.part}{number}", "title": item.title, "part": item.part,
            "reference": item.proposal.reference if item.proposal_id else "",
            "outcome": decision.get_outcome_display() if decision else "No decision recorded",
            "tally": decision.tally_text() if decision else "",
            "chairs_action": _chairs_action(item),
            "minute": entries[item.pk].text if item.pk in entries else "",
            "actions": [
                {"description": a.description, "owner": display_name(a.owner), "due": display_date(a.due_on)}
                for a in (decision.actions.all() if decision else [])
            ],
        })
    declared = ItemInterest.objects.filter(item__meeting=meeting).select_related("user", "item")
    if not confidential:
        declared = declared.filter(item__part=AgendaPart.PUBLIC)
    return {
        "body": meeting.body.name, "date": display_date(meeting.starts_at), "location": meeting.location,
        "status": minutes.get_status_display(),
        "approved": display_date(minutes.approved_at) if minutes.approved_at else "",
        "confidential": confidential, "opening": minutes.opening, "closing": minutes.closing,
        "attendance": attendance,
        "declarations": [
            {"name": display_name(d.user), "item": d.item.title, "interest": d.interest} for d in declared
        ],
        "items": numbered,
    }


def render(minutes, *, confidential):
    """The minutes as a PDF: laid out by WeasyPrint with the pack's stylesheet and URL fetcher, and
    numbered by packs.pdf like a pack."""
    values = content(minutes, confidential=confidential)
    label = "Confidential minutes (Part B)" if confidential else "Minutes"
    html = render_to_string("governance/print/minutes.html", {
        "minutes": values, "label": label, "stylesheet_url": settings.STATIC_URL + STYLESHEET,
        "running_header": running_header(f"{values['body']}, {values['date']}", label),
    })
    document = layout(html)
    pdf = pack_pdf.read(document.write_pdf())
    empty = {"front": {"links": []}, "items": []}
    return pack_pdf.assemble(list(pdf.pages), layout=empty, appended=[], title=f"{label}: {values['body']}, "
                             f"{values['date']}", author=values["body"])


def build_pdf(minutes_id):
    minutes = Minutes.objects.select_related("meeting__body").get(pk=minutes_id)
    has_confidential = minutes.meeting.items.filter(part=AgendaPart.CONFIDENTIAL).exists()
    files = {"file_public": render(minutes, confidential=False)}
    if has_confidential:
        files["file_confidential"] = render(minutes, confidential=True)
    stored = {}
    for field, pdf in files.items():
        file = getattr(minutes, field)
        stored[field] = file.storage.save(file.field.generate_filename(minutes, "minutes.pdf"), ContentFile(pdf))
    Minutes.objects.filter(pk=minutes.pk).update(files_built_at=timezone.now(), **stored)
