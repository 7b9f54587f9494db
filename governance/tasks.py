"""
Celery's autodiscovery (ics_commissioning/celery.py) imports each app's `tasks` module, and only
that: this module imports the tasks that live with their packages so that the worker registers
them. Import a task from where it is defined, not from here. They keep their old names
("governance.tasks.build_board_pack", ...): see governance.packs.tasks and governance.minutes.tasks.
"""

from .minutes import tasks as minutes_tasks  # noqa: F401 - registers build_minutes_pdf
from .packs import tasks as packs_tasks  # noqa: F401 - registers build_board_pack, refresh_packs, requeue_waiting_packs
