"""What happens on the public site, as domain events: sent once the change commits."""

from django.dispatch import Signal

# A member of the public asked a question about a meeting, with `question`: the body's secretaries are told.
question_asked = Signal()
