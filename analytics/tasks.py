from celery import shared_task

from . import services


@shared_task
def rebuild_pipeline_figures():
    """Nightly (beat): every stay again from the audit trail, then each month's figures."""
    services.rebuild()
