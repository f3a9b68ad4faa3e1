"""Abstract models every app may build on, and the task queue's own records (docs/tasks.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Locked(models.Model):
    """Optimistic locking: a save carries the version it was read at and is refused
    when someone else saved in between (see `komplan.plans.editing`, which checks and bumps it)."""

    lock_version = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        abstract = True


class TaskFailure(models.Model):
    """A task that failed: while it is tried again, and after its last try, when the
    organisation's administrators see it (komplan.core.tasks has the rules)."""

    task_path = models.CharField(max_length=255)
    arguments = models.JSONField(default=dict)  # {"args": [...], "kwargs": {...}}
    # The task and its arguments: the tries of one piece of work share it.
    fingerprint = models.CharField(max_length=64, db_index=True)
    # Whose administrators see it: the task's `organization_id` argument, if it has one.
    organization_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    gave_up = models.BooleanField(default=False)
    error = models.TextField(blank=True)  # the exception's class and message
    traceback = models.TextField(blank=True)
    first_failed_at = models.DateTimeField()
    last_failed_at = models.DateTimeField()
    next_try_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_failed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.task_path} ({self.attempts} tries)"


class ScheduledRun(models.Model):
    """A periodic task's run for one slot of time: the unique row that lets one worker of
    several enqueue it (komplan.core.schedule)."""

    name = models.CharField(max_length=100)
    slot = models.DateTimeField()
    enqueued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "slot"], name="one_run_per_slot")]

    def __str__(self) -> str:
        return f"{self.name} {self.slot:%Y-%m-%d %H:%M}"


class WorkerBeat(models.Model):
    """A running `komplan worker` says here that it is alive; the task of a worker that stopped
    saying so is run again by another (komplan.core.worker)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.worker_id
