"""RQ's worker for `komplan worker` when KOMPLAN_REDIS_URL is set: RQ's own, with two
changes, each seen to fail the RQ tests on a busy machine:

- It forks a job's work horse only while the ticker thread holds no database connection
  (`komplan.core.worker.FORK_LOCK`; the reason is in that module's docstring).
- Its command channel (RQ's pub/sub thread) wakes every second, not every 60 s. redis-py 8's
  `PubSubWorkerThread.stop()` waits for the thread to finish, and the thread waits up to its
  sleep time for a message: a SIGTERM could take a minute to stop the worker. The
  subscription is RQ's own `subscribe` with that one number changed.

Imported only by RQ, by its dotted name, so komplan runs without the `redis` extra."""

from __future__ import annotations

from typing import Any

from rq.worker import Worker as RQWorker

from komplan.core.worker import FORK_LOCK

PUBSUB_WAKE_SECONDS = 1.0


class Worker(RQWorker):
    def fork_work_horse(self, job: Any, queue: Any) -> None:
        with FORK_LOCK:
            super().fork_work_horse(job, queue)

    def subscribe(self) -> None:
        self.log.info("Worker %s: subscribing to channel %s", self.name, self.pubsub_channel_name)
        self.pubsub = self.connection.pubsub()
        self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})
        self.pubsub_thread = self.pubsub.run_in_thread(
            sleep_time=PUBSUB_WAKE_SECONDS,
            daemon=True,
            exception_handler=self._pubsub_exception_handler,
        )
