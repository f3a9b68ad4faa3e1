"""Ten people saving at the same moment, on PostgreSQL: every saved change has its audit event,
and nobody gets a server error for a change that was in fact saved."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from komplan.accounts.models import Role
from komplan.audit.models import AuditEvent
from komplan.plans.models import Message
from tests.conftest import login
from tests.factories import make_member

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks, deadlocks and concurrent writers need PostgreSQL",
    ),
]

PEOPLE = 10
TIMEOUT = 60  # seconds for the whole crowd; a hang fails the test instead of the suite


def at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run `calls` in threads released together, each with its own database connection;
    return their results (or the exception a call raised) in order."""
    start = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int) -> None:
        try:
            start.wait(timeout=TIMEOUT)
            results[index] = calls[index]()
        except Exception as error:  # reported by the test, not lost in the thread
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(calls))]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + TIMEOUT
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    assert not any(thread.is_alive() for thread in threads), f"still running after {TIMEOUT} s"
    return results


def retries(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """The attempts that lost a race and were run again (or given up)."""
    return [r for r in caplog.records if "lost a race" in r.getMessage()]


def add_at_once(plan: Any, organization: Any) -> tuple[list[Any], list[Any], float]:
    """Ten people press "Save" on a new message at the same moment: their answers' statuses,
    the people, and the seconds until the last answer."""
    people = [make_member(organization, f"person{n}", Role.EDITOR) for n in range(PEOPLE)]
    clients: list[Client] = [login(person) for person in people]
    url = reverse("plans:register_create", args=[plan.pk, "messages"])

    def adding(n: int) -> Callable[[], int]:
        return lambda: clients[n].post(url, {"text": f"Budskap från person {n}"}).status_code

    began = time.monotonic()
    statuses = at_once([adding(n) for n in range(PEOPLE)])
    return statuses, people, time.monotonic() - began


def test_ten_people_adding_a_message_at_once_all_get_it_saved_and_recorded(
    plan: Any, organization: Any, caplog: pytest.LogCaptureFixture
) -> None:
    AuditEvent.objects.all().delete()  # the fixtures', written as they were made
    statuses, people, took = add_at_once(plan, organization)
    print(f"{PEOPLE} people at once: {took:.2f} s, {len(retries(caplog))} retries")

    assert statuses == [302] * PEOPLE
    messages = list(Message.objects.filter(plan=plan))
    assert len(messages) == PEOPLE
    created = AuditEvent.objects.filter(register="messages", action="create")
    assert sorted(created.values_list("object_id", flat=True)) == sorted(m.pk for m in messages)
    assert {e.user_name for e in created} == {p.username for p in people}


def test_ten_messages_added_at_once_are_numbered_1_to_10(plan: Any, organization: Any) -> None:
    statuses, _people, _took = add_at_once(plan, organization)
    assert statuses == [302] * PEOPLE
    numbers = sorted(m.number for m in Message.objects.filter(plan=plan))
    assert numbers == list(range(1, PEOPLE + 1))
