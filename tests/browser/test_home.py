"""Acceptance: Anna logs in to the demo and lands on "My work", with something in every
section; she marks an activity done in one click (htmx swaps the row); a new plan's overview
shows its next steps. Desktop (1366 px) and phone (390 px) widths pass axe-core; screenshots
go to test-artifacts/home/."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from komplan.accounts.models import User
from komplan.demo.services import demo_organization_create
from komplan.plans import services
from komplan.plans.forms import PlanCreateForm
from komplan.plans.models import Activity, ActivityStatus, Plan
from tests.browser.conftest import ARTIFACTS, axe_check, log_in, log_in_quickly, screenshot

WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
SECTIONS = ["work-activities", "work-actions", "work-minutes", "work-approvals", "work-changes"]


@pytest.fixture
def demo(transactional_db: Any, today: dt.date) -> Plan:
    (ARTIFACTS / "home").mkdir(parents=True, exist_ok=True)
    return demo_organization_create()


@pytest.mark.parametrize("width", WIDTHS, ids=list(WIDTHS))
def test_anna_lands_on_her_work_and_marks_an_activity_done(
    width: str, page: Page, demo: Plan
) -> None:
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    log_in(page, "anna", "komplan-demo")
    assert page.url.endswith("/")
    expect(page.locator("h1")).to_have_text("My work")
    for section in SECTIONS:
        section_list = page.locator(f"section:has(#{section}) ul.work-list > li")
        assert section_list.count() >= 1, section
    axe_check(page, f"home at {width} width")
    screenshot(page, f"home/home-{WIDTHS[width][0]}")

    first = page.locator("section:has(#work-activities) ul.work-list > li").first
    title = first.locator(".work-item a").inner_text()
    first.get_by_role("button").click()
    done = page.locator("section:has(#work-activities) li.work-done")
    expect(done).to_contain_text(title)
    assert Activity.objects.get(title=title).status == ActivityStatus.DONE
    axe_check(page, f"home at {width} width, after marking done")
    screenshot(page, f"home/home-{WIDTHS[width][0]}-done")


@pytest.mark.parametrize("width", WIDTHS, ids=list(WIDTHS))
def test_a_new_plan_shows_its_next_steps(
    width: str, page: Page, demo: Plan, live_server: Any
) -> None:
    erik = User.objects.get(username="erik")
    form = PlanCreateForm(
        {"organization": demo.organization.pk, "name": "Ny cykelväg", "language": "sv"},
        organizations=[demo.organization],
    )
    assert form.is_valid(), form.errors
    plan = services.plan_create(form=form, user=erik)
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    log_in_quickly(page.context, erik, live_server.url)
    page.goto(f"/plans/{plan.pk}/")
    checklist = page.locator("section.checklist")
    expect(checklist).to_contain_text("0 of 6 done")
    assert checklist.locator("ol li a").count() == 6
    axe_check(page, f"new plan overview at {width} width")
    screenshot(page, f"home/checklist-{WIDTHS[width][0]}")
    checklist.locator("ol li a").first.click()
    assert page.url.endswith(f"/plans/{plan.pk}/groups/new/")
