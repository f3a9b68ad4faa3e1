"""An audit event commits with its change and only with it: written inside the change's
transaction, before the commit, and gone with every rollback of it."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import OperationalError, transaction

from komplan.audit.models import AuditEvent
from komplan.core.transactions import before_commit
from komplan.plans.models import Goal
from tests.audit.helpers import changes, events
from tests.core.races import losing

# Real commits and rollbacks, not the test's own transaction.
pytestmark = pytest.mark.django_db(transaction=True)

AUDIT_INSERT = 'INSERT INTO "audit_auditevent"'


@pytest.fixture
def goal(entries: dict[str, Any]) -> Goal:
    AuditEvent.objects.all().delete()  # the fixtures', written as they were made
    goal: Goal = entries["goals"]
    return goal


def test_the_event_is_written_before_the_commit_inside_the_transaction(goal: Goal) -> None:
    written: list[int] = []
    with transaction.atomic():
        goal.unit = "st"
        goal.save()
        assert events() == []  # still collecting: later changes to the goal merge into it
        before_commit(lambda: written.append(AuditEvent.objects.count()))
    assert written == [1]  # the last hook of the transaction sees it, before the commit
    [event] = events(register="goals")
    assert changes(event) == {"unit": ("", "st")}


def test_a_transaction_rolled_back_after_its_event_was_written_leaves_no_event(
    goal: Goal,
) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        with transaction.atomic():
            goal.unit = "st"
            goal.save()
        assert len(events(register="goals")) == 1  # written as the savepoint was released
        raise RuntimeError
    assert events() == []
    goal.refresh_from_db()
    assert goal.unit == ""


def test_a_savepoint_rolled_back_after_its_event_was_written_leaves_no_event(
    goal: Goal,
) -> None:
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            with transaction.atomic():
                goal.unit = "st"
                goal.save()
            assert len(events(register="goals")) == 1
            raise RuntimeError
        goal.refresh_from_db()
        goal.deadline = "2026-06-30"
        goal.save()
    [event] = events(register="goals")
    assert changes(event) == {"deadline": ("", "2026-06-30")}


def test_an_event_that_cannot_be_written_fails_its_change(goal: Goal) -> None:
    with pytest.raises(OperationalError), losing(AUDIT_INSERT, times=1), transaction.atomic():
        goal.unit = "st"
        goal.save()
    assert events() == []
    goal.refresh_from_db()
    assert goal.unit == ""  # not saved without its event
