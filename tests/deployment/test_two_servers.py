"""Two application servers on one PostgreSQL database and one Redis: a change saved through
one is seen through the other at once, on every page komplan caches (the coverage summary,
a calendar feed, the documents). The servers are real processes (`komplan runserver
--noreload` on free ports); the test stops them itself, and every wait is bounded."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from lxml import html as lxml_html

from komplan.plans.models import CalendarFeed, Channel, Message, TargetGroup
from tests.factories import make_member, make_organization, make_plan

REDIS = ("127.0.0.1", 6379)
STARTUP_SECONDS = 60


def _listening(host: str, port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((host, port)) == 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="several servers share PostgreSQL, not an SQLite file",
    ),
    pytest.mark.skipif(not _listening(*REDIS), reason="no Redis on 127.0.0.1:6379"),
]


@pytest.fixture
def servers(transactional_db: Any, tmp_path: Path) -> Iterator[list[str]]:
    """Two komplan servers on the test database, Redis and one media folder."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    if db.get("PASSWORD"):
        url = url.replace("@", f":{db['PASSWORD']}@", 1)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "KOMPLAN_REDIS_URL": f"redis://{REDIS[0]}:{REDIS[1]}/0",
        "KOMPLAN_MEDIA_ROOT": str(tmp_path / "media"),
        "KOMPLAN_DATA_DIR": str(tmp_path),
        "KOMPLAN_LIBREOFFICE": "",
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    ports = [_free_port(), _free_port()]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "komplan.cli", "runserver", "--noreload", f"127.0.0.1:{port}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        for port in ports:
            while not _listening("127.0.0.1", port):
                assert time.monotonic() < deadline, "a server did not start within a minute"
                time.sleep(0.2)
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _coverage(page: bytes) -> str:
    numbers = lxml_html.fromstring(page).xpath('//dl[contains(@class, "coverage-numbers")]')
    return " ".join(numbers[0].text_content().split()) if numbers else ""


def test_a_change_through_one_server_is_seen_through_the_other_at_once(
    servers: list[str],
) -> None:
    organization = make_organization()
    editor = make_member(organization, "bertil")
    plan = make_plan(organization, name="Nytt ärendesystem")
    core = plan.tiers.order_by("position").first()
    board = TargetGroup.objects.create(plan=plan, name="Kommunstyrelsen", tier=core)
    message = Message.objects.create(plan=plan, text="Systemet sparar tid.")
    message.tiers.add(core)
    channel = Channel.objects.create(plan=plan, name="Intranätet")
    feed = CalendarFeed.objects.create(plan=plan)
    session = Client()
    session.force_login(editor)
    cookies = {"sessionid": session.cookies["sessionid"].value}

    first, second = (httpx.Client(base_url=url, cookies=cookies, timeout=60) for url in servers)
    pages = {
        "overview": f"/plans/{plan.pk}/",
        "calendar": f"/calendar/{feed.token}.ics",
        "json": f"/plans/{plan.pk}/export/json/",
        "docx": f"/plans/{plan.pk}/export/docx/",
    }
    # Both servers have seen (and cached) every page before the change.
    for client in (first, second):
        for path in pages.values():
            assert client.get(path).status_code == 200
    before = _coverage(second.get(pages["overview"]).content)
    assert before

    # Through the first server: an activity that carries the message to the board.
    form_page = first.get(f"/plans/{plan.pk}/activities/new/")
    assert form_page.status_code == 200
    form = lxml_html.fromstring(form_page.content).xpath('//form[@method="post"]')[-1]
    data: dict[str, Any] = {
        field.get("name"): field.get("value", "")
        for field in form.xpath(".//input[@type='hidden']")
    }
    data.update(
        title="Pressträff om beslutet",
        time_text="15 september 2026",
        groups=[str(board.pk)],
        messages=[str(message.pk)],
        channels=[str(channel.pk)],
        status="planned",
    )
    saved = first.post(
        f"/plans/{plan.pk}/activities/new/",
        data=data,
        headers={"Referer": servers[0] + f"/plans/{plan.pk}/activities/new/"},
    )
    assert saved.status_code == 302, saved.text

    # Through the second, at once.
    after = _coverage(second.get(pages["overview"]).content)
    assert after != before
    assert after == _coverage(first.get(pages["overview"]).content)
    assert "SUMMARY:Pressträff om beslutet".encode() in second.get(pages["calendar"]).content
    assert "Pressträff om beslutet" in second.get(pages["json"]).text
    document = second.get(pages["docx"])
    assert document.status_code == 200
    from io import BytesIO

    from docx import Document

    text = "\n".join(
        cell.text
        for table in Document(BytesIO(document.content)).tables
        for row in table.rows
        for cell in row.cells
    )
    assert "Pressträff om beslutet" in text
    for client in (first, second):
        client.close()
