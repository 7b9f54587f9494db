from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    """The pipeline's own numbers: how long proposals wait at each body's stage, how many go through,
    and how they leave it; worked out from the proposals' audit trail."""

    name = "analytics"
    verbose_name = "Pipeline analytics"

    def ready(self):
        from . import receivers  # noqa: F401
