"""Each move of a proposal, once committed, ends its stays and begins the next (analytics.services)."""

import logging

from django.dispatch import receiver

from proposals.signals import proposal_event_committed

from . import services

logger = logging.getLogger(__name__)


@receiver(proposal_event_committed, dispatch_uid="analytics.record_move")
def record_move(sender, event, **kwargs):
    # Derived figures must never undo the move itself: the nightly rebuild puts a failure right.
    try:
        services.record_move(event)
    except Exception:
        logger.exception("Could not record proposal %s's move in the pipeline figures", event.proposal_id)
