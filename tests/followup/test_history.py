"""A goal's measurements in the audit trail: one entered on the goal page and one sent
through the API are each an event naming the person (the token's owner for the API), listed
in the plan's history and on the measurement's own history page; they start no new draft."""

from __future__ import annotations

import json
from typing import Any

import pytest

from komplan.audit.models import Action, AuditEvent
from komplan.followup.models import Indicator, Measurement
from komplan.plans.models import Goal, Plan, PlanStatus
from tests.api.helpers import bearer, make_token
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def goal(plan: Plan) -> Goal:
    return Goal.objects.create(plan=plan, text="500 synpunkter", target_value=500, unit="st")


@pytest.fixture
def bertil(editor: Any) -> Any:
    editor.first_name, editor.last_name = "Bertil", "Ek"
    editor.save()
    return editor


def test_a_measurement_on_the_screen_and_through_the_api_each_name_the_person(
    plan: Plan, goal: Goal, bertil: Any, admin_user: Any, organization: Any, viewer: Any
) -> None:
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.APPROVED)
    screen = login(bertil).post(
        f"/plans/{plan.pk}/follow-up/goals/{goal.pk}/measurements/new/",
        {"date": "2026-09-30", "value": "120", "source": "E-tjänsten"},
    )
    assert screen.status_code == 302
    admin_user.first_name, admin_user.last_name = "Alice", "Ström"
    admin_user.save()
    api = bearer(make_token(admin_user, organization))
    sent = api.post(
        f"/api/v1/goals/{goal.pk}/measurements",
        data=json.dumps({"date": "2026-10-31", "value": "320"}),
        content_type="application/json",
    )
    assert sent.status_code == 201, sent.content
    events = AuditEvent.objects.filter(register="measurements").order_by("pk")
    assert [(e.action, e.user_name, e.plan_id) for e in events] == [
        (Action.CREATE, "Bertil Ek", plan.pk),
        (Action.CREATE, "Alice Ström", plan.pk),
    ]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED  # not the plan's content: no new draft
    reader = login(viewer)
    history = reader.get(f"/plans/{plan.pk}/history/").content.decode()
    assert "Bertil Ek" in history and "Alice Ström" in history
    measurement = Measurement.objects.get(value=320)
    own = f"/plans/{plan.pk}/history/measurements/{measurement.pk}/"
    assert own in history
    page = reader.get(own).content.decode()
    assert "Alice Ström" in page and "Bertil Ek" not in page


def test_a_deleted_measurement_keeps_its_history(plan: Plan, goal: Goal, bertil: Any) -> None:
    indicator = Indicator.objects.create(goal=goal)
    measurement = Measurement.objects.create(indicator=indicator, date="2026-09-30", value=5)
    client = login(bertil)
    url = f"/plans/{plan.pk}/follow-up/goals/{goal.pk}/measurements/{measurement.pk}/delete/"
    assert client.post(url).status_code == 302
    deleted = AuditEvent.objects.get(register="measurements", action=Action.DELETE)
    assert deleted.user_name == "Bertil Ek"
    page = client.get(f"/plans/{plan.pk}/history/measurements/{measurement.pk}/")
    assert page.status_code == 200


def test_another_plans_measurement_has_no_history_here(
    plan: Plan, goal: Goal, organization: Any, admin_user: Any
) -> None:
    from tests.factories import make_plan

    indicator = Indicator.objects.create(goal=goal)
    measurement = Measurement.objects.create(indicator=indicator, date="2026-09-30", value=5)
    other = make_plan(organization, name="Annan plan")
    client = login(admin_user)
    assert client.get(f"/plans/{other.pk}/history/measurements/{measurement.pk}/").status_code == (
        404
    )
    assert client.get(f"/plans/{plan.pk}/history/nothing/{measurement.pk}/").status_code == 404
