"""Acceptance: on the demo plan, the follow-up page and a goal's page read well at 1366 px
and on a 390 px phone (no sideways scrolling), are axe-clean, valid HTML, and their charts
are images with a title and a description. Screenshots go to
test-artifacts/followup-{plan,goal}-{1366,390}.png."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from komplan.demo.content import DEMO_PASSWORD
from komplan.demo.services import demo_organization_create
from tests.browser.conftest import axe_check, log_in, screenshot
from tests.browser.test_pages import vnu_command

pytestmark = pytest.mark.browser


def test_the_follow_up_pages_of_the_demo_plan(
    page: Page, transactional_db: Any, live_server: Any, tmp_path: Path
) -> None:
    plan = demo_organization_create()
    goal = plan.goals.order_by("position").first()
    log_in(page, "anna", DEMO_PASSWORD)
    pages = {
        "plan": f"/plans/{plan.pk}/follow-up/",
        "goal": f"/plans/{plan.pk}/follow-up/goals/{goal.pk}/",
    }
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        for name, url in pages.items():
            page.goto(url)
            chart = page.locator("svg[role=img]").first
            assert chart.locator("title").text_content()
            assert chart.locator("desc").text_content()
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{name} scrolls sideways at {width} px"
            axe_check(page, f"follow-up {name} at {width}")
            screenshot(page, f"followup-{name}-{width}")
            (tmp_path / f"{name}.html").write_text(page.content(), encoding="utf-8")
    command = vnu_command()
    assert command is not None
    run = subprocess.run(
        [*command, *(str(p) for p in sorted(tmp_path.glob("*.html")))],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    errors = [m for m in messages if m.get("type") == "error"]
    assert not errors, errors
