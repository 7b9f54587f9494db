"""What the body's business does when something happens to a proposal elsewhere."""

import logging

from django.dispatch import receiver

from proposals.signals import proposal_event_committed

from .enums import MeetingStatus
from .models import Meeting
from .packs.tasks import refresh_packs

logger = logging.getLogger(__name__)


@receiver(proposal_event_committed, dispatch_uid="governance.refresh_packs_on_proposal_event")
def refresh_packs_of_meetings_with_the_proposal(sender, event, **kwargs):
    """A proposal's state, scores and decisions are printed in the packs of the published meetings
    that have it on the agenda: those are rebuilt if what they print has changed."""
    meetings = Meeting.objects.filter(items__proposal_id=event.proposal_id, status=MeetingStatus.PUBLISHED)
    for meeting_id in meetings.values_list("pk", flat=True).distinct():
        try:
            refresh_packs.delay(meeting_id=meeting_id)
        except Exception:  # noqa: BLE001 - the proposal has moved on already; a secretary can rebuild by hand
            logger.exception("Could not ask for meeting %s's packs to be rebuilt", meeting_id)
