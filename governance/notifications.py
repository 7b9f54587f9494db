"""
E-mails about a body's business, sent from the worker (governance.tasks) after the transaction
that caused them has committed.
"""

from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from . import packs
from .enums import MembershipRole
from .models import BoardPack, Membership


def pack_readers(pack):
    """Who is sent a body's packs: its chair, members and secretary (all of whom may read Part B),
    not those who only assess proposals for it."""
    memberships = Membership.objects.filter(body=pack.meeting.body).exclude(role=MembershipRole.ASSESSOR)
    return sorted({m.user for m in memberships.select_related("user") if m.user.email and m.user.is_active},
                  key=lambda user: user.pk)


def pack_replaced(pack_id):
    """Tell the body's members that a published meeting's pack has a new version, and what changed.
    Sent once per pack: the pack is claimed before sending, and released again if sending fails."""
    with transaction.atomic():
        claimed = BoardPack.objects.filter(pk=pack_id, members_told_at__isnull=True).update(
            members_told_at=timezone.now()
        )
    if not claimed:
        return 0
    pack = BoardPack.objects.select_related("meeting__body").get(pk=pack_id)
    previous = (
        BoardPack.objects.filter(meeting=pack.meeting, part=pack.part, version__lt=pack.version, built_at__isnull=False)
        .exclude(file="").order_by("-version").first()
    )
    context = {"pack": pack, "meeting": pack.meeting, "previous": previous, "url": packs.pack_url(pack),
               "changes": packs.changes(pack, previous) if previous else []}
    subject = render_to_string("governance/email/pack_replaced_subject.txt", context).strip()
    body = render_to_string("governance/email/pack_replaced.txt", context)
    messages = [(subject, body, None, [user.email]) for user in pack_readers(pack)]
    try:
        return send_mass_mail(messages)
    except Exception:
        BoardPack.objects.filter(pk=pack_id).update(members_told_at=None)  # so a retry sends them
        raise
