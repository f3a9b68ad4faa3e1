"""A task that fails is tried again, later each time, and after its last try Ekby's
administrators see it under Failed work; the schedule enqueues a periodic task once a slot."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks import TaskResultStatus
from hypothesis import given
from hypothesis import strategies as st

from komplan.core import schedule
from komplan.core.models import ScheduledRun, TaskFailure
from komplan.core.tasks import backoff
from tests.core import tasks_for_tests
from tests.core.tasks_for_tests import always_fails, fails_first

pytestmark = pytest.mark.django_db
DATABASE_BACKEND = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}


@pytest.fixture(autouse=True)
def _calls() -> None:
    tasks_for_tests.CALLS.clear()


def test_a_failing_task_is_tried_until_the_last_try_then_kept(
    settings: Any, organization: Any
) -> None:
    settings.KOMPLAN_TASK_ATTEMPTS = 3
    always_fails.enqueue(organization_id=organization.pk)
    assert tasks_for_tests.CALLS == ["always_fails"] * 3
    failure = TaskFailure.objects.get()
    assert failure.attempts == 3 and failure.gave_up and failure.next_try_at is None
    assert failure.organization_id == organization.pk
    assert failure.error == "RuntimeError: The printer is out of paper"


def test_a_task_that_succeeds_on_a_later_try_leaves_no_failure() -> None:
    assert fails_first.enqueue(name="Ekby").status == TaskResultStatus.FAILED
    assert tasks_for_tests.CALLS == ["Ekby", "Ekby"]
    assert not TaskFailure.objects.exists()


def test_the_database_backend_waits_longer_before_each_try(
    settings: Any, organization: Any, time_machine: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    time_machine.move_to(dt.datetime(2027, 3, 1, 9, tzinfo=dt.UTC), tick=False)
    settings.TASKS = DATABASE_BACKEND
    settings.KOMPLAN_TASK_BACKOFF_SECONDS = 30
    first = always_fails.enqueue(organization_id=organization.pk)
    row = DBTaskResult.objects.get(pk=first.id)
    row.claim("test-worker")
    row.set_failed(RuntimeError("The printer is out of paper"))
    from django_tasks.signals import task_finished

    task_finished.send(type(first.task.get_backend()), task_result=row.task_result)
    retry = DBTaskResult.objects.exclude(pk=first.id).get()
    assert retry.status == TaskResultStatus.READY
    assert retry.run_after == timezone.now() + dt.timedelta(seconds=30)
    assert TaskFailure.objects.get().next_try_at == retry.run_after


@given(st.integers(min_value=1, max_value=10))
def test_each_wait_is_four_times_the_one_before(attempts: int) -> None:
    assert backoff(attempts + 1) == 4 * backoff(attempts)


def failed(organization: Any) -> TaskFailure:
    now = timezone.now()
    return TaskFailure.objects.create(
        task_path="komplan.reminders.tasks.send_digest",
        arguments={
            "args": [],
            "kwargs": {"user_id": 1, "period": "2027-03-01", "organization_id": organization.pk},
        },
        fingerprint="x",
        organization_id=organization.pk,
        attempts=4,
        gave_up=True,
        error="SMTPServerDisconnected: Connection unexpectedly closed",
        first_failed_at=now,
        last_failed_at=now,
    )


def test_the_admins_see_failed_work_and_try_it_again(
    admin_client_: Client, organization: Any, outsider: Any, django_assert_num_queries: Any
) -> None:
    failure = failed(organization)
    failed(outsider.memberships.get().organization)  # Västby's: not shown
    url = f"/orgs/{organization.slug}/failed-work/"
    with django_assert_num_queries(5):  # session, user, org, membership, failures
        page = admin_client_.get(url, HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "Sending a person&#x27;s email digest" in html
    assert "SMTPServerDisconnected" in html and "Failed after the last try" in html
    assert html.count("<tr id=") == 1
    settings_page = admin_client_.get(f"/orgs/{organization.slug}/settings/").content.decode()
    assert url in settings_page
    response = admin_client_.post(f"{url}{failure.pk}/retry/")
    assert response.status_code == 302
    # The digest task ran again (immediately here) and found no such person: no failure left.
    assert not TaskFailure.objects.filter(organization_id=organization.pk).exists()


def test_the_admins_remove_a_failure(admin_client_: Client, organization: Any) -> None:
    failure = failed(organization)
    url = f"/orgs/{organization.slug}/failed-work/{failure.pk}/dismiss/"
    assert admin_client_.post(url).status_code == 302
    assert not TaskFailure.objects.exists()


def test_only_the_admins_see_failed_work(
    editor_client: Client, outsider_client: Client, organization: Any
) -> None:
    failure = failed(organization)
    url = f"/orgs/{organization.slug}/failed-work/"
    assert editor_client.get(url).status_code == 403
    assert outsider_client.get(url).status_code == 404
    assert outsider_client.post(f"{url}{failure.pk}/dismiss/").status_code == 404
    assert TaskFailure.objects.exists()


@pytest.fixture
def registry() -> Any:
    saved = dict(schedule.REGISTRY)
    schedule.REGISTRY.clear()
    yield schedule.REGISTRY
    schedule.REGISTRY.clear()
    schedule.REGISTRY.update(saved)


def test_a_periodic_task_is_enqueued_once_a_slot(registry: Any) -> None:
    _NoArguments.runs = 0
    schedule.periodic("test.names", _no_arguments, every=dt.timedelta(hours=1))
    nine = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)
    assert schedule.run_due(nine) == ["test.names"]
    assert schedule.run_due(nine + dt.timedelta(minutes=59)) == []  # another worker, same hour
    assert schedule.run_due(nine + dt.timedelta(hours=1)) == ["test.names"]
    assert ScheduledRun.objects.count() == 2 and _NoArguments.runs == 2


def test_the_digests_are_on_the_schedule() -> None:
    entry = schedule.REGISTRY["reminders.digests"]
    assert entry.every == dt.timedelta(hours=1)


def test_old_finished_task_results_are_pruned_daily(
    settings: Any, organization: Any, time_machine: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    assert schedule.REGISTRY["core.prune-task-results"].every == dt.timedelta(days=1)
    settings.TASKS = DATABASE_BACKEND
    settings.KOMPLAN_TASK_RESULT_DAYS = 14
    start = dt.datetime(2027, 3, 1, 9, tzinfo=dt.UTC)
    time_machine.move_to(start, tick=False)

    def finished(ok: bool) -> str:
        result = fails_first.enqueue(name="Ekby")
        row = DBTaskResult.objects.get(pk=result.id)
        row.claim("test-worker")
        row.set_successful("Ekby") if ok else row.set_failed(RuntimeError("Not yet"))
        return str(result.id)

    old = {finished(True), finished(False)}
    waiting = str(fails_first.enqueue(name="Norrvik").id)  # never run: stays
    schedule.run_due(start)
    time_machine.move_to(start + dt.timedelta(days=10), tick=False)
    recent = finished(True)
    time_machine.move_to(start + dt.timedelta(days=15), tick=False)
    schedule.prune_task_results.call()
    left = {str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)}
    assert not old & left
    assert {waiting, recent} <= left
    assert not ScheduledRun.objects.filter(slot__lt=start + dt.timedelta(days=1)).exists()


@given(st.datetimes(timezones=st.just(dt.UTC)), st.sampled_from([60, 3600, 86400]))
def test_a_slot_holds_its_moment(now: dt.datetime, seconds: int) -> None:
    every = dt.timedelta(seconds=seconds)
    start = schedule.slot_of(now, every)
    assert start <= now < start + every


class _NoArguments:
    """A stand-in periodic task that only counts its runs."""

    runs = 0

    def enqueue(self) -> None:
        _NoArguments.runs += 1


_no_arguments = _NoArguments()
