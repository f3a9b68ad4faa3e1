"""The load harness (benchmarks/load.py) keeps working: a short run on SQLite through
gunicorn, checked against the database, must find nothing wrong."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_five_colleagues_working_for_fifteen_seconds_on_sqlite_lose_nothing() -> None:
    # Loopback only and bounded: 15 s of load or 400 requests, whichever comes first, on a
    # fresh SQLite file in a temporary folder that the script removes.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    command = [
        *(sys.executable, "benchmarks/load.py", "--db", "sqlite"),
        *("--users", "5", "--seconds", "15", "--max-requests", "400"),
        *("--activities", "60", "--groups", "8", "--messages", "10", "--channels", "5"),
    ]
    run = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-4000:]
    # Not an empty success: the colleagues saved things, and their history was found.
    saved = re.search(r"acknowledged writes: (\d+) of \d+ create, (\d+) of \d+ edit", output)
    assert saved is not None and int(saved[1]) + int(saved[2]) > 0, output[-4000:]
    matched = re.search(r"(\d+) matched to their acknowledged writes", output)
    assert matched is not None and int(matched[1]) > 0, output[-4000:]


def test_the_page_benchmarks_render_pages_without_collectstatic() -> None:
    # benchmarks/pages.py stopped at its first page: "Missing staticfiles manifest entry for
    # 'komplan/favicon.svg'" (DEBUG off wants collectstatic's manifest, which a clean clone lacks).
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "KOMPLAN_DEBUG"}}
    script = (
        "from benchmarks import harness; harness.bootstrap();"
        "from django.templatetags.static import static; print(static('komplan/favicon.svg'))"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip().endswith("/komplan/favicon.svg")
