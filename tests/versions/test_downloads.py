"""A frozen version's files, as the live plan's: kept once made, a large one made by a task
while a progress page waits (for the plan's members and at the public address), every
activity in it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.test import Client

from komplan.plans.models import Activity, Plan
from komplan.plans.planjson import plan_to_json
from komplan.versions.models import Publication, Snapshot
from tests.exports.test_background import DUMMY, run_queue

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def queue(settings: Any) -> Any:
    """A queue that keeps what is enqueued until the test runs it, like a busy worker."""
    from django_tasks import default_task_backend

    settings.TASKS = DUMMY
    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()


def freeze(plan: Plan, status: str = "published") -> Snapshot:
    return Snapshot.objects.create(plan=plan, version="1.0", status=status, data=plan_to_json(plan))


def test_a_large_file_of_a_version_is_made_by_a_task_while_a_progress_page_waits(
    viewer_client: Client, plan: Plan, entries: dict[str, Any], queue: Any, settings: Any
) -> None:
    settings.KOMPLAN_BACKGROUND_SECONDS = 0  # every file counts as large
    snapshot = freeze(plan, status="approved")
    activity = entries["activities"]
    activity.title = "Ändrad efter att versionen frystes"
    activity.save()
    url = f"/plans/{plan.pk}/versions/{snapshot.pk}/export/json/"
    progress = f"{url}progress/"
    response = viewer_client.get(url)
    assert response.status_code == 302 and response["Location"] == progress

    html = viewer_client.get(progress).content.decode()
    assert "<progress" in html
    assert f'data-hx-get="{progress}"' in html
    assert '<noscript><meta http-equiv="refresh"' in html
    viewer_client.get(url)  # asked again: still one file to make
    assert run_queue(queue) == 1

    ready = viewer_client.get(progress, headers={"HX-Request": "true"}).content.decode()
    assert "data-hx-get" not in ready
    assert f'href="{url}"' in ready
    download = viewer_client.get(url)
    assert download.status_code == 200 and download["Content-Type"] == "application/json"
    titles = [a["title"] for a in json.loads(download.content)["activities"]]
    assert "Nyhet 1" in titles and activity.title not in titles  # the version, not the plan
    assert viewer_client.get(url).content == download.content  # kept: no second task
    assert run_queue(queue) == 0


def test_a_large_file_at_the_public_address_waits_on_a_page_without_scripts(
    client: Client, plan: Plan, entries: dict[str, Any], queue: Any, settings: Any
) -> None:
    settings.KOMPLAN_BACKGROUND_SECONDS = 0
    snapshot = freeze(plan)
    token = Publication.objects.create(plan=plan).token
    page = client.get(f"/p/{token}/").content.decode()
    assert f'<a href="/p/{token}/pdf/">' in page  # no `download`: it may open the progress page
    url = f"/p/{token}/json/"
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == f"{url}progress/"

    waiting = client.get(f"{url}progress/")
    html = waiting.content.decode()
    assert waiting["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta http-equiv="refresh" content="2">' in html and "<noscript>" not in html
    assert "<script" not in html and "<progress" in html
    assert run_queue(queue) == 1

    ready = client.get(f"{url}progress/").content.decode()
    assert "http-equiv" not in ready and f'href="{url}"' in ready
    data = json.loads(client.get(url).content)
    assert data["activities"] and all("id" not in a for a in data["activities"])
    _, kept = default_storage.listdir(f"documents/version-{snapshot.pk}-public")
    assert len(kept) == 2  # the file and its download name


@pytest.mark.slow
@pytest.mark.rendering
def test_the_pdf_of_a_version_of_more_than_500_activities_holds_them_all(
    viewer_client: Client, plan: Plan, queue: Any, tmp_path: Path, settings: Any
) -> None:
    """A frozen version's PDF once stopped at its 500th activity, being made in the request:
    a task now makes it whole, and a PDF reader finds the last activity described and
    listed."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not found: install Debian's poppler-utils")
    total = 520
    settings.KOMPLAN_BACKGROUND_SECONDS = 0.5  # its PDF takes about a second: a task makes it
    Activity.objects.bulk_create(
        Activity(plan=plan, title=f"Aktivitet nr {n:04d}", position=n) for n in range(1, total + 1)
    )
    snapshot = freeze(plan)
    Activity.objects.filter(plan=plan).delete()  # the version, not the live plan, is printed
    url = f"/plans/{plan.pk}/versions/{snapshot.pk}/export/pdf/"
    assert viewer_client.get(url)["Location"] == f"{url}progress/"  # large: a task makes it
    assert run_queue(queue) == 1
    response = viewer_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    source = tmp_path / "version.pdf"
    source.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(source), "-"],
        check=True,
        capture_output=True,
        timeout=120,
    ).stdout.decode()
    found = re.findall(r"Aktivitet nr (\d{4})", text)
    assert set(found) == {f"{n:04d}" for n in range(1, total + 1)}
    assert found.count(f"{total:04d}") == 2  # the last one: described (6.1) and listed (6.2)
