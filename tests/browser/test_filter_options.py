"""Acceptance: the activity plan's target group filter is used with the keyboard alone. Its
options are not in the page; tabbing into the select loads them, typing in the labelled search
field beside it narrows them, and the chosen group filters the list. The page passes axe-core
with the options loaded; screenshot test-artifacts/filter-options.png."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from komplan.accounts.models import User
from komplan.demo.services import demo_organization_create
from tests.browser.conftest import axe_check, log_in_quickly, screenshot


@pytest.fixture
def plan(transactional_db: Any) -> Any:
    return demo_organization_create()


def test_the_target_group_filter_works_without_a_mouse(
    page: Page, plan: Any, live_server: Any
) -> None:
    log_in_quickly(page.context, User.objects.get(username="anna"), live_server.url)
    page.goto(f"{live_server.url}/plans/{plan.pk}/activities/")
    groups = page.locator("#id_group option")
    expect(groups).to_have_count(1)

    page.locator("#id_q").focus()
    page.keyboard.press("Tab")  # into the target group select: its options load
    expect(page.locator("#id_group")).to_be_focused()
    expect(groups).to_have_count(plan.groups.count() + 1)

    group = plan.groups.order_by("position").last()
    find = page.locator("#id_group-find")
    page.keyboard.press("Tab")  # into the search field beside it, labelled
    expect(find).to_be_focused()
    expect(find).to_have_accessible_name(re.compile(r"\w"))
    page.keyboard.type(group.name)
    expect(groups).not_to_have_count(plan.groups.count() + 1)
    expect(groups.nth(1)).to_have_text(group.name)
    axe_check(page, "activity plan, filter options loaded")
    screenshot(page, "filter-options")

    page.keyboard.press("Shift+Tab")  # back to the select
    expect(page.locator("#id_group")).to_be_focused()
    page.keyboard.press("ArrowDown")  # from "all target groups" to the one found
    expect(page.locator("#id_group")).to_have_value(str(group.pk))
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # submits the filters from the search field
    page.wait_for_url(f"**group={group.pk}**")
    expect(page.locator("#id_group option:checked")).to_have_text(group.name)
    rows = page.locator("table.activity-plan tbody tr")
    expected = plan.activities.filter(groups=group).count()
    expect(rows).to_have_count(max(1, min(expected, 100)))
