"""
What happens in a body's business, as domain events. Each is sent only once the transaction that
made it commits (never for a rollback); notifications and the board packs listen here, so the
services that make the change need not know who cares.
"""

from django.dispatch import Signal

# Something that a meeting's board packs print has changed, with `meeting_id`. Sent by the
# receivers on the models a pack is made from (governance.receivers): the packs of a published
# meeting are rebuilt if what they print differs.
meeting_papers_changed = Signal()

# A decision asked someone to do something by a date, with `action`: its owner is told.
action_raised = Signal()

# A published meeting's pack is ready (its first version, or one replacing the last), with `pack`:
# the body's members are told.
pack_ready = Signal()

# A place-based referral's barriers to sustainability were escalated to a body, with `escalation`: its
# secretary is told.
escalation_raised = Signal()

# What a body's public site shows changed where no model is saved (a pack's published version stored,
# minutes approved), with `meeting_id`: the public pages drop what they cached.
public_record_changed = Signal()
