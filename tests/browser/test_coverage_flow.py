"""Acceptance: Ekby kommun's communicator finds a gap in the coverage matrix, closes it with one
click in the gap list, and sees the cell turn to planned; the coverage pages pass axe-core."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Locator, Page, expect

from komplan.accounts.models import Role
from komplan.plans.models import Activity, ActivityStatus, Channel, Message, Reach, TargetGroup
from tests.browser.conftest import axe_check, log_in, screenshot
from tests.factories import make_member, make_organization, make_plan


def ekby(transactional_db: Any) -> dict[str, Any]:
    """Kommunstyrelsen is briefed (done); Invånare must learn that the e-service is open around
    the clock, and only the channel Ekby.se reaches them: one gap."""
    organization = make_organization()
    editor = make_member(organization, "elin", Role.EDITOR)
    plan = make_plan(organization, name="Ny e-tjänst för bygglov")
    core, _primary, secondary = plan.tiers.order_by("position")
    board = TargetGroup.objects.create(plan=plan, name="Kommunstyrelsen", tier=core)
    residents = TargetGroup.objects.create(
        plan=plan, name="Invånare", tier=secondary, reach=Reach.EXTERNAL
    )
    decision = Message.objects.create(plan=plan, text="Beslut om e-tjänsten fattas i juni.")
    decision.tiers.add(core)
    open_all_day = Message.objects.create(
        plan=plan,
        text="E-tjänsten är öppen dygnet runt.",
        clarification="Ansökan kan lämnas när som helst, även på helger.",
    )
    open_all_day.tiers.add(secondary)
    website = Channel.objects.create(plan=plan, name="Ekby.se", responsible="Webbredaktör")
    website.groups.add(residents)
    meetings = Channel.objects.create(plan=plan, name="Sammanträden")
    meetings.groups.add(board)
    briefing = Activity.objects.create(
        plan=plan, title="Dragning i kommunstyrelsen", status=ActivityStatus.DONE
    )
    briefing.groups.add(board)
    briefing.messages.add(decision)
    briefing.channels.add(meetings)
    return {
        "editor": editor,
        "plan": plan,
        "residents": residents,
        "message": open_all_day,
        "website": website,
    }


def matrix_cell(page: Page, group: str, number: int) -> Locator:
    """The cell of `group`'s row under the column of message `number`."""
    headers = page.locator("table.coverage-matrix thead th").all_inner_texts()
    column = next(i for i, text in enumerate(headers) if text.split()[-1:] == [str(number)])
    row = page.locator("table.coverage-matrix tbody tr").filter(
        has=page.locator("th", has_text=re.compile(rf"^{re.escape(group)}\b"))
    )
    return row.locator("th, td").nth(column)


def follow(link: Locator) -> None:
    """Move focus to a link and press Enter, as a keyboard user does."""
    link.focus()
    with link.page.expect_navigation():
        link.press("Enter")


def test_a_gap_is_found_and_closed_with_one_click(page: Page, transactional_db: Any) -> None:
    made = ekby(transactional_db)
    plan, residents, message = made["plan"], made["residents"], made["message"]
    log_in(page, made["editor"].username)
    page.goto(f"/plans/{plan.pk}/")

    # The overview sums it up and leads to the matrix through the plan's navigation.
    expect(page.locator(".coverage-overview")).to_contain_text("50% reached")
    follow(page.locator(f".plan-nav a[href='/plans/{plan.pk}/coverage/']"))
    expect(page.locator(".plan-nav a[aria-current='page']")).to_have_attribute(
        "href", f"/plans/{plan.pk}/coverage/"
    )
    cell = matrix_cell(page, "Invånare", 2)
    expect(cell).to_have_attribute("data-state", "gap")
    expect(cell).to_have_text(re.compile(r"Gap"))
    expect(matrix_cell(page, "Kommunstyrelsen", 1)).to_have_attribute("data-state", "done")
    screenshot(page, "coverage-matrix-gap")
    axe_check(page, "coverage matrix")

    # The gap's link leads to its fixes.
    follow(cell.locator("a"))
    expect(page).to_have_url(re.compile(r"/coverage/gaps/\?group=\d+&message=\d+$"))
    gap = page.locator(f"#gap-{residents.pk}-{message.pk}")
    expect(gap).to_contain_text("E-tjänsten är öppen dygnet runt.")
    axe_check(page, "gap list")

    # One click (Enter on the button) creates the activity in the channel that reaches them.
    button = gap.locator(f"button[name=channel][value='{made['website'].pk}']")
    expect(button).to_have_text("Create an activity in channel “Ekby.se”")
    button.focus()
    button.press("Enter")
    status = page.locator("#coverage-gaps .messages .message")
    expect(status).to_contain_text("was created in Ekby.se")
    expect(status).to_be_focused()  # the keyboard user hears what happened
    expect(page.locator(f"#gap-{residents.pk}-{message.pk}")).to_have_count(0)
    created = Activity.objects.get(plan=plan, channels=made["website"])
    assert list(created.groups.all()) == [residents]
    assert list(created.messages.all()) == [message]
    screenshot(page, "coverage-gap-closed")

    # Back in the matrix, the cell is carried by the planned activity.
    follow(page.locator(f".coverage-subnav a[href='/plans/{plan.pk}/coverage/']"))
    cell = matrix_cell(page, "Invånare", 2)
    expect(cell).to_have_attribute("data-state", "planned")
    expect(cell).to_have_text(re.compile(r"Planned"))
    expect(page.locator(".coverage-summary")).to_contain_text("100% reached")

    # The briefing: the group, what it must know, how it reaches them, suggested channels.
    follow(page.locator("table.coverage-matrix tbody th a", has_text="Invånare"))
    expect(page.locator("main h1")).to_have_text("Invånare")
    expect(page.locator("#point-" + str(message.pk))).to_contain_text(
        "Ansökan kan lämnas när som helst"
    )
    expect(page.locator("#point-" + str(message.pk))).to_contain_text(created.title)
    expect(page.locator(".channels")).to_contain_text("Ekby.se")
    screenshot(page, "coverage-briefing")
    axe_check(page, "briefing")


def test_the_coverage_pages_with_warnings_pass_axe(page: Page, transactional_db: Any) -> None:
    made = ekby(transactional_db)
    plan = made["plan"]
    # Loose ends, so that the warnings show: an unaddressed message, an activity with nothing.
    Message.objects.create(plan=plan, text="Pressmeddelande om lanseringen.")
    Activity.objects.create(plan=plan, title="Enkät")
    log_in(page, made["editor"].username)
    for name, url in {
        "matrix, filtered": f"/plans/{plan.pk}/coverage/?reach=external&gaps=on",
        "gap list with warnings": f"/plans/{plan.pk}/coverage/gaps/",
        "overview": f"/plans/{plan.pk}/",
    }.items():
        page.goto(url)
        axe_check(page, name)
    expect(page.locator(".coverage-overview")).to_contain_text("1 gap")
