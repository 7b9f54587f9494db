"""The navigation cache (user_cache) is forgotten whenever anything that matters is written; each
sign-in starts its session's clocks."""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from . import sessions
from .user_cache import forget_everything

# Writes that cannot change what anyone has to do: sign-ins, their sessions and throttling records.
NOT_TASKS = {"sessions", "axes", "admin"}


@receiver(post_save, dispatch_uid="ics_commissioning.forget_saved")
@receiver(post_delete, dispatch_uid="ics_commissioning.forget_deleted")
@receiver(m2m_changed, dispatch_uid="ics_commissioning.forget_linked")
def forget_on_write(sender, **kwargs):
    """Any write may change someone's navigation or "Needs my action" count (user_cache). Forgotten
    at once (the same request sees its own change) and again after commit (a page worked out
    meanwhile, from the data before the commit, is not kept)."""
    if sender._meta.app_label in NOT_TASKS or not settings.USER_CACHE_SECONDS:
        return
    forget_everything()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(forget_everything)


@receiver(user_logged_in, dispatch_uid="ics_commissioning.start_session")
def start_session(sender, request, **kwargs):
    """Here rather than on the first request: signing in again in a session kept from before starts afresh."""
    sessions.start(request)
