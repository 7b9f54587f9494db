"""
Minutes taken in Part B. When a body decides on a proposal as a confidential (Part B) item, the
proposal's audit event for that decision carries the minute as its comment. Those comments are
for the proposal's authors (they are told the reasons), the body's members and admins; everyone
else sees that there was a decision, not what was minuted: on the proposal page, in the API, and
in any board pack (which prints earlier decisions without them).
"""

from ics_commissioning.permissions import can
from proposals.rules import is_proposal_author

from .enums import AgendaPart
from .models import AgendaItem

WITHHELD = "The minute is confidential: this item was taken in Part B."


def part_b_event_ids(events):
    """The pks of those proposal events recorded at a meeting where their proposal was a Part B item."""
    events = [event for event in events if event.meeting_id]
    if not events:
        return set()
    secret = set(
        AgendaItem.objects.filter(
            part=AgendaPart.CONFIDENTIAL, meeting_id__in={e.meeting_id for e in events},
            proposal_id__in={e.proposal_id for e in events},
        ).values_list("meeting_id", "proposal_id")
    )
    return {event.pk for event in events if (event.meeting_id, event.proposal_id) in secret}


def withheld_from(user, events):
    """The pks of the events whose comment `user` may not read (see the module's docstring)."""
    events = list(events)
    secret = part_b_event_ids(events)
    return {
        event.pk for event in events
        if event.pk in secret
        and not is_proposal_author(user, event.proposal)
        and not can(user, "governance.view_confidential", event.meeting.body)
    }
