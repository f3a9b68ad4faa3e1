"""axe-core finds no serious or critical violation on komplan's pages, and the keyboard
basics hold: the first Tab reaches the skip link, which moves focus to the content.

Each test builds its own plan and starts one logged-in browser context, then checks
several pages in it and reports the violations of all of them at once; every test
stands alone and they can run in any order.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from komplan.accounts.models import Role
from komplan.plans.registers import REGISTERS
from tests.browser.conftest import axe_violations, log_in_quickly
from tests.factories import fill_everything, make_member, make_organization, make_plan

STYLESHEET_APPLIED = """() => [...document.styleSheets].some(
    sheet => (sheet.href || '').endsWith('/komplan/komplan.css') && sheet.cssRules.length > 0
)"""


@pytest.fixture
def filled(transactional_db: Any) -> dict[str, Any]:
    organization = make_organization()
    user = make_member(organization, "astrid", Role.ADMIN)
    plan = make_plan(organization)
    return {
        "user": user,
        "organization": organization,
        "plan": plan,
        "entries": fill_everything(plan),
    }


@pytest.fixture
def member_page(page: Page, filled: dict[str, Any], live_server: Any) -> Page:
    # The login form has its own test (test_plan_flow logs in through it).
    log_in_quickly(page.context, filled["user"], live_server.url)
    return page


def assert_styled(page: Page, name: str) -> None:
    # Contrast and a hidden skip link mean nothing on an unstyled page.
    assert page.evaluate(STYLESHEET_APPLIED), (
        f"{name}: komplan.css was not applied; is /static/komplan/komplan.css served?"
    )


def check_pages(page: Page, urls: dict[str, str]) -> None:
    """Visit each page and fail once, listing the violations of all of them."""
    problems = []
    for name, url in urls.items():
        response = page.goto(url)
        assert response is not None and response.ok, f"{name}: {url} answered {response}"
        assert_styled(page, f"{name} ({url})")
        problems += [f"{name} ({url}): {found}" for found in axe_violations(page)]
    if problems:
        pytest.fail(
            "serious or critical axe violations:\n  " + "\n  ".join(problems), pytrace=False
        )


def test_login_page(page: Page, live_server: Any) -> None:
    check_pages(page, {"login": "/accounts/login/"})


def test_plan_pages(member_page: Page, filled: dict[str, Any]) -> None:
    plan, slug = filled["plan"].pk, filled["organization"].slug
    check_pages(
        member_page,
        {
            "plan list": "/plans/",
            "home": "/",
            "plan overview": f"/plans/{plan}/",
            "plan edit form": f"/plans/{plan}/edit/",
            "new plan form": "/plans/new/",
            "members": f"/orgs/{slug}/members/",
        },
    )


def test_version_and_history_pages(member_page: Page, filled: dict[str, Any]) -> None:
    from komplan.accounts.models import Membership
    from komplan.versions import services

    plan, user = filled["plan"], filled["user"]
    Membership.objects.filter(user=user).update(can_approve=True)
    services.submit(plan, user=user, comment="Till styrgruppen")
    services.approve(plan, user=user, on_behalf_of="Styrgruppen")
    services.publish(plan, user=user)
    snapshot = plan.snapshots.last()
    activity = filled["entries"]["activities"]
    activity.title = "Nyhet om bokningen"
    activity.save()  # a new draft, and an entry in the history
    assert snapshot is not None  # the public page has its own test (test_public_page.py)
    base = f"/plans/{plan.pk}"
    check_pages(
        member_page,
        {
            "versions": f"{base}/versions/",
            "submit": f"{base}/versions/submit/",
            "approve": f"{base}/versions/approve/",
            "revision entry form": f"{base}/versions/revisions/new/",
            "frozen version": f"{base}/versions/{snapshot.pk}/",
            "comparison": f"{base}/versions/compare/?old={snapshot.pk}&new=current",
            "history": f"{base}/history/",
            "history of an entry": f"{base}/history/activities/{activity.pk}/",
            "history of the plan's facts": f"{base}/history/plan/",
        },
    )


def test_register_pages(member_page: Page, filled: dict[str, Any]) -> None:
    plan, entries = filled["plan"].pk, filled["entries"]
    urls = {}
    for slug in REGISTERS:
        urls[f"{slug} list"] = f"/plans/{plan}/{slug}/"
        urls[f"{slug} create form"] = f"/plans/{plan}/{slug}/new/"
        urls[f"{slug} edit form"] = f"/plans/{plan}/{slug}/{entries[slug].pk}/edit/"
    check_pages(member_page, urls)


def test_action_cells_stay_in_their_rows(member_page: Page, filled: dict[str, Any]) -> None:
    """Edit, delete and move links sit in the row's last cell, not in a box beside the table."""
    plan = filled["plan"].pk
    for slug in REGISTERS:
        member_page.goto(f"/plans/{plan}/{slug}/")
        displays = member_page.eval_on_selector_all(
            "tbody td:has(a[href$='/edit/'])",
            "cells => cells.map(c => getComputedStyle(c).display)",
        )
        assert displays and set(displays) == {"table-cell"}, (slug, displays)


