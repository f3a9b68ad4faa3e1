"""Acceptance of issue #17 item 4 (the final report) in the browser: an editor sets a
surveyed goal "80 % of core stakeholders experience benefit", sends a survey to a group of
five contacts (emails captured), four answer through their tokens (one twice: refused), the
editor closes the survey, sees the goal's measurement and status, writes the lessons learned
and downloads the final report: the Word file (read with python-docx) and the PDF (read with
pdftotext) hold the goal, its value, its status and the lessons-learned text. The follow-up
page and the texts' screen pass axe; screenshots at 1366 and 390 px go to
test-artifacts/final-report-*.png."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from komplan.accounts.models import Role
from tests.browser.conftest import axe_check, log_in_quickly, new_context, screenshot
from tests.factories import fill_plan, make_member, make_organization, make_plan
from tests.followup.test_report import docx_text
from tests.surveys.factories import make_contacts, tokens_sent

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
GOAL = "80 % av kärnintressenterna upplever nytta"
LESSONS = "Förankra budskapet hos cheferna innan utskicket."


def _shots(page: Page, name: str) -> None:
    page.set_viewport_size(DESKTOP)
    screenshot(page, f"final-report-{name}-1366")
    page.set_viewport_size(PHONE)
    screenshot(page, f"final-report-{name}-390")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide at 390 px"
    page.set_viewport_size(DESKTOP)


def _pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext not found: install Debian's poppler-utils")
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return " ".join(done.stdout.decode().split())


def test_a_surveyed_goal_reaches_the_final_report(
    browser: Any, transactional_db: Any, live_server: Any, tmp_path: Path
) -> None:
    organization = make_organization()
    editor = make_member(organization, "alice", Role.EDITOR)
    plan = make_plan(organization, language="sv")
    group = fill_plan(plan)["groups"]
    make_contacts(group, 5)

    context = new_context(browser, live_server.url)
    log_in_quickly(context, editor, live_server.url)
    page = context.new_page()

    # The goal, in the plan's goals register.
    page.goto(f"/plans/{plan.pk}/goals/new/")
    page.fill("#id_text", GOAL)
    page.fill("#id_target_value", "80")
    page.fill("#id_unit", "%")
    page.locator('form.stacked button[type=submit]:not([name="add_another"])').click()
    goal = plan.goals.get(text=GOAL)

    # The survey, sent to the group's five contacts.
    page.goto(f"/plans/{plan.pk}/surveys/new/")
    page.fill("#id_title", "Nyttoenkät")
    page.select_option("#id_group", str(group.pk))
    page.fill("#id_closes_on", "2031-06-30")
    page.locator("form.stacked button[type=submit]").click()
    survey_url = page.url
    page.locator('input[name="kind"][value="likert"]').check()
    page.fill("#id_text", "Jag har nytta av projektet")
    page.locator('form[action$="/questions/add/"] button[type=submit]').click()
    page.locator('form[action$="/open/"] button').click()
    page.locator('a[href$="/send/"]').click()
    page.locator("form.actions button[type=submit]").click()
    assert len(mail.outbox) == 5
    tokens = list(tokens_sent().values())

    # The goal is measured by the survey's question: 4 or 5 counts.
    page.goto(f"/plans/{plan.pk}/follow-up/goals/{goal.pk}/indicator/edit/")
    page.locator('input[name="method"][value="surveyed"]').check()
    question = page.locator("#id_question option", has_text="Jag har nytta av projektet")
    page.select_option("#id_question", question.get_attribute("value"))
    page.fill("#id_minimum", "4")
    page.locator("form.stacked button[type=submit]").click()

    # Four contacts answer, logged out; the first tries again and is refused.
    public = new_context(browser, live_server.url)
    phone = public.new_page()
    phone.set_viewport_size(PHONE)
    for n, token in enumerate(tokens[:4]):
        phone.goto(f"/s/{token}/")
        phone.locator(f'fieldset.survey-scale input[value="{5 - n % 2}"]').check()
        phone.locator(".survey-form button[type=submit]").click()
        expect(phone.locator("h1")).to_have_text("Tack")
    phone.goto(f"/s/{tokens[0]}/")
    expect(phone.locator("h1")).to_have_text("Redan besvarad")

    page.goto(survey_url)
    page.locator('form[action$="/close/"] button').click()
    phone.goto(f"/s/{tokens[4]}/")
    expect(phone.locator("h1")).to_have_text("Enkäten är stängd")

    # The goal's measurement and status: 4 of 4 answered 4 or 5. (The editor's interface is
    # in English; the plan's documents are in its language, Swedish.)
    page.goto(f"/plans/{plan.pk}/follow-up/")
    row = page.locator("table.cards tbody tr", has_text=GOAL)
    expect(row).to_contain_text("100 %")
    expect(row.locator("strong.status")).to_have_text("Achieved")
    axe_check(page, "follow-up page")
    page.goto(f"/plans/{plan.pk}/follow-up/goals/{goal.pk}/")
    expect(page.locator("main")).to_contain_text("Achieved")

    # The team writes its evaluation and lessons learned.
    page.goto(f"/plans/{plan.pk}/follow-up/")
    page.locator(f'a[href="/plans/{plan.pk}/follow-up/report/edit/"]').click()
    axe_check(page, "report texts")
    page.fill("#id_evaluation", "Enkäten visar att nyttan nåddes.")
    page.fill("#id_lessons", LESSONS)
    page.locator("form.stacked button[type=submit]").click()
    expect(page.locator("#reports-heading")).to_be_visible()
    _shots(page, "follow-up")
    page.goto(f"/plans/{plan.pk}/follow-up/report/edit/")
    _shots(page, "texts")

    # The final report, as Word and as PDF.
    page.goto(f"/plans/{plan.pk}/follow-up/")
    files = {}
    for suffix in ("docx", "pdf"):
        with page.expect_download() as download:
            page.locator(f'a[href$="/follow-up/report/final.{suffix}"]').click()
        path = tmp_path / f"final.{suffix}"
        download.value.save_as(path)
        assert "Slutrapport" in download.value.suggested_filename
        files[suffix] = path
    word = " ".join(docx_text(files["docx"].read_bytes()).split())
    pdf = _pdf_text(files["pdf"])
    for text in (word, pdf):
        assert GOAL in text
        assert "100 %" in text  # its value
        assert "Uppnått" in text  # its status
        assert "4 av 4 svar 4 eller högre" in text
        assert LESSONS in text
        assert "Slutrapport" in text

    # An outsider (another organisation) gets nothing.
    other = make_member(make_organization("Norrby kommun", "norrby"), "olle", Role.ADMIN)
    outsider = new_context(browser, live_server.url)
    log_in_quickly(outsider, other, live_server.url)
    response = outsider.new_page().goto(f"/plans/{plan.pk}/follow-up/report/final.pdf")
    assert response is not None and response.status == 404
    for c in (context, public, outsider):
        c.close()
