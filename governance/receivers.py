"""
What the body's business does when something changes: the rows a board pack prints are watched
here, so that no service has to remember to say its change matters to a pack. Each change sends
meeting_papers_changed once its transaction commits, and the packs of a published meeting are
rebuilt in the worker if what they print now differs (governance.packs.refresh).
"""

import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from accounts.signals import organisation_signed_in
from proposals.signals import proposal_event_committed

from . import memberships
from .cover_sheets import MAX_EARLIER_PAPERS
from .enums import MeetingStatus
from .models import (
    Action,
    AgendaItem,
    Attendance,
    BoardAssuranceRisk,
    Decision,
    ItemInterest,
    Meeting,
    PaperDocument,
    RegisteredInterest,
)
from .packs.tasks import refresh_packs, supplement_packs
from .signals import meeting_papers_changed

logger = logging.getLogger(__name__)


def papers_changed(meeting_ids):
    for meeting_id in meeting_ids:
        transaction.on_commit(partial(meeting_papers_changed.send_robust, sender=Meeting, meeting_id=meeting_id))


def _published_meetings_of(body_id):
    return Meeting.objects.filter(body_id=body_id, status=MeetingStatus.PUBLISHED).values_list("pk", flat=True)


# -- What a pack prints, by the row that holds it ------------------------------------------------


@receiver(post_save, sender=AgendaItem, dispatch_uid="governance.item_saved")
@receiver(post_delete, sender=AgendaItem, dispatch_uid="governance.item_deleted")
def agenda_changed(sender, instance, **kwargs):
    papers_changed([instance.meeting_id])
    late_paper(instance.meeting_id)


@receiver(post_save, sender=PaperDocument, dispatch_uid="governance.document_saved")
@receiver(post_delete, sender=PaperDocument, dispatch_uid="governance.document_deleted")
def document_changed(sender, instance, **kwargs):
    meeting_id = AgendaItem.objects.filter(pk=instance.item_id).values_list("meeting_id", flat=True).first()
    if meeting_id is not None:  # None: the item itself is being deleted, which says so
        papers_changed([meeting_id])
        late_paper(meeting_id)


def late_paper(meeting_id):
    """A paper added or changed once the meeting is in session goes out as a supplement to its pack."""
    if Meeting.objects.filter(pk=meeting_id, status=MeetingStatus.IN_SESSION).exists():
        transaction.on_commit(partial(_queue_supplement, meeting_id), robust=True)


def _queue_supplement(meeting_id):
    try:
        supplement_packs.delay(meeting_id=meeting_id)
    except Exception:  # noqa: BLE001 - the paper is saved; a secretary can rebuild by hand
        logger.exception("Could not ask for a supplement to meeting %s's pack", meeting_id)


@receiver(m2m_changed, sender=AgendaItem.baf_risks.through, dispatch_uid="governance.item_risks_changed")
def item_risks_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """The risks a cover sheet links to: printed on it."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        meeting_ids = [instance.meeting_id]
    else:  # a risk's papers changed from the risk's side
        meeting_ids = AgendaItem.objects.filter(pk__in=pk_set or ()).values_list("meeting_id", flat=True).distinct()
    for meeting_id in meeting_ids:
        papers_changed([meeting_id])
        late_paper(meeting_id)


@receiver(post_save, sender=BoardAssuranceRisk, dispatch_uid="governance.risk_saved")
def risk_changed(sender, instance, **kwargs):
    """A risk's reference, title or owner is printed on the cover sheets that link to it."""
    papers_changed(Meeting.objects.filter(status=MeetingStatus.PUBLISHED, items__baf_risks=instance)
                   .values_list("pk", flat=True).distinct())


@receiver(post_save, sender=Decision, dispatch_uid="governance.decision_saved")
def paper_decided(sender, instance, **kwargs):
    """What was decided on a paper is printed on the cover sheets of the later papers that follow it
    ("Previously considered by"). A proposal's are told by its event (proposal_moved, below)."""
    followers, step = set(), {instance.item_id}
    for _ in range(MAX_EARLIER_PAPERS):
        step = set(AgendaItem.objects.filter(follows__in=step).values_list("pk", flat=True)) - followers
        if not step:
            break
        followers |= step
    if followers:
        papers_changed(Meeting.objects.filter(status=MeetingStatus.PUBLISHED, items__in=followers)
                       .values_list("pk", flat=True).distinct())


@receiver(post_save, sender=Attendance, dispatch_uid="governance.attendance_saved")
@receiver(post_delete, sender=Attendance, dispatch_uid="governance.attendance_deleted")
def meeting_row_changed(sender, instance, **kwargs):
    papers_changed([instance.meeting_id])


@receiver(post_save, sender=ItemInterest, dispatch_uid="governance.interest_saved")
@receiver(post_delete, sender=ItemInterest, dispatch_uid="governance.interest_deleted")
def item_row_changed(sender, instance, **kwargs):
    meeting_id = AgendaItem.objects.filter(pk=instance.item_id).values_list("meeting_id", flat=True).first()
    if meeting_id is not None:  # None: the item itself is being deleted, which says so
        papers_changed([meeting_id])


@receiver(post_save, sender=RegisteredInterest, dispatch_uid="governance.register_saved")
@receiver(post_delete, sender=RegisteredInterest, dispatch_uid="governance.register_deleted")
@receiver(post_save, sender=Action, dispatch_uid="governance.action_saved")
@receiver(post_delete, sender=Action, dispatch_uid="governance.action_deleted")
def body_row_changed(sender, instance, **kwargs):
    """The register of interests and the action log are standing items in every pack of the body."""
    papers_changed(_published_meetings_of(instance.body_id))


@receiver(proposal_event_committed, dispatch_uid="governance.refresh_packs_on_proposal_event")
def proposal_moved(sender, event, **kwargs):
    """A proposal's state, scores and decisions are printed in the packs of the meetings that have
    it on the agenda. The event has committed already, so the meetings are told at once."""
    meetings = Meeting.objects.filter(items__proposal_id=event.proposal_id, status=MeetingStatus.PUBLISHED)
    for meeting_id in meetings.values_list("pk", flat=True).distinct():
        meeting_papers_changed.send_robust(sender=Meeting, meeting_id=meeting_id)


# -- The packs listen --------------------------------------------------------------------------


@receiver(meeting_papers_changed, dispatch_uid="governance.refresh_packs")
def refresh_the_packs(sender, meeting_id, **kwargs):
    """A draft meeting's packs are built when it is published; a published one's are looked at again."""
    if not Meeting.objects.filter(pk=meeting_id, status=MeetingStatus.PUBLISHED).exists():
        return
    try:
        refresh_packs.delay(meeting_id=meeting_id)
    except Exception:  # noqa: BLE001 - the change is made; a secretary can rebuild by hand
        logger.exception("Could not ask for meeting %s's packs to be rebuilt", meeting_id)


@receiver(organisation_signed_in, dispatch_uid="governance.memberships_from_groups")
def memberships_from_groups(sender, user, claims, **kwargs):
    memberships.sync_from_groups(user, claims.get(settings.OIDC_GROUPS_CLAIM))
