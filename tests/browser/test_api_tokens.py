"""The token page as a person uses it, with the keyboard, at desktop and phone width: a token
is made and shown once, the page is labelled, valid HTML, and does not scroll sideways at
390 px. The API's browsable page runs under komplan's strict CSP from local files."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from komplan.accounts.models import Role
from tests.browser.conftest import axe_check, log_in_quickly, screenshot
from tests.browser.test_pages import HORIZONTAL_SCROLL, vnu_command
from tests.factories import make_member, make_organization

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_token_is_made_on_the_profile_and_shown_once(
    page: Page, live_server: Any, tmp_path: Path
) -> None:
    organization = make_organization()
    user = make_member(organization, "bertil", Role.EDITOR)
    log_in_quickly(page.context, user, live_server.url)
    page.goto("/profile/")
    page.locator("a[href='/profile/api-tokens/']").click()
    page.locator("#id_name").fill("Intranätets projektlista")
    page.locator("input[name=scope][value=write]").check()
    page.locator("form.stacked button[type=submit]").press("Enter")
    secret = page.locator("#new-token")
    expect(secret).to_have_value(re.compile(r"^kp_"))
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, f"api-tokens-{width}")
        assert page.evaluate(HORIZONTAL_SCROLL) <= 0
    axe_check(page, "API tokens")
    command = vnu_command()
    assert command is not None
    html = tmp_path / "tokens.html"
    html.write_text(page.content(), encoding="utf-8")
    run = subprocess.run([*command, str(html)], capture_output=True, text=True, check=False)
    messages = json.loads(run.stderr or run.stdout)["messages"]
    assert not [m for m in messages if m.get("type") == "error"], messages


def test_the_browsable_page_shows_the_operations(page: Page, live_server: Any) -> None:
    organization = make_organization()
    log_in_quickly(page.context, make_member(organization, "bertil"), live_server.url)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto("/api/v1/docs")
    expect(page.locator(".opblock").first).to_be_visible()
    screenshot(page, "api-docs-1366")
    assert not [e for e in errors if "Content Security Policy" in e], errors
