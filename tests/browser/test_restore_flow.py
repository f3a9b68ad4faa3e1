"""Acceptance: an editor of Ekby kommun restores the approved version 1.0 of a plan after a
group was renamed, from the keyboard, on a desktop and on a phone."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from komplan.accounts.models import Membership, Role
from komplan.plans.models import Plan
from komplan.versions import services
from tests.browser.conftest import axe_check, log_in, screenshot
from tests.factories import fill_plan, make_member, make_organization, make_plan


def test_an_editor_restores_the_approved_version_from_the_keyboard(
    page: Page, transactional_db: Any
) -> None:
    organization = make_organization()
    editor = make_member(organization, "sara", Role.EDITOR)
    chair = make_member(organization, "lena", Role.VIEWER)
    Membership.objects.filter(user=chair).update(can_approve=True)
    plan = make_plan(organization)
    entries = fill_plan(plan)
    services.submit(plan, user=editor)
    services.approve(plan, user=chair)
    approved = plan.snapshots.get(status="approved")
    staff = entries["groups"]
    staff.name = "Handläggare och enhetschefer"
    staff.save()  # the plan is draft 1.1 now
    page.context.set_extra_http_headers({"Accept-Language": "en"})

    log_in(page, editor.username)
    page.goto(f"/plans/{plan.pk}/versions/{approved.pk}/")
    link = page.locator("#restore-link")
    link.focus()
    with page.expect_navigation():
        link.press("Enter")
    expect(page.locator("main h1")).to_have_text("Restore version 1.0?")
    expect(page.locator("#restore-registers")).to_contain_text("Target groups")
    axe_check(page, "restore a version")
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, f"restore-version-{width}")
        # Nothing is wider than the screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.locator("#id_comment").focus()
    page.keyboard.type("Tillbaka till det godkända")
    page.keyboard.press("Tab")  # to the button
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text(
        "Version 1.0 was restored. The plan is draft 1.1."
    )
    staff.refresh_from_db()
    assert staff.name == "Handläggare"
    assert Plan.objects.get(pk=plan.pk).revisions.filter(kind="restored").exists()
