"""The login page with passwords switched off (the SSO button alone) and the page refusing
an uninvited address: axe-clean and usable at 390 px. Screenshots go to
test-artifacts/sso-{login,refused}-{1366,390}.png."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.conftest import axe_check, screenshot


def test_the_sso_pages_read_well_on_a_phone(page: Page, live_server: Any, settings: Any) -> None:
    settings.KOMPLAN_OIDC_CLIENT_ID = "komplan"
    settings.KOMPLAN_PASSWORD_LOGIN = False
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 800})
        for name, url in (("login", "/accounts/login/"), ("refused", "/accounts/sso/refused/")):
            page.goto(url)
            axe_check(page, f"{name} at {width}")
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - window.innerWidth"
            )
            assert overflow <= 0, (name, width)
            screenshot(page, f"sso-{name}-{width}")
    page.goto("/accounts/login/")
    expect(page.get_by_role("link", name="Log in with your organisation's account")).to_be_visible()
    expect(page.locator('input[type="password"]')).to_have_count(0)
