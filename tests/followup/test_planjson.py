"""Indicators and measurements travel in plan JSON and through the one writer: a JSON
import, a copy and a restored version keep them."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from komplan.exports.documents import document_stamp
from komplan.followup.models import Indicator, Measurement, Method
from komplan.plans.models import Goal
from komplan.plans.planjson import plan_to_json
from komplan.plans.planjson_read import PlanJSONError, load_plan_json, read_plan_json
from komplan.plans.services import plan_copy
from komplan.plans.writer import plan_write
from komplan.versions import services as versions

pytestmark = pytest.mark.django_db


def indicators(plan: Any) -> None:
    visitors = Goal.objects.create(plan=plan, text="100 unika besökare", target_value=100)
    entered = Indicator.objects.create(goal=visitors, method=Method.ENTERED, baseline=5)
    Measurement.objects.create(
        indicator=entered,
        date=dt.date(2026, 4, 1),
        value=20,
        source="Webbstatistik",
        comment="Efter lanseringen",
    )
    Measurement.objects.create(indicator=entered, date=dt.date(2026, 8, 1), value="45.5")
    conferences = Goal.objects.create(plan=plan, text="Två konferenser", target_value=2)
    Indicator.objects.create(goal=conferences, method=Method.COUNTED, kind="konferens")


def test_indicators_round_trip_through_plan_json_and_a_copy(
    plan: Any, entries: dict[str, Any], admin_user: Any
) -> None:
    indicators(plan)
    data = plan_to_json(plan)
    first = data["indicators"]["indicators"][0]
    assert first["goal"] == "goal-2" and first["baseline"] == "5"
    assert first["measurements"][1] == {
        "date": "2026-08-01",
        "value": "45.5",
        "source": "",
        "comment": "",
    }
    written = plan_write(
        data=load_plan_json(json.dumps(data)), user=admin_user, organization=plan.organization
    )
    assert plan_to_json(written.plan)["indicators"] == data["indicators"]
    copy = plan_copy(plan=plan, user=admin_user)
    assert plan_to_json(copy)["indicators"] == data["indicators"]


def test_restoring_a_version_gives_back_its_measurements(
    plan: Any, entries: dict[str, Any], admin_user: Any
) -> None:
    indicators(plan)
    snapshot = versions.take_snapshot(plan, user=admin_user)
    before = plan_to_json(plan)["indicators"]
    Measurement.objects.filter(indicator__goal__plan=plan).delete()
    versions.restore(plan, snapshot, user=admin_user)
    assert plan_to_json(plan)["indicators"] == before


def test_broken_indicators_in_plan_json_are_reported_by_path(
    plan: Any, entries: dict[str, Any]
) -> None:
    indicators(plan)
    data = plan_to_json(plan)
    data["indicators"]["indicators"][0]["method"] = "guessed"
    data["indicators"]["indicators"][0]["measurements"][0]["date"] = "våren"
    with pytest.raises(PlanJSONError) as raised:
        read_plan_json(data)
    paths = [str(p.path) for p in raised.value.problems]
    assert "$.indicators.indicators[0].method" in paths
    assert "$.indicators.indicators[0].measurements[0].date" in paths


def test_a_goal_named_twice_or_an_indicator_not_an_object_is_reported(
    plan: Any, entries: dict[str, Any]
) -> None:
    indicators(plan)
    data = plan_to_json(plan)
    listed = data["indicators"]["indicators"]
    listed.append(dict(listed[0]))
    listed.append("100 besökare")
    with pytest.raises(PlanJSONError) as raised:
        read_plan_json(data)
    problems = {p.path: p.text for p in raised.value.problems}
    assert "given twice" in problems["$.indicators.indicators[2].goal"]
    assert "not an object" in problems["$.indicators.indicators[3]"]


def test_indicator_texts_of_the_wrong_type_are_reported_not_written(
    plan: Any, entries: dict[str, Any], admin_user: Any
) -> None:
    indicators(plan)
    data = plan_to_json(plan)
    first = data["indicators"]["indicators"][0]
    first["kind"] = 5
    first["question"] = "Nyttoenkät"
    first["measurements"][0]["source"] = ["Webbstatistik"]
    first["measurements"][1]["comment"] = 7
    with pytest.raises(PlanJSONError) as raised:
        read_plan_json(data)
    paths = {p.path for p in raised.value.problems}
    assert {
        "$.indicators.indicators[0].kind",
        "$.indicators.indicators[0].question",
        "$.indicators.indicators[0].measurements[0].source",
        "$.indicators.indicators[0].measurements[1].comment",
    } <= paths
    data["indicators"]["indicators"][1]["measurements"] = "none"
    with pytest.raises(PlanJSONError) as raised:
        read_plan_json(data)
    assert "$.indicators.indicators[1].measurements" in {p.path for p in raised.value.problems}


def test_adding_or_deleting_a_measurement_makes_the_documents_anew(
    plan: Any, entries: dict[str, Any]
) -> None:
    indicators(plan)
    first = document_stamp(plan)
    indicator = Indicator.objects.get(goal__plan=plan, method=Method.ENTERED)
    added = Measurement.objects.create(indicator=indicator, date=dt.date(2026, 9, 1), value=50)
    second = document_stamp(plan)
    assert second != first
    added.delete()  # back to the first content
    assert document_stamp(plan) == first
    oldest = Measurement.objects.filter(indicator=indicator).order_by("date").first()
    assert oldest is not None
    oldest.delete()  # the latest change stays the same: the count tells
    assert document_stamp(plan) != first
