from celery import shared_task
from django.db import OperationalError

from . import packs
from .models import BoardPack


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def build_board_pack(*, pack_id):
    pack = BoardPack.objects.filter(pk=pack_id).first()
    if pack is None:
        return  # the meeting was deleted meanwhile
    packs.build(pack)
