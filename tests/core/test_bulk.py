"""`komplan.core.bulk.insert_rows`: the rows land with the values given, the ids come back in
row order, and the table's own id sequence moves on (so the ORM's next insert and another
writer's never take an id twice)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from komplan.core.bulk import insert_rows
from komplan.plans.models import Message

NOW = dt.datetime(2026, 3, 5, 9, 0, tzinfo=dt.UTC)


def test_ids_come_back_in_row_order_with_the_values_given(plan: Any) -> None:
    texts = [f"Budskap {n}" for n in range(1, 251)]
    ids = insert_rows(
        Message,
        ["plan", "position", "text", "clarification", "lock_version", "updated_at"],
        [(plan.pk, n, text, "", 1, NOW) for n, text in enumerate(texts, start=1)],
        returning=True,
    )
    assert len(set(ids)) == len(texts)
    assert dict(Message.objects.filter(pk__in=ids).values_list("pk", "text")) == dict(
        zip(ids, texts, strict=True)
    )
    # The ORM's next row takes an id of its own, after those.
    after = Message.objects.create(plan=plan, position=999, text="Efteråt")
    assert after.pk not in ids and after.pk > max(ids)


def test_rows_without_ids_are_one_statement(plan: Any) -> None:
    with CaptureQueriesContext(connection) as captured:
        assert (
            insert_rows(
                Message,
                ["plan", "position", "text", "clarification", "lock_version", "updated_at"],
                [(plan.pk, n, f"Budskap {n}", "", 1, NOW) for n in range(1, 101)],
            )
            == []
        )
    assert len(captured.captured_queries) == 1
    assert Message.objects.filter(plan=plan).count() == 100
