from django.apps import AppConfig


class CommonConfig(AppConfig):
    """What every app shares (settings, errors, view mixins, documents, the user cache): installed
    as an app so that its receivers are connected, and for the workers' heartbeats (models.py)."""

    name = "ics_commissioning"
    verbose_name = "ICS Commissioning"

    def ready(self):
        # Django's way to register checks and connect receivers once the apps are loaded (request_id's are
        # Celery's, so that a task carries the id of the request that queued it).
        from . import checks, receivers, request_id  # noqa: F401
