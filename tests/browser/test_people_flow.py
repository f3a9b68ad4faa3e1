"""Acceptance of issue #20 (people behind the target groups), as an administrator does it in the
browser: add two contacts to a group through its page, log a meeting with them that conveys a
message (the coverage cell turns done), set the group's current and desired engagement and find
it on the grid and in the table, export one contact's data (JSON and PDF) and erase the other.
After the erasure no page, export or audit view shows the erased name: the main pages are
visited in the browser, and every page and file of the plan and its organisation (the access
test's walk, with the public page and its files) through the Django test client. Every page the
flow visits passes axe, and the group page has no sideways scroll on a 390 px phone.
Screenshots go to test-artifacts/people-flow-*.png."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from django.test import Client
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from komplan.accounts.models import Membership, Role
from komplan.audit.models import AuditEvent
from komplan.people import gdpr
from komplan.people.models import Contact, Engagement, Interaction, Level, Weight
from komplan.plans.models import Message, TargetGroup
from tests.browser.conftest import axe_check, log_in, screenshot
from tests.browser.test_coverage_flow import follow, matrix_cell
from tests.factories import fill_everything, make_member, make_organization, make_plan
from tests.people.test_gdpr import _readable
from tests.test_access import all_urls
from tests.versions.test_public import publish

KEPT = {
    "name": "Johan Berglind",
    "role": "Rektor",
    "employer": "Ekby skola",
    "email": "johan.berglind@ekby.example",
    "phone": "070-111 22 33",
}
ERASED = {
    "name": "Sigrid Vallin",
    "role": "Biträdande rektor",
    "employer": "Norrskolan",
    "email": "sigrid.vallin@ekby.example",
    "phone": "070-444 55 66",
}
MESSAGE = "Läxhjälpen öppnar i januari."


def _traces(text: str) -> list[str]:
    """What of the erased person's details `text` still shows."""
    return [
        value
        for value in (ERASED["name"], ERASED["name"].upper(), ERASED["email"], ERASED["phone"])
        if value in text
    ]


def _submit(page: Page) -> None:
    """Send the page's entry form with the keyboard."""
    button = page.locator("main form.stacked button[type=submit]")
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".error-summary")).to_have_count(0)


def _add_contact(page: Page, group_url: str, group_id: int, person: dict[str, str]) -> None:
    page.goto(group_url)
    follow(page.locator(f"main a.button[href$='/contacts/new/?group={group_id}']"))
    # The form comes with the group ticked: the contact joins it.
    expect(page.locator(f"input[name=groups][value='{group_id}']")).to_be_checked()
    for field, value in person.items():
        page.locator(f"#id_{field}").fill(value)
    axe_check(page, "contact form")
    _submit(page)
    expect(page.locator("main h1")).to_contain_text(person["name"])


def _walk(
    plan: Any, entries: dict[str, Any], client: Client, membership_id: int, extra: list[str]
) -> list[str]:
    """Every page and file of the plan and its organisation (the access test's walk, with
    every export format and the audit history, and the public page with its files), and the
    `extra` pages of this flow (the walk takes the plan's first group and contact), that
    still show the erased person's details, each with what it shows."""
    token = plan.publications.get().token
    urls = all_urls(plan, entries, membership_id) + extra
    urls += [f"/p/{token}/", f"/plans/{plan.pk}/calendar.ics"]
    urls += [f"/p/{token}/{fmt}/" for fmt in ("docx", "pdf", "json")]
    found = []
    for url in urls:
        traces = _traces(_readable(client.get(url, follow=True)))
        if traces:
            found.append(f"{url}: {traces}")
    return found


