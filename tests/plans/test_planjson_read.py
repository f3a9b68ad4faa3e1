"""Reading plan JSON back: every problem of a hand-edited or damaged document is named with its
JSON path, and what reads is what the writer can store."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import pytest
from django.utils.translation import override
from hypothesis import given
from hypothesis import strategies as st

from komplan.plans.planjson_read import PlanJSONError, load_plan_json, read_plan_json

pytestmark = pytest.mark.django_db  # none needed; the demo plan's JSON is made from one

DOCUMENT: dict[str, Any] = {
    "format": "komplan-plan",
    "version": 1,
    "plan": {
        "name": "Ny e-tjänst för bygglov",
        "organization": "Söderby kommun",
        "language": "sv",
        "start_date": "2026-02-01",
        "end_date": "2026-12-31",
        "status": "approved",
        "version": "1.0",
    },
    "revisions": [{"version": "1.0", "date": "2026-03-02", "status": "approved", "comment": ""}],
    "tiers": [{"key": "tier-1", "id": 7, "name": "Kärnintressenter", "definition": ""}],
    "groups": [
        {"key": "group-1", "id": 11, "name": "Byggnadsnämnden", "tier": "tier-1"},
        {
            "key": "group-2",
            "id": 12,
            "name": "Sökande",
            "reach": "external",
            "inherits_from": ["group-1"],
        },
    ],
    "messages": [
        {"key": "message-1", "number": 1, "text": "Ansök digitalt", "groups": ["group-2"]}
    ],
    "channels": [{"key": "channel-1", "name": "Webben", "groups": ["group-2"]}],
    "goals": [{"key": "goal-1", "text": "Hälften söker digitalt", "target_value": "50"}],
    "activities": [
        {
            "key": "activity-1",
            "title": "Lansering",
            "groups": ["group-1", "group-2"],
            "messages": ["message-1"],
            "channels": ["channel-1"],
            "goals": ["goal-1"],
            "time_text": "Våren 2026",
            "period": {"start": "2026-03-01", "start_override": None, "end_override": "2026-04-30"},
            "budget": 12000,
        },
        {"key": "activity-2", "title": "Utvärdering", "groups": [], "status": "done"},
    ],
}


def problems(document: Any) -> list[str]:
    with pytest.raises(PlanJSONError) as caught:
        read_plan_json(document)
    return [str(p) for p in caught.value.problems]


def changed(**paths: Any) -> dict[str, Any]:
    """The document with values set at dotted paths ("groups.1.name")."""
    document = copy.deepcopy(DOCUMENT)
    for path, value in paths.items():
        *parents, last = path.split(".")
        target: Any = document
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        if value is DELETE:
            del target[int(last) if isinstance(target, list) else last]
        elif isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value
    return document


DELETE = object()


@pytest.fixture(autouse=True)
def _english() -> Any:
    with override("en"):
        yield


def test_a_document_reads_into_the_writers_data() -> None:
    data = read_plan_json(DOCUMENT)
    assert data.facts["name"] == "Ny e-tjänst för bygglov"
    assert str(data.facts["start_date"]) == "2026-02-01"
    assert data.workflow == {
        "status": "approved",
        "version": "1.0",
        "organization": "Söderby kommun",
    }
    applicants = data.registers["groups"][1]
    assert applicants.values == {"name": "Sökande", "reach": "external", "description": ""}
    assert applicants.refs == {"tier": None, "inherits_from": ["group-1"]}
    assert (data.registers["groups"][0].id, applicants.id) == (11, 12)
    launch, evaluation = data.registers["activities"]
    assert launch.values["budget"] == Decimal("12000")
    assert str(launch.values["end_override"]) == "2026-04-30"
    assert "starts_on" not in launch.values  # what komplan read from the time is not taken
    assert evaluation.values["status"] == "done" and evaluation.values["recurrence"] == ""
    assert evaluation.values["status"] and launch.values["status"] == "planned"  # the default
    assert data.revisions[0].date == "2026-03-02"


def test_a_document_without_ids_reads_the_same() -> None:
    document = copy.deepcopy(DOCUMENT)
    for register in ("tiers", "groups"):
        for entry in document[register]:
            entry.pop("id")
    data = read_plan_json(document)
    assert [g.id for g in data.registers["groups"]] == [None, None]
    assert data.registers["groups"][1].refs == read_plan_json(DOCUMENT).registers["groups"][1].refs


@pytest.mark.parametrize(
    ("document", "said"),
    [
        (changed(version=2), "$.version: 2 is not a version komplan reads (1)"),
        (changed(version="1"), '$.version: "1" is not a version komplan reads (1)'),
        (changed(format="excel"), "$.format: not a komplan plan"),
        (changed(**{"groups.0.name": DELETE}), "$.groups[0].name: required"),
        (changed(**{"groups.0.name": "  "}), "$.groups[0].name: required"),
        (changed(**{"plan.name": DELETE}), "$.plan.name: required"),
        (changed(plan=DELETE), "$.plan: required"),
        (changed(**{"groups.1.key": DELETE}), "$.groups[1].key: required"),
        (
            changed(**{"activities.0.groups.1": "group-99"}),
            "$.activities[0].groups[1]: no target group with key “group-99”",
        ),
        (
            changed(**{"groups.0.tier": "tier-9"}),
            "$.groups[0].tier: no priority tier with key “tier-9”",
        ),
        (changed(**{"activities.0.budget": "tolv tusen"}), "$.activities[0].budget: not a number"),
        (changed(**{"activities.0.budget": True}), "$.activities[0].budget: not a number"),
        (changed(**{"activities.0.budget": "NaN"}), "$.activities[0].budget: not a number"),
        (
            changed(**{"activities.0.budget": "12.345"}),
            "$.activities[0].budget: at most 2 decimals",
        ),
        (
            changed(**{"activities.0.budget": "1e15"}),
            "$.activities[0].budget: too large: at most 12 digits before the decimal point",
        ),
        (
            changed(**{"plan.start_date": "1 februari 2026"}),
            "$.plan.start_date: not a date (YYYY-MM-DD)",
        ),
        (
            changed(**{"plan.start_date": "2026-02-30"}),
            "$.plan.start_date: not a date (YYYY-MM-DD)",
        ),
        (changed(**{"plan.end_date": "2025-12-31"}), "$.plan.end_date: before the start date"),
        (
            changed(**{"activities.0.period.end_override": 20260430}),
            "$.activities[0].period.end_override: not a date (YYYY-MM-DD)",
        ),
        (changed(**{"groups.0.name": 42}), "$.groups[0].name: not a text"),
        (
            changed(**{"groups.0.reach": "everyone"}),
            "$.groups[0].reach: “everyone” is not one of “internal”, “external”",
        ),
        (changed(**{"activities.1.status": "red"}), "$.activities[1].status: “red” is not one of"),
        (changed(**{"plan.language": "fi"}), "$.plan.language: “fi” is not one of"),
        (changed(horoscope=[]), "$.horoscope: not part of plan JSON"),
        (changed(**{"groups.0.colour": "red"}), "$.groups[0].colour: not part of plan JSON"),
        (
            changed(**{"activities.0.period.lasts": "2 weeks"}),
            "$.activities[0].period.lasts: not part of plan JSON",
        ),
        (changed(groups={"key": "group-1"}), "$.groups: not a list"),
        (changed(**{"groups.0": "Byggnadsnämnden"}), "$.groups[0]: not an object"),
        (
            changed(**{"activities.0.groups": "group-1"}),
            "$.activities[0].groups: not a list of keys",
        ),
        (changed(**{"activities.0.groups.0": 1}), "$.activities[0].groups[0]: not a key"),
        (
            changed(**{"groups.1.key": "group-1"}),
            "$.groups[1].key: “group-1” is also the key of $.groups[0]",
        ),
        (changed(**{"groups.1.id": 11}), "$.groups[1].id: 11 is also the id of $.groups[0]"),
        (changed(**{"groups.1.id": "12"}), "$.groups[1].id: not a whole number above 0"),
        (changed(**{"messages.0.number": "1"}), "$.messages[0].number: not a whole number"),
        (
            changed(**{"groups.0.name": "x" * 301}),
            "$.groups[0].name: 301 characters; at most 300 fit",
        ),
        (
            changed(**{"activities.0.title": "nul\x00tecken"}),
            "$.activities[0].title: holds a NUL character",
        ),
        (
            changed(**{"goals.0.text": "halv \ud800 surrogat"}),
            "$.goals[0].text: not valid Unicode text",
        ),
        (changed(revisions="1.0"), "$.revisions: not a list"),
        (changed(**{"revisions.0.date": "igår"}), "$.revisions[0].date: not a date (YYYY-MM-DD)"),
        ([DOCUMENT], "$: not an object"),
    ],
)
def test_each_problem_is_named_with_its_json_path(document: Any, said: str) -> None:
    found = problems(document)
    assert any(p.startswith(said) for p in found), found


def test_every_problem_is_reported_at_once() -> None:
    found = problems(
        changed(**{"groups.0.name": DELETE, "activities.0.budget": "x", "channels.0.groups.0": "g"})
    )
    assert found == [
        "$.groups[0].name: required",
        "$.channels[0].groups[0]: no target group with key “g”",
        "$.activities[0].budget: not a number",
    ]


def test_a_syntax_error_says_line_and_column() -> None:
    with pytest.raises(PlanJSONError) as caught:
        load_plan_json('{"format": "komplan-plan",\n "version": 1,\n "plan": {"name": "x",}}')
    assert str(caught.value.problems[0]).startswith("Not valid JSON: ")
    assert "(line 3, column 23)." in str(caught.value.problems[0])


def test_a_name_given_twice_in_one_object_is_refused() -> None:
    text = json.dumps(DOCUMENT, ensure_ascii=False).replace(
        '"name": "Byggnadsnämnden"', '"name": "A", "name": "B"'
    )
    with pytest.raises(PlanJSONError) as caught:
        load_plan_json(text)
    assert [str(p) for p in caught.value.problems] == ["$.groups[0].name: given twice"]


def test_bytes_that_are_not_utf8_are_refused() -> None:
    with pytest.raises(PlanJSONError, match="not UTF-8"):
        load_plan_json(json.dumps(DOCUMENT).encode("utf-16"))


def test_deep_nesting_is_refused_not_a_crash() -> None:
    with pytest.raises(PlanJSONError, match="nested too deeply"):
        load_plan_json("[" * 100_000 + "]" * 100_000)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)


@given(JSON_VALUES)
def test_any_json_value_reads_or_is_refused_with_problems(value: Any) -> None:
    for document in (value, {**DOCUMENT, "groups": value}, {**DOCUMENT, "plan": value}):
        try:
            read_plan_json(document)
        except PlanJSONError as error:
            assert error.problems and all(p.text for p in error.problems)
