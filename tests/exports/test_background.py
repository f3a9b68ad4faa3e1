"""Documents and calendar feeds made outside the request: a large file is made by a task
while a progress page waits; a made file or calendar is kept under the plan's content and
served at once until the plan changes."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django_tasks import default_task_backend

from komplan.plans.models import Activity, CalendarFeed

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def queue(settings: Any) -> Any:
    """A queue that keeps what is enqueued until the test runs it, like a busy worker."""
    settings.TASKS = DUMMY
    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()


def run_queue(queue: Any) -> int:
    """Run every task waiting, as a worker would; how many there were."""
    waiting = list(queue.results)
    queue.clear()
    for result in waiting:
        result.task.call(*result.args, **result.kwargs)
    return len(waiting)


def dated(plan: Any) -> None:
    for n, activity in enumerate(plan.activities.order_by("position")):
        activity.starts_on = dt.date(2026, 9, 1 + n)
        activity.save()


def test_a_small_file_is_made_at_once_and_kept_until_the_plan_changes(
    viewer_client: Client, plan: Any, entries: dict[str, Any]
) -> None:
    url = f"/plans/{plan.pk}/export/json/"
    first = viewer_client.get(url)
    assert first.status_code == 200
    assert json.loads(first.content)["activities"][0]["title"] == "Nyhet 1"
    _, kept = default_storage.listdir(f"documents/{plan.pk}")
    assert len(kept) == 2  # the file and its download name

    assert viewer_client.get(url).content == first.content

    activity = entries["activities"]
    activity.title = "Pressmeddelande om beslutet"
    activity.save()
    changed = viewer_client.get(url)
    assert json.loads(changed.content)["activities"][0]["title"] == "Pressmeddelande om beslutet"
    _, kept = default_storage.listdir(f"documents/{plan.pk}")
    assert len(kept) == 2  # the older file is gone


def test_a_large_file_is_made_by_a_task_while_a_progress_page_waits(
    viewer_client: Client, plan: Any, entries: dict[str, Any], queue: Any, settings: Any
) -> None:
    settings.KOMPLAN_BACKGROUND_SECONDS = 0  # every file counts as large
    url = f"/plans/{plan.pk}/export/json/"
    progress = f"/plans/{plan.pk}/export/json/progress/"
    response = viewer_client.get(url)
    assert response.status_code == 302
    assert response["Location"] == progress

    page = viewer_client.get(progress)
    html = page.content.decode()
    assert "<progress" in html
    assert f'data-hx-get="{progress}"' in html
    assert '<noscript><meta http-equiv="refresh"' in html
    # Asking again (another tab, another server) does not ask for a second file.
    viewer_client.get(url)
    assert run_queue(queue) == 1

    ready = viewer_client.get(progress, headers={"HX-Request": "true"}).content.decode()
    assert "data-hx-get" not in ready  # polling stops
    assert f'href="{url}"' in ready
    download = viewer_client.get(url)
    assert download.status_code == 200
    assert json.loads(download.content)["plan"]["name"] == plan.name
    assert run_queue(queue) == 0


def test_a_file_that_could_not_be_made_is_offered_again(
    viewer_client: Client, plan: Any, entries: dict[str, Any], queue: Any, settings: Any
) -> None:
    from komplan.exports import documents

    settings.KOMPLAN_BACKGROUND_SECONDS = 0
    progress = f"/plans/{plan.pk}/export/pdf/progress/"
    viewer_client.get(progress)
    stamp = documents.document_stamp(plan)
    documents.fail_job(plan.pk, stamp, "pdf")
    queue.clear()

    page = viewer_client.get(progress).content.decode()
    assert "could not be made" in page or "kunde inte" in page
    assert "data-hx-get" not in page
    again = viewer_client.get(progress + "?again=1").content.decode()
    assert "<progress" in again
    assert len(queue.results) == 1


def test_the_progress_page_reads_a_fixed_number_of_queries(
    viewer_client: Client,
    plan: Any,
    entries: dict[str, Any],
    queue: Any,
    settings: Any,
    django_assert_num_queries: Any,
) -> None:
    settings.KOMPLAN_BACKGROUND_SECONDS = 0
    progress = f"/plans/{plan.pk}/export/docx/progress/"
    viewer_client.get(progress)
    # 7: the goals are one of the registers of the content stamp, not a query of their own.
    with django_assert_num_queries(7):
        viewer_client.get(progress)
    Activity.objects.bulk_create(
        Activity(plan=plan, title=f"Extra {n}", position=100 + n) for n in range(20)
    )
    viewer_client.get(progress)  # the larger plan's file is asked for
    with django_assert_num_queries(7):
        viewer_client.get(progress)


def test_a_large_plans_calendar_is_written_by_a_task_and_never_keeps_a_subscriber_waiting(
    plan: Any, entries: dict[str, Any], queue: Any, settings: Any
) -> None:
    settings.KOMPLAN_INLINE_CALENDAR_ACTIVITIES = 0  # every plan counts as large
    dated(plan)
    feed = CalendarFeed.objects.create(plan=plan)
    client = Client()
    url = f"/calendar/{feed.token}.ics"

    first = client.get(url)
    assert first.status_code == 503
    assert first["Retry-After"] == "60"
    client.get(url)
    assert run_queue(queue) == 1  # asked for once

    written = client.get(url)
    assert written.status_code == 200
    assert b"SUMMARY:Nyhet 1" in written.content

    activity = entries["activities"]
    activity.title = "Pressmeddelande om beslutet"
    activity.save()
    stale = client.get(url)
    assert stale.status_code == 200  # the latest copy, at once
    assert stale["ETag"] == written["ETag"]
    assert b"SUMMARY:Nyhet 1" in stale.content
    unchanged = client.get(url, headers={"If-None-Match": written["ETag"]})
    assert unchanged.status_code == 304
    assert run_queue(queue) == 1

    fresh = client.get(url)
    assert b"SUMMARY:Pressmeddelande om beslutet" in fresh.content
    assert fresh["ETag"] != written["ETag"]


def test_a_small_plans_calendar_is_written_in_the_request(
    plan: Any, entries: dict[str, Any], queue: Any
) -> None:
    dated(plan)
    feed = CalendarFeed.objects.create(plan=plan)
    response = Client().get(f"/calendar/{feed.token}.ics")
    assert response.status_code == 200
    assert b"SUMMARY:Nyhet 1" in response.content
    assert queue.results == []


@pytest.mark.slow
@pytest.mark.rendering
def test_a_plan_over_the_old_limit_gets_a_pdf_with_every_activity_from_the_worker(
    viewer_client: Client, plan: Any, queue: Any, settings: Any
) -> None:
    """The PDF once stopped at its first 500 activities (and described 100); made by a task,
    it holds them all, described and listed."""
    import io
    import re

    from pypdf import PdfReader

    total = 520  # the PDF once stopped at its 500th activity
    settings.KOMPLAN_BACKGROUND_SECONDS = 0.5  # its PDF takes about a second: a task makes it
    Activity.objects.bulk_create(
        Activity(plan=plan, title=f"Aktivitet nr {n:04d}", position=n) for n in range(1, total + 1)
    )
    url = f"/plans/{plan.pk}/export/pdf/"
    assert viewer_client.get(url)["Location"] == f"{url}progress/"  # large: a task makes it
    assert run_queue(queue) == 1
    response = viewer_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    found = re.findall(r"Aktivitet nr (\d{4})", text)
    assert set(found) == {f"{n:04d}" for n in range(1, total + 1)}
    assert len(found) >= 2 * total  # each described (6.1) and listed (6.2)
