"""`komplan worker`: run the task queue and the schedule (komplan.core.worker has the rules).

Start one or more beside the web server (`make run` starts one); stop with Ctrl-C or SIGTERM,
which lets the running task finish.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connections

from komplan.core import worker


class Command(BaseCommand):
    help = "Run queued tasks (documents, digests) and the periodic ones; Ctrl-C stops it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--queue-name", default="default", help="queues, comma-separated")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between looks at an empty queue"
        )
        parser.add_argument(
            "--batch", action="store_true", help="run what is queued, then stop (benchmarks)"
        )
        parser.add_argument(
            "--no-schedule", action="store_true", help="run tasks only, enqueue no periodic ones"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # One connection kept for the worker's life (checked after each task, as a request's
        # is): connecting anew for each task costs more than a short digest.
        for alias in connections:
            connections[alias].settings_dict["CONN_MAX_AGE"] = None
        if settings.KOMPLAN_REDIS_URL:
            worker_id = worker.new_worker_id()
            worker.recover_abandoned()  # the jobs of this machine's workers killed mid-task
            ticker = worker.Ticker(worker_id, recover=True, run_schedule=not options["no_schedule"])
            ticker.start()
            self.stdout.write(f"komplan worker {worker_id}: running tasks (RQ); Ctrl-C stops it")
            self.stdout.flush()
            try:
                call_command(
                    "rqworker",
                    *options["queue_name"].split(","),
                    burst=options["batch"],
                    job_class="django_tasks_rq.backend.Job",  # the Tasks API's jobs
                    worker_class="komplan.core.rq_worker.Worker",  # forks between ticks
                    with_scheduler=True,  # runs the retries enqueued for later
                )
            finally:
                ticker.stopped.set()
            return
        from django_tasks_db.management.commands.db_worker import Worker

        worker_id = worker.new_worker_id()
        worker.beat_start(worker_id)
        worker.recover_abandoned()
        ticker = worker.Ticker(worker_id, recover=True, run_schedule=not options["no_schedule"])
        if not options["batch"]:
            ticker.start()
        loop = Worker(
            queue_names=options["queue_name"].split(","),
            interval=options["interval"],
            batch=options["batch"],
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        loop.configure_signals()
        self.stdout.write(f"komplan worker {worker_id}: running tasks; Ctrl-C stops it")
        self.stdout.flush()
        try:
            loop.run()
        finally:
            ticker.stopped.set()
            from komplan.core.models import WorkerBeat

            WorkerBeat.objects.filter(worker_id=worker_id).delete()
