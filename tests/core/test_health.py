"""/healthz: a load balancer's question, answered without a login in JSON."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_a_healthy_server_answers_200_with_each_check() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "queue"}
    assert all(check["ok"] for check in body["checks"].values())
    assert "no-cache" in response["Cache-Control"]


def test_a_queue_no_worker_empties_fails_the_check(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    from komplan.exports.tasks import build_calendar

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        build_calendar.enqueue(1, "")
    assert DBTaskResult.objects.count() == 1
    assert Client().get("/healthz").json()["checks"]["queue"]["ok"] is True

    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=10))
    response = Client().get("/healthz")
    assert response.status_code == 503
    queue = response.json()["checks"]["queue"]
    assert queue["ok"] is False
    assert queue["lag_seconds"] >= 600


def test_a_cache_that_is_unreachable_fails_the_check(settings: Any) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    response = Client().get("/healthz")
    assert response.status_code == 503
    cache = response.json()["checks"]["cache"]
    assert (cache["ok"], cache["error"]) == (False, "ConnectionError")
