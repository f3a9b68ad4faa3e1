"""Acceptance: a communicator sets a group's current and desired engagement from its page
with the keyboard only, then finds every group on the influence/interest grid, Tabs through
its points (each named, each a link to its group) and reads the same in the table; the page
is axe-clean and the grid scales down to a 390 px phone. Screenshots go to
test-artifacts/engagement-{grid,group}-{1366,390}.png."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from komplan.accounts.models import Role
from komplan.people.models import Engagement, EngagementChange, Level, Weight
from komplan.plans.models import TargetGroup
from tests.browser.conftest import axe_check, log_in, screenshot
from tests.factories import make_member, make_organization, make_plan

GROUPS = {
    # name: (current, desired, influence, interest); None: not assessed
    "Kommunstyrelsen": (Level.SUPPORTIVE, Level.LEADING, Weight.VERY_HIGH, Weight.MEDIUM),
    "Rektorer": (Level.RESISTANT, Level.SUPPORTIVE, Weight.MEDIUM, Weight.HIGH),
    "Föreningar": (Level.NEUTRAL, Level.SUPPORTIVE, Weight.MEDIUM, Weight.HIGH),
    "Lokalpressen": (Level.NEUTRAL, Level.NEUTRAL, Weight.HIGH, Weight.LOW),
    "Invånare": None,
}


def _choose(page: Page, name: str, value: int) -> None:
    """Pick a radio button with the keyboard: focus the chosen one and press Space."""
    radio = page.locator(f"input[name={name}][value='{value}']")
    radio.focus()
    page.keyboard.press("Space")
    expect(radio).to_be_checked()


def test_engagement_is_set_and_the_grid_read_with_the_keyboard(
    page: Page, transactional_db: Any, live_server: Any
) -> None:
    organization = make_organization("Ekby kommun", "ekby")
    make_member(organization, "lena", Role.EDITOR)
    plan = make_plan(organization, name="Digital bokning")
    made = {name: TargetGroup.objects.create(plan=plan, name=name) for name in GROUPS}
    for name, levels in GROUPS.items():
        if levels and name != "Rektorer":  # Rektorer is set through the page below
            current, desired, influence, interest = levels
            Engagement.objects.create(
                group=made[name],
                current=current,
                desired=desired,
                influence=influence,
                interest=interest,
            )
    log_in(page, "lena")

    heads = made["Rektorer"]
    page.goto(f"/plans/{plan.pk}/people/groups/{heads.pk}/")
    link = page.locator(f"a[href$='/groups/{heads.pk}/engagement/edit/']")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    axe_check(page, "engagement form")
    _choose(page, "current", Level.RESISTANT)
    _choose(page, "desired", Level.SUPPORTIVE)
    _choose(page, "influence", Weight.MEDIUM)
    # Interest left out: the summary names the field and links to it.
    button = page.locator("main form.stacked button[type=submit]")
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Interest")
    _choose(page, "interest", Weight.HIGH)
    page.locator("#id_note").fill("After the head teachers' meeting")
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".error-summary")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("After the head teachers' meeting")
    assert EngagementChange.objects.filter(group=heads, changed_by__username="lena").count() == 1
    axe_check(page, "group page with engagement")
    screenshot(page, "engagement-group-1366")

    page.goto(f"/plans/{plan.pk}/people/engagement/")
    axe_check(page, "engagement grid")
    points = page.locator("figure.engagement-grid svg a")
    expect(points).to_have_count(4)
    # Tab from the page's heading through the points, in the plan's order, each named.
    page.locator("h1").click()
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        name = page.evaluate(
            "() => document.activeElement.closest('svg') ? "
            "document.activeElement.getAttribute('aria-label') : null"
        )
        if name:
            seen.append(name)
        elif seen:
            break
    assert [name.split(": ")[0] for name in seen] == [
        f"{made[n].position}. {n}" for n in GROUPS if GROUPS[n]
    ]
    assert "engagement resistant, desired supportive" in seen[1]
    page.keyboard.press("Shift+Tab")  # back to the last point: Enter opens its group
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/groups/{made['Lokalpressen'].pk}/")
    page.go_back()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(len(GROUPS))
    expect(rows.nth(1)).to_contain_text("Resistant")
    expect(rows.nth(4)).to_contain_text("Not assessed yet")
    screenshot(page, "engagement-grid-1366")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    box = page.locator("figure.engagement-grid svg").bounding_box()
    assert box is not None and box["width"] <= 390
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    axe_check(page, "engagement grid on a phone")
    screenshot(page, "engagement-grid-390")
    page.goto(f"/plans/{plan.pk}/people/groups/{heads.pk}/")
    screenshot(page, "engagement-group-390")

    # The plan's overview names the groups furthest from their goal, furthest first.
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"/plans/{plan.pk}/")
    furthest = page.locator("ol.engagement-furthest li")
    expect(furthest).to_have_count(3)
    expect(furthest.first).to_contain_text("Rektorer")
    page.locator("#engagement-overview").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot(page, "engagement-overview-1366")), full_page=False)
