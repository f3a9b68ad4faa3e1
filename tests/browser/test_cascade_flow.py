"""Acceptance: a communicator builds the plan's dissemination cascade (six steps, one passed
on by the step above, a parallel branch), writes a piece of material, is refused when
releasing it unapproved, has it approved by a decision in the steering group's meeting,
releases it, sees the next meeting gain the information item and the steps dated, marks
two steps sent, and a few days later sees the diagram and the overdue flag. axe-core checks
every new page on the way."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils import formats, translation
from playwright.sync_api import Locator, Page, expect

from komplan.accounts.models import Role
from komplan.cascade.models import CascadeSettings, Material
from komplan.meetings.models import Forum, ForumMember, MeetingRole
from komplan.plans.models import Channel, TargetGroup
from tests.browser.conftest import axe_check, log_in, screenshot
from tests.conftest import morning_of
from tests.factories import make_member, make_organization, make_plan
from tests.meetings.factories import make_meeting


def date_format(day: dt.date) -> str:
    """A day as the (English) pages write it."""
    with translation.override("en"):
        return formats.date_format(day)


TITLE = "Status på udbuddet"


def follow(link: Locator) -> None:
    link.focus()
    with link.page.expect_navigation():
        link.press("Enter")


def submit(page: Page) -> None:
    button = page.locator("main form.stacked button[type=submit]").first
    button.focus()
    with page.expect_navigation():
        button.press("Enter")
    expect(page.locator(".error-summary")).to_have_count(0)


def step_row(page: Page, name: str) -> Locator:
    """The cascade table's row of the step reaching `name` (its header cell names it)."""
    return page.locator(".cascade-table tbody tr", has=page.locator("th", has_text=name))


def add_step(
    page: Page,
    reaches: str,
    how: str,
    *,
    after: str = "",
    delegated: bool = False,
    lead: int = 0,
    phase: str = "",
) -> None:
    follow(page.locator("main a", has_text="Add a step"))
    page.locator("#id_reaches").select_option(label=reaches)
    if after:
        page.locator("#id_after").select_option(label=after)
    page.locator("#id_how").select_option(how)
    if delegated:
        page.locator("#id_delegated").check()
    page.locator("#id_lead_days").fill(str(lead))
    if phase:
        page.locator("#id_from_phase").fill(phase)
    submit(page)
    expect(page.locator(".messages")).to_contain_text(reaches)


