"""The app shell in a real browser: on a phone (390×844) the menu folds behind a button that
the keyboard opens and closes and the closed header is small; on a laptop (1366) the menu is
simply there; the organisation settings screen passes axe. Screenshots of the main pages at
both widths go to test-artifacts/ for a person to look at."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from komplan.accounts.models import Role
from tests.browser.conftest import axe_check, log_in_quickly, screenshot
from tests.factories import fill_plan, make_member, make_organization, make_plan

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture
def filled(transactional_db: Any) -> dict[str, Any]:
    organization = make_organization()
    user = make_member(organization, "astrid", Role.ADMIN)
    plan = make_plan(organization)
    fill_plan(plan)
    return {"user": user, "organization": organization, "plan": plan}


def member_page(
    browser: Browser, live_server: Any, user: Any, viewport: dict[str, int], **extra: Any
) -> Page:
    context = browser.new_context(
        base_url=live_server.url,
        locale="sv-SE",
        timezone_id="Europe/Stockholm",
        viewport=viewport,
        **extra,
    )
    log_in_quickly(context, user, live_server.url)
    return context.new_page()


def test_on_a_phone_the_keyboard_opens_and_closes_the_menu(
    browser: Browser, live_server: Any, filled: dict[str, Any]
) -> None:
    page = member_page(browser, live_server, filled["user"], PHONE)
    page.goto(f"/plans/{filled['plan'].pk}/activities/")
    button = page.locator("#menu-button")
    menu = page.locator("#site-menu")
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()
    header = page.locator("#site-header").bounding_box()
    assert header is not None and header["height"] < 0.2 * PHONE["height"], header
    screenshot(page, "shell-phone-closed")

    # Tab from the top: the skip link, the brand, then the menu button.
    page.locator("body").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu).to_be_visible()
    expect(menu.locator("a[href='/plans/']")).to_be_visible()
    screenshot(page, "shell-phone-open")
    # The next Tab goes into the menu it opened.
    page.keyboard.press("Tab")
    expect(menu.locator("a").first).to_be_focused()
    # Escape closes it and gives the focus back to the button; Space opens and closes.
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()
    expect(button).to_be_focused()
    page.keyboard.press("Space")
    expect(menu).to_be_visible()
    page.keyboard.press("Space")
    expect(menu).to_be_hidden()

    # The plan's sections scroll inside their own frame, not the page.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways: {width}px"
    current = page.locator(".plan-tabs a[aria-current='page']")
    expect(current).to_be_in_viewport()
    page.context.close()


def test_without_script_the_phone_menu_stays_open(
    browser: Browser, live_server: Any, filled: dict[str, Any]
) -> None:
    page = member_page(browser, live_server, filled["user"], PHONE, java_script_enabled=False)
    page.goto(f"/plans/{filled['plan'].pk}/")
    expect(page.locator("#menu-button")).to_be_hidden()
    expect(page.locator("#site-menu a[href='/plans/']")).to_be_visible()
    page.context.close()


def test_on_a_laptop_the_menu_is_there_without_the_button(
    browser: Browser, live_server: Any, filled: dict[str, Any]
) -> None:
    page = member_page(browser, live_server, filled["user"], LAPTOP)
    page.goto(f"/plans/{filled['plan'].pk}/")
    expect(page.locator("#menu-button")).to_be_hidden()
    expect(page.locator("#site-menu a[href='/plans/']")).to_be_visible()
    expect(page.locator(".plan-tabs")).to_be_visible()
    page.context.close()


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1366", "390"])
def test_the_organisation_settings_screen_passes_axe(
    browser: Browser, live_server: Any, filled: dict[str, Any], viewport: dict[str, int]
) -> None:
    page = member_page(browser, live_server, filled["user"], viewport)
    page.goto(f"/orgs/{filled['organization'].slug}/settings/")
    expect(page.locator("#id_accent_color")).to_be_visible()
    axe_check(page, "organisation settings")
    # With an error shown, too.
    page.fill("#id_accent_color", "#77aaff")
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    expect(page.locator(".error-summary")).to_contain_text("Accentfärg")
    axe_check(page, "organisation settings with an error")
    screenshot(page, f"settings-{viewport['width']}")
    page.context.close()


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1366", "390"])
def test_screenshots_of_the_main_pages(
    browser: Browser, live_server: Any, filled: dict[str, Any], viewport: dict[str, int]
) -> None:
    page = member_page(browser, live_server, filled["user"], viewport)
    width = viewport["width"]
    plan = filled["plan"]
    for name, url in [
        ("plans", "/plans/"),
        ("overview", f"/plans/{plan.pk}/"),
        ("activities", f"/plans/{plan.pk}/activities/"),
        ("404", "/plans/999999/"),
    ]:
        page.goto(url)
        expect(page.locator("#site-header")).to_be_visible()
        screenshot(page, f"shell-{name}-{width}")
    page.context.close()


def test_printed_pages_show_the_content_alone_in_black_on_white(
    browser: Browser, live_server: Any, filled: dict[str, Any]
) -> None:
    page = member_page(browser, live_server, filled["user"], LAPTOP)
    page.goto(f"/plans/{filled['plan'].pk}/")
    page.emulate_media(media="print")
    for hidden in ["#site-header", ".breadcrumbs", ".plan-nav", "main .actions"]:
        expect(page.locator(hidden).first).to_be_hidden()
    colours = page.evaluate(
        """() => [getComputedStyle(document.body).backgroundColor,
                 getComputedStyle(document.querySelector('main h1')).color,
                 getComputedStyle(document.querySelector('main a')).color]"""
    )
    assert colours == ["rgb(255, 255, 255)", "rgb(0, 0, 0)", "rgb(0, 0, 0)"]
    page.context.close()
