"""The settings a deployment gets from its environment: the embedded database is made for
several people saving at once, and those options never reach PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


def database_options(tmp_path: Path, database_url: str | None) -> dict[str, Any]:
    """The default database's OPTIONS as komplan.settings builds them for that environment."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["KOMPLAN_DATA_DIR"] = str(tmp_path)
    if database_url:
        env["DATABASE_URL"] = database_url
    code = "import json, komplan.settings as s; print(json.dumps(s.DATABASES['default']))"
    run = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(run.stdout).get("OPTIONS", {})


def test_the_embedded_database_lets_writers_wait_their_turn(tmp_path: Path) -> None:
    options = database_options(tmp_path, None)
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 10
    assert "journal_mode=WAL" in options["init_command"]
    assert "synchronous=NORMAL" in options["init_command"]


def test_postgresql_gets_none_of_the_sqlite_options(tmp_path: Path) -> None:
    options = database_options(tmp_path, "postgres://komplan@127.0.0.1:5432/komplan")
    assert "transaction_mode" not in options and "init_command" not in options


@pytest.mark.slow
def test_ten_editors_saving_at_once_on_an_sqlite_file_lose_nothing(tmp_path: Path) -> None:
    # benchmarks/sqlite_writers.py: a fresh SQLite file with the embedded default settings;
    # ten threads, each with its own connection, log in and 5 times add a message, add an
    # activity carrying it and edit the message, through the views; then it checks the rows.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["TMPDIR"] = str(tmp_path)
    command = ["benchmarks/sqlite_writers.py", "--writers", "10", "--saves", "5", "--json"]
    run = subprocess.run(
        [sys.executable, *command],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.stdout, run.stderr[-2000:]
    result = json.loads(run.stdout.splitlines()[-1])
    assert result["error_kinds"] == {}
    assert result["saves"] == 10 * (1 + 3 * 5)
    assert result["problems"] == []
    assert run.returncode == 0
