from django.dispatch import Signal

# Sent after the transaction that recorded a ProposalEvent commits (never for a rollback),
# with `event`. Notifications and board pack rebuilds listen here.
proposal_event_committed = Signal()
