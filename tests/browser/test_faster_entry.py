"""Acceptance: faster entry on the activity form (a target group added in place, the message
picker following the groups), the approval-warning step, and copying the public address."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from komplan.accounts.models import Role
from komplan.plans.models import Message, TargetGroup
from komplan.versions import services
from tests.browser.conftest import ARTIFACTS, axe_check, log_in_quickly, screenshot
from tests.browser.test_plan_flow import type_into
from tests.factories import fill_plan, make_member, make_organization, make_plan

WIDTHS = (1366, 390)


def shoot(page: Page, name: str) -> None:
    """Screenshots at a desktop and a phone width into test-artifacts/entry/."""
    (ARTIFACTS / "entry").mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"entry/{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})


def ekby(live_server: Any, page: Page) -> Any:
    organization = make_organization()
    user = make_member(organization, "sara", Role.EDITOR)
    plan = make_plan(organization)
    core = plan.tiers.get(position=1)
    board = TargetGroup.objects.create(plan=plan, name="Kommunstyrelsen", tier=core)
    TargetGroup.objects.create(plan=plan, name="Lokalpressen")
    Message.objects.create(plan=plan, text="Beslutet är fattat.").tiers.add(core)
    Message.objects.create(plan=plan, text="Vi söker synpunkter.")
    log_in_quickly(page.context, user, live_server.url)
    page.context.set_extra_http_headers({"Accept-Language": "en"})
    return plan, board


def test_a_group_is_added_from_the_activity_form_and_messages_follow_the_groups(
    page: Page, live_server: Any, transactional_db: Any
) -> None:
    plan, board = ekby(live_server, page)
    page.goto(f"/plans/{plan.pk}/activities/new/")
    type_into(page.locator("#id_title"), "Informationsmöte")
    picker = page.locator("#message-picker")
    # No group chosen: every message is offered.
    expect(picker.locator("> fieldset > .choices")).to_contain_text("Vi söker synpunkter.")
    expect(page.locator("[data-inline-fallback]").first).to_be_hidden()

    # Ticking the board narrows the picker to what the board must get.
    page.locator(f"#id_groups input[value='{board.pk}']").check()
    expect(picker.locator("> fieldset > .choices")).not_to_contain_text("Vi söker synpunkter.")
    expect(picker.locator("> fieldset > .choices")).to_contain_text("Beslutet är fattat.")
    summary = picker.locator("details summary")
    expect(summary).to_contain_text("Show all messages (1 more)")
    summary.focus()
    page.keyboard.press("Enter")  # "show all", from the keyboard
    expect(picker.locator("details")).to_contain_text("Vi söker synpunkter.")
    # Ticking another group keeps "show all" open.
    page.locator("#id_groups input").nth(1).check()
    expect(page.locator("#message-picker-help")).to_contain_text("the 2 chosen target groups")
    expect(picker.locator("details")).to_have_attribute("open", "")
    page.locator("#id_groups input").nth(1).uncheck()
    expect(page.locator("#message-picker-help")).not_to_contain_text("the 2 chosen")

    # A new group, added in place: it arrives ticked and the title typed above stays.
    inline = page.locator("#inline-groups")
    inline.locator("summary").focus()
    page.keyboard.press("Enter")
    type_into(page.locator("#new-groups-name"), "Fackliga företrädare")
    page.locator("#new-groups-tier").select_option(label=plan.tiers.get(position=1).name)
    page.keyboard.press("Tab")
    page.locator("#new-groups-name").focus()
    page.keyboard.press("Enter")  # adds the group; does not send the activity form
    expect(page.locator("#new-groups-status")).to_contain_text(
        "“Fackliga företrädare” was added and ticked."
    )
    group = plan.groups.get(name="Fackliga företrädare")
    new_box = page.locator(f"#id_groups input[value='{group.pk}']")
    expect(new_box).to_be_checked()
    expect(page.locator("#id_title")).to_have_value("Informationsmöte")
    expect(page.locator("#new-groups-name")).to_have_value("")
    expect(page.locator("#message-picker-help")).to_contain_text("the 2 chosen target groups")
    axe_check(page, "activity form with an inline add open")
    shoot(page, "activity-form")

    # Saving keeps both groups.
    page.locator("main form.stacked button[type=submit]").first.click()
    page.wait_for_url(f"**/plans/{plan.pk}/activities/")
    activity = plan.activities.get(title="Informationsmöte")
    assert set(activity.groups.values_list("name", flat=True)) == {
        "Kommunstyrelsen",
        "Fackliga företrädare",
    }


def test_the_submit_step_lists_open_gaps_and_can_submit_anyway(
    page: Page, live_server: Any, transactional_db: Any
) -> None:
    plan, _board = ekby(live_server, page)  # the board's message is carried by nothing
    page.goto(f"/plans/{plan.pk}/versions/submit/")
    gaps = page.locator(".gap-confirm")
    expect(gaps).to_contain_text("Kommunstyrelsen: message 1")
    axe_check(page, "submit step with open gaps")
    shoot(page, "approval-warning")
    page.get_by_role("button", name="Submit anyway").click()
    expect(page.locator(".messages")).to_contain_text("was submitted for approval")


def test_the_public_address_is_copied_with_a_spoken_confirmation(
    page: Page, live_server: Any, transactional_db: Any
) -> None:
    organization = make_organization()
    user = make_member(organization, "sara", Role.EDITOR)
    plan = make_plan(organization)
    fill_plan(plan)
    services.submit(plan, user=user)
    services.approve(plan, user=user)
    services.publish(plan, user=user)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    log_in_quickly(page.context, user, live_server.url)
    page.context.set_extra_http_headers({"Accept-Language": "en"})
    page.goto(f"/plans/{plan.pk}/versions/")
    address = page.locator("#public-url").input_value()
    assert "/p/" in address
    button = page.get_by_role("button", name="Copy address")
    button.focus()
    page.keyboard.press("Enter")
    status = page.locator("#public-url-status")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_text("The address was copied.")
    assert page.evaluate("navigator.clipboard.readText()") == address
    axe_check(page, "versions page with the copy button")


def test_without_a_script_the_address_stays_selectable_and_no_dead_button_shows(
    browser: Any, live_server: Any, transactional_db: Any
) -> None:
    organization = make_organization()
    user = make_member(organization, "sara", Role.EDITOR)
    plan = make_plan(organization)
    services.submit(plan, user=user)
    services.approve(plan, user=user)
    services.publish(plan, user=user)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    log_in_quickly(context, user, live_server.url)
    page = context.new_page()
    page.goto(f"/plans/{plan.pk}/versions/")
    expect(page.locator("#public-url")).to_be_visible()
    expect(page.locator("button[data-copy-target]")).to_be_hidden()
    page.goto(f"/plans/{plan.pk}/activities/new/")
    expect(page.locator("[data-inline-fallback]").first).to_be_visible()
    expect(page.locator("#inline-groups")).to_be_hidden()
    context.close()
