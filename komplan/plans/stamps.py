"""Narrow stamps of a plan's content, for caching what a page renders from a few registers.

`Plan.content_stamp` covers every register and every part apps above plans keep (30-odd
subqueries, ~25-45 ms to compile and run on a 10,000-activity plan); a page that shows only
some registers keys its cache on those, read in one query."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, F, Max, QuerySet, Sum, Value

from komplan.plans.models import Plan


def _part(model: type[Any], plan: Plan, kind: int) -> QuerySet[Any, Any]:
    """The plan's `model` rows' count, latest change and order (a sum of position × id, which
    a move changes: moves write positions with `update()`, not `updated_at`), in one pass."""
    return (
        model._default_manager.filter(plan=plan)
        .order_by()
        .values("plan")
        .annotate(n=Count("pk"), t=Max("updated_at"), s=Sum(F("position") * F("pk")))
        .annotate(kind=Value(kind))
        .values_list("kind", "n", "t", "s")
    )


def registers_stamp(plan: Plan, models: Iterable[type[Any]]) -> tuple[Any, ...]:
    """Changes whenever an entry of the plan's registers `models` (ordered ones, with
    `updated_at`) is added, changed, deleted or moved; an activity's links change with its
    `updated_at`, as for `Plan.content_stamp`. One query, a union reading each table once."""
    first, *rest = (_part(model, plan, kind) for kind, model in enumerate(models))
    return tuple(sorted(first.union(*rest, all=True)))
