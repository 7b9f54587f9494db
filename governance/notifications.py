"""What the body's members are told about its board packs (through notifications.notify)."""

from django.urls import reverse
from django.utils.formats import date_format

from notifications.services import notify

from . import packs
from .enums import AgendaPart, MembershipRole
from .models import BoardPack, Membership


def pack_readers(pack):
    """Who is sent a body's packs: its chair, members and secretary (all of whom may read Part B),
    not those who only assess proposals for it."""
    memberships = Membership.objects.filter(body=pack.meeting.body).exclude(role=MembershipRole.ASSESSOR)
    return [membership.user for membership in memberships.select_related("user")]


def pack_ready(pack):
    """A published meeting's pack is ready: its first version, or one replacing the last."""
    meeting = pack.meeting
    previous = (
        BoardPack.objects.filter(meeting=meeting, part=pack.part, version__lt=pack.version, built_at__isnull=False)
        .exclude(file="").order_by("-version").first()
    )
    when = date_format(meeting.starts_at, "l j F Y")
    what = f"{pack.get_part_display()} board pack for the {meeting.body} meeting on {when}"
    if previous is None:
        subject = f"Papers published: {meeting.body}, {date_format(meeting.starts_at, 'j F Y')}"
        message = f"The {what} is published ({pack.page_count} pages). Please read it before the meeting."
    else:
        subject = f"Board pack updated: {meeting.body}, {date_format(meeting.starts_at, 'j F Y')} " \
                  f"({pack.get_part_display()}, version {pack.version})"
        if pack.part == AgendaPart.CONFIDENTIAL:
            changed = "What has changed is shown when you sign in: confidential papers are not described in e-mails."
        else:
            changed = "What has changed:\n" + "\n".join(f"- {line}" for line in packs.changes(pack, previous))
        message = f"The {what} has been replaced by version {pack.version} (it was version {previous.version}).\n\n" \
                  f"{changed}\n\nPlease read the new version before the meeting."
    if pack.part == AgendaPart.CONFIDENTIAL:
        message += "\n\nThis pack is confidential: do not forward, copy or publish it."
    return notify(
        pack_readers(pack), key=f"pack:{pack.pk}", kind="pack_published" if previous is None else "pack_replaced",
        subject=subject, message=message, action="Read the pack",
        url=reverse("governance:meeting", kwargs={"pk": meeting.pk}),
    )
