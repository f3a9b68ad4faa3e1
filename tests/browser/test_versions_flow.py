"""Acceptance: a plan goes draft → submitted → approved → published; an edit afterwards makes
draft 1.1 while the public page still shows 1.0, and the comparison shows the edit."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Page, expect

from komplan.accounts.models import Membership, Role
from tests.browser.conftest import axe_check, log_in, new_context, screenshot
from tests.browser.test_plan_flow import submit, type_into
from tests.factories import fill_plan, make_member, make_organization, make_plan

NEW_NAME = "Handläggare och enhetschefer"


def go(page: Page, name: str) -> None:
    """Follow a link of the page's main content by its words, from the keyboard."""
    link = page.locator("main").get_by_role("link", name=name, exact=True)
    link.focus()
    with page.expect_navigation():
        link.press("Enter")


def test_a_plan_is_approved_published_and_changed(
    page: Page, transactional_db: Any, browser: Any, live_server: Any
) -> None:
    organization = make_organization()
    editor = make_member(organization, "sara", Role.EDITOR)
    chair = make_member(organization, "lena", Role.VIEWER)
    Membership.objects.filter(user=chair).update(can_approve=True)
    plan = make_plan(organization)
    fill_plan(plan)
    page.context.set_extra_http_headers({"Accept-Language": "en"})

    # The editor submits draft 0.1
    log_in(page, editor.username)
    page.goto(f"/plans/{plan.pk}/")
    page.locator(".plan-nav a[href$='/versions/']").click()
    expect(page.locator("main h2").first).to_contain_text("Draft, version 0.1")
    axe_check(page, "versions page, draft")
    go(page, "Submit for approval")
    type_into(page.locator("#id_comment"), "Till styrgruppen")
    submit(page)
    expect(page.locator(".messages")).to_contain_text("Version 0.1 was submitted for approval.")
    expect(page.locator("main").get_by_role("link", name="Approve", exact=True)).to_have_count(0)

    # The chair of the steering group approves on its behalf
    chair_context = new_context(browser, live_server.url)
    chair_context.set_extra_http_headers({"Accept-Language": "en"})
    chair_page = chair_context.new_page()
    log_in(chair_page, chair.username)
    chair_page.goto(f"/plans/{plan.pk}/versions/")
    go(chair_page, "Approve")
    type_into(chair_page.locator("#id_on_behalf_of"), "Styrgruppen")
    submit(chair_page)
    expect(chair_page.locator(".messages")).to_contain_text("approved as version 1.0")
    chair_context.close()

    # The editor publishes 1.0 and opens the public page without logging in
    page.reload()
    expect(page.locator("main h2").first).to_contain_text("Approved, version 1.0")
    go(page, "Publish")
    submit(page)
    expect(page.locator(".messages")).to_contain_text("Version 1.0 was published.")
    public_url = page.locator("#public-url").input_value()
    assert re.search(r"/p/[\w-]{40,}/$", public_url), public_url
    revisions = page.locator("section[aria-labelledby=revisions] table")
    # Written in the plan's language (Swedish), whatever the interface's
    expect(revisions).to_contain_text("Godkänd på uppdrag av Styrgruppen")
    axe_check(page, "versions page, published")
    screenshot(page, "versions")

    visitor = new_context(browser, live_server.url)
    public = visitor.new_page()
    public.goto(public_url)
    expect(public.locator("h1")).to_contain_text(plan.name)
    expect(public.locator("main")).to_contain_text("1.0")
    expect(public.locator("main")).to_contain_text("Handläggare")

    # An edit of the published plan starts draft 1.1
    page.goto(f"/plans/{plan.pk}/groups/")
    page.locator("main a[href$='/edit/']").first.click()
    page.wait_for_url(re.compile(r"/edit/$"))
    name = page.locator("#id_name")
    name.fill("")
    type_into(name, NEW_NAME)
    submit(page)
    expect(page.locator(".plan-nav .badge")).to_contain_text("Draft 1.1")

    # The public page still shows 1.0, without the edit
    public.reload()
    expect(public.locator("main")).to_contain_text("1.0")
    expect(public.locator("main")).not_to_contain_text(NEW_NAME)
    visitor.close()

    # The comparison of 1.0 with the plan now shows the edit
    page.locator(".plan-nav a[href$='/versions/']").click()
    go(page, "Compare versions")
    diff = page.locator("main")
    expect(diff).to_contain_text(NEW_NAME)
    expect(diff).to_contain_text("Target groups")
    axe_check(page, "comparison")
    screenshot(page, "versions-compare")
