from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance"

    def ready(self):
        # Django's way to run code once the apps are loaded: connect the receivers, and register
        # the Celery tasks, which the services queue by name (governance.packs, governance.minutes).
        from . import receivers, tasks  # noqa: F401
