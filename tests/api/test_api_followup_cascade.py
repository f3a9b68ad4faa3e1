"""Follow-up and the cascade through the API: each goal's value, status and rule as the
follow-up page computes them, measurements entered through the screen's form, and the
cascade's steps with one material's computed days and states."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest

from komplan.cascade import services as cascade_services
from komplan.followup.models import Indicator, Measurement, Method
from komplan.plans.models import Goal
from tests.api.helpers import bearer, make_token
from tests.cascade.factories import FIRST_MEETING, make_cascade, make_material

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(editor: Any, organization: Any) -> Any:
    return bearer(make_token(editor, organization))


def send(client: Any, method: str, url: str, body: Any = None, **headers: Any) -> Any:
    return getattr(client, method)(
        url, data=json.dumps(body or {}), content_type="application/json", **headers
    )


@pytest.fixture
def goal(plan: Any, today: dt.date) -> Goal:
    # The plan (the goal's deadline) ends a year after the day the test stands on, so the
    # unmeasured goal is at risk, not missed, on any day `make dates` chooses.
    plan.start_date, plan.end_date = dt.date(2026, 1, 1), today + dt.timedelta(days=365)
    plan.save()
    return Goal.objects.create(
        plan=plan, text="500 synpunkter", target_value=Decimal(500), unit="synpunkter"
    )


def test_measurements_entered_through_the_api_move_the_goals_status(
    api: Any, plan: Any, goal: Goal, editor: Any, today: dt.date
) -> None:
    before = api.get(f"/api/v1/plans/{plan.pk}/followup/{goal.pk}").json()
    assert (before["method"], before["value"], before["status"]) == (None, None, "at_risk")
    assert before["rule"] == "At risk: otherwise."
    url = f"/api/v1/goals/{goal.pk}/measurements"
    wrong = send(api, "post", url, {"date": "2026-10-01", "value": "many"})
    assert wrong.status_code == 422
    assert wrong.json()["errors"] == {"value": ["Enter a number."]}
    created = send(api, "post", url, {"date": "2026-10-01", "value": "520", "source": "E-tjänsten"})
    assert created.status_code == 201, created.content
    assert created.json()["value"] == "520.00"
    # The goal got its indicator (entered) with its first measurement, as on the screen.
    assert Indicator.objects.get(goal=goal).method == Method.ENTERED
    after = api.get(f"/api/v1/plans/{plan.pk}/followup?status=achieved").json()
    assert [(g["id"], g["value"], g["method"]) for g in after["items"]] == [
        (goal.pk, "520.00", "entered")
    ]
    assert after["items"][0]["rule"].startswith("Achieved:")
    entry = f"{url}/{created.json()['id']}"
    stale = send(api, "patch", entry, {"value": "480"}, HTTP_IF_MATCH='"5"')
    assert stale.status_code == 412
    changed = send(api, "patch", entry, {"value": "480"}, HTTP_IF_MATCH=created["ETag"])
    assert changed.status_code == 200
    assert Measurement.objects.get().updated_by == editor
    assert send(api, "delete", entry).status_code == 204


def test_a_goal_measured_otherwise_takes_no_measurements(
    api: Any, goal: Goal, today: dt.date
) -> None:
    Indicator.objects.create(goal=goal, method=Method.COUNTED)
    refused = send(
        api, "post", f"/api/v1/goals/{goal.pk}/measurements", {"date": "2026-10-01", "value": "3"}
    )
    assert refused.status_code == 409
    assert not Measurement.objects.exists()


def test_the_cascade_shows_the_released_materials_days(
    api: Any, plan: Any, admin_user: Any, today: dt.date
) -> None:
    cascade = make_cascade(plan)
    material = make_material(plan)
    cascade_services.material_approve(material, user=admin_user, kind="chair", name="Mette Lund")
    release = FIRST_MEETING - dt.timedelta(days=3)
    cascade_services.material_release(material, user=admin_user, today=release)
    read = api.get(f"/api/v1/plans/{plan.pk}/cascade").json()
    assert read["material"] == material.pk
    steps = {s["id"]: s for s in read["steps"]}
    circle = steps[cascade["steps"]["circle"].pk]
    assert (circle["number"], circle["target_kind"], circle["day"], circle["state"]) == (
        "1",
        "forum",
        FIRST_MEETING.isoformat(),
        "planned",
    )
    lmu = steps[cascade["steps"]["lmu"].pk]
    assert (lmu["depth"], lmu["day"]) == (1, (release + dt.timedelta(days=7)).isoformat())
    assert steps[cascade["steps"]["facebook"].pk]["state"] == "skipped"
    listed = api.get(f"/api/v1/plans/{plan.pk}/cascade/materials").json()
    assert [(m["id"], m["status"]) for m in listed["items"]] == [(material.pk, "released")]
    one = api.get(f"/api/v1/plans/{plan.pk}/cascade/materials/{material.pk}")
    assert one.json()["approved_by_name"] == "Mette Lund"
    assert api.get(f"/api/v1/plans/{plan.pk}/cascade?material=999999").status_code == 404