def test_material_is_approved_released_and_followed_down_the_cascade(
    page: Page, transactional_db: Any, live_server: Any, today: dt.date, time_machine: Any
) -> None:
    organization = make_organization(name="Region Søndervang", slug="sondervang")
    make_member(organization, "lena", Role.EDITOR)
    plan = make_plan(organization, name="Udbud af hjælpemidler", language="da")
    steering = Forum.objects.create(organization=organization, name="Styregruppen", language="da")
    ForumMember.objects.create(forum=steering, name="Mette Lund", role=MeetingRole.CHAIR)
    circle = Forum.objects.create(organization=organization, name="Ledelseskredsen", language="da")
    Forum.objects.create(organization=organization, name="Hovedudvalget (HMU)", language="da")
    steering_meeting = make_meeting(steering, date=today - dt.timedelta(days=1))
    next_meeting = make_meeting(circle, date=today + dt.timedelta(days=5))
    make_meeting(circle, date=today + dt.timedelta(days=33))
    CascadeSettings.objects.create(plan=plan, approving_forum=steering)
    for name in ("Lokaludvalgene (LMU)", "Faglige netværk"):
        TargetGroup.objects.create(plan=plan, name=name)
    for name in ("Intranettet", "Facebook"):
        Channel.objects.create(plan=plan, name=name)

    log_in(page, "lena")
    page.goto(f"/plans/{plan.pk}/cascade/")
    axe_check(page, "empty cascade")

    add_step(page, "Ledelseskredsen", "meeting")
    axe_check(page, "cascade with a step")
    add_step(page, "Hovedudvalget (HMU)", "written", lead=2)
    add_step(
        page,
        "Lokaludvalgene (LMU)",
        "written",
        after="Hovedudvalget (HMU)",
        delegated=True,
        lead=5,
    )
    add_step(page, "Faglige netværk", "written", lead=2)  # in parallel with HMU
    add_step(page, "Intranettet", "intranet", after="Ledelseskredsen", lead=1)
    follow(page.locator("main a", has_text="Add a step"))
    axe_check(page, "step form")
    page.goto(f"/plans/{plan.pk}/cascade/")
    add_step(page, "Facebook", "intranet", phase="2")
    expect(page.locator(".cascade-table tbody tr")).to_have_count(6)
    expect(page.locator(".cascade-table")).to_contain_text("Hovedudvalget (HMU)")

    # The material, written and refused while unapproved.
    follow(page.locator("main a", has_text="Write material"))
    axe_check(page, "material form")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_text").fill("Udbuddet er sendt ud; tilbud ventes i november.")
    submit(page)
    axe_check(page, "material page")
    release = page.locator("main form button", has_text="Release down the cascade")
    release.focus()
    with page.expect_navigation():
        release.press("Enter")
    expect(page.locator(".messages")).to_contain_text("not approved yet")
    assert not Material.objects.get().is_released

    # Approved by a decision in the steering group's meeting.
    follow(page.locator("main a", has_text="Record the approval"))
    axe_check(page, "approval form")
    page.locator("input[name=kind][value=decision]").check()
    page.locator("#id_meeting").select_option(str(steering_meeting.pk))
    button = page.locator("main form button[type=submit]")
    button.focus()
    with page.expect_navigation():
        button.press("Enter")
    expect(page.locator("main")).to_contain_text("Approved by Styregruppen")
    assert steering_meeting.decisions.filter(text__contains=TITLE).exists()

    follow(page.locator("main a", has_text="See the dates first"))
    axe_check(page, "release preview")
    release = page.locator("main form button", has_text="Release down the cascade")
    release.focus()
    with page.expect_navigation():
        release.press("Enter")
    expect(page.locator(".messages")).to_contain_text("released")
    hmu_day = date_format(today + dt.timedelta(days=2))
    expect(step_row(page, "Hovedudvalget (HMU)")).to_contain_text(hmu_day)
    lmu_day = date_format(today + dt.timedelta(days=7))
    expect(step_row(page, "Lokaludvalgene (LMU)")).to_contain_text(lmu_day)
    expect(step_row(page, "Facebook")).to_contain_text("Not in this phase")

    # The management circle's next meeting has the information item.
    page.goto(f"/meetings/{next_meeting.pk}/agenda/")
    expect(page.locator("main")).to_contain_text(f"Orientering: {TITLE}")
    page.goto(f"/plans/{plan.pk}/cascade/")

    # Two steps marked sent.
    for name in ("Hovedudvalget (HMU)", "Ledelseskredsen"):
        follow(step_row(page, name).locator("a", has_text="Mark"))
        axe_check(page, "mark form")
        page.locator("input[name=state][value=sent]").check()
        submit(page)
    sent = page.locator(".cascade-table .state-sent")
    expect(sent).to_have_count(2)

    # Three days on, the networks' briefing (due two days after the release) is overdue.
    time_machine.move_to(morning_of(today + dt.timedelta(days=3)), tick=True)
    page.reload()
    expect(page.locator("svg.cascade-diagram")).to_be_visible()
    expect(page.locator("svg.cascade-diagram")).to_contain_text("Faglige netværk")
    expect(step_row(page, "Faglige netværk")).to_contain_text(re.compile("overdue"))
    expect(page.locator(".cascade-summary")).to_contain_text("1 step overdue")
    axe_check(page, "cascade with a released material")
    screenshot(page, "cascade-flow")
