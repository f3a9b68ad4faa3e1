"""The "nothing was saved, try again" page: readable on a desktop and a phone, without serious
accessibility faults, and its button sends the form again with the keyboard."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from tests.browser.conftest import axe_check, screenshot
from tests.core.urls import script

pytestmark = pytest.mark.urls("tests.core.urls")


@pytest.fixture(autouse=True)
def _fresh_script() -> Iterator[None]:
    script.reset()
    yield
    script.reset()


@pytest.mark.parametrize("width", [1366, 390])
def test_a_request_that_keeps_losing_shows_a_page_to_try_again_from(
    page: Page, transactional_db: Any, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/test/groups/new/")
    script.lose_at_commit = 99
    page.get_by_role("button", name="Spara").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nothing was saved")
    screenshot(page, f"conflict-retry-{width}")
    axe_check(page, "the try-again page")
    assert not Group.objects.exists()

    script.lose_at_commit = 0
    page.get_by_role("button", name="Try again").focus()
    page.keyboard.press("Enter")
    expect(page.locator("body")).to_have_text("in a transaction: True")
    assert list(Group.objects.values_list("name", flat=True)) == ["Ekonomer"]
