"""Inserting many rows at once, faster than `QuerySet.bulk_create`: for the writer of whole
plans (10,000 activities, 70,000 links) and the audit events it records.

`insert_rows(model, fields, rows)` inserts `rows` (one value per name in `fields`, in that
order) into `model`'s table; with `returning=True` it gives the new rows' ids in row order.
Values are Python values as the model holds them, foreign keys as ids. How:

- **PostgreSQL**: one `COPY … FROM STDIN` (psycopg 3's `Cursor.copy`). With ids, the ids
  are taken from the table's sequence first (`nextval` once per row, in one statement: safe
  beside other writers) and copied in with the rows. That is one statement more than the
  `INSERT … SELECT * FROM UNNEST(…) RETURNING id` Django's own `bulk_create` makes there, and
  three to four times faster for 10,000 activities: the server inserts copied rows in
  batches, the `INSERT … SELECT` row by row (`benchmarks/writer.py`).
- **SQLite**: multi-row `INSERT … VALUES` (`RETURNING id` for ids), as many rows per
  statement as the connection's limit of parameters allows (read from the connection, not
  Django's 999 of old SQLite versions), at most 10,000: faster than `executemany`, which
  runs the statement once per row.

Why by hand: `bulk_create` builds every value of every row through the field's
`get_db_prep_save` and the SQL compiler (about half the writer's time for a large plan), and
on PostgreSQL it sends a JSON column as text inside an array literal, which the server takes
seconds to read for 10,000 audit events. django-bulk-load and django-postgres-copy do COPY, but
for PostgreSQL only; komplan must run on SQLite too. Here a value goes to the driver as it is
when the driver takes that Python type for that column as Django would send it (text, integers,
booleans, None), and through the field's `get_db_prep_save` otherwise (dates on SQLite, JSON,
decimals). Nothing is sent as a model signal, and `auto_now` fields are not filled in: give
their values. A COPY counts as one query where Django counts them (`CaptureQueriesContext`,
`connection.queries`), as the statements do.

`gc_paused()` (a context manager and decorator) holds Python's cyclic garbage collector back
while a whole plan is read or written. Such a write makes a few hundred thousand objects that
live until it ends (entries, their values, audit events), and each of them counts towards
the collector's next run: a 10,000-activity copy ran it 1,200 times, five of them over the
whole heap, which took 1.1 s of its 2.5 s of CPU. The objects are freed by reference
counting as before; only cycles wait until the collector runs again after the block.
"""

from __future__ import annotations

import gc
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connections, models, router

__all__ = ["gc_paused", "insert_rows"]

# Internal types whose values the drivers take as they are, by the Python types that pass.
_PLAIN: dict[str, tuple[type, ...]] = {
    "CharField": (str,),
    "TextField": (str,),
    "SlugField": (str,),
    "EmailField": (str,),
    "BooleanField": (bool,),
    "IntegerField": (int,),
    "SmallIntegerField": (int,),
    "BigIntegerField": (int,),
    "PositiveIntegerField": (int,),
    "PositiveSmallIntegerField": (int,),
    "PositiveBigIntegerField": (int,),
    "AutoField": (int,),
    "BigAutoField": (int,),
    "SmallAutoField": (int,),
}
SQLITE_PARAMETERS = 999  # the limit of SQLite before 3.32, when the connection does not say
SQLITE_ROWS = 10_000  # rows per statement at most, to keep the statement's text in bounds


def _column(f: Any, connection: Any, values: Sequence[Any]) -> Sequence[Any]:
    """The values the driver is sent for `values` of field `f`: the same values when all of
    them are of a type that passes as it is (checked in C, a row costs no Python call)."""
    target = f.target_field if f.is_relation else f
    plain = _PLAIN.get(target.get_internal_type())
    if plain is not None and all(map({*plain, type(None)}.__contains__, map(type, values))):
        return values
    prepare = target.get_db_prep_save
    return [
        value
        if value is None or (plain is not None and isinstance(value, plain))
        else prepare(value, connection)
        for value in values
    ]


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    returning: bool = False,
) -> list[int]:
    """Insert `rows` into `model`'s table (see the module); the new ids in row order with
    `returning`, else an empty list."""
    if not rows:
        return []
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    # Concrete columns only (get_field's type also covers relations' reverse sides).
    found: list[Any] = [meta.get_field(name) for name in fields]
    if any(len(row) != len(found) for row in rows):
        raise ValueError(f"insert_rows: each row needs a value for each of {list(fields)}")
    given = zip(found, zip(*rows, strict=True), strict=True)
    values = list(zip(*(_column(f, connection, c) for f, c in given), strict=True))
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    columns = ", ".join(quote(f.column) for f in found)
    pk = quote(str(meta.pk.column))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if not returning:
                _copy(connection, cursor, f"COPY {table} ({columns}) FROM STDIN", values)
                return []
            # The ids first, from the table's own sequence, then the rows with them by COPY.
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(values)],
            )
            reserved: list[int] = [row[0] for row in cursor.fetchall()]
            _copy(
                connection,
                cursor,
                f"COPY {table} ({pk}, {columns}) FROM STDIN",
                [(pk_value, *row) for pk_value, row in zip(reserved, values, strict=True)],
            )
            return reserved
        one = "(" + ", ".join(["%s"] * len(found)) + ")"
        head = f"INSERT INTO {table} ({columns}) VALUES "
        tail = f" RETURNING {pk}" if returning else ""
        per = max(1, min(SQLITE_ROWS, _parameters(connection) // len(found)))
        ids: list[int] = []
        for start in range(0, len(values), per):
            batch = values[start : start + per]
            cursor.execute(
                head + ", ".join([one] * len(batch)) + tail,
                [value for row in batch for value in row],
            )
            if returning:
                ids += [row[0] for row in cursor.fetchall()]
        return ids


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection in the block (see the module); as it was after it. The
    collector is the process's: a block in another thread that ends first turns it back on,
    which costs that block's speed, never a leak."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _parameters(connection: Any) -> int:
    """How many parameters one SQLite statement may have on this connection."""
    getlimit = getattr(connection.connection, "getlimit", None)  # Python 3.11+
    if getlimit is None:
        return SQLITE_PARAMETERS
    return int(getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))


def _copy(connection: Any, cursor: Any, sql: str, values: list[tuple[Any, ...]]) -> None:
    """COPY the rows in, and count it as a query where Django logs them."""
    start = time.monotonic()
    with cursor.cursor.copy(sql) as copy:
        for row in values:
            copy.write_row(row)
    if connection.queries_logged:
        connection.queries_log.append(
            {"sql": f"{len(values)} rows: {sql}", "time": f"{time.monotonic() - start:.3f}"}
        )
