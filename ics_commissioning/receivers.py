"""The navigation cache (user_cache) is forgotten whenever anything that matters is written."""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

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
