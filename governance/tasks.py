from celery import shared_task
from django.db import OperationalError

from . import minutes, packs
from .models import BoardPack, Meeting


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def build_board_pack(*, pack_id):
    pack = BoardPack.objects.filter(pk=pack_id).first()
    if pack is None:
        return  # the meeting was deleted meanwhile
    packs.build(pack)


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def refresh_packs(*, meeting_id):
    meeting = Meeting.objects.filter(pk=meeting_id).select_related("body").first()
    if meeting is not None:
        packs.refresh(meeting)


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def build_minutes_pdf(*, minutes_id):
    minutes.build_pdf(minutes_id)


@shared_task(acks_late=True)
def requeue_waiting_packs():
    return len(packs.requeue_waiting())
