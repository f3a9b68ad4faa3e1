"""Tasks the queue's tests enqueue: module-level, as the Tasks API requires."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django_tasks import task

CALLS: list[str] = []  # what the in-process tasks did (immediate backend)


@task()
def always_fails(*, organization_id: int) -> None:
    CALLS.append("always_fails")
    raise RuntimeError("The printer is out of paper")


@task()
def fails_first(*, name: str) -> str:
    """Fails on its first call for `name`, succeeds after."""
    CALLS.append(name)
    if CALLS.count(name) == 1:
        raise RuntimeError("Not yet")
    return name


@task()
def waits_for_go(*, folder: str) -> str:
    """Notes that it started, waits until `folder/go` exists, then notes that it finished:
    a worker killed in between leaves a start and no finish."""
    path = Path(folder)
    with (path / "started").open("a") as started:
        started.write(f"{os.getpid()}\n")
    deadline = time.monotonic() + 60
    while not (path / "go").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("no go")
        time.sleep(0.05)
    with (path / "done").open("a") as done:
        done.write(f"{os.getpid()}\n")
    return "done"
