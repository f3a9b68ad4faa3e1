"""Acceptance: the demo plan's timeline draws its activities, and the table beside the chart
lists exactly the activities the chart draws; the timeline and calendar pages pass axe-core.
The screenshots go to test-artifacts/timeline.png and timeline-quarter.png."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import Page

from komplan.accounts.models import User
from komplan.demo.services import demo_organization_create
from komplan.plans.models import Activity, ActivityStatus, CalendarFeed, Plan, Recurrence
from komplan.plans.views.timeline import LANES_PER_PAGE, NO_LANE, ROWS_PER_LANE
from tests.browser.conftest import axe_check, log_in_quickly, screenshot

PAIRS = "els => els.map(e => e.dataset.lane + ':' + e.dataset.activity)"


@pytest.fixture
def demo(transactional_db: Any) -> Plan:
    """Norrviks kommun's plan (with its monthly status report), a weekly check-in, a cancelled
    advert, a preliminary workshop, an undated film and a calendar feed."""
    plan = demo_organization_create()
    standup = Activity.objects.create(
        plan=plan,
        title="Avstämning med servicecenter",
        time_text="Maj 2026 – juni 2026",
        recurrence=Recurrence.WEEKLY,
        status=ActivityStatus.IN_PROGRESS,
        responsible="Kommunikatör",
    )
    standup.groups.set(plan.groups.filter(name="Servicecenter"))
    cancelled = Activity.objects.create(
        plan=plan, title="Annons i Norrviks Tidning", time_text="Februari 2026", status="cancelled"
    )
    cancelled.groups.set(plan.groups.filter(name="Invånare"))
    workshop = Activity.objects.create(
        plan=plan, title="Workshop med föreningarna", time_text="Prel. november 2026"
    )
    workshop.groups.set(plan.groups.filter(name="Idrotts- och kulturföreningar"))
    Activity.objects.create(
        plan=plan, title="Film om bokningstjänsten", time_text="Efter lansering"
    )
    CalendarFeed.objects.create(plan=plan, responsible="Kommunikatör")
    return plan


@pytest.fixture
def anna_page(page: Page, demo: Plan, live_server: Any) -> Page:
    log_in_quickly(page.context, User.objects.get(username="anna"), live_server.url)
    return page


def drawn_and_listed(page: Page) -> tuple[list[str], list[str]]:
    """(lane:activity) of every bar in the SVG and of every row of the table."""
    bars = page.locator("svg.timeline g.tl-row").evaluate_all(PAIRS)
    rows = page.locator("#timeline-table tr[data-activity]").evaluate_all(PAIRS)
    return sorted(bars), sorted(rows)


def titles(page: Page) -> tuple[list[str], list[str]]:
    drawn = page.locator("svg.timeline g.tl-row > rect.tl-bar > title").all_text_contents()
    listed = page.locator("#timeline-table tr[data-activity] > th").all_text_contents()
    return sorted(t.rsplit(": ", 1)[0].strip() for t in drawn), sorted(t.strip() for t in listed)


def test_the_table_lists_the_same_activities_as_the_chart(anna_page: Page, demo: Plan) -> None:
    page = anna_page
    page.goto(f"/plans/{demo.pk}/timeline/?year=2026")
    chart = page.locator("svg.timeline")
    assert chart.get_attribute("role") == "img"
    assert chart.get_attribute("aria-labelledby") == "timeline-title timeline-desc"
    drawn, listed = drawn_and_listed(page)
    assert drawn and drawn == listed
    drawn_titles, listed_titles = titles(page)
    assert drawn_titles == listed_titles
    # An activity for two groups is drawn in both lanes; every dated 2026 activity is there.
    managers = Activity.objects.get(
        plan=demo, title="Informationspunkt i förvaltningarnas ledningsgrupper"
    )
    assert sum(pair.endswith(f":{managers.pk}") for pair in drawn) == 2
    # Ten lanes to a page and eight rows to a lane: every drawn activity is dated in 2026, and
    # a group lane drawn whole has every one of its group's; the last four groups are on page 2.
    dated_2026 = demo.activities.filter(starts_on__lte=dt.date(2026, 12, 31))
    assert {int(pair.split(":")[1]) for pair in drawn} <= set(
        dated_2026.values_list("pk", flat=True)
    )
    lanes = {pair.split(":")[0] for pair in drawn} - {NO_LANE}
    assert len(lanes) == LANES_PER_PAGE
    for lane in lanes:
        shown = {int(pair.split(":")[1]) for pair in drawn if pair.split(":")[0] == lane}
        owed = set(dated_2026.filter(groups=int(lane)).values_list("pk", flat=True))
        assert shown == owed or len(shown) == ROWS_PER_LANE, lane
    assert page.locator("ul.pagination a[href*='page=2']").count() == 1
    # The monthly update shows its occurrences; the undated film is listed under the chart.
    assert page.locator("g.tl-row circle.tl-mark").count() > 10
    assert "Film om bokningstjänsten" in page.locator("section.undated").inner_text()
    assert page.locator("#timeline-table tr.done").count() >= 1
    screenshot(page, "timeline")
    axe_check(page, "timeline")


def test_zoomed_to_a_quarter_by_channel(anna_page: Page, demo: Plan) -> None:
    page = anna_page
    page.goto(f"/plans/{demo.pk}/timeline/")
    page.locator(".timeline-controls a", has_text="Q2").click()
    page.wait_for_url("**quarter=2**")
    page.locator(".timeline-controls a[href*='group_by=channel']").click()
    page.wait_for_url("**group_by=channel**")
    drawn, listed = drawn_and_listed(page)
    assert drawn and drawn == listed
    assert page.locator("svg.timeline .tl-week-label").count() >= 13
    screenshot(page, "timeline-quarter")
    axe_check(page, "timeline, Q2 by channel")


def test_calendar_pages_pass_axe(anna_page: Page, demo: Plan) -> None:
    page = anna_page
    page.goto(f"/plans/{demo.pk}/calendars/")
    address = page.locator("input.feed-address").input_value()
    assert address.endswith(".ics") and "/calendar/" in address
    axe_check(page, "calendars")
    feed = CalendarFeed.objects.get(plan=demo)
    page.goto(f"/plans/{demo.pk}/calendars/{feed.pk}/revoke/")
    axe_check(page, "revoke a calendar address")
    page.goto(f"/plans/{demo.pk}/calendars/new/")
    axe_check(page, "new calendar address")
    screenshot(page, "calendars-new")
    page.goto(f"/plans/{demo.pk}/calendars/")
    screenshot(page, "calendars")
