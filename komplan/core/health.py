"""`/healthz` for a load balancer: is this server able to serve?

No login and no session: it answers JSON with each check's result and 200 when all pass, 503
when any fails, so a load balancer takes a server whose database or cache is unreachable out
of rotation. The checks:

- database: a query on the default connection;
- cache: a value written and read back (Redis or the database cache, whichever is configured);
- queue: with the database task backend, the age of the oldest task ready to run (how long
  work has waited for a worker). Above KOMPLAN_HEALTH_QUEUE_LAG seconds the queue counts as
  failing: no worker is keeping up, and documents and calendars would wait. Other backends
  (RQ, the immediate backend) report no lag.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

__all__ = ["healthz"]


def _database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True}


def _cache() -> dict[str, Any]:
    key, value = "komplan:healthz", secrets.token_hex(8)
    cache.set(key, value, timeout=30)
    return {"ok": cache.get(key) == value}


def _queue() -> dict[str, Any]:
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

    backend = type(task_backends[DEFAULT_TASK_BACKEND_ALIAS])
    name = f"{backend.__module__}.{backend.__qualname__}"
    if not backend.__module__.startswith("django_tasks_db"):
        return {"ok": True, "backend": name}
    from django_tasks_db.models import DBTaskResult

    oldest = (
        DBTaskResult.objects.ready()
        .order_by("enqueued_at")
        .values_list("enqueued_at", flat=True)
        .first()
    )
    lag = max(0.0, (timezone.now() - oldest).total_seconds()) if oldest else 0.0
    return {
        "ok": lag <= settings.KOMPLAN_HEALTH_QUEUE_LAG,
        "backend": name,
        "lag_seconds": round(lag, 1),
    }


CHECKS = {"database": _database, "cache": _cache, "queue": _queue}


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Each check's result, and 200 if every one passed, 503 otherwise."""
    results: dict[str, Any] = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            result = check()
        except Exception as error:  # a health check reports failures, it does not raise them
            result = {"ok": False, "error": error.__class__.__name__}
        result["ms"] = round(1000 * (time.perf_counter() - started), 1)
        results[name] = result
    healthy = all(result["ok"] for result in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "failing", "checks": results},
        status=200 if healthy else 503,
    )
