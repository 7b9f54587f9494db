from django.dispatch import Signal

# Sent once the transaction that assigned an assessor commits, with `assessment`. Notifications
# listen here (the assessor is asked to score).
assessor_assigned = Signal()
