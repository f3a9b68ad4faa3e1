"""komplan's RQ worker (komplan.core.rq_worker).

RQ forks a work horse for each job. SQLite keeps its locks' state in the process, so a
horse forked while the worker's ticker thread is inside a transaction finds the database
locked for good (seen: the RQ worker test failed about one run in three on a busy machine,
"database is locked" in the horse). komplan's RQ worker forks only between the ticker's
database work."""

from __future__ import annotations

import os
import threading
import time
from typing import Any

import pytest

from komplan.core import worker


def test_the_rq_worker_forks_a_work_horse_only_between_the_tickers_database_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rq = pytest.importorskip("rq.worker")
    from komplan.core import rq_worker

    events: list[str] = []
    ticking, go_on = threading.Event(), threading.Event()

    def tick(self: Any) -> None:
        events.append("tick begins")
        ticking.set()
        go_on.wait(10)
        events.append("tick ends")

    monkeypatch.setattr(worker.Ticker, "tick", tick)
    monkeypatch.setattr(rq.Worker, "fork_work_horse", lambda *args: events.append("fork"))
    ticker = worker.Ticker("test-worker", recover=False, run_schedule=False)
    ticker.start()
    assert ticking.wait(10)
    horse = object.__new__(rq_worker.Worker)
    forking = threading.Thread(target=horse.fork_work_horse, args=(None, None))
    forking.start()
    time.sleep(0.3)  # time enough for a fork that does not wait for the tick
    ticker.stopped.set()
    go_on.set()
    forking.join(10)
    ticker.join(10)
    assert events == ["tick begins", "tick ends", "fork"]


def test_the_rq_worker_stops_listening_for_commands_within_seconds() -> None:
    """A SIGTERM stops the worker after its pub/sub thread: that thread must not sleep for
    RQ's 60 s (seen: a worker still running 30 s after SIGTERM on a busy machine)."""
    redis = pytest.importorskip("redis")
    from komplan.core import rq_worker

    connection = redis.Redis.from_url(
        os.environ.get("KOMPLAN_TEST_REDIS_URL", "redis://127.0.0.1:6379") + "/15"
    )
    try:
        connection.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("KOMPLAN_REQUIRE_BROWSER") == "1":
            raise
        pytest.skip("no Redis")
    horse = rq_worker.Worker(["default"], connection=connection)
    horse.subscribe()
    time.sleep(0.3)  # the thread is waiting for a message
    thread = horse.pubsub_thread
    thread._running.clear()  # what stop() does, without redis-py 8's wait for the thread
    thread.join(10)
    alive = thread.is_alive()
    horse.pubsub.close()
    assert not alive
