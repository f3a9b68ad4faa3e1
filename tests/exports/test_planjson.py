"""The plan JSON: the demo plan of Norrviks kommun as stable, documented, plain data."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from time_machine import TimeMachineFixture

from komplan.exports.exports import build
from komplan.plans.coverage import coverage
from komplan.plans.graph import plan_graph
from komplan.plans.models import Activity, Message
from komplan.plans.planjson import (
    FORMAT,
    VERSION,
    check_plan_json,
    plan_graph_from_json,
    plan_to_json,
)
from tests.exports.conftest import HOSTILE
from tests.exports.expected import (
    ACTIVITY_TITLES,
    CHANNEL_NAMES,
    GROUP_NAMES,
    MESSAGE_TEXTS,
)
from tests.factories import make_plan

DOCS = Path(__file__).resolve().parents[2] / "docs" / "plan-json.md"


def test_the_demo_plan_in_document_order(demo_json: dict[str, Any], language: str) -> None:
    data = demo_json
    assert (data["format"], data["version"]) == (FORMAT, VERSION) == ("komplan-plan", 1)
    assert data["plan"]["language"] == language
    assert data["plan"]["name"] == "Digital bokning av lokaler"
    assert data["plan"]["organization"] == "Norrviks kommun"
    assert data["plan"]["start_date"] == "2026-01-15"
    assert [t["key"] for t in data["tiers"]] == ["tier-1", "tier-2", "tier-3"]
    assert [g["name"] for g in data["groups"]] == GROUP_NAMES
    assert [m["text"] for m in data["messages"]] == MESSAGE_TEXTS
    assert [c["name"] for c in data["channels"]] == CHANNEL_NAMES
    assert [a["title"] for a in data["activities"]] == ACTIVITY_TITLES
    assert [g["key"] for g in data["groups"]][:2] == ["group-1", "group-2"]


def test_references_are_keys_by_position(demo_json: dict[str, Any]) -> None:
    groups = {g["name"]: g for g in demo_json["groups"]}
    assert groups["Bokningshandläggare"]["inherits_from"] == ["group-4"]  # the unit managers
    assert groups["Kommunstyrelsen"]["tier"] == "tier-1"
    first, servicecenter = demo_json["messages"][0], demo_json["messages"][5]
    assert isinstance(first.pop("id"), int)  # its identity, for comparing versions
    assert first == {
        "key": "message-1",
        "number": 1,
        "text": "I den digitala bokningstjänsten hittar och bokar alla kommunens lokaler på ett "
        "ställe, dygnet runt.",
        "clarification": "Tjänsten ersätter blanketter, telefonbokning och bokningar per e-post. "
        "Den som inte kan eller vill boka digitalt får fortfarande hjälp.",
        "tiers": ["tier-1", "tier-2", "tier-3"],
        "groups": [],
    }
    assert servicecenter["groups"] == ["group-6", "group-10"] and servicecenter["tiers"] == []
    intranet = demo_json["channels"][4]
    assert intranet["name"] == "Intranätet Insidan"
    assert intranet["groups"] == [f"group-{n}" for n in (3, 4, 5, 6, 7, 8, 14)]
    activity = demo_json["activities"][5]
    assert activity["title"] == "Enkät till föreningarna om deras bokningsbehov"
    assert activity["groups"] == ["group-9"]
    assert activity["messages"] == ["message-1", "message-7"]
    assert activity["channels"] == ["channel-8"]
    assert activity["goals"] == ["goal-3"]


def test_activities_carry_time_as_written_and_as_understood(demo_json: dict[str, Any]) -> None:
    activities = {a["title"]: a for a in demo_json["activities"]}
    first = demo_json["activities"][0]
    assert first["time_text"] == "Januari 2026" and first["status"] == "done"
    assert first["period"]["start"] == "2026-01-01" and first["period"]["end"] == "2026-01-31"
    ongoing = activities["Lägesrapport till styrgruppen"]
    assert ongoing["time_text"] == "Mars 2026 – löpande"
    assert ongoing["period"]["open_ended"] is True and ongoing["period"]["end"] is None
    preliminary = activities["Utbildning för servicecenter"]
    assert preliminary["period"]["preliminary"] is True
    assert preliminary["period"]["note"] == "när avtal är på plats"
    goal = demo_json["goals"][0]
    assert goal["target_value"] == "60" and goal["deadline"] == "2027-10-31"


def test_it_is_json_and_the_exported_file_reads_back(demo_json: dict[str, Any]) -> None:
    exported = build(demo_json, "json")
    assert exported.content_type == "application/json"
    assert exported.filename.endswith(".json")
    assert json.loads(exported.body) == demo_json
    check_plan_json(json.loads(exported.body))


def test_the_coverage_of_the_json_is_the_coverage_of_the_plan(demo_plan: Any) -> None:
    from_json = coverage(plan_graph_from_json(plan_to_json(demo_plan)))
    from_database = coverage(plan_graph(demo_plan))
    assert (from_json.owed_count, from_json.carried_count, from_json.done_count) == (
        from_database.owed_count,
        from_database.carried_count,
        from_database.done_count,
    )
    assert from_json.gap_count == from_database.gap_count > 0


def test_a_constant_number_of_queries(demo_plan: Any, django_assert_max_num_queries: Any) -> None:
    # 14 for the plan (one a register; spokespersons and risks are registers too), 3 more for
    # its cascade (settings, steps, material; komplan/cascade), 1 for its groups' contacts and
    # 1 for their engagement (komplan/people), 2 for its goals' indicators and measurements
    # (komplan/followup), 1 for its final report's texts (komplan/followup), 3 for its
    # surveys, their questions and their answers' totals (komplan/surveys) = 25 at most; 22
    # are read for the demo plan.
    with django_assert_max_num_queries(22) as small:
        plan_to_json(demo_plan)
    for n in range(40):
        activity = Activity.objects.create(plan=demo_plan, title=f"Extra {n}")
        activity.messages.add(Message.objects.filter(plan=demo_plan).first())
    with django_assert_max_num_queries(len(small.captured_queries)):
        data = plan_to_json(demo_plan)
    assert len(data["activities"]) == len(ACTIVITY_TITLES) + 40


def test_unknown_formats_and_versions_are_refused(demo_json: dict[str, Any]) -> None:
    check_plan_json(demo_json)
    with pytest.raises(ValueError, match="not a komplan-plan"):
        check_plan_json({**demo_json, "format": "something-else"})
    with pytest.raises(ValueError, match="version 99"):
        check_plan_json({**demo_json, "version": 99})


def test_hostile_text_survives_the_round_trip(hostile_json: dict[str, Any]) -> None:
    again = json.loads(build(hostile_json, "json").body)
    assert again == hostile_json
    assert HOSTILE in again["plan"]["purpose"]  # the data keeps the text exactly as typed


def test_every_field_is_documented(demo_json: dict[str, Any]) -> None:
    docs = DOCS.read_text(encoding="utf-8")
    fields = set(demo_json) | set(demo_json["plan"]) | set(demo_json["revisions"][0])
    for register in ("tiers", "groups", "messages", "channels", "goals", "activities"):
        fields |= set(demo_json[register][0])
    fields |= set(demo_json["activities"][0]["period"])
    missing = sorted(field for field in fields if f"`{field}`" not in docs)
    assert not missing, f"docs/plan-json.md does not describe {missing}"


def test_a_plan_without_revisions_is_dated_by_the_local_day_of_its_last_change(
    organization: Any, today: dt.date, time_machine: TimeMachineFixture
) -> None:
    # 00:30 in Stockholm is still the day before in UTC: the date is the plan's local day.
    night = dt.datetime.combine(today, dt.time(0, 30), tzinfo=ZoneInfo(settings.TIME_ZONE))
    time_machine.move_to(night, tick=False)
    plan = make_plan(organization, version="0.3")
    Activity.objects.create(plan=plan, title="Nyhet på intranätet", time_text="Hösten 2026")
    data = plan_to_json(plan)
    assert data["plan"]["last_changed"] == today.isoformat()
    assert [(r["version"], r["date"]) for r in data["revisions"]] == [("0.3", today.isoformat())]
