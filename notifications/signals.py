from django.dispatch import Signal

# Sent once the transaction that recorded a notification for someone who wants e-mails as things
# happen commits, with `notification_id`: the receivers queue the e-mail for the worker.
notification_to_email = Signal()
