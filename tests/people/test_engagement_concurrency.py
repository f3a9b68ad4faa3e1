"""Five people set a group's first engagement at the same moment, on PostgreSQL: one is
saved with its history entry, the others are told someone else saved (409), nobody gets a
server error and nothing is saved twice."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from komplan.accounts.models import Role
from komplan.people.models import Engagement, EngagementChange
from tests.audit.test_concurrency import at_once
from tests.conftest import login
from tests.factories import make_member

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"
    ),
]

PEOPLE = 5


def test_first_assessments_at_once_save_one_and_refuse_the_others(
    plan: Any, entries: dict[str, Any]
) -> None:
    group = entries["groups"]
    people = [make_member(plan.organization, f"person{n}", Role.EDITOR) for n in range(PEOPLE)]
    clients = [login(person) for person in people]
    url = f"/plans/{plan.pk}/people/groups/{group.pk}/engagement/edit/"

    def setting(n: int) -> Callable[[], int]:
        data = {"current": 1 + n % 5, "desired": 5, "influence": 3, "interest": 3}
        return lambda: clients[n].post(url, {**data, "lock_version": 0}).status_code

    statuses = at_once([setting(n) for n in range(PEOPLE)])
    assert sorted(statuses) == [302] + [409] * (PEOPLE - 1), statuses
    saved = Engagement.objects.get(group=group)
    history = list(EngagementChange.objects.filter(group=group))
    assert len(history) == 1 and history[0].current == saved.current
