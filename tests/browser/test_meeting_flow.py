"""Acceptance: a steering group holds a whole meeting in komplan, like the seed minutes. The
secretary creates the meeting, brings in the members (one sends apologies) and a guest,
writes an I/D/B agenda, takes the minutes with a decision approving the plan and an action
item that becomes a plan activity; the process leader justerar; the minutes lock, and a
correction opens version 2 while version 1 stays readable."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Locator, Page, expect

from komplan.accounts.models import Role
from komplan.meetings.models import ActionItem, AgendaItem, Meeting, MinutesStatus
from komplan.plans.models import Activity
from tests.browser.conftest import axe_check, log_in, new_context, screenshot
from tests.factories import make_member, make_organization, make_plan
from tests.meetings.factories import make_forum, make_meeting

PLAN = "Kommunikationsplan för e-arkivet"
NOTES = {
    "I": "Sara informerar om status och tidplan.",
    "D": "Vi enas om att 80 % av kärnintressenterna ska uppleva nytta.",
}
DECISION = "Styrgruppen godkänner kommunikationsplanen med ändringen i mål 1."
ACTION = "Presentera planen för kommunledningsgrupperna"


def type_into(field: Locator, text: str) -> None:
    field.focus()
    field.page.keyboard.type(text)


def submit(page: Page) -> None:
    """Press Enter on the form's submit button and wait for the page it leads to."""
    # The first: "Save", not "Save and add another".
    button = page.locator("main form.stacked button[type=submit]").first
    button.focus()
    with page.expect_navigation():
        button.press("Enter")
    expect(page.locator(".error-summary")).to_have_count(0)


def follow(link: Locator) -> None:
    link.focus()
    with link.page.expect_navigation():
        link.press("Enter")


def open_tab(page: Page, name: str) -> None:
    follow(page.locator(".plan-nav ul a", has_text=re.compile(f"^{name}$")))


def add_item(page: Page, kind: str, description: str, minutes: int) -> None:
    follow(page.locator("main a[href$='/agenda/new/']"))
    page.locator(f"input[name=kind][value={kind}]").check()
    type_into(page.locator("#id_description"), description)
    type_into(page.locator("#id_responsible"), "Sara")
    page.locator("#id_duration").fill(str(minutes))
    submit(page)


