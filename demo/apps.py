from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The invented demo data and the commands that load it (seed_demo, generate_load_data)."""

    name = "demo"
    verbose_name = "Demo data"