def test_contacts_interactions_engagement_export_and_erasure(
    page: Page, transactional_db: Any, live_server: Any
) -> None:
    organization = make_organization()
    admin = make_member(organization, "alice", Role.ADMIN)
    plan = make_plan(organization)
    entries = fill_everything(plan)
    secondary = plan.tiers.order_by("position").last()
    heads = TargetGroup.objects.create(plan=plan, name="Rektorer", tier=secondary)
    message = Message.objects.create(plan=plan, text=MESSAGE)
    message.tiers.add(secondary)
    group_url = f"/plans/{plan.pk}/people/groups/{heads.pk}/"
    log_in(page, "alice")

    # 1. Two contacts join the group through its page.
    page.goto(group_url)
    axe_check(page, "group page without contacts")
    for person in (KEPT, ERASED):
        _add_contact(page, group_url, heads.pk, person)
    page.goto(group_url)
    rows = page.locator("section[aria-labelledby=contacts-heading] table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(KEPT["name"])
    expect(rows.nth(1)).to_contain_text(ERASED["name"])
    expect(page.locator("main")).to_contain_text(ERASED["email"])

    # 2. The message is a gap for the group until a meeting with its contacts conveys it.
    page.goto(f"/plans/{plan.pk}/coverage/")
    expect(matrix_cell(page, "Rektorer", message.position)).to_have_attribute("data-state", "gap")
    page.goto(group_url)
    follow(page.locator(f"main a.button[href$='/groups/{heads.pk}/interactions/new/']"))
    expect(page.locator(f"input[name=groups][value='{heads.pk}']")).to_be_checked()
    page.locator("#id_kind").select_option("meeting")
    page.locator("#id_day").fill("2026-10-05")
    page.locator("#id_subject").fill("Rektorsmöte om läxhjälpen")
    kept, erased = (Contact.objects.get(name=p["name"]) for p in (KEPT, ERASED))
    page.locator("#id_contacts").select_option([str(kept.pk), str(erased.pk)])
    page.locator(f"input[name=messages][value='{message.pk}']").check()
    page.locator("#id_notes").fill(f"{ERASED['name']} vill ha material på lättläst svenska.")
    axe_check(page, "interaction form")
    _submit(page)
    assert page.url.endswith(group_url)
    timeline = page.locator("section[aria-labelledby=timeline-heading]")
    expect(timeline).to_contain_text("Rektorsmöte om läxhjälpen")
    expect(timeline).to_contain_text(ERASED["name"])
    talk = Interaction.objects.get()
    assert set(talk.contacts.all()) == {kept, erased}
    page.goto(f"/plans/{plan.pk}/coverage/")
    cell = matrix_cell(page, "Rektorer", message.position)
    expect(cell).to_have_attribute("data-state", "done")
    expect(cell).to_have_text(re.compile(r"Done"))
    axe_check(page, "coverage matrix")

    # 3. The group's current and desired engagement, then the grid and its table.
    page.goto(group_url)
    follow(page.locator(f"a[href$='/groups/{heads.pk}/engagement/edit/']"))
    for name, value in (
        ("current", Level.NEUTRAL),
        ("desired", Level.SUPPORTIVE),
        ("influence", Weight.MEDIUM),
        ("interest", Weight.HIGH),
    ):
        page.locator(f"input[name={name}][value='{value}']").check()
    axe_check(page, "engagement form")
    _submit(page)
    facts = page.locator("section[aria-labelledby=engagement-heading] dl.people-facts")
    expect(facts).to_contain_text("Neutral")
    expect(facts).to_contain_text("Supportive")
    assert Engagement.objects.get(group=heads).desired == Level.SUPPORTIVE
    axe_check(page, "group page")
    screenshot(page, "people-flow-group-1366")

    follow(page.locator(f"main a[href='/plans/{plan.pk}/people/engagement/']"))
    point = page.locator(f"figure.engagement-grid svg a[href$='/groups/{heads.pk}/']")
    expect(point).to_have_count(1)
    expect(point).to_have_attribute(
        "aria-label", re.compile(r"Rektorer: .*engagement neutral, desired supportive")
    )
    row = page.locator("table tbody tr").filter(has_text="Rektorer")
    expect(row).to_contain_text("Neutral")
    expect(row).to_contain_text("Supportive")
    axe_check(page, "engagement grid")
    screenshot(page, "people-flow-grid-1366")

    # 4. One contact's data, exported as JSON and as PDF from their page.
    page.goto(f"/orgs/{organization.slug}/contacts/{kept.pk}/")
    axe_check(page, "contact page")
    with page.expect_download() as json_download:
        page.locator("a[href$='/data.json']").click()
    data = json.loads(Path(json_download.value.path()).read_text(encoding="utf-8"))
    assert data["person"]["name"] == KEPT["name"]
    assert data["person"]["email"] == KEPT["email"]
    assert "Rektorsmöte om läxhjälpen" in [i["subject"] for i in data["interactions"]]
    with page.expect_download() as pdf_download:
        page.locator("a[href$='/data.pdf']").click()
    reader = PdfReader(pdf_download.value.path())
    text = " ".join(" ".join(p.extract_text() or "" for p in reader.pages).split())
    assert KEPT["name"] in text and "Rektorsmöte om läxhjälpen" in text

    # The walk sees the person to be erased before the erasure: it can find what must go.
    publish(plan)
    client = Client()
    client.force_login(admin)
    membership_id = Membership.objects.get(user=admin, organization=organization).pk
    erased_url = f"/orgs/{organization.slug}/contacts/{erased.pk}/"
    extra = [group_url, erased_url, erased_url + "data.json", erased_url + "data.pdf"]
    extra += [f"/plans/{plan.pk}/people/groups/{heads.pk}/interactions/new/"]
    before = _walk(plan, entries, client, membership_id, extra)
    for url in (
        f"/orgs/{organization.slug}/contacts/: ",  # the list
        f"/orgs/{organization.slug}/contacts/{erased.pk}/data.pdf: ",  # her own data
        f"/orgs/{organization.slug}/contacts/{kept.pk}/: ",  # the meeting they shared
        f"/plans/{plan.pk}/people/groups/{heads.pk}/: ",
    ):
        assert any(found.startswith(url) for found in before), (url, before)

    # 5. The other contact is erased from their page, after a confirmation.
    page.goto(f"/orgs/{organization.slug}/contacts/{erased.pk}/")
    follow(page.locator("main a[href$='/erase/']"))
    expect(page.locator("main h1")).to_contain_text(ERASED["name"])
    axe_check(page, "erasure confirmation")
    erase = page.locator("main form button[type=submit]")
    erase.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/orgs/{organization.slug}/personal-data/")
    erased.refresh_from_db()
    pseudonym = erased.name
    assert pseudonym.startswith("Person ")
    expect(page.locator("main")).to_contain_text(pseudonym)
    axe_check(page, "personal data after erasure")
    event = AuditEvent.objects.get(register=gdpr.REGISTER)
    assert event.object_repr == pseudonym and event.user == admin

    # After it no page shows the name: the main pages in the browser...
    for name, url in {
        "group page": group_url,
        "contacts": f"/orgs/{organization.slug}/contacts/",
        "the erased contact's page": f"/orgs/{organization.slug}/contacts/{erased.pk}/",
        "the kept contact's page": f"/orgs/{organization.slug}/contacts/{kept.pk}/",
        "people of the plan": f"/plans/{plan.pk}/people/",
        "engagement grid": f"/plans/{plan.pk}/people/engagement/",
        "coverage": f"/plans/{plan.pk}/coverage/",
        "history": f"/plans/{plan.pk}/history/",
        "personal data": f"/orgs/{organization.slug}/personal-data/",
        "overview": f"/plans/{plan.pk}/",
    }.items():
        page.goto(url)
        assert _traces(page.content()) == [], name
    page.goto(group_url)
    expect(page.locator("main")).to_contain_text(KEPT["name"])  # the other stays
    expect(page.locator("section[aria-labelledby=timeline-heading]")).to_contain_text(pseudonym)
    # ...the meeting still conveyed the message...
    page.goto(f"/plans/{plan.pk}/coverage/")
    expect(matrix_cell(page, "Rektorer", message.position)).to_have_attribute("data-state", "done")
    # ...and no page, export or history of the plan and the organisation does.
    assert _walk(plan, entries, client, membership_id, extra) == []

    # 6. The group page on a 390 px phone: no sideways scroll, still axe-clean.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(group_url)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the group page scrolls sideways by {overflow} px"
    axe_check(page, "group page on a phone")
    screenshot(page, "people-flow-group-390")
