"""Django's PostgreSQL backend, keeping the transaction levels of `komplan.core.transactions`,
with cursors whose statements PostgreSQL prepares once per connection (`prepared_cursor`)."""

from __future__ import annotations

import sys
from typing import Any

from django.conf import settings
from django.db.backends.postgresql import base, operations
from django.db.backends.postgresql.psycopg_any import errors
from django.db.backends.utils import CursorWrapper

from komplan.core.transactions import TransactionLevels

# psycopg prepares a statement after `prepare_threshold` runs; Django sets it to None, which
# also turns off an explicit `prepare=True`. While a `PreparingCursor` runs a statement the
# threshold is a count none reaches; otherwise it stays None, so that psycopg neither counts
# nor keeps the text of Django's own (client-bound, never prepared) statements.
NEVER_BY_COUNT = sys.maxsize


class PreparingCursor(base.ServerBindingCursor):  # type: ignore[misc, name-defined]
    """psycopg's server-side binding cursor, preparing each statement it runs: PostgreSQL
    parses and plans it once per connection and then only executes it with new values.
    (Django's own cursors bind on the client, which never prepares.)"""

    def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
        kwargs.setdefault("prepare", True)
        connection = self.connection
        threshold = connection.prepare_threshold
        if threshold is None:
            connection.prepare_threshold = NEVER_BY_COUNT
        try:
            return super().execute(query, params, **kwargs)
        finally:
            connection.prepare_threshold = threshold


class DatabaseOperations(operations.DatabaseOperations):
    def last_executed_query(self, cursor: Any, sql: str, params: Any) -> str | None:
        # psycopg keeps no text of a prepared statement's run: the statement with its values,
        # as Django shows a server-side bound one, for the query log (DEBUG, query counts).
        if isinstance(cursor, PreparingCursor):
            try:
                return str(self.compose_sql(sql, params))
            except errors.DataError:
                return None
        return super().last_executed_query(cursor, sql, params)  # type: ignore[no-any-return]


class DatabaseWrapper(TransactionLevels, base.DatabaseWrapper):
    ops_class = DatabaseOperations
    komplan_preparing = False

    def prepared_cursor(self) -> CursorWrapper:
        """A cursor like `cursor()` (logged, wrapped and checked as Django's) whose statements
        PostgreSQL prepares once per connection, for queries run on every page with only
        their values changing (`komplan.core.prepared`). With `KOMPLAN_DB_PREPARE` off (for
        PgBouncer in transaction mode, where a connection's prepared statements do not follow
        the client) it is Django's plain cursor. psycopg deallocates the prepared statements
        when a transaction is rolled back and prepares them again on their next run."""
        if not settings.KOMPLAN_DB_PREPARE:
            return self.cursor()
        self.komplan_preparing = True
        try:
            return self.cursor()
        finally:
            self.komplan_preparing = False

    def create_cursor(self, name: str | None = None) -> Any:
        if not self.komplan_preparing or name:
            return super().create_cursor(name)
        # Django's own cursor making (its time zone loader), with our cursor class.
        factory = self.connection.cursor_factory
        self.connection.cursor_factory = PreparingCursor
        try:
            return super().create_cursor(name)
        finally:
            self.connection.cursor_factory = factory
