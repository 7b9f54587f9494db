from django.apps import AppConfig


class ProcurementConfig(AppConfig):
    name = "procurement"
    verbose_name = "Provider selection"

    def ready(self):
        from . import receivers  # noqa: F401
