"""The public pages are cached (public.services.cached_page): each change to what they show drops them."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from governance.models import AgendaItem, BoardPack, Body, Decision, Meeting, MinuteEntry, Minutes
from governance.signals import public_record_changed

from . import services
from .models import PublicQuestion


def _body_of(instance):
    if isinstance(instance, Body):
        return instance.pk
    if isinstance(instance, Meeting):
        return instance.body_id
    if isinstance(instance, (AgendaItem, BoardPack, Minutes, PublicQuestion)):
        return Meeting.objects.filter(pk=instance.meeting_id).values_list("body_id", flat=True).first()
    if isinstance(instance, Decision):
        return AgendaItem.objects.filter(pk=instance.item_id).values_list("meeting__body_id", flat=True).first()
    if isinstance(instance, MinuteEntry):
        return Minutes.objects.filter(pk=instance.minutes_id).values_list("meeting__body_id", flat=True).first()
    return None


@receiver(post_save)
@receiver(post_delete)
def public_pages_changed(sender, instance, **kwargs):
    if sender in (Body, Meeting, AgendaItem, BoardPack, Minutes, MinuteEntry, Decision, PublicQuestion):
        services.forget(_body_of(instance), everything=sender is Body)


@receiver(public_record_changed)
def public_record_stored(sender, meeting_id, **kwargs):
    services.forget(Meeting.objects.filter(pk=meeting_id).values_list("body_id", flat=True).first())
