"""Acceptance: a communicator types an activity's time as she would say it and sees, before
saving, what komplan understood; the activity plan then shows the text and the period."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from playwright.sync_api import Page, expect

from komplan.accounts.models import Role
from komplan.plans.models import ActivityStatus
from tests.browser.conftest import axe_check, log_in_quickly, screenshot
from tests.browser.test_plan_flow import submit, type_into
from tests.factories import fill_plan, make_member, make_organization, make_plan

TIME = "Höst 2018 – pågående"
# The browser asks for English (see new_context), so the reading is written in English.
UNDERSTOOD = "from 1 Sep 2018, ongoing"


def test_the_time_is_understood_while_typing(
    page: Page, live_server: Any, transactional_db: Any
) -> None:
    organization = make_organization("Mittköpings kommun", "mittkoping")
    user = make_member(organization, "karin", Role.EDITOR)
    plan = make_plan(
        organization,
        name="Bokning och bidrag",
        start_date=dt.date(2018, 1, 1),
        end_date=dt.date(2019, 12, 31),
    )
    fill_plan(plan, activities=2)
    log_in_quickly(page.context, user, live_server.url)

    page.goto(f"/plans/{plan.pk}/activities/new/")
    axe_check(page, "activity form")
    type_into(page.locator("#id_title"), "Grundläggande information på hemsidan")
    preview = page.locator("#period-preview")
    expect(preview).to_have_attribute("aria-live", "polite")
    type_into(page.locator("#id_time_text"), TIME)
    expect(preview.locator("strong")).to_have_text(UNDERSTOOD)
    screenshot(page, "activity-form-period")

    # Text komplan cannot read is kept; the note is calm, never an error.
    time = page.locator("#id_time_text")
    time.press("Control+a")
    page.keyboard.type("när avtalet är på plats")
    expect(preview).to_contain_text("could not read a date")
    expect(page.locator(".error-summary, .errorlist")).to_have_count(0)
    time.press("Control+a")
    page.keyboard.type(TIME)
    expect(preview.locator("strong")).to_have_text(UNDERSTOOD)

    submit(page)
    expect(page).to_have_url(re.compile(rf"/plans/{plan.pk}/activities/$"))
    row = page.locator("#register-table tbody tr").filter(
        has_text="Grundläggande information på hemsidan"
    )
    expect(row).to_contain_text(TIME)
    expect(row.locator(".period-line")).to_have_text(UNDERSTOOD)


def test_the_activity_plan_with_filters_is_accessible(
    page: Page, live_server: Any, transactional_db: Any
) -> None:
    organization = make_organization()
    user = make_member(organization, "astrid", Role.ADMIN)
    plan = make_plan(organization)
    fill_plan(plan, activities=4)
    log_in_quickly(page.context, user, live_server.url)

    page.goto(f"/plans/{plan.pk}/activities/?status=planned&sort=start")
    expect(page.locator("form.filters #id_status")).to_have_value("planned")
    axe_check(page, "activity plan, filtered")
    page.goto(f"/plans/{plan.pk}/activities/?view=next30")
    axe_check(page, "activity plan, quick view")

    # Bulk status from the keyboard: tick two rows, choose Done, apply.
    page.goto(f"/plans/{plan.pk}/activities/")
    planned = plan.activities.filter(status=ActivityStatus.PLANNED).order_by("position")[:2]
    for activity in planned:
        checkbox = page.locator(f"#select-{activity.pk}")
        checkbox.focus()
        checkbox.press("Space")
        expect(checkbox).to_be_checked()
    page.locator("#bulk-status-select").select_option("done")
    apply = page.locator("#bulk-status button[type=submit]")
    apply.focus()
    with page.expect_navigation():
        apply.press("Enter")
    expect(page.locator(".messages")).to_contain_text("2 activities")
    for activity in planned:
        expect(page.locator(f"#entry-{activity.pk}")).to_have_class("done")
    axe_check(page, "activity plan after a bulk change")
    screenshot(page, "activity-plan")

    page.goto(f"/orgs/{organization.slug}/settings/")
    axe_check(page, "organisation settings")
