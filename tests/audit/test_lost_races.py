"""A save whose audit event loses a race (a deadlock while it is written) is run again as a
whole; if it keeps losing, nothing of it is kept and the person is told to try again. Never a
saved change without its event. (On PostgreSQL the database itself raises the deadlock.)"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from komplan.audit.models import AuditEvent
from komplan.plans.models import Message
from tests.audit.helpers import changes, events, form_data
from tests.conftest import login
from tests.core.races import losing

# Real commits and rollbacks, not the test's own transaction.
pytestmark = pytest.mark.django_db(transaction=True)

AUDIT_INSERT = 'INSERT INTO "audit_auditevent"'


@pytest.fixture
def client(editor: Any, entries: dict[str, Any]) -> Client:
    AuditEvent.objects.all().delete()  # the fixtures', written as they were made
    client = login(editor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "sv"
    return client


def lost_races(caplog: pytest.LogCaptureFixture) -> int:
    return sum("lost a race" in record.getMessage() for record in caplog.records)


def add_message(client: Client, plan: Any) -> Any:
    url = reverse("plans:register_create", args=[plan.pk, "messages"])
    return client.post(url, {"text": "Den nya e-tjänsten öppnar i maj."})


def test_a_message_whose_event_keeps_losing_is_not_saved_and_the_person_may_try_again(
    client: Client, plan: Any, caplog: pytest.LogCaptureFixture
) -> None:
    with losing(AUDIT_INSERT, times=99) as lost:
        response = add_message(client, plan)
    assert response.status_code == 503
    assert len(lost) == 3 == lost_races(caplog)
    assert not Message.objects.filter(text__startswith="Den nya").exists()
    assert events() == []
    page = response.content.decode()
    assert "Inget sparades" in page
    assert "Försök igen" in page
    assert 'value="Den nya e-tjänsten öppnar i maj."' in page  # sent again by the button


def test_a_message_whose_event_lost_once_is_saved_once_with_one_event(
    client: Client, plan: Any, editor: Any, caplog: pytest.LogCaptureFixture
) -> None:
    with losing(AUDIT_INSERT, times=1) as lost:
        response = add_message(client, plan)
    assert response.status_code == 302
    assert len(lost) == 1 == lost_races(caplog)
    [message] = Message.objects.filter(text__startswith="Den nya")
    [event] = events(register="messages")
    assert (event.action, event.object_id, event.user) == ("create", message.pk, editor)


def test_an_edit_that_lost_a_race_is_saved_on_the_next_attempt_not_refused_as_a_conflict(
    client: Client, plan: Any, entries: dict[str, Any]
) -> None:
    """The lost attempt's claim on the lock version is rolled back with it."""
    goal = entries["goals"]
    url = reverse("plans:register_edit", args=[plan.pk, "goals", goal.pk])
    data = form_data(client.get(url))
    data["unit"] = "procent"
    with losing(AUDIT_INSERT, times=1):
        response = client.post(url, data)
    assert response.status_code == 302
    before = goal.lock_version
    goal.refresh_from_db()
    assert (goal.unit, goal.lock_version) == ("procent", before + 1)
    [event] = events(register="goals")
    assert changes(event) == {"unit": ("", "procent")}
