"""
The one family of errors that services raise when they refuse an action. Views turn them into
messages in one place (ics_commissioning.views.RefusalAsMessage); a NotAllowed is also Django's
PermissionDenied, so anything that does not catch it answers 403.
"""

from django.core.exceptions import PermissionDenied


class ActionRefused(Exception):
    """The action cannot be taken as asked; `messages` say why, in the user's words. Nothing changed."""

    def __init__(self, *messages):
        self.messages = [str(m) for m in messages]
        super().__init__(" ".join(self.messages))


class MovedOn(ActionRefused):
    """Someone else acted first: the page the user acted on is out of date."""


class NotAllowed(ActionRefused, PermissionDenied):
    """This person may not take this action at all."""
