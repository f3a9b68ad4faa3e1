"""Approval, release, tracking and override of material going down a cascade."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils.translation import override

from komplan.cascade import services
from komplan.cascade.models import CascadeSettings, DispatchState
from komplan.meetings.models import ItemKind
from komplan.plans.coverage import coverage
from komplan.plans.graph import plan_graph
from komplan.plans.models import Activity, ActivityStatus, Message
from tests.cascade.factories import FIRST_MEETING, make_cascade, make_material

pytestmark = pytest.mark.django_db

RELEASE = FIRST_MEETING - dt.timedelta(days=3)


def test_unapproved_material_is_not_released(plan: Any, admin_user: Any) -> None:
    make_cascade(plan)
    material = make_material(plan)
    # In Swedish whatever language an earlier test on this worker left active.
    with override("sv"), pytest.raises(services.CascadeError, match="inte godkänt"):
        services.material_release(material, user=admin_user, today=RELEASE)
    material.refresh_from_db()
    assert not material.is_released and not material.dispatches.exists()


def test_the_gate_can_be_switched_off_for_a_plan(plan: Any, admin_user: Any) -> None:
    make_cascade(plan)
    CascadeSettings.objects.filter(plan=plan).update(approval_required=False)
    material = make_material(plan)
    services.material_release(material, user=admin_user, today=RELEASE)
    assert material.dispatches.count() == 6


def test_a_meetings_decision_approves_and_the_release_dates_every_step(
    plan: Any, admin_user: Any
) -> None:
    cascade = make_cascade(plan)
    material = make_material(plan)
    services.material_approve(
        material, user=admin_user, kind="decision", meeting=cascade["steering_meeting"]
    )
    material.refresh_from_db()
    assert material.decision.meeting == cascade["steering_meeting"]
    assert "Status på udbuddet" in material.decision.text
    assert material.approved_by_name == "Styregruppen" and material.approved_at
    services.material_release(material, user=admin_user, today=RELEASE)
    days = {d.step_id: d for d in material.dispatches.all()}
    steps = cascade["steps"]
    assert days[steps["circle"].pk].day == FIRST_MEETING
    assert days[steps["hmu"].pk].day == RELEASE + dt.timedelta(days=2)
    assert days[steps["lmu"].pk].day == RELEASE + dt.timedelta(days=7)  # HMU's day + 5
    assert days[steps["networks"].pk].day == RELEASE + dt.timedelta(days=2)
    assert days[steps["intranet"].pk].day == FIRST_MEETING  # never before the circle
    assert days[steps["facebook"].pk].reason == "skipped"
    # The management circle's next meeting gains an information item on the material.
    item = days[steps["circle"].pk].agenda_item
    assert item.meeting == cascade["meetings"][0] and item.kind == ItemKind.INFORMATION
    assert "Status på udbuddet" in item.description


def test_the_chair_approves_on_the_bodys_behalf_with_name_and_time(
    plan: Any, admin_user: Any
) -> None:
    make_cascade(plan)
    material = make_material(plan)
    services.material_approve(material, user=admin_user, kind="chair", name="Mette Lund")
    material.refresh_from_db()
    assert material.approved_by_name == "Mette Lund" and material.approved_by == admin_user
    with pytest.raises(services.CascadeError):
        services.material_approve(material, user=admin_user, kind="chair", name="Mette Lund")


def test_released_material_is_an_activity_that_counts_in_coverage(
    plan: Any, admin_user: Any
) -> None:
    cascade = make_cascade(plan)
    lmu, networks = cascade["groups"]
    message = Message.objects.create(plan=plan, text="Udbuddet holder tidsplanen.")
    message.groups.add(lmu, networks)
    assert coverage(plan_graph(plan)).gap_count == 2
    material = make_material(plan)
    material.messages.add(message)
    services.material_approve(material, user=admin_user, kind="chair", name="Mette Lund")
    services.material_release(material, user=admin_user, today=RELEASE)
    material.refresh_from_db()
    activity = Activity.objects.get(pk=material.activity_id)
    assert "Status på udbuddet" in activity.title
    assert set(activity.groups.all()) == {lmu, networks}
    assert activity.starts_on == RELEASE
    assert coverage(plan_graph(plan)).gap_count == 0
    # Every step sent: the activity is done.
    for dispatch in material.dispatches.exclude(reason="skipped"):
        services.dispatch_mark(dispatch, state=DispatchState.SENT, user=admin_user)
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DONE


def test_send_now_is_recorded_and_brings_the_steps_above_forward(
    plan: Any, admin_user: Any
) -> None:
    cascade = make_cascade(plan)
    material = make_material(plan)
    services.material_approve(material, user=admin_user, kind="chair", name="Mette Lund")
    services.material_release(material, user=admin_user, today=RELEASE)
    intranet = material.dispatches.get(step=cascade["steps"]["intranet"])
    services.step_override(intranet, user=admin_user, why="Fristen er fredag", today=RELEASE)
    intranet.refresh_from_db()
    circle = material.dispatches.get(step=cascade["steps"]["circle"])
    assert intranet.day == RELEASE and intranet.override_by == "alice"
    assert intranet.override_reason == "Fristen er fredag"
    assert circle.day == RELEASE and circle.reason == "pulled"
    with pytest.raises(services.CascadeError):
        services.step_override(intranet, user=admin_user, why="  ", today=RELEASE)


def test_overdue_steps_are_flagged_on_the_day_passed_in(plan: Any, admin_user: Any) -> None:
    cascade = make_cascade(plan)
    material = make_material(plan)
    services.material_approve(material, user=admin_user, kind="chair", name="Mette Lund")
    services.material_release(material, user=admin_user, today=RELEASE)
    steps = list(services.steps_of(plan))
    dispatches = list(material.dispatches.select_related("meeting"))
    rows = services.cascade_rows(steps, dispatches, RELEASE + dt.timedelta(days=3))
    overdue = {row.step.pk for row in rows if row.overdue}
    assert overdue == {cascade["steps"]["hmu"].pk, cascade["steps"]["networks"].pk}
    assert [row.number for row in rows] == ["1", "1.1", "2", "2.1", "3", "4"]
