"""One-row queries compiled to SQL once per process, then only executed.

Some queries are built from dozens of subqueries (a plan's content stamp reads a count and
a latest change of every register and of every part apps above plans keep) and are asked on
every page that caches by them. Django compiles a queryset anew each time, which for such a
query costs more than running it. `PreparedRow` builds and compiles the queryset once per
database, with stand-in values for its integer arguments (a plan's id, a user's id), and then
runs the kept SQL with the real values, converting the row as the ORM would.
`PreparedObjects` does the same for a queryset of model instances (with `select_related`):
the permission gate reads a plan and the reader's memberships on every page.

Both run the kept SQL through the backend's `prepared_cursor()` (komplan's backends): on
PostgreSQL the server then parses and plans it once per connection too (a prepared
statement) instead of on every request, unless `KOMPLAN_DB_PREPARE` is off.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Hashable
from typing import Any

from django.db import connections, router
from django.db.backends.utils import CursorWrapper
from django.db.models import Model, QuerySet
from django.db.models.sql.constants import MULTI

# Stand-ins for the arguments while compiling: integers no id ever takes.
STAND_INS = (-2_000_000_011, -2_000_000_029, -2_000_000_033, -2_000_000_063)
# An argument outside a database integer matches no row (as the ORM's lookups say).
SMALLEST, LARGEST = -(2**63), 2**63 - 1


def _in_range(args: tuple[int, ...]) -> bool:
    return all(SMALLEST <= int(a) <= LARGEST for a in args)


def _cursor(alias: str) -> CursorWrapper:
    """The database's preparing cursor (komplan's backends), or its plain one."""
    connection = connections[alias]
    prepared = getattr(connection, "prepared_cursor", None)
    return prepared() if prepared is not None else connection.cursor()


class _Prepared:
    """What both kinds share: the queryset `build` makes, compiled once per database and per
    `version()`, with the places of the arguments among its parameters."""

    def __init__(
        self,
        model: type[Model],
        build: Callable[..., QuerySet[Any, Any]],
        version: Callable[[], Hashable] = tuple,
    ) -> None:
        self.model, self.build, self.version = model, build, version
        self._compiled: dict[Hashable, Any] = {}
        self._lock = threading.Lock()

    def _compile(self, alias: str, arity: int) -> Any:
        """What `_call` keeps for `alias` and `arity` arguments (see the subclasses)."""
        raise NotImplementedError

    @staticmethod
    def _sql(
        queryset: QuerySet[Any, Any], alias: str, arity: int
    ) -> tuple[Any, str, list[Any], list[int | None]]:
        """`queryset`'s compiler, SQL, parameters, and where each argument stands in them."""
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        places = [
            STAND_INS.index(p) if isinstance(p, int) and p in STAND_INS else None for p in params
        ]
        if {p for p in places if p is not None} != set(range(arity)):
            raise ValueError("every argument must reach the SQL as a parameter")
        return compiler, sql, list(params), places

    def _kept(self, args: tuple[int, ...]) -> tuple[str, Any]:
        """The database alias to read and what `_compile` kept for it."""
        alias = router.db_for_read(self.model)
        key = (alias, len(args), self.version())
        found = self._compiled.get(key)
        if found is None:
            with self._lock:
                found = self._compiled.get(key) or self._compile(alias, len(args))
                self._compiled[key] = found
        return alias, found

    @staticmethod
    def _values(params: list[Any], places: list[int | None], args: tuple[int, ...]) -> list[Any]:
        return [p if i is None else int(args[i]) for p, i in zip(params, places, strict=True)]


class PreparedRow(_Prepared):
    """`build(*args)` gives a queryset of `model` reading one row of values
    (`values_list`); calling the `PreparedRow` with integer `args` gives that row as a tuple
    (None when there is none), with the SQL compiled once per database and per `version()`:
    a value that changes when `build` would build another query (the hooks it reads)."""

    def _compile(self, alias: str, arity: int) -> tuple[Any, str, list[Any], list[int | None], Any]:
        compiler, sql, params, places = self._sql(self.build(*STAND_INS[:arity]), alias, arity)
        fields = [s[0] for s in compiler.select[: compiler.col_count]]
        return compiler, sql, params, places, compiler.get_converters(fields)

    def __call__(self, *args: int) -> tuple[Any, ...] | None:
        if not _in_range(args):
            return None
        alias, (compiler, sql, params, places, converters) = self._kept(args)
        with _cursor(alias) as cursor:
            cursor.execute(sql, self._values(params, places, args))
            row = cursor.fetchone()
        if row is None:
            return None
        if converters:
            row = next(iter(compiler.apply_converters([row], converters)))
        return tuple(row)


class PreparedObjects(_Prepared):
    """`build(*args)` gives a queryset of `model`; calling the `PreparedObjects` with integer
    `args` gives its objects as a list, with the SQL compiled once per database and per
    `version()` (as `PreparedRow`): Django's own iterable makes the objects (with what
    `select_related` reads and the annotations) from the kept compiler."""

    def _compile(
        self, alias: str, arity: int
    ) -> tuple[QuerySet[Any, Any], Any, str, list[Any], Any]:
        queryset = self.build(*STAND_INS[:arity]).using(alias)
        return (queryset, *self._sql(queryset, alias, arity))

    def __call__(self, *args: int) -> list[Any]:
        if not _in_range(args):
            return []
        alias, (queryset, kept, sql, params, places) = self._kept(args)
        values = self._values(params, places, args)
        compiler = copy.copy(kept)  # with its select and related klass_info, set once
        compiler.connection = connections[alias]  # this thread's

        def execute_sql(result_type: Any = MULTI, *args: Any, **kwargs: Any) -> list[Any]:
            # Django's iterable asks for all rows (MULTI) and converts them itself.
            if result_type != MULTI:
                raise ValueError(f"a prepared queryset reads rows, not {result_type!r}")
            with _cursor(alias) as cursor:
                cursor.execute(sql, values)
                rows = cursor.fetchall()
            if compiler.has_extra_select:
                rows = [row[: compiler.col_count] for row in rows]
            return [rows]

        compiler.as_sql = lambda *a, **k: (sql, values)
        compiler.execute_sql = execute_sql
        fresh = queryset._chain()
        fresh.query.get_compiler = lambda *a, **k: compiler
        return list(fresh)
