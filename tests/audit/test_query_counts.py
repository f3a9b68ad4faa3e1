"""The history pages' SQL queries, pinned: the same number for 5 events as for 50 (a full page).

As in tests/plans/test_query_counts.py: session, user, plan and membership (the permission
gate), the organisations in the header, then the page's own. When a page legitimately needs one
query more or less, change its number here; never let it depend on the number of events.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from komplan.audit.models import AuditEvent
from tests.audit.test_views import make_events
from tests.conftest import login
from tests.factories import make_member

pytestmark = pytest.mark.django_db

REGISTERS = ["plan", "tiers", "groups", "messages", "channels", "goals", "activities"]


def _plan_events(plan: Any, entries: dict[str, Any], count: int) -> None:
    """`count` events spread over every register, some of deleted entries, by several people."""
    people = [make_member(plan.organization, f"person-{count}-{n}") for n in range(3)]
    for n in range(count):
        register = REGISTERS[n % len(REGISTERS)]
        object_id = plan.pk if register == "plan" else entries[register].pk + 1000 * (n % 2)
        person = people[n % 3]
        make_events(
            plan,
            1,
            register=register,
            object_id=object_id,
            action="delete" if n % 5 == 0 and register != "plan" else "update",
            user=person,
            user_name=person.username,
        )


def _object_events(plan: Any, entries: dict[str, Any], count: int) -> None:
    make_events(plan, count, register="activities", object_id=entries["activities"].pk)


PAGES: dict[str, tuple[Callable[[Any, dict[str, Any], int], None], Callable[..., str], int]] = {
    "plan history": (
        _plan_events,
        lambda plan, e: reverse("audit:plan_history", args=[plan.pk]),
        7,
    ),
    "object history": (
        _object_events,
        lambda plan, e: reverse(
            "audit:object_history", args=[plan.pk, "activities", e["activities"].pk]
        ),
        7,
    ),
    "plan facts history": (
        lambda plan, e, count: make_events(plan, count, register="plan", object_id=plan.pk),
        lambda plan, e: reverse("audit:plan_facts_history", args=[plan.pk]),
        6,
    ),
}


def _count(user: Any, url: str) -> int:
    client = login(user)
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("page", PAGES)
def test_query_count_is_pinned_and_independent_of_the_number_of_events(
    page: str, plan: Any, entries: dict[str, Any], admin_user: Any
) -> None:
    make, url_for, expected = PAGES[page]
    counts = {}
    for count in (5, 50):
        AuditEvent.objects.all().delete()
        make(plan, entries, count)
        counts[count] = _count(admin_user, url_for(plan, entries))
    assert counts == {5: expected, 50: expected}, f"{page}: {counts}, pinned at {expected}"
