import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The bottom layer: abstract models and helpers that every other app may import, and the
    task queue's rules (retries, the schedule, the worker)."""

    name = "komplan.core"
    label = "core"

    def ready(self) -> None:
        from komplan.core import schedule, tasks  # tasks connects the retry rule

        schedule.periodic(
            "core.prune-task-results", schedule.prune_task_results, every=dt.timedelta(days=1)
        )
        tasks.describe(schedule.prune_task_results, _("Deleting the records of finished work"))
