"""Acceptance: a communicator brings the municipality's Excel activity plan into komplan. She
uploads it, sees what komplan understood, tells it that one column holds the target groups,
imports, and finds the activities with their periods in the activity plan."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from komplan.accounts.models import Role
from komplan.plans.models import Plan
from tests.browser.conftest import axe_check, log_in_quickly, screenshot
from tests.factories import make_member, make_organization
from tests.imports.import_files import workbook

HEADER = ["Aktivitet", "Berörda", "Tid", "Kanal", "Ansvarig", "Status"]
ROWS = [
    ["Nyhet på intranätet", "Medarbetare", "Våren 2026", "Intranätet", "Kim Lund", "Klar"],
    ["Informationsmöte", "Enhetschefer", "Höst 2026 – pågående", "Möte", "Kim Lund", ""],
    ["Utbildning", "Handläggare", "Prel. mars 2027 (när avtal är på plats)", "Möte", "", ""],
]


def test_an_excel_activity_plan_is_imported(
    page: Page, live_server: Any, transactional_db: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    organization = make_organization("Norrviks kommun", "norrvik")
    user = make_member(organization, "karin", Role.EDITOR)
    log_in_quickly(page.context, user, live_server.url)
    sheet = tmp_path / "Aktivitetsplan Norrvik.xlsx"
    sheet.write_bytes(workbook(ROWS, header=HEADER, red=[2]))

    page.goto("/plans/")
    page.get_by_role("link", name="Import a plan from a file").click()
    expect(page).to_have_url(re.compile(r"/plans/import/norrvik/$"))
    axe_check(page, "import upload")
    screenshot(page, "import-upload")
    page.locator("#id_file").set_input_files(str(sheet))
    page.get_by_role("button", name="Upload and preview").click()

    expect(page).to_have_url(re.compile(r"/plans/import/norrvik/preview/\?upload="))
    expect(page.get_by_role("heading", level=1)).to_have_text("Preview of the import")
    activities = page.locator("#import-activities")
    row = activities.locator("tbody tr").filter(has_text="Informationsmöte")
    expect(row).to_contain_text("from 1 Sep 2026, ongoing")
    expect(activities.locator("tbody tr").filter(has_text="Utbildning")).to_contain_text(
        "Done (marked red)"
    )
    # "Berörda" (those concerned) names no column komplan knows: she says it holds the
    # target groups.
    who = page.get_by_label("Berörda")
    expect(who).to_have_value("")
    axe_check(page, "import preview")
    screenshot(page, "import-preview")
    who.select_option("groups")
    page.get_by_role("button", name="Update the preview").click()
    expect(page.get_by_label("Berörda")).to_have_value("groups")
    expect(page.locator("#import-groups")).to_contain_text("Enhetschefer")
    axe_check(page, "import preview with a changed column")

    page.get_by_role("button", name="Create the plan").click()
    expect(page).to_have_url(re.compile(r"/plans/\d+/activities/$"))
    expect(page.locator(".messages")).to_contain_text("The file was imported: 3 activities")
    plan = Plan.objects.get()
    table = page.locator("table.activity-plan")
    meeting = table.locator("tbody tr").filter(has_text="Informationsmöte")
    expect(meeting).to_contain_text("Höst 2026 – pågående")
    expect(meeting).to_contain_text("from 1 Sep 2026, ongoing")
    expect(meeting).to_contain_text("Enhetschefer")
    done = table.locator("tbody tr").filter(has_text="Utbildning")
    expect(done).to_have_class(re.compile("done"))
    expect(done).to_contain_text("Done")
    screenshot(page, "import-done")
    assert plan.activities.count() == 3
    assert plan.groups.count() == 3
    assert list(tmp_path.joinpath("imports").iterdir()) == []
