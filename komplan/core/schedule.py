"""Periodic tasks: what `komplan worker` enqueues by itself, once per slot of time.

An app adds a periodic task in its AppConfig.ready():

    from komplan.core import schedule
    schedule.periodic("reminders.digests", queue_digests, every=dt.timedelta(hours=1))

The rules:
- Time is cut into slots of `every`, counted from 1970-01-01 00:00 UTC (an hour, a day);
  a task is enqueued once in each slot, soon after the slot begins (each worker looks every
  KOMPLAN_SCHEDULE_TICK_SECONDS).
- Once, even with several workers: the worker that inserts the slot's `ScheduledRun` row
  enqueues the task, in the same transaction; the others find the row and do nothing.
- A slot missed while no worker ran is not made up for; the next slot's run does the work
  (a periodic task looks at what is due, not at when it last ran).
- The task is called without arguments; it should be quick and enqueue the real work as
  tasks of its own (one per person, one per plan), which are retried one by one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task, task_backends

from komplan.core.models import ScheduledRun

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Periodic:
    name: str
    task: Any  # a django_tasks Task taking no arguments
    every: dt.timedelta


REGISTRY: dict[str, Periodic] = {}


def periodic(name: str, task: Any, *, every: dt.timedelta) -> None:
    """Enqueue `task` once in every slot of `every`; `name` keeps the runs apart."""
    if every < dt.timedelta(minutes=1):
        raise ValueError("a periodic task runs at most once a minute")
    REGISTRY[name] = Periodic(name, task, every)


def slot_of(now: dt.datetime, every: dt.timedelta) -> dt.datetime:
    """The start of the slot of `every` that holds `now`."""
    return EPOCH + (now - EPOCH) // every * every


def run_due(now: dt.datetime | None = None) -> list[str]:
    """Enqueue each periodic task whose current slot has no run yet; the names enqueued."""
    now = now or timezone.now()
    enqueued = []
    for entry in REGISTRY.values():
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(name=entry.name, slot=slot_of(now, entry.every))
                entry.task.enqueue()
        except IntegrityError:
            continue  # another worker has this slot
        enqueued.append(entry.name)
    return enqueued


@task()
def prune_task_results() -> None:
    """Delete the finished task results (successful or failed) and the schedule's runs older
    than KOMPLAN_TASK_RESULT_DAYS. django-tasks-db keeps every result for ever; its own
    `prune_db_task_results` deletes them. RQ lets its results expire by itself. A task that
    failed for good stays on the failed-work list (`TaskFailure`) until an administrator
    acts on it."""
    days = max(1, settings.KOMPLAN_TASK_RESULT_DAYS)
    ScheduledRun.objects.filter(slot__lt=timezone.now() - dt.timedelta(days=days)).delete()
    from django_tasks_db import DatabaseBackend

    if isinstance(task_backends["default"], DatabaseBackend):
        call_command("prune_db_task_results", min_age_days=days, queue_name="*", verbosity=0)
