"""Work that must commit with the change it belongs to, and the database errors that mean
"you lost a race: try the whole thing again".

The rules
---------
- `before_commit(func)` runs `func` inside the current transaction, at the end of the level
  it was called at: just before that savepoint is released (its writes then belong to the
  savepoint, and a later rollback of an outer level takes them too), or just before the
  transaction commits. A rollback of the level drops it unrun. Outside a transaction
  (autocommit) it runs at once. Hooks of one level run in the order they were added; a hook
  that fails makes the release or commit fail, and the transaction is rolled back.
- `level_data()` is a dict that lives as long as the current level: the transaction, or its
  innermost savepoint. It is emptied when the level is rolled back and forgotten once the
  level's hooks have run. `open_levels()` lists every open level, outermost first.
- `is_conflict(error)`: a deadlock (SQLSTATE 40P01) or serialization failure (40001) on
  PostgreSQL, or "database is locked" on SQLite. Nothing of the transaction is kept, and
  running it again from the start may well succeed.

Why our own database backends
-----------------------------
Django runs hooks only *after* a commit (`transaction.on_commit`) and has no hook before it
nor any notice of a savepoint's release or rollback. So komplan's backends
(`komplan.core.backends.sqlite3` and `.postgresql`, chosen in settings) subclass Django's own,
as Django's documentation allows, and extend the wrapper's transaction methods
(`savepoint`, `savepoint_commit`, `savepoint_rollback`, `commit`, `rollback`, `close`) with the
bookkeeping above; everything else is Django's. No private attribute of Django is read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError, transaction

__all__ = [
    "Level",
    "TransactionLevels",
    "before_commit",
    "is_conflict",
    "level_data",
    "open_levels",
]

# PostgreSQL: deadlock_detected, serialization_failure.
RETRIED_SQLSTATES = frozenset({"40P01", "40001"})
# SQLite: another connection holds the write lock past the busy timeout ("table" when the
# database is in shared-cache mode, as the in-memory test database is).
LOCKED_MESSAGES = ("database is locked", "database table is locked")


@dataclass
class Level:
    """One level of a transaction: the transaction itself (`sid` None) or a savepoint in it."""

    sid: str | None
    hooks: list[Callable[[], None]] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)


class TransactionLevels:
    """Mixed into a backend's `DatabaseWrapper`: keeps the open levels and runs their hooks."""

    komplan_levels: list[Level]
    needs_rollback: bool

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.komplan_levels = []

    def komplan_level(self) -> Level | None:
        """The innermost open level; None in autocommit."""
        if self.get_autocommit():  # type: ignore[attr-defined]
            return None
        if not self.komplan_levels:
            self.komplan_levels.append(Level(None))
        return self.komplan_levels[-1]

    def _komplan_index(self, sid: str) -> int | None:
        for index, level in enumerate(self.komplan_levels):
            if level.sid == sid:
                return index
        return None

    def _komplan_run(self, levels: list[Level]) -> None:
        for level in reversed(levels):  # innermost first, as their blocks end
            while level.hooks:
                level.hooks.pop(0)()

    def savepoint(self) -> str | None:
        sid: str | None = super().savepoint()  # type: ignore[misc]
        if sid is not None:
            self.komplan_levels.append(Level(sid))
        return sid

    def savepoint_commit(self, sid: str) -> None:
        index = self._komplan_index(sid)
        if index is not None:
            try:
                self._komplan_run(self.komplan_levels[index:])
            except BaseException:
                # Undo the savepoint, the hooks' writes included (Atomic does it again for a
                # database error, which is harmless); a query that failed in a hook then no
                # longer dooms the whole transaction: the error tells the caller.
                self.needs_rollback = False
                super().savepoint_rollback(sid)  # type: ignore[misc]
                raise
            finally:
                del self.komplan_levels[index:]
        super().savepoint_commit(sid)  # type: ignore[misc]

    def savepoint_rollback(self, sid: str) -> None:
        try:
            super().savepoint_rollback(sid)  # type: ignore[misc]
        finally:
            index = self._komplan_index(sid)
            if index is not None:
                # The savepoint itself stays open until it is released: keep it, empty.
                del self.komplan_levels[index + 1 :]
                self.komplan_levels[index].hooks.clear()
                self.komplan_levels[index].data.clear()

    def commit(self) -> None:
        try:
            self._komplan_run(list(self.komplan_levels))
        except BaseException:
            # Never let the caller's clean-up commit half of it (sqlite3 commits a pending
            # transaction when autocommit is switched back on).
            self.komplan_levels.clear()
            self.rollback()
            raise
        self.komplan_levels.clear()
        super().commit()  # type: ignore[misc]

    def rollback(self) -> None:
        try:
            super().rollback()  # type: ignore[misc]
        finally:
            self.komplan_levels.clear()

    def close(self) -> None:
        self.komplan_levels.clear()
        super().close()  # type: ignore[misc]


def _levels(using: str | None) -> TransactionLevels:
    connection = transaction.get_connection(using)
    if not isinstance(connection, TransactionLevels):
        raise ImproperlyConfigured(
            f"The database {connection.alias!r} uses {connection.settings_dict['ENGINE']}; "
            "komplan needs its own backends, komplan.core.backends.sqlite3 or .postgresql "
            "(see komplan.settings)."
        )
    return connection


def before_commit(func: Callable[[], None], using: str | None = None) -> None:
    """Run `func` at the end of the current transaction level, inside it (see the rules)."""
    level = _levels(using).komplan_level()
    if level is None:
        func()
    else:
        level.hooks.append(func)


def level_data(using: str | None = None) -> dict[str, Any] | None:
    """The current level's own dict; None outside a transaction."""
    level = _levels(using).komplan_level()
    return None if level is None else level.data


def open_levels(using: str | None = None) -> list[Level]:
    """Every open level of the current transaction, outermost first."""
    return list(_levels(using).komplan_levels)


def is_conflict(error: BaseException) -> bool:
    """True for a deadlock, a serialization failure or a locked SQLite database."""
    if not isinstance(error, OperationalError):
        return False
    for cause in (error, error.__cause__):
        code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
        if code in RETRIED_SQLSTATES:
            return True
    message = str(error)
    return any(text in message for text in LOCKED_MESSAGES)
