"""Acceptance: a communicator writes a small plan from scratch with the keyboard, reads it
in the overview and switches the interface to Danish."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Locator, Page, expect

from komplan.accounts.models import Role
from tests.browser.conftest import log_in, screenshot
from tests.factories import make_member, make_organization

PROJECT = "Nytt e-arkiv"
BOARD, STAFF = "Kommunstyrelsen", "Handläggare"
MESSAGE = "E-arkivet gör handlingarna sökbara."
CHANNEL = "Intranätet"
ACTIVITY = "Nyhet om e-arkivet"


def type_into(field: Locator, text: str) -> None:
    field.focus()
    field.page.keyboard.type(text)


def tick(checkbox: Locator) -> None:
    checkbox.focus()
    checkbox.press("Space")
    expect(checkbox).to_be_checked()


def submit(page: Page) -> None:
    """Press Enter on the form's submit button and wait for the page it leads to."""
    # The first: "Save", not "Save and add another".
    button = page.locator("main form.stacked button[type=submit]").first
    button.focus()
    with page.expect_navigation():
        button.press("Enter")
    expect(page.locator(".error-summary")).to_have_count(0)


def open_register(page: Page, slug: str) -> None:
    page.locator(f".plan-nav a[href$='/{slug}/']").click()
    page.wait_for_url(re.compile(rf"/plans/\d+/{slug}/$"))


def open_add_form(page: Page, slug: str) -> None:
    """Follow the register's "Add …" link from the keyboard."""
    link = page.locator(f"main a[href$='/{slug}/new/']")
    link.focus()
    with page.expect_navigation():
        link.press("Enter")


def test_member_writes_a_plan_and_reads_it_in_danish(page: Page, transactional_db: Any) -> None:
    member = make_member(make_organization(), "birgitta", Role.EDITOR)
    log_in(page, member.username)

    # The plan
    page.locator("main a[href$='/plans/new/']").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    type_into(page.locator("#id_name"), PROJECT)
    # Typing a date digit by digit depends on the browser's date format; fill() sets the
    # ISO value the same way in every locale.
    page.locator("#id_start_date").fill("2026-03-01")
    page.locator("#id_end_date").fill("2027-02-28")
    submit(page)
    expect(page).to_have_url(re.compile(r"/plans/\d+/$"))
    expect(page.locator("main h1")).to_contain_text(PROJECT)

    # Two target groups in different tiers; the tiers' names depend on the plan language
    # and on the catalogues, so they are chosen by position and read from the select.
    open_register(page, "groups")
    tiers = []
    for group, position in ((BOARD, 1), (STAFF, 2)):
        open_add_form(page, "groups")
        type_into(page.locator("#id_name"), group)
        tier = page.locator("#id_tier")
        tier.focus()
        tier.select_option(index=position)
        tiers.append(tier.locator("option:checked").inner_text().strip())
        submit(page)
        expect(page.locator("#register-table tbody")).to_contain_text(group)
    assert tiers[0] != tiers[1]
    rows = page.locator("#register-table tbody tr")
    expect(rows.filter(has_text=BOARD)).to_contain_text(tiers[0])
    expect(rows.filter(has_text=STAFF)).to_contain_text(tiers[1])

    # A message to the first tier
    open_register(page, "messages")
    open_add_form(page, "messages")
    type_into(page.locator("#id_text"), MESSAGE)
    tick(page.locator("#id_tiers").get_by_role("checkbox", name=tiers[0], exact=True))
    submit(page)
    expect(page.locator("#register-table tbody")).to_contain_text(MESSAGE)
    expect(page.locator("#register-table tbody")).to_contain_text(tiers[0])

    # A channel reaching the staff
    open_register(page, "channels")
    open_add_form(page, "channels")
    type_into(page.locator("#id_name"), CHANNEL)
    type_into(page.locator("#id_responsible"), "Kommunikatören")
    tick(page.locator("#id_groups").get_by_role("checkbox", name=STAFF, exact=True))
    submit(page)
    expect(page.locator("#register-table tbody tr").filter(has_text=CHANNEL)).to_contain_text(STAFF)

    # An activity linking group, message and channel
    open_register(page, "activities")
    open_add_form(page, "activities")
    type_into(page.locator("#id_title"), ACTIVITY)
    tick(page.locator("#id_groups").get_by_role("checkbox", name=STAFF, exact=True))
    # The message is the board's tier's, not owed to the staff: the picker, narrowed to the
    # staff's messages, keeps it behind "Show all messages".
    show_all = page.locator("#message-picker details summary")
    expect(show_all).to_be_visible()
    show_all.focus()
    page.keyboard.press("Enter")
    tick(page.locator("#id_messages").get_by_role("checkbox", name=MESSAGE))
    tick(page.locator("#id_channels").get_by_role("checkbox", name=CHANNEL, exact=True))
    type_into(page.locator("#id_time_text"), "Våren 2026")
    submit(page)
    row = page.locator("#register-table tbody tr").filter(has_text=ACTIVITY)
    expect(row).to_contain_text(STAFF)
    expect(row).to_contain_text(CHANNEL)
    expect(row).to_contain_text("1")

    # The overview reads like the document
    page.locator(".plan-nav .plan-name a").click()
    page.wait_for_url(re.compile(r"/plans/\d+/$"))
    main = page.locator("main")
    for text in (BOARD, STAFF, MESSAGE, CHANNEL, ACTIVITY, *tiers):
        expect(main).to_contain_text(text)
    screenshot(page, "plan-overview")

    # The interface in Danish
    language = page.locator("#language-select")
    language.focus()
    language.select_option(label="Dansk")
    switch = page.locator("form.language button[type=submit]")
    switch.focus()
    with page.expect_navigation():
        switch.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.locator(".plan-nav a[href$='/messages/']")).to_have_text("Budskaber")
    expect(page.locator(".site-header form[action$='/logout/'] button")).to_have_text(
        re.compile(r"^Log ud\b")
    )
    expect(main).to_contain_text(MESSAGE)
    screenshot(page, "plan-overview-da")
