"""What happens when a task fails: it is tried again, later each time, and after its last try
the organisation's administrators see it.

The rules:
- Every task of Django's Tasks API (`from django_tasks import task`) is covered; nothing to
  add to a task. A task that raises is enqueued again after KOMPLAN_TASK_BACKOFF_SECONDS,
  then four times as long each time (30 s, 2 min, 8 min), until it has been tried
  KOMPLAN_TASK_ATTEMPTS times. Then it stays failed, as a `TaskFailure` with `gave_up`.
- The tries of one piece of work are told apart from other work by the task and its
  arguments (the fingerprint). A try that succeeds removes the record of the earlier ones.
- Who sees it: a task called with an `organization_id` keyword argument belongs to that
  organisation, and its administrators see it under Settings → Failed work. One without is
  seen in Django's admin only.
- A task must be safe to run again: its writes in one transaction, or made idempotent
  (a unique row claimed in the transaction, as the digests do). A worker stopped mid-task
  also runs it again (komplan.core.worker).

No library does this for the Tasks API: django-tasks leaves retries to the backends, and
its database backend has none; these few lines use only the API's `task_finished` signal.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django_tasks import TaskResult, TaskResultStatus
from django_tasks.signals import task_finished

from komplan.core.models import TaskFailure

# Task labels for the people who read the list of failed work: module path → lazy text.
LABELS: dict[str, Any] = {}


def describe(task: Any, label: Any) -> None:
    """Give `task` a name people understand (a lazy translated text) on the failed-work list."""
    LABELS[task.module_path] = label


def label_of(task_path: str) -> Any:
    return LABELS.get(task_path, task_path.rsplit(".", 1)[-1].replace("_", " "))


def fingerprint(task_path: str, args: Any, kwargs: Any) -> str:
    text = json.dumps([task_path, args, kwargs], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def backoff(attempts: int) -> dt.timedelta:
    """The wait before the next try after `attempts` failed ones: base, ×4, ×16 …"""
    return dt.timedelta(seconds=settings.KOMPLAN_TASK_BACKOFF_SECONDS * 4 ** (attempts - 1))


@receiver(task_finished, dispatch_uid="komplan.core.tasks.retry_or_record")
def retry_or_record(sender: Any, task_result: TaskResult[Any], **kwargs: Any) -> None:
    """After every task: forget its earlier failures, or record this one and try again."""
    task = task_result.task
    args, task_kwargs = list(task_result.args), dict(task_result.kwargs)
    key = fingerprint(task.module_path, args, task_kwargs)
    if task_result.status == TaskResultStatus.SUCCESSFUL:
        TaskFailure.objects.filter(fingerprint=key, gave_up=False).delete()
        return
    if task_result.status != TaskResultStatus.FAILED:
        return
    error = task_result.errors[-1] if task_result.errors else None
    now = timezone.now()
    with transaction.atomic():
        failure = (
            TaskFailure.objects.select_for_update()
            .filter(fingerprint=key, gave_up=False)
            .order_by("pk")
            .first()
        )
        if failure is None:
            organization_id = task_kwargs.get("organization_id")
            failure = TaskFailure(
                task_path=task.module_path,
                arguments={"args": args, "kwargs": task_kwargs},
                fingerprint=key,
                organization_id=organization_id if isinstance(organization_id, int) else None,
                first_failed_at=now,
            )
        failure.attempts += 1
        failure.last_failed_at = now
        if error is not None:
            lines = error.traceback.strip().splitlines()
            failure.error = lines[-1] if lines else error.exception_class_path
            failure.traceback = error.traceback[-20_000:]
        failure.gave_up = failure.attempts >= settings.KOMPLAN_TASK_ATTEMPTS
        failure.next_try_at = None if failure.gave_up else now + backoff(failure.attempts)
        failure.save()
    if not failure.gave_up:
        try_again(task, args, task_kwargs, failure.next_try_at)


def try_again(task: Any, args: list[Any], kwargs: dict[str, Any], at: dt.datetime | None) -> Any:
    """Enqueue the task anew, at `at` where the backend can wait (the immediate one cannot)."""
    if at is not None and task.get_backend().supports_defer:
        task = task.using(run_after=at)
    return task.enqueue(*args, **kwargs)


def failure_retry(failure: TaskFailure) -> None:
    """An administrator's "try again": the count starts afresh."""
    from django.utils.module_loading import import_string
    from django_tasks.base import Task

    task = import_string(failure.task_path)
    assert isinstance(task, Task)
    failure.delete()
    arguments = failure.arguments
    try_again(task, arguments.get("args", []), arguments.get("kwargs", {}), None)
