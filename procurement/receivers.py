"""The body's decision on a selection's paper is the decision to award (or not): procurement listens to
governance's records rather than governance knowing about procurement."""

from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from governance.models import AgendaItem, Decision

from . import services


@receiver(post_save, sender=Decision, dispatch_uid="procurement_decision_recorded")
def decision_recorded(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        services.decision_recorded(instance)


@receiver(pre_delete, sender=AgendaItem, dispatch_uid="procurement_item_removed")
def item_removed(sender, instance, **kwargs):
    services.item_removed(instance)
