"""`komplan worker` as a real process on the database backend: killed in the middle of a task
and started again, it completes the task once; and it sends Alice's digest by itself, from the
schedule, once. The same worker on Redis (RQ, KOMPLAN_REDIS_URL): it runs a task, and a job
whose worker was killed runs again when a worker starts.

The worker and the set-up run in processes of their own on a database they share: an SQLite
file migrated once for the module, or the suite's PostgreSQL test database."""

from __future__ import annotations

import email
import email.policy
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
KOMPLAN = Path(sys.executable).with_name("komplan")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path | None:
    if connection.vendor != "sqlite":
        return None
    path = tmp_path_factory.mktemp("worker") / "template.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "PYTHONPATH": str(ROOT)}
    subprocess.run([KOMPLAN, "migrate", "-v0"], env=env, check=True, timeout=300)
    return path


@pytest.fixture
def worker_env(migrated_sqlite: Path | None, tmp_path: Path) -> dict[str, str]:
    """The environment of the worker and the set-up processes: their database and mailbox."""
    if migrated_sqlite is not None:
        database = tmp_path / "komplan.sqlite3"
        shutil.copy(migrated_sqlite, database)
        url = f"sqlite:///{database}"
    else:
        s = connection.settings_dict  # the test database; transactional: the worker sees it
        url = f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    return {
        **os.environ,
        "DATABASE_URL": url,
        "PYTHONPATH": str(ROOT),
        "KOMPLAN_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "KOMPLAN_EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "KOMPLAN_SITE_URL": "https://komplan.ekby.se",
        "KOMPLAN_SCHEDULE_TICK_SECONDS": "1",
        "KOMPLAN_DIGEST_HOUR": "0",  # due whenever the test runs
        "KOMPLAN_LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
    }


def scenario(env: dict[str, str], *args: str) -> str:
    command = [sys.executable, "-m", "tests.core.worker_scenario", *args]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture
def start_worker(worker_env: dict[str, str], tmp_path: Path) -> Iterator[Any]:
    started: list[subprocess.Popen[bytes]] = []

    def start(env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        log = (tmp_path / f"worker-{len(started)}.log").open("wb")
        process = subprocess.Popen(
            [KOMPLAN, "worker", "--interval", "0.2"],
            env=env or worker_env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: RQ's work horse with it
        )
        started.append(process)
        # Ready once it says so: its signal handlers are in place then.
        log_path = tmp_path / f"worker-{len(started) - 1}.log"
        wait_for(lambda: b"running tasks" in log_path.read_bytes(), "the worker to start")
        return process

    yield start
    for log in sorted(tmp_path.glob("worker-*.log")):  # shown by pytest when the test fails
        print(f"--- {log.name}\n{log.read_text(errors='replace')[-30000:]}")
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


def wait_for(check: Any, what: str, timeout: float = 90) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"waited {timeout} s for {what}")


def lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def test_a_worker_killed_mid_task_and_started_again_completes_it_once(
    worker_env: dict[str, str], start_worker: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "task"
    folder.mkdir()
    task_id = scenario(worker_env, "enqueue", str(folder))
    first = start_worker()
    wait_for(lambda: lines(folder / "started"), "the task to start")
    os.kill(first.pid, signal.SIGKILL)  # no chance to clean up
    first.wait(timeout=30)
    assert json.loads(scenario(worker_env, "result", task_id))["status"] == "RUNNING"

    (folder / "go").touch()
    second = start_worker()
    wait_for(
        lambda: json.loads(scenario(worker_env, "result", task_id))["status"] == "SUCCESSFUL",
        "the task to complete",
    )
    result = json.loads(scenario(worker_env, "result", task_id))
    assert result == {"status": "SUCCESSFUL", "workers": 2, "results": 1}
    assert len(lines(folder / "started")) == 2  # begun by each worker
    assert lines(folder / "done") == [str(second.pid)]  # completed once, by the second
    second.send_signal(signal.SIGTERM)
    assert second.wait(timeout=30) == 0


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_worker_sends_the_digest_from_the_schedule_once(
    language: str, worker_env: dict[str, str], start_worker: Any, tmp_path: Path
) -> None:
    scenario(worker_env, "digest", language)
    mailbox = tmp_path / "mail"
    first = start_worker()
    sent = wait_for(lambda: list(mailbox.glob("*.log")), "the digest")
    second = start_worker()  # a second worker, and more ticks of the schedule: nothing more
    time.sleep(3)
    for process in (first, second):
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    sent = list(mailbox.glob("*.log"))
    raw = b"".join(path.read_bytes() for path in sent)
    messages = [m for m in raw.split(b"-" * 79) if m.strip()]
    assert len(messages) == 1
    message = email.message_from_bytes(messages[0].strip(), policy=email.policy.default)
    assert message["To"] == "alice@example.org"
    assert message["Auto-Submitted"] == "auto-generated"
    assert (
        message["List-Unsubscribe"]
        .strip()
        .startswith("<https://komplan.ekby.se/reminders/unsubscribe/")
    )
    assert message.is_multipart()
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Nyhetsbrev" in text and "Boka lokal" in text
    assert 'href="https://komplan.ekby.se/plans/' in html
    overdue = {"sv": "Försenade", "en": "Overdue"}[language]
    assert overdue in text and overdue in html


# --- The same worker on Redis (RQ) -------------------------------------------------------------

REDIS_URL = os.environ.get("KOMPLAN_TEST_REDIS_URL", "redis://127.0.0.1:6379")
REDIS_DATABASES = range(5, 16)  # Redis's databases 5-15; 0-4 are left to the developer


@pytest.fixture
def rq_env(worker_env: dict[str, str]) -> Iterator[dict[str, str]]:
    """The worker's environment with its queue in a Redis database of its own, emptied before
    and after. Each test claims a free database (a key set only if absent, with an expiry), so
    that the tests of two xdist workers, or of two runs at once, never take each other's jobs.
    No Redis: skipped, except where CI promises one (KOMPLAN_REQUIRE_BROWSER=1)."""
    try:
        import django_tasks_rq  # noqa: F401
        import redis
        from rq import Queue
    except ImportError:
        if os.environ.get("KOMPLAN_REQUIRE_BROWSER") == "1":
            raise
        pytest.skip("django-tasks-rq is not installed (pip install 'komplan[redis]')")
    claim = f"komplan-test-claim:{os.getpid()}:{time.monotonic_ns()}"
    connection = None
    for number in REDIS_DATABASES:
        candidate = redis.Redis.from_url(f"{REDIS_URL}/{number}")
        try:
            claimed = candidate.set("komplan-test-claim", claim, nx=True, ex=600)
        except redis.exceptions.ConnectionError:
            if os.environ.get("KOMPLAN_REQUIRE_BROWSER") == "1":
                raise
            pytest.skip(f"no Redis at {REDIS_URL}")
        if claimed:
            connection = candidate
            break
    assert connection is not None, "every Redis database 5-15 is claimed by another test"

    def empty() -> None:
        queue = Queue("default", connection=connection)
        queue.empty()
        for registry in (queue.started_job_registry, queue.failed_job_registry):
            connection.delete(registry.key)

    empty()
    try:
        yield {
            **worker_env,
            "KOMPLAN_REDIS_URL": f"{REDIS_URL}/{number}",
            "KOMPLAN_TASK_BACKOFF_SECONDS": "1",
        }
    finally:
        empty()
        if connection.get("komplan-test-claim") == claim.encode():
            connection.delete("komplan-test-claim")


def test_the_rq_worker_runs_a_task(
    rq_env: dict[str, str], start_worker: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "task"
    folder.mkdir()
    (folder / "go").touch()
    task_id = scenario(rq_env, "enqueue", str(folder))
    worker = start_worker(rq_env)
    wait_for(
        lambda: json.loads(scenario(rq_env, "result", task_id))["status"] == "SUCCESSFUL",
        "the task to complete",
    )
    assert len(lines(folder / "done")) == 1
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(timeout=30) == 0


def test_an_rq_job_whose_worker_was_killed_runs_again_when_a_worker_starts(
    rq_env: dict[str, str], start_worker: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "task"
    folder.mkdir()
    task_id = scenario(rq_env, "enqueue", str(folder))
    first = start_worker(rq_env)
    wait_for(lambda: lines(folder / "started"), "the task to start")
    # The worker and its work horse (RQ runs each job in a fork of its own process group;
    # the task wrote the horse's pid), as a crash or the OOM killer would: no clean-up.
    os.killpg(first.pid, signal.SIGKILL)
    os.kill(int(lines(folder / "started")[0]), signal.SIGKILL)
    first.wait(timeout=30)
    assert json.loads(scenario(rq_env, "result", task_id))["status"] == "RUNNING"

    (folder / "go").touch()
    second = start_worker(rq_env)
    wait_for(
        lambda: json.loads(scenario(rq_env, "result", task_id))["status"] == "SUCCESSFUL",
        "the task to complete",
        timeout=60,  # far less than RQ's own 90 s expiry and 10-minute maintenance
    )
    assert len(lines(folder / "started")) == 2  # begun by each worker
    assert len(lines(folder / "done")) == 1  # completed once, the same job
    second.send_signal(signal.SIGTERM)
    assert second.wait(timeout=30) == 0
