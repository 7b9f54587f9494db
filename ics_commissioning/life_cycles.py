"""
What the life cycles share (a proposal's, a meeting's): conditions that say in the user's words
what must be true first, and audit trails that can only be added to.
"""

from django.db import models


def guard(message):
    """Mark a condition on a transition with `message(obj)`: what must be true first. Services report
    the messages of the conditions that fail."""

    def decorate(func):
        func.message = message
        return func

    return decorate


def transition_of(obj, action, state):
    """The transition method `action` of `obj`, and its django-fsm transition from `state` (None: the
    move is not one that state allows)."""
    method = getattr(obj, action)
    return method, method._django_fsm.get_transition(state)


def failed_conditions(obj, transition, extra=()):
    """The messages of the transition's conditions (and any `extra` ones) that `obj` does not meet."""
    return [cond.message(obj) for cond in [*transition.conditions, *extra] if not cond(obj)]


class AuditTrailQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit trail cannot be changed.")

    def delete(self):
        raise PermissionError("The audit trail cannot be deleted.")


class AuditTrail(models.Model):
    """An event row: written once, never changed or deleted, one row at a time or in bulk."""

    objects = AuditTrailQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit trail cannot be changed.")
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit trail cannot be deleted.")
