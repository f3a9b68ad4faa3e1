"""Acceptance: an administrator adds a webhook with the keyboard, copies its secret (shown
once) and reads the delivery log; the three pages are axe-clean, valid HTML and usable at
390 px. Screenshots go to test-artifacts/webhooks-{list,form,log}-{1366,390}.png."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from komplan.webhooks.models import Attempt, Delivery, Event, Webhook
from tests.browser.conftest import axe_check, log_in_quickly, screenshot
from tests.browser.test_pages import vnu_command


def test_an_administrator_adds_a_webhook_and_reads_its_log(
    page: Page, live_server: Any, admin_user: Any, settings: Any, tmp_path: Path
) -> None:
    settings.KOMPLAN_WEBHOOKS_ALLOW_PRIVATE = True
    log_in_quickly(page.context, admin_user, live_server.url)
    page.goto("/orgs/ekby/settings/")
    page.get_by_role("link", name="Webhooks").click()
    page.get_by_role("link", name="Add a webhook").click()
    page.get_by_label("Address").fill("http://127.0.0.1:9/komplan")
    page.get_by_label("Description").fill("Intranätets nyheter")
    page.get_by_label("Plan approved").uncheck()
    page.get_by_label("Description").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    hook = Webhook.objects.get()
    expect(page.locator("#webhook-secret")).to_have_value(hook.secret)
    assert Event.PLAN_APPROVED not in hook.events
    html = {"form": page.content()}
    screenshot(page, "webhooks-form-1366")

    delivery = Delivery.objects.create(
        webhook=hook, event=Event.PLAN_PUBLISHED, payload={"type": "plan.published"}
    )
    Attempt.objects.create(
        delivery=delivery,
        number=1,
        status_code=503,
        duration_ms=412,
        response_start="Service Unavailable",
    )
    Attempt.objects.create(
        delivery=delivery, number=2, status_code=200, duration_ms=38, response_start='{"ok":true}'
    )
    pages = {
        "list": "/orgs/ekby/webhooks/",
        "form": f"/orgs/ekby/webhooks/{hook.pk}/",
        "log": f"/orgs/ekby/webhooks/{hook.pk}/deliveries/",
    }
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for name, url in pages.items():
            page.goto(url)
            axe_check(page, f"webhooks {name} at {width}")
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - window.innerWidth"
            )
            assert overflow <= 0, (name, width, overflow)
            screenshot(page, f"webhooks-{name}-{width}")
            html.setdefault(name if name != "form" else "detail", page.content())
    expect(page.locator("#attempts-table tbody tr")).to_have_count(2)
    expect(page.locator("#attempts-table tbody tr").first).to_contain_text("200")

    command = vnu_command()
    assert command is not None
    for name, text in html.items():
        (tmp_path / f"{name}.html").write_text(text, encoding="utf-8")
    run = subprocess.run(
        [*command, *(str(p) for p in sorted(tmp_path.glob("*.html")))],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    errors = [m for m in messages if m.get("type") == "error"]
    assert not errors, errors
