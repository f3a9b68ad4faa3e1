"""Acceptance: komplan's tables read. A long description shows three lines and opens from the
keyboard; the header of a long list stays in view while the page scrolls; on a phone each
activity is a card whose values are named by their column, and a table too wide to be cards
scrolls inside its own frame with its first column held in place. Screenshots go to
test-artifacts/tables-*.png."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from komplan.accounts.models import Role
from komplan.plans.models import Message, TargetGroup
from tests.browser.conftest import axe_check, log_in_quickly, screenshot
from tests.factories import fill_plan, make_member, make_organization, make_plan

CLAMPED = "el => el.scrollHeight > el.clientHeight + 1"
LONG = (
    "Omkring 240 föreningar som hyr hallar och samlingslokaler varje vecka och söker "
    "föreningsbidrag; de flesta styrelser består av ideellt engagerade som läser kommunens "
    "utskick på kvällstid, och många har bytt kontaktperson sedan förra säsongen, så varje "
    "utskick måste förklara bokningstjänsten från början och ange vem de kan ringa."
)


@pytest.fixture
def plan_page(page: Page, transactional_db: Any, live_server: Any) -> tuple[Page, Any]:
    organization = make_organization()
    user = make_member(organization, "astrid", Role.EDITOR)
    plan = make_plan(organization)
    fill_plan(plan, activities=40)
    TargetGroup.objects.create(plan=plan, name="Idrotts- och kulturföreningar", description=LONG)
    log_in_quickly(page.context, user, live_server.url)
    return page, plan


def test_a_long_description_shows_three_lines_and_opens_from_the_keyboard(
    plan_page: tuple[Page, Any],
) -> None:
    page, plan = plan_page
    page.goto(f"/plans/{plan.pk}/groups/")
    text = page.locator(".long-text .clamp")
    assert text.count() == 1
    assert text.evaluate(CLAMPED), "the long description is not clamped"
    assert text.inner_text().startswith("Omkring 240")  # all of it is there, for screen readers
    summary = page.locator(".long-text summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert not text.evaluate(CLAMPED), "Show more did not open the description"
    screenshot(page, "tables-long-text-open")
    page.keyboard.press("Enter")
    assert text.evaluate(CLAMPED), "Show less did not close it again"
    axe_check(page, "target groups")


def test_the_header_of_a_long_list_stays_in_view(plan_page: tuple[Page, Any]) -> None:
    page, plan = plan_page
    page.goto(f"/plans/{plan.pk}/activities/")
    page.locator("table.activity-plan tbody tr").nth(30).scroll_into_view_if_needed()
    header = page.locator("table.activity-plan thead th").nth(1)
    top = header.evaluate("el => el.getBoundingClientRect().top")
    assert 0 <= top < 5, f"the header scrolled away (top {top}px)"
    screenshot(page, "tables-sticky-header")


def test_on_a_phone_each_activity_is_a_card_naming_its_values(
    plan_page: tuple[Page, Any],
) -> None:
    page, plan = plan_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/plans/{plan.pk}/activities/")
    row = page.locator("table.activity-plan tbody tr").first
    cell = row.locator("td[data-label]").first
    label = cell.evaluate("el => getComputedStyle(el, '::before').content")
    header = page.locator("table.activity-plan thead th").nth(2).inner_text()
    assert label.strip('"') == header.strip()
    # The card is as wide as the page allows, and the page does not scroll sideways.
    assert row.evaluate("el => el.getBoundingClientRect().width") > 300
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    screenshot(page, "tables-cards-390")


def test_on_a_phone_the_timeline_keeps_its_scale_and_scrolls_in_its_frame(
    plan_page: tuple[Page, Any],
) -> None:
    page, plan = plan_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/plans/{plan.pk}/timeline/?year=2026")
    chart = page.locator("svg.timeline")
    drawn = chart.evaluate("el => el.getBoundingClientRect().width")
    assert drawn == pytest.approx(float(chart.get_attribute("width") or 0), abs=1)
    frame = page.locator(".timeline-figure")
    assert frame.evaluate("el => el.scrollWidth > el.clientWidth"), "the chart does not scroll"
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    screenshot(page, "tables-timeline-390")


def test_on_a_phone_a_wide_table_scrolls_in_its_frame_and_keeps_its_first_column(
    plan_page: tuple[Page, Any],
) -> None:
    """The coverage matrix (a group per row, a message per column) is wider than a phone:
    its frame scrolls sideways, not the page, and the group names stay in view while the
    columns pass under them."""
    page, plan = plan_page
    core = plan.tiers.order_by("position").first()
    for number in range(12):
        Message.objects.create(plan=plan, text=f"Budskap {number + 2}").tiers.add(core)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/plans/{plan.pk}/coverage/")
    frame = page.locator(".coverage-scroll")
    assert frame.evaluate("el => el.scrollWidth > el.clientWidth"), "the matrix fits: no test"
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    first = frame.locator("tbody th").first
    other = frame.locator("tbody td").last
    left = "el => el.getBoundingClientRect().left"
    before = (first.evaluate(left), other.evaluate(left))
    frame.evaluate("el => { el.scrollLeft = 200; }")
    page.wait_for_function("document.querySelector('.coverage-scroll').scrollLeft > 0")
    after = (first.evaluate(left), other.evaluate(left))
    assert after[0] == pytest.approx(before[0], abs=1), "the first column scrolled away"
    assert after[1] < before[1] - 50, "the other columns did not scroll"
    screenshot(page, "tables-first-column-390")
