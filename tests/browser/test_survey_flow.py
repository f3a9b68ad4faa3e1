"""Acceptance of issue #17 item 2 (surveys) in the browser: an editor creates a survey, adds
and reorders its questions, opens it and emails a group of five contacts (emails captured);
four answer through their personal links on a 390 px phone without logging in (one twice:
refused), the editor closes the survey (a fifth answer is refused) and reads the results.
Every page passes axe; the public page has no sideways scroll at 390 px; an outsider sees no
results. Screenshots go to test-artifacts/survey-*.png at 1366 and 390 px."""

from __future__ import annotations

from typing import Any

from django.core import mail
from playwright.sync_api import Page, expect

from komplan.accounts.models import Role
from tests.browser.conftest import axe_check, log_in_quickly, new_context, screenshot
from tests.factories import fill_plan, make_member, make_organization, make_plan
from tests.surveys.factories import make_contacts, tokens_sent

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def _shots(page: Page, name: str) -> None:
    page.set_viewport_size(DESKTOP)
    screenshot(page, f"survey-{name}-1366")
    page.set_viewport_size(PHONE)
    screenshot(page, f"survey-{name}-390")
    page.set_viewport_size(DESKTOP)


def _shares_broken_over_lines(page: Page) -> list[str]:
    """The results' percentages ("50.0 %") whose number and sign sit on two lines."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.survey-counts td:last-child')].filter(td => {
            const text = td.lastChild;
            if (!text || !text.textContent.includes('%')) return false;
            const range = document.createRange();
            range.selectNodeContents(text);
            const tops = [...range.getClientRects()].map(r => Math.round(r.top));
            return new Set(tops).size > 1;
        }).map(td => td.textContent.trim())"""
    )


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide at 390 px"


def test_an_editor_asks_a_group_and_reads_the_answers(
    browser: Any, transactional_db: Any, live_server: Any
) -> None:
    organization = make_organization()
    editor = make_member(organization, "alice", Role.EDITOR)
    plan = make_plan(organization, language="sv")
    group = fill_plan(plan)["groups"]
    make_contacts(group, 5)

    context = new_context(browser, live_server.url)
    log_in_quickly(context, editor, live_server.url)
    page = context.new_page()
    page.goto(f"/plans/{plan.pk}/")
    page.locator(f'.plan-tabs a[href="/plans/{plan.pk}/surveys/"]').click()
    axe_check(page, "survey list (empty)")
    page.locator(f'a[href="/plans/{plan.pk}/surveys/new/"]').click()
    page.fill("#id_title", "Nyttan med det nya ärendesystemet")
    page.fill("#id_introduction", "Fem minuter om hur systemet fungerar för dig.")
    page.select_option("#id_group", str(group.pk))
    page.fill("#id_closes_on", "2031-06-30")
    page.locator("form.stacked button[type=submit]").click()
    survey_url = page.url
    assert "/surveys/" in survey_url

    for kind, text in [
        ("text", "Vad kan bli bättre?"),
        ("likert", "Jag har nytta av systemet"),
        ("yes_no", "Har du fått utbildning?"),
    ]:
        page.locator(f'input[name="kind"][value="{kind}"]').check()
        page.fill("#id_text", text)
        page.locator('form[action$="/questions/add/"] button[type=submit]').click()
    # The free text goes last: moved down twice.
    for _ in range(2):
        free_text = page.locator("#questions + ol li", has_text="Vad kan bli bättre?")
        free_text.locator('form[action$="/move/"]:has(input[value="down"]) button').click()
    items = page.locator("#questions + ol li > span:first-child")
    expect(items).to_have_text(
        ["Jag har nytta av systemet", "Har du fått utbildning?", "Vad kan bli bättre?"]
    )
    axe_check(page, "survey draft")
    _shots(page, "detail")

    page.locator('form[action$="/open/"] button').click()
    page.locator('a[href$="/send/"]').click()
    axe_check(page, "send page")
    _shots(page, "send")
    page.locator("form.actions button[type=submit]").click()
    assert len(mail.outbox) == 5
    tokens = list(tokens_sent().values())

    page.locator('a[href$="/link/"]').click()
    page.locator("form.actions button[type=submit]").first.click()
    expect(page.locator("svg.survey-qr")).to_be_visible()
    axe_check(page, "shared link")
    _shots(page, "link")

    # Four contacts answer on their phones, logged out.
    public = new_context(browser, live_server.url)
    phone = public.new_page()
    phone.set_viewport_size(PHONE)
    for n, token in enumerate(tokens[:4]):
        phone.goto(f"/s/{token}/")
        if n == 0:
            expect(phone.locator("html")).to_have_attribute("lang", "sv")
            axe_check(phone, "public survey")
            _no_sideways_scroll(phone)
            screenshot(phone, "survey-public-390")
            phone.set_viewport_size(DESKTOP)
            screenshot(phone, "survey-public-1366")
            phone.set_viewport_size(PHONE)
        phone.locator(f'fieldset.survey-scale input[value="{5 - n % 2}"]').check()
        phone.locator('fieldset:not(.survey-scale) input[value="1"]').check()
        phone.fill("textarea", f"Förslag {n + 1}")
        phone.locator(".survey-form button[type=submit]").click()
        expect(phone.locator("h1")).to_have_text("Tack")
        if n == 0:
            axe_check(phone, "thank-you page")
            _no_sideways_scroll(phone)
            screenshot(phone, "survey-thanks-390")
    phone.goto(f"/s/{tokens[0]}/")
    expect(phone.locator("h1")).to_have_text("Redan besvarad")
    screenshot(phone, "survey-answered-390")

    page.goto(survey_url)
    page.locator('form[action$="/close/"] button').click()
    phone.goto(f"/s/{tokens[4]}/")
    expect(phone.locator("h1")).to_have_text("Enkäten är stängd")
    axe_check(phone, "closed page")

    page.goto(survey_url + "results/")
    axe_check(page, "results")
    _shots(page, "results")
    page.set_viewport_size(PHONE)
    assert _shares_broken_over_lines(page) == []
    page.set_viewport_size(DESKTOP)
    body = page.locator("main").inner_text()
    assert "4 of 5 invited (80.0 %)" in body
    assert "Förslag 3" in body
    page.set_viewport_size(PHONE)
    _no_sideways_scroll(page)

    # An outsider (another organisation) sees nothing of it.
    other = make_member(make_organization("Norrby kommun", "norrby"), "olle", Role.ADMIN)
    outsider = new_context(browser, live_server.url)
    log_in_quickly(outsider, other, live_server.url)
    assert outsider.new_page().goto(survey_url + "results/").status == 404
    for c in (context, public, outsider):
        c.close()
