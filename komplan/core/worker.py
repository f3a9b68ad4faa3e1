"""`komplan worker`: runs the queued tasks and the schedule, and picks up after a worker
that stopped mid-task.

The rules:
- One process runs tasks one at a time (django-tasks-db's worker loop, or RQ's worker when
  KOMPLAN_REDIS_URL is set); beside it a thread ticks every KOMPLAN_SCHEDULE_TICK_SECONDS:
  it says the worker is alive (`WorkerBeat`), runs again the tasks of dead workers, and
  enqueues the periodic tasks that are due (komplan.core.schedule).
- Dead: a worker not heard from for KOMPLAN_WORKER_STALE_SECONDS, or one on this machine
  whose process is gone. Its RUNNING task goes back to READY and runs again from the start:
  nothing is lost when a worker is killed, and a task that writes in one transaction (or
  claims a unique row) completes once.
- With RQ the same: a started job whose RQ worker on this machine is gone (or whose worker's
  record has expired) goes back to its queue, the same job, at once: when a worker starts and
  at each tick. A worker on another machine that stops is RQ's to notice: its job's entry in
  the StartedJobRegistry expires about 90 s after the worker's last heartbeat, and the
  registry's cleanup (run here at each tick, not only every 10 minutes as RQ's worker does)
  fails it as abandoned, after which komplan's retry rule (komplan.core.tasks) runs it again.
- SIGTERM or Ctrl-C lets the running task finish, then the worker stops.
- RQ runs each job in a work horse forked from the worker. SQLite keeps the state of its
  locks inside the process, so a horse forked while the ticker thread is in a transaction
  inherits a lock that nobody will release and finds the database locked for good (SQLite:
  "do not open a database before fork() and use it after"). The ticker's database work and
  RQ's fork take turns under `FORK_LOCK` (`komplan.core.rq_worker.Worker`).

django-tasks-db has no such recovery (a killed worker's task stays RUNNING for ever), so it
is written here: a heartbeat row and one UPDATE. RQ 3 fails an abandoned job only after its
entry expires and its worker's next maintenance (up to 10 minutes); the same machine's dead
worker is recognised here at once.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django.utils.crypto import get_random_string

from komplan.core import schedule
from komplan.core.models import WorkerBeat

logger = logging.getLogger("komplan.worker")


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def dead_workers(now: dt.datetime, host: str) -> set[str]:
    """The ids of the workers that no longer run."""
    stale = now - dt.timedelta(seconds=settings.KOMPLAN_WORKER_STALE_SECONDS)
    dead = set()
    for beat in WorkerBeat.objects.all():
        if beat.seen_at < stale or (beat.host == host and not process_alive(beat.pid)):
            dead.add(beat.worker_id)
    return dead


def recover_abandoned(now: dt.datetime | None = None, host: str | None = None) -> int:
    """Put the running tasks of dead workers back in the queue; how many."""
    if settings.KOMPLAN_REDIS_URL:
        return recover_abandoned_rq(host or socket.gethostname())
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    dead = dead_workers(now, host or socket.gethostname())
    known = set(WorkerBeat.objects.values_list("worker_id", flat=True))
    recovered = 0
    for result in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING):
        worker = result.worker_ids[-1] if result.worker_ids else None
        # A worker with no beat at all is one from before komplan's worker (db_worker).
        if worker in dead or worker not in known:
            recovered += DBTaskResult.objects.filter(
                pk=result.pk, status=TaskResultStatus.RUNNING
            ).update(status=TaskResultStatus.READY, started_at=None)
            logger.warning("Task %s of stopped worker %s runs again", result.pk, worker)
    WorkerBeat.objects.filter(worker_id__in=dead).delete()
    return recovered


def recover_abandoned_rq(host: str) -> int:
    """RQ: put the started jobs of dead workers back in their queue; how many."""
    import django_rq
    from django_tasks_rq.backend import Job
    from rq.job import JobStatus
    from rq.utils import as_text, parse_composite_key
    from rq.worker import Worker

    recovered = 0
    for name in settings.RQ_QUEUES:
        queue = django_rq.get_queue(name, job_class=Job)
        registry = queue.started_job_registry
        registry.cleanup()  # RQ's own rule for the workers of other machines
        redis = queue.connection
        entries: list[bytes] = list(redis.zrange(registry.key, 0, -1))  # type: ignore[arg-type, unused-ignore]
        for entry in entries:
            job = queue.fetch_job(parse_composite_key(as_text(entry))[0])
            if job is None or job.get_status() != JobStatus.STARTED or not job.worker_name:
                continue
            key = Worker.redis_worker_namespace_prefix + job.worker_name
            worker = Worker.find_by_key(key, connection=redis)
            if worker is not None and (worker.hostname != host or process_alive(worker.pid or 0)):
                continue  # alive, or another machine's (RQ's cleanup above)
            if not redis.zrem(registry.key, entry):
                continue  # another worker took it back first
            queue.enqueue_job(job)
            if worker is not None:
                worker.register_death()  # type: ignore[no-untyped-call, unused-ignore]
            logger.warning("Job %s of stopped RQ worker %s runs again", job.id, job.worker_name)
            recovered += 1
    return recovered


FORK_LOCK = threading.Lock()  # the ticker's database work, or RQ forking a work horse


class Ticker(threading.Thread):
    """The worker's second thread: heartbeat, recovery, schedule."""

    def __init__(self, worker_id: str, *, recover: bool, run_schedule: bool) -> None:
        super().__init__(name="komplan-ticker", daemon=True)
        self.worker_id = worker_id
        self.recover = recover
        self.run_schedule = run_schedule
        self.stopped = threading.Event()

    def tick(self) -> None:
        now = timezone.now()
        WorkerBeat.objects.filter(worker_id=self.worker_id).update(seen_at=now)
        if self.recover:
            recover_abandoned(now)
        if self.run_schedule:
            for name in schedule.run_due(now):
                logger.info("Enqueued the periodic task %s", name)

    def run(self) -> None:
        while not self.stopped.is_set():
            with FORK_LOCK:  # closed before RQ may fork again (see the module's docstring)
                try:
                    close_old_connections()
                    self.tick()
                except Exception:  # the worker goes on; the next tick tries again
                    logger.exception("The worker's tick failed")
                finally:
                    connection.close()
            self.stopped.wait(settings.KOMPLAN_SCHEDULE_TICK_SECONDS)


def beat_start(worker_id: str) -> None:
    now = timezone.now()
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "started_at": now,
            "seen_at": now,
        },
    )


def new_worker_id() -> str:
    return f"{socket.gethostname()[:30]}-{os.getpid()}-{get_random_string(8)}"
