"""The public page of a published plan passes axe-core without a login, its own stylesheet is
applied, the skip link works and the table of contents leads to its headings. The screenshot
goes to test-artifacts/public-page.png."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from komplan.demo.services import demo_organization_create
from komplan.plans.planjson import plan_to_json
from komplan.versions.models import Publication, Snapshot
from tests.browser.conftest import axe_check, screenshot

STYLESHEET_APPLIED = """() => [...document.styleSheets].some(
    sheet => (sheet.href || '').endsWith('/versions/public.css') && sheet.cssRules.length > 0
)"""


@pytest.fixture
def address(transactional_db: Any) -> str:
    """The public address of Norrviks kommun's plan, published as it is."""
    plan = demo_organization_create()
    Snapshot.objects.create(plan=plan, version="1.0", status="published", data=plan_to_json(plan))
    return f"/p/{Publication.objects.create(plan=plan).token}/"


def test_the_public_page_is_accessible(page: Page, address: str) -> None:
    response = page.goto(address)
    assert response is not None and response.ok, response
    assert page.evaluate(STYLESHEET_APPLIED), "versions/public.css was not applied"
    expect(page.locator("h1")).to_have_count(1)
    axe_check(page, "public plan page")
    screenshot(page, "public-page")


def test_the_skip_link_and_the_contents_work(page: Page, address: str) -> None:
    page.goto(address)
    skip = page.locator("a.skip-link")
    expect(skip).not_to_be_in_viewport()
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()

    page.locator("nav.contents a[href='#section-6-2']").click()
    expect(page.locator("#section-6-2")).to_be_in_viewport()
    expect(page.locator("table[aria-labelledby='section-6-2'] tbody tr").first).to_be_visible()


def test_the_public_page_prints_without_its_navigation(page: Page, address: str) -> None:
    page.goto(address)
    page.emulate_media(media="print")
    expect(page.locator("nav.contents")).to_be_hidden()
    expect(page.locator("#section-6-2")).to_be_visible()
