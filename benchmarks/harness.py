"""What the benchmark scripts share: the path and Django set-up, a throwaway database, timing.

A script run as `python benchmarks/<name>.py` puts the repo root on sys.path and imports this
module first (`from benchmarks import harness`); importing it drops the benchmarks folder itself
from sys.path, so that `benchmarks/coverage.py` cannot shadow the `coverage` package for
anything imported later.
"""

from __future__ import annotations

import math
import os
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

WARMUPS = 3

_HERE = Path(__file__).resolve().parent
_ROOT = _HERE.parent


def fix_sys_path() -> None:
    """The repo root in place of the benchmarks folder on sys.path."""
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
    if not sys.path or sys.path[0] != str(_ROOT):
        sys.path.insert(0, str(_ROOT))


fix_sys_path()


def bootstrap(*, test_client: bool = True) -> None:
    """Set Django up with DEBUG off; for the test client also a fast password hasher, the
    `testserver` host and static files by their plain names (a page benchmark measures the
    page, not a manifest that `collectstatic` would have to have made first). Before the first
    request: template engines and hashers are built lazily."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komplan.settings")
    import django
    from django.conf import settings

    django.setup()
    settings.DEBUG = False
    if test_client:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        if "testserver" not in settings.ALLOWED_HOSTS:
            settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
        settings.STORAGES = {**settings.STORAGES, "staticfiles": static}


@contextmanager
def throwaway_database(suffix: str) -> Iterator[None]:
    """A test database made for the block and dropped after it: in memory for SQLite,
    `test_<name>_<suffix>` otherwise. The configured database is never touched."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if "sqlite" not in database["ENGINE"]:
        # Not the test runner's `test_<name>`: a test run going on at the same time keeps it.
        database.setdefault("TEST", {})["NAME"] = f"test_{database['NAME']}_{suffix}"

    from django.test.utils import setup_databases, teardown_databases

    old_config = setup_databases(
        verbosity=0, interactive=False, aliases={"default"}, serialized_aliases=set()
    )
    try:
        yield
    finally:
        teardown_databases(old_config, verbosity=0)


def describe_run(runs: int) -> str:
    """The line that says what a page benchmark ran on: database, Django, Python, requests."""
    import platform

    import django

    return (
        f"database: {describe_database()} · Django {django.get_version()} · "
        f"Python {platform.python_version()} · DEBUG off · "
        f"{runs} requests per page after {WARMUPS} warm-ups"
    )


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value at least `share` of the values reach."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def time_requests(
    client: Any, url: str, runs: int, warmups: int = WARMUPS, *, label: str = ""
) -> tuple[float, float, int]:
    """(median ms, p95 ms, queries) of GET `url`, after `warmups` requests that must answer
    200 (otherwise SystemExit, with `label` in the message)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmups):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{label}: GET {url} answered {response.status_code}")
    # Counted on a request of its own: capturing adds its own cost to every query.
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    queries = len(captured.captured_queries)  # now: the next request clears the log
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), percentile(times, 0.95), queries


def describe_database(*, in_memory: bool = True) -> str:
    """E.g. "SQLite 3.45.1 (in memory)"; `in_memory=False` leaves the note off."""
    from django.db import connection

    version = ".".join(str(part) for part in connection.get_database_version())
    where = " (in memory)" if in_memory and connection.vendor == "sqlite" else ""
    return f"{connection.display_name} {version}{where}"


def describe_machine(*, after_run: bool = True) -> str | None:
    """Cores and load average (other work on the machine shows in the timings); None where the
    platform has no load average."""
    if not hasattr(os, "getloadavg"):
        return None
    load = " ".join(f"{n:.1f}" for n in os.getloadavg())
    when = " after the run" if after_run else ""
    return f"machine: {os.cpu_count()} cores, load average {load} (1/5/15 min){when}"
