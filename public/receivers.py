"""The public pages are cached (public.services.cached_page): each change to what they show drops them.
A paper's content comes from its published pack, stored with its own signal (public_record_changed)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from governance.models import AgendaItem, Body, Decision, Meeting, MinuteEntry, Minutes
from governance.signals import public_record_changed

from . import services
from .models import PublicQuestion


def _body_of(instance):
    if isinstance(instance, Body):
        return instance.pk
    if isinstance(instance, Meeting):
        return instance.body_id
    if isinstance(instance, (AgendaItem, Minutes, PublicQuestion)):
        return Meeting.objects.filter(pk=instance.meeting_id).values_list("body_id", flat=True).first()
    if isinstance(instance, Decision):
        return AgendaItem.objects.filter(pk=instance.item_id).values_list("meeting__body_id", flat=True).first()
    if isinstance(instance, MinuteEntry):
        return Minutes.objects.filter(pk=instance.minutes_id).values_list("meeting__body_id", flat=True).first()
    return None


def _forget(body_id):
    """Only a body that meets in public has pages to drop."""
    if body_id is not None and Body.objects.filter(pk=body_id, meets_in_public=True).exists():
        services.forget(body_id)


@receiver(post_save)
@receiver(post_delete)
def public_pages_changed(sender, instance, **kwargs):
    if sender is Body:
        services.forget(None, everything=True)  # it may have started, or stopped, meeting in public
    elif sender in (Meeting, AgendaItem, Minutes, MinuteEntry, Decision, PublicQuestion):
        _forget(_body_of(instance))


# A pack's published version stored, or minutes approved: saved without a model's signal.
@receiver(public_record_changed)
def public_record_stored(sender, meeting_id, **kwargs):
    _forget(Meeting.objects.filter(pk=meeting_id).values_list("body_id", flat=True).first())
