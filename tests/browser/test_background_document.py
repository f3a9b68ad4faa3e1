"""A large plan's PDF is made by a worker: the download opens a progress page that shows how
far the file is, and offers the file when the worker has made it, without a reload."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import BrowserContext, Page, expect

from komplan.accounts.models import Role
from komplan.demo.synthetic import synthetic_plan_create
from tests.browser.conftest import axe_check, log_in_quickly, screenshot
from tests.factories import make_member, make_organization

pytestmark = pytest.mark.slow


@pytest.fixture
def large_plan(transactional_db: Any, settings: Any) -> Any:
    # A queue in the database, emptied below by a worker as `komplan worker` would.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # Files estimated to take over half a second go to the worker: this plan's PDF does.
    settings.KOMPLAN_BACKGROUND_SECONDS = 0.5
    organization = make_organization()
    plan = synthetic_plan_create(
        organization=organization, activities=600, groups=30, messages=40, channels=12
    )
    make_member(organization, "cecilia", Role.VIEWER)
    return plan


def test_a_large_plans_pdf_is_made_in_the_background_and_offered_when_ready(
    context: BrowserContext, page: Page, large_plan: Any, live_server: Any
) -> None:
    from komplan.accounts.models import User

    log_in_quickly(context, User.objects.get(username="cecilia"), live_server.url)
    page.goto(f"/plans/{large_plan.pk}/")
    page.locator(f'a[href="/plans/{large_plan.pk}/export/pdf/"]').click()

    expect(page).to_have_url(f"{live_server.url}/plans/{large_plan.pk}/export/pdf/progress/")
    expect(page.locator("progress")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(re.compile(r"\d"))  # time left
    axe_check(page, "document progress")
    screenshot(page, "document-progress")

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    link = page.get_by_role("link", name=re.compile("PDF"))
    expect(link).to_be_visible(timeout=15_000)  # htmx asks every second
    expect(page.locator("progress")).to_have_count(0)
    screenshot(page, "document-ready")
    with page.expect_download() as waiting:
        link.click()
    download = waiting.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"
