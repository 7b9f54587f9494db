"""The body's decision on a selection's paper is the decision to award (or not): procurement listens to
governance's records rather than governance knowing about procurement."""

from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from governance.enums import MeetingStatus
from governance.models import AgendaItem, Decision, MeetingEvent

from . import services


@receiver(post_save, sender=Decision, dispatch_uid="procurement_decision_recorded")
def decision_recorded(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        services.decision_recorded(instance)


@receiver(pre_delete, sender=AgendaItem, dispatch_uid="procurement_item_removed")
def item_removed(sender, instance, **kwargs):
    services.item_removed(instance)


@receiver(post_save, sender=MeetingEvent, dispatch_uid="procurement_meeting_closed")
def meeting_closed(sender, instance, created, raw=False, **kwargs):
    # Cancelled, or its minutes approved: nothing more can be decided at it.
    if created and not raw and instance.to_status in (MeetingStatus.CANCELLED, MeetingStatus.MINUTES_APPROVED):
        services.no_decision_at(instance.meeting, by=instance.actor)
