"""Fixtures for the browser tests: Debian's Chromium driven by Playwright against
pytest-django's live server.

Every test in this folder is marked `browser`. Without Chromium the tests skip with the
reason; with KOMPLAN_REQUIRE_BROWSER=1 (as in CI) the skip becomes a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API keeps an asyncio event loop running in the test thread (it
# switches to it through greenlets). Django sees that running loop and refuses every ORM
# call from the thread (SynchronousOnlyOperation), which would break the factories and
# pytest-django's database flush. Nothing here is really asynchronous: the ORM is only
# used between Playwright calls, never inside the loop, so the guard can be lifted.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.factories import PASSWORD

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
ARTIFACTS = REPO / "test-artifacts"

CHROMIUM = os.environ.get("KOMPLAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
SERIOUS = {"serious", "critical"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        reason = (
            f"Chromium not found at {CHROMIUM}: install Debian's chromium to run the browser tests"
        )
        if os.environ.get("KOMPLAN_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    finally:
        playwright.stop()


def new_context(browser: Browser, base_url: str) -> BrowserContext:
    """A fresh context: no cookies, no stored language choice, a desktop viewport.

    The locale is pinned so that the run does not depend on the machine's: it fixes the
    browser's Accept-Language and its date and number formats. The tests find elements by
    id, role or address, never by interface text, except where they check a translation.
    """
    return browser.new_context(
        base_url=base_url, locale="en-US", timezone_id="Europe/Stockholm", viewport=VIEWPORT
    )


@pytest.fixture
def context(browser: Browser, live_server: Any) -> Iterator[BrowserContext]:
    context = new_context(browser, live_server.url)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def log_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Log in through the real form, as a keyboard user would."""
    page.goto("/accounts/login/")
    page.locator("#id_username").focus()
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/accounts/login/" not in page.url, f"login as {username} failed"


def log_in_quickly(context: BrowserContext, user: Any, base_url: str) -> None:
    """Start the context logged in, without the form: for tests about other pages."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}]
    )


def axe_violations(page: Page) -> list[str]:
    """The page's serious and critical axe-core violations, one readable line each."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in SERIOUS:
            continue
        targets = "; ".join(", ".join(node["target"]) for node in violation["nodes"])
        found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} [{targets}]")
    return found


def axe_check(page: Page, name: str) -> None:
    """Fail listing every serious or critical axe-core violation on the page."""
    found = axe_violations(page)
    if found:
        pytest.fail(f"{name} ({page.url}):\n  " + "\n  ".join(found), pytrace=False)


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot to test-artifacts/<name>.png."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