def assert_skip_link_works(page: Page, url: str) -> None:
    page.goto(url)
    assert_styled(page, url)
    skip = page.locator("a.skip-link")
    expect(skip).not_to_be_in_viewport()
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    # The next Tab continues from the content, not from the top of the page.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null"), url


def test_skip_link_on_login_page(page: Page, live_server: Any) -> None:
    assert_skip_link_works(page, "/accounts/login/")


def test_skip_link_past_both_navigations(member_page: Page, filled: dict[str, Any]) -> None:
    assert_skip_link_works(member_page, f"/plans/{filled['plan'].pk}/groups/")


def test_invitation_and_lockout_pages(
    member_page: Page, filled: dict[str, Any], browser: Any, live_server: Any
) -> None:
    """The members page with invitations, the invited person's pages (logged in, new, a
    closed link) and the login page of a locked-out account, some of them answered 4xx."""
    from django.utils import timezone

    from komplan.accounts.models import Invitation
    from tests.browser.conftest import new_context

    organization, user = filled["organization"], filled["user"]
    slug = organization.slug
    invite = Invitation.objects.create
    invite(organization=organization, email="dora@ekby.example", invited_by=user, can_approve=True)
    declined = invite(
        organization=organization,
        email="per@ekby.example",
        invited_by=user,
        declined_at=timezone.now(),
    )
    other = make_organization("Västby kommun", "vastby")
    to_user = invite(organization=other, email=user.email, invited_by=make_member(other, "olle"))
    new = invite(organization=other, email="ny.person@vastby.example")
    check_pages(
        member_page,
        {
            "members with invitations": f"/orgs/{slug}/members/",
            "invite form": f"/orgs/{slug}/members/add/",
            "invitation to the logged-in user": f"/invitations/{to_user.token}/",
        },
    )
    context = new_context(browser, live_server.url)
    page = context.new_page()
    problems = []
    for name, url in {
        "invitation to a new person": f"/invitations/{new.token}/",
        "declined invitation (410)": f"/invitations/{declined.token}/",
    }.items():
        page.goto(url)
        assert_styled(page, name)
        problems += [f"{name}: {found}" for found in axe_violations(page)]
    for attempt in range(5):
        page.goto("/accounts/login/")
        page.fill("#id_username", "astrid")
        page.fill("#id_password", f"fel-{attempt}")
        page.click("form.stacked button[type=submit]")
        page.wait_for_load_state()
    assert page.locator(".error-summary[role=alert]").count() == 1
    problems += [f"locked login (429): {found}" for found in axe_violations(page)]
    context.close()
    assert problems == []


def check_error_pages(page: Page, urls: dict[str, tuple[str, int]]) -> list[str]:
    """Visit each error page, expecting its status; return the axe violations found."""
    problems = []
    for name, (url, status) in urls.items():
        response = page.goto(url)
        assert response is not None and response.status == status, f"{name}: {response}"
        assert_styled(page, f"{name} ({url})")
        problems += [f"{name} ({url}): {found}" for found in axe_violations(page)]
    return problems


@pytest.mark.urls("tests.error_urls")
def test_error_pages(page: Page, live_server: Any, filled: dict[str, Any], settings: Any) -> None:
    plan = filled["plan"].pk
    viewer = make_member(filled["organization"], "vera", Role.VIEWER)
    problems = check_error_pages(
        page,
        {
            "404, not logged in": ("/finns-inte/", 404),
            "500": ("/trasig/", 500),
            "503": ("/databasen-borta/", 503),
        },
    )
    # 413: the login form, sent to a komplan that accepts almost nothing.
    settings.KOMPLAN_MAX_REQUEST_BYTES = 64
    page.goto("/accounts/login/")
    page.fill("#id_username", "vera")
    page.fill("#id_password", "ett-långt-lösenord")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.locator("main button[type=submit]").click()
    assert answer.value.status == 413
    page.wait_for_load_state()
    assert_styled(page, "413")
    problems += [f"413: {found}" for found in axe_violations(page)]
    settings.KOMPLAN_MAX_REQUEST_BYTES = 21 * 1024 * 1024

    log_in_quickly(page.context, viewer, page.url.split("/accounts/")[0])
    problems += check_error_pages(
        page,
        {
            "403": (f"/plans/{plan}/edit/", 403),
            "404, logged in": (f"/plans/{plan + 1000}/", 404),
        },
    )
    if problems:
        pytest.fail(
            "serious or critical axe violations:\n  " + "\n  ".join(problems), pytrace=False
        )
