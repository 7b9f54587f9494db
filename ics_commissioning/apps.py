from django.apps import AppConfig


class CommonConfig(AppConfig):
    """What every app shares (settings, errors, view mixins, documents, the user cache): installed
    as an app so that its receivers are connected."""

    name = "ics_commissioning"
    verbose_name = "ICS Commissioning"

    def ready(self):
        from . import checks, receivers  # noqa: F401 - Django's way to register checks and receivers once loaded
