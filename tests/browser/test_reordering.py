"""Reordering with the keyboard only: after every ↑/↓ the focus stays on a button of the
entry that moved (the other direction's once it reaches the top or the bottom, where its
own is disabled), and the polite live region says where it went."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from playwright.sync_api import Page, expect

from komplan.accounts.models import Role
from komplan.meetings.models import AgendaItem
from komplan.plans.models import Channel
from tests.browser.conftest import axe_check, log_in_quickly, screenshot
from tests.factories import make_member, make_organization, make_plan
from tests.meetings.factories import make_forum, make_meeting


def focused_button(page: Page) -> list[str]:
    """The focused element: its tag and the id of its entry's form (`data-reorder`)."""
    return page.evaluate(
        """() => {
            const active = document.activeElement;
            const form = active && active.closest("form[data-reorder]");
            return [active ? active.tagName : "", form ? form.dataset.reorder : ""];
        }"""
    )


def press_and_check(page: Page, entry: int, name: str, position: int, count: int) -> str:
    """Press Enter on the focused button; the same entry keeps the focus and is announced.
    Returns the direction of the button that has the focus afterwards."""
    page.keyboard.press("Enter")
    status = page.locator("[data-reorder-status]")
    expect(status).to_have_text(f"“{name}” moved to position {position} of {count}")
    assert focused_button(page) == ["BUTTON", str(entry)]
    return page.evaluate("() => document.activeElement.value")


def walk_to_the_top_and_bottom(page: Page, entry: int, name: str, count: int) -> None:
    """`entry` starts last: up to the top, then down to the bottom, by keyboard only."""
    page.locator(f"#up-{entry}").focus()
    for position in range(count - 1, 0, -1):
        direction = press_and_check(page, entry, name, position, count)
        # At the top the ↑ is disabled: the focus moves to the ↓ beside it.
        assert direction == ("down" if position == 1 else "up")
    for position in range(2, count + 1):
        direction = press_and_check(page, entry, name, position, count)
        assert direction == ("up" if position == count else "down")


def test_an_agenda_item_is_moved_to_the_top_and_bottom_by_keyboard(
    page: Page, transactional_db: Any, live_server: Any
) -> None:
    organization = make_organization()
    secretary = make_member(organization, "tove", Role.EDITOR)
    meeting = make_meeting(make_forum(organization))
    for text in ["Välkommen", "Läget i projektet", "Beslut om planen"]:
        AgendaItem.objects.create(meeting=meeting, description=text)
    last = AgendaItem.objects.get(meeting=meeting, description="Beslut om planen")
    count = meeting.items.count()

    log_in_quickly(page.context, secretary, live_server.url)
    page.goto(reverse("meetings:agenda", args=[meeting.pk]))
    walk_to_the_top_and_bottom(page, last.pk, last.description, count)
    descriptions = page.locator("#agenda-table tbody th").all_inner_texts()
    assert descriptions[-1] == "Beslut om planen"
    axe_check(page, "agenda after reordering")
    page.set_viewport_size({"width": 1366, "height": 900})
    screenshot(page, "agenda-reordered-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "agenda-reordered-390")


def test_a_plan_register_entry_is_moved_to_the_top_and_bottom_by_keyboard(
    page: Page, transactional_db: Any, live_server: Any
) -> None:
    organization = make_organization()
    editor = make_member(organization, "tove", Role.EDITOR)
    plan = make_plan(organization)
    for name in ["Intranätet", "Nyhetsbrevet", "Arbetsplatsträffar"]:
        Channel.objects.create(plan=plan, name=name)
    last = Channel.objects.get(plan=plan, name="Arbetsplatsträffar")

    log_in_quickly(page.context, editor, live_server.url)
    page.goto(reverse("plans:register", args=[plan.pk, "channels"]))
    walk_to_the_top_and_bottom(page, last.pk, last.name, 3)
    page.set_viewport_size({"width": 1366, "height": 900})
    screenshot(page, "channels-reordered-1366")
