"""Losing a race on purpose: what a deadlock looks like to komplan, on either database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import OperationalError, connection


def lose_a_race() -> None:
    """Fail as a lost race does. PostgreSQL itself reports a deadlock (SQLSTATE 40P01), which
    also aborts the transaction as a real one would; SQLite cannot be made to, so it gets the
    error Django raises for a locked database."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "DO $$ BEGIN RAISE EXCEPTION 'deadlock detected (forced by a test)' "
                "USING ERRCODE = 'deadlock_detected'; END $$"
            )
    raise OperationalError("database is locked")


@contextmanager
def losing(statement: str, times: int) -> Iterator[list[str]]:
    """In the block, the first `times` SQL statements that begin with `statement` lose a race
    instead of running (through Django's documented `execute_wrapper`); yields them as lost."""
    lost: list[str] = []

    def wrapper(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        if sql.startswith(statement) and len(lost) < times:
            lost.append(sql)
            lose_a_race()
        return execute(sql, *args)

    with connection.execute_wrapper(wrapper):
        yield lost