def test_a_steering_group_holds_a_meeting_and_justerar_the_minutes(
    page: Page, transactional_db: Any, browser: Any, live_server: Any
) -> None:
    organization = make_organization()
    secretary = make_member(organization, "tove", Role.EDITOR)
    process_leader = make_member(organization, "sara", Role.VIEWER)
    plan = make_plan(organization, name=PLAN)
    forum = make_forum(organization, language="en")  # headings of its documents in English
    forum.members.filter(name="Sara Holm").update(user=process_leader)

    log_in(page, secretary.username)
    page.goto(f"/orgs/{organization.slug}/forums/")
    follow(page.locator(f"main a[href='/forums/{forum.pk}/']"))

    # The meeting
    follow(page.locator("main a[href$='/meetings/new/']"))
    page.locator("#id_date").fill("2026-10-03")
    page.locator("#id_start_time").fill("09:00")
    page.locator("#id_end_time").fill("12:00")
    type_into(page.locator("#id_place"), "Onlinemöte via Teams")
    page.locator("#id_plans").get_by_role("checkbox", name=PLAN).check()
    submit(page)
    expect(page).to_have_url(re.compile(r"/meetings/\d+/$"))
    meeting = Meeting.objects.get()
    expect(page.locator("main")).to_contain_text(PLAN)

    # Participants: the forum's members in one step, one of them absent, and a guest
    open_tab(page, "Participants")
    follow_button = page.locator("#add-members button[type=submit]")
    follow_button.focus()
    with page.expect_navigation():
        follow_button.press("Enter")
    table = page.locator("#participants-table tbody")
    expect(table.locator("tr")).to_have_count(5)
    follow(table.locator("tr", has_text="Nils Faritz").locator("a", has_text="Edit"))
    page.locator("input[name=attendance][value=absent]").check()
    submit(page)
    follow(table.locator("tr", has_text="Sara Holm").locator("a", has_text="Edit"))
    page.locator("#id_adjuster").check()
    submit(page)
    follow(page.locator("main a[href$='/participants/new/?guest=1']"))
    type_into(page.locator("#id_name"), "Gunnar Gäst")
    type_into(page.locator("#id_organization"), "IT-enheten")
    submit(page)
    expect(table.locator("tr", has_text="Nils Faritz")).to_contain_text("Absent")
    expect(table.locator("tr", has_text="Gunnar Gäst")).to_contain_text("Guest")

    # The note-taker
    open_tab(page, "Meeting")
    follow(page.locator("main a[href$='/edit/']").first)
    page.locator("#id_note_taker").select_option(label="Tove Andrén")
    submit(page)
    axe_check(page, "meeting page")
    screenshot(page, "meeting")

    # The agenda: I, D, a break, B; the times follow from the durations
    open_tab(page, "Agenda")
    add_item(page, "I", "Nulägesbild och status", 30)
    add_item(page, "D", "Vad kan vi förbättra med planen?", 45)
    add_item(page, "B", "Beslut av kommunikationsplanen", 20)
    add_item(page, "break", "Fika", 15)
    rows = page.locator(".agenda-table tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.nth(3)).to_contain_text("10:35")
    # The break before the decision, by keyboard: the ↑ button of its row
    fika = AgendaItem.objects.get(description="Fika")
    up = page.locator(f"#up-{fika.pk}")
    up.focus()
    with page.expect_response(re.compile(r"/move/$")):
        up.press("Enter")
    expect(rows.nth(2)).to_contain_text("Fika")
    expect(rows.nth(3)).to_contain_text("Beslut av kommunikationsplanen")
    expect(rows.nth(3)).to_contain_text("10:30")
    expect(rows.nth(3).locator("td").first).to_have_text("3")
    axe_check(page, "agenda page")
    screenshot(page, "meeting-agenda")

    # The minutes: notes, a decision approving the plan, an action item
    open_tab(page, "Minutes")
    for kind, text in NOTES.items():
        item = AgendaItem.objects.get(meeting=meeting, kind=kind)
        follow(page.locator(f"#notes-{item.pk}"))
        type_into(page.locator("#id_notes"), text)
        submit(page)
        expect(page.locator(f"#item-{item.pk}")).to_contain_text(text)
    decision_item = AgendaItem.objects.get(meeting=meeting, kind="B")
    follow(page.locator(f"#item-{decision_item.pk} a[href*='/decisions/new/']"))
    type_into(page.locator("#id_text"), DECISION)
    page.locator("#id_plan").select_option(label=PLAN)
    submit(page)
    expect(page.locator(f"#item-{decision_item.pk}")).to_contain_text(
        f"Approves {PLAN}, version {plan.version}."
    )
    discussion = AgendaItem.objects.get(meeting=meeting, kind="D")
    follow(page.locator(f"#item-{discussion.pk} a[href*='/actions/new/']"))
    type_into(page.locator("#id_text"), ACTION)
    type_into(page.locator("#id_owner"), "Sara Holm")
    page.locator("#id_due_date").fill("2026-11-30")
    submit(page)
    action = ActionItem.objects.get()
    follow(page.locator(f"#to-activity-{action.pk}"))
    submit(page)  # the meeting's one plan is chosen already
    expect(page.locator(f"#activity-of-{action.pk}")).to_contain_text(PLAN)
    activity = Activity.objects.get(plan=plan)
    assert (activity.title, activity.responsible) == (ACTION, "Sara Holm")
    axe_check(page, "minutes page")
    screenshot(page, "meeting-minutes")

    # The plan's approval is listed on the meeting page
    open_tab(page, "Meeting")
    expect(page.locator(".plan-approvals")).to_contain_text(f"Approves {PLAN}, version")
    # ... and in the plan's revision table, with a link back to the minutes
    meeting_page = page.url
    page.goto(f"{live_server.url}/plans/{plan.pk}/versions/")
    revisions = page.locator("section[aria-labelledby=revisions] table")
    expect(revisions).to_contain_text(DECISION)
    expect(revisions).to_contain_text(plan.version)
    page.goto(meeting_page)

    # Justering: the secretary submits, the process leader approves
    open_tab(page, "Minutes")
    follow(page.locator("#submit-minutes"))
    expect(page.locator("#minutes-state")).to_contain_text("Submitted for minutes approval")
    leader = new_context(browser, live_server.url)
    try:
        leader_page = leader.new_page()
        log_in(leader_page, process_leader.username)
        leader_page.goto(f"/meetings/{meeting.pk}/minutes/")
        follow(leader_page.locator("#approve-minutes"))
        expect(leader_page.locator("#minutes-state")).to_contain_text("Approved by the adjusters")
        expect(leader_page.locator("#adjusters")).to_contain_text("Sara Holm (approved")
    finally:
        leader.close()
    meeting.refresh_from_db()
    assert (meeting.minutes_version, meeting.minutes_status) == (1, MinutesStatus.JUSTERED)

    # Editing is refused with a clear message
    item = AgendaItem.objects.get(meeting=meeting, kind="I")
    response = page.goto(f"/meetings/{meeting.pk}/minutes/{item.pk}/notes/edit/")
    assert response is not None and response.status == 409
    expect(page.locator("#locked-message")).to_contain_text("approved (version 1)")

    # A correction makes version 2; version 1 stays readable
    follow(page.locator("main a[href$='/minutes/correct/']"))
    type_into(page.locator("#id_reason"), "Fel ägare av åtgärden")
    submit(page)
    expect(page.locator("#minutes-state")).to_contain_text("v2")
    follow(page.locator(f"#notes-{item.pk}"))
    page.locator("#id_notes").fill("Rättad: Sara informerar om status.")
    submit(page)
    page.goto(f"/meetings/{meeting.pk}/minutes/versions/1/")
    expect(page.locator("article")).to_contain_text(NOTES["I"])
    expect(page.locator("article")).not_to_contain_text("Rättad")
    expect(page.locator("article")).to_contain_text("Sara Holm")
    screenshot(page, "meeting-minutes-version-1")


def test_agenda_rows_can_be_dragged_into_a_new_order(
    page: Page, transactional_db: Any, live_server: Any
) -> None:
    organization = make_organization()
    member = make_member(organization, "tove", Role.EDITOR)
    meeting = make_meeting(make_forum(organization))
    for n, minutes in enumerate((15, 30, 45), start=1):
        AgendaItem.objects.create(meeting=meeting, description=f"Punkt {n}", duration=minutes)
    log_in(page, member.username)
    page.goto(f"/meetings/{meeting.pk}/agenda/")
    expect(page.locator("#drag-hint")).to_be_visible()
    rows = page.locator(".agenda-table tbody tr")
    with page.expect_response(re.compile(r"/agenda/order/$")) as answer:
        rows.nth(2).drag_to(rows.nth(0), target_position={"x": 10, "y": 2})
    assert answer.value.ok
    expect(page.locator("#agenda-status")).to_have_text("The new order was saved.")
    expect(rows.nth(0)).to_contain_text("Punkt 3")
    expect(rows.nth(1)).to_contain_text("09:45")  # times recomputed by the server
    order = list(meeting.items.order_by("position").values_list("description", flat=True))
    assert order == ["Punkt 3", "Punkt 1", "Punkt 2"]
