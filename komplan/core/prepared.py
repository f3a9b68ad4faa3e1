"""One-row queries compiled to SQL once per process, then only executed.

Some queries are built from dozens of subqueries (a plan's content stamp reads a count and
a latest change of every register and of every part apps above plans keep) and are asked on
every page that caches by them. Django compiles a queryset anew each time, which for such a
query costs more than running it. `PreparedRow` builds and compiles the queryset once per
database, with stand-in values for its integer arguments (a plan's id, a user's id), and then
runs the kept SQL with the real values, converting the row as the ORM would.
`PreparedObjects` does the same for a queryset of model instances (with `select_related`):
the permission gate reads a plan and the reader's memberships on every page.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Hashable
from typing import Any

from django.db import connections, router
from django.db.models import Model, QuerySet

# Stand-ins for the arguments while compiling: integers no id ever takes.
STAND_INS = (-2_000_000_011, -2_000_000_029, -2_000_000_033, -2_000_000_063)
# An argument outside a database integer matches no row (as the ORM's lookups say).
SMALLEST, LARGEST = -(2**63), 2**63 - 1


def _in_range(args: tuple[int, ...]) -> bool:
    return all(SMALLEST <= int(a) <= LARGEST for a in args)


class PreparedRow:
    """`build(*args)` gives a queryset of `model` reading one row of values
    (`values_list`); calling the `PreparedRow` with integer `args` gives that row as a tuple
    (None when there is none), with the SQL compiled once per database and per `version()`:
    a value that changes when `build` would build another query (the hooks it reads)."""

    def __init__(
        self,
        model: type[Model],
        build: Callable[..., QuerySet[Any, Any]],
        version: Callable[[], Hashable] = tuple,
    ) -> None:
        self.model, self.build, self.version = model, build, version
        self._compiled: dict[Hashable, tuple[Any, str, list[Any], list[int | None], Any]] = {}
        self._lock = threading.Lock()

    def _compile(self, alias: str, arity: int) -> tuple[Any, str, list[Any], list[int | None], Any]:
        compiler = self.build(*STAND_INS[:arity]).query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        places = [
            STAND_INS.index(p) if isinstance(p, int) and p in STAND_INS else None for p in params
        ]
        if {p for p in places if p is not None} != set(range(arity)):
            raise ValueError("every argument must reach the SQL as a parameter")
        fields = [s[0] for s in compiler.select[: compiler.col_count]]
        return compiler, sql, list(params), places, compiler.get_converters(fields)

    def __call__(self, *args: int) -> tuple[Any, ...] | None:
        if not _in_range(args):
            return None
        alias = router.db_for_read(self.model)
        key = (alias, len(args), self.version())
        found = self._compiled.get(key)
        if found is None:
            with self._lock:
                found = self._compiled.get(key) or self._compile(alias, len(args))
                self._compiled[key] = found
        compiler, sql, params, places, converters = found
        values = [p if i is None else int(args[i]) for p, i in zip(params, places, strict=True)]
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, values)
            row = cursor.fetchone()
        if row is None:
            return None
        if converters:
            row = next(iter(compiler.apply_converters([row], converters)))
        return tuple(row)


class PreparedObjects:
    """`build(*args)` gives a queryset of `model`; calling the `PreparedObjects` with integer
    `args` gives its objects as a list, with the SQL compiled once per database and per
    `version()` (as `PreparedRow`): Django's own iterable makes the objects (with what
    `select_related` reads and the annotations) from the kept compiler."""

    def __init__(
        self,
        model: type[Model],
        build: Callable[..., QuerySet[Any, Any]],
        version: Callable[[], Hashable] = tuple,
    ) -> None:
        self.model, self.build, self.version = model, build, version
        self._compiled: dict[Hashable, tuple[QuerySet[Any, Any], Any, str, list[Any], Any]] = {}
        self._lock = threading.Lock()

    def _compile(
        self, alias: str, arity: int
    ) -> tuple[QuerySet[Any, Any], Any, str, list[Any], Any]:
        queryset = self.build(*STAND_INS[:arity]).using(alias)
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        places = [
            STAND_INS.index(p) if isinstance(p, int) and p in STAND_INS else None for p in params
        ]
        if {p for p in places if p is not None} != set(range(arity)):
            raise ValueError("every argument must reach the SQL as a parameter")
        return queryset, compiler, sql, list(params), places

    def __call__(self, *args: int) -> list[Any]:
        if not _in_range(args):
            return []
        alias = router.db_for_read(self.model)
        key = (alias, len(args), self.version())
        found = self._compiled.get(key)
        if found is None:
            with self._lock:
                found = self._compiled.get(key) or self._compile(alias, len(args))
                self._compiled[key] = found
        queryset, kept, sql, params, places = found
        values = [p if i is None else int(args[i]) for p, i in zip(params, places, strict=True)]
        compiler = copy.copy(kept)  # with its select and related klass_info, set once
        compiler.connection = connections[alias]  # this thread's
        compiler.as_sql = lambda *a, **k: (sql, values)
        fresh = queryset._chain()  # type: ignore[attr-defined]
        fresh.query.get_compiler = lambda *a, **k: compiler
        return list(fresh)
