from django.apps import AppConfig


class PublicConfig(AppConfig):
    """Meetings in public: the public site of each body that meets in public, and questions from the public."""

    name = "public"
    verbose_name = "Meetings in public"

    def ready(self):
        from . import receivers  # noqa: F401 - drops cached public pages when what they show changes
