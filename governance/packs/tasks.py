"""The Celery tasks that build board packs. Each keeps the name it had when the tasks lived in
governance/tasks.py, so that messages already queued and Celery beat's schedule still find it."""

from celery import shared_task
from django.db import OperationalError

from .. import packs
from ..models import BoardPack, Meeting
from . import accessible


@shared_task(name=packs.BUILD_TASK, acks_late=True, autoretry_for=(OperationalError,),
             retry_backoff=True, max_retries=3)
def build_board_pack(*, pack_id):
    pack = BoardPack.objects.filter(pk=pack_id).first()
    if pack is None:
        return  # the meeting was deleted meanwhile
    packs.build(pack)


@shared_task(name="governance.tasks.refresh_packs", acks_late=True, autoretry_for=(OperationalError,),
             retry_backoff=True, max_retries=3)
def refresh_packs(*, meeting_id):
    meeting = Meeting.objects.filter(pk=meeting_id).select_related("body").first()
    if meeting is not None:
        packs.refresh(meeting)


@shared_task(name="governance.tasks.supplement_packs", acks_late=True, autoretry_for=(OperationalError,),
             retry_backoff=True, max_retries=3)
def supplement_packs(*, meeting_id):
    meeting = Meeting.objects.filter(pk=meeting_id).select_related("body").first()
    if meeting is not None:
        packs.supplement(meeting)


@shared_task(name="governance.tasks.requeue_waiting_packs", acks_late=True)
def requeue_waiting_packs():
    return len(packs.requeue_waiting()) + len(accessible.requeue_unpublished())


@shared_task(name=accessible.BUILD_TASK, acks_late=True, autoretry_for=(OperationalError,),
             retry_backoff=True, max_retries=3)
def build_accessible_pack(*, pack_id):
    pack = BoardPack.objects.filter(pk=pack_id).first()
    if pack is not None:
        accessible.build(pack)
