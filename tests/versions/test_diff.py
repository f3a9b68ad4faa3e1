"""The readable diff of two versions of a plan: Norrviks kommun's booking service, edited.

Pure: plans are plan-JSON dicts made by the small builder below, never the database.
"""

from __future__ import annotations

import copy
import itertools
import time
from collections.abc import Iterable, Mapping
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from komplan.plans import schema
from komplan.versions.diff import (
    DISPLAY_LIMIT,
    FieldChange,
    PlanDiff,
    RegisterDiff,
    choice_label,
    diff_plans,
    word_diff,
)

# --- a small builder: entries refer to each other by id, the JSON by positional key -------

# The registers this file's plans fill (spokespersons and risks: tests/plans/test_risks.py).
REGISTERS = ("tiers", "goals", "groups", "messages", "channels", "activities")
JSON_ORDER = ("tiers", "groups", "messages", "channels", "goals", "activities")
SINGULAR = {
    "tiers": "tier",
    "goals": "goal",
    "groups": "group",
    "messages": "message",
    "channels": "channel",
    "activities": "activity",
}
NAME = {
    "tiers": "name",
    "goals": "text",
    "groups": "name",
    "messages": "text",
    "channels": "name",
    "activities": "title",
}
REFS: dict[str, dict[str, str]] = {
    "groups": {"tier": "tiers", "inherits_from": "groups"},
    "messages": {"tiers": "tiers", "groups": "groups"},
    "channels": {"groups": "groups"},
    "activities": {
        "groups": "groups",
        "messages": "messages",
        "channels": "channels",
        "goals": "goals",
    },
}
FACTS: dict[str, Any] = {
    "name": "Digital bokning av lokaler",
    "organization": "Norrviks kommun",
    "diary_number": "KS 2026/114",
    "client": "Kommunstyrelsen",
    "funder": "Kommunstyrelsen",
    "project_lead": "Anna Lindqvist",
    "start_date": "2026-03-01",
    "end_date": "2027-06-30",
    "language": "sv",
    "background": "Lokaler bokas i dag per telefon.",
    "purpose": "Invånare ska kunna boka lokaler digitalt.",
    "status": "draft",
    "version": "0.1",
    "last_changed": "2026-03-02",
    "changed_by": "Anna Lindqvist",
}

Plan = dict[str, list[dict[str, Any]]]


def tier(id: int, name: str, definition: str = "") -> dict[str, Any]:
    return {"id": id, "name": name, "definition": definition}


def goal(id: int, text: str, target: str | None = None, unit: str = "") -> dict[str, Any]:
    return {"id": id, "text": text, "target_value": target, "unit": unit, "deadline": None}


def group(
    id: int,
    name: str,
    *,
    tier: int | None = None,
    inherits: Iterable[int] = (),
    reach: str = "internal",
    description: str = "",
) -> dict[str, Any]:
    return {
        "id": id,
        "name": name,
        "reach": reach,
        "tier": tier,
        "description": description,
        "inherits_from": list(inherits),
    }


def message(
    id: int, text: str, *, tiers: Iterable[int] = (), groups: Iterable[int] = ()
) -> dict[str, Any]:
    return {
        "id": id,
        "text": text,
        "clarification": "",
        "tiers": list(tiers),
        "groups": list(groups),
    }


def channel(id: int, name: str, *, groups: Iterable[int] = ()) -> dict[str, Any]:
    return {
        "id": id,
        "name": name,
        "description": "",
        "responsible": "",
        "reach": "external",
        "cadence": "",
        "groups": list(groups),
    }


def activity(
    id: int,
    title: str,
    *,
    groups: Iterable[int] = (),
    messages: Iterable[int] = (),
    channels: Iterable[int] = (),
    goals: Iterable[int] = (),
    **fields: Any,
) -> dict[str, Any]:
    row = {
        "id": id,
        "title": title,
        "description": "",
        "groups": list(groups),
        "messages": list(messages),
        "channels": list(channels),
        "goals": list(goals),
        "responsible": "Kommunikatör",
        "time_text": "Hösten 2026",
        "period": {
            "start": "2026-09-01",
            "end": None,
            "open_ended": False,
            "preliminary": False,
            "note": "",
            "parsed_start": "2026-09-01",
            "parsed_end": None,
            "start_override": None,
            "end_override": None,
        },
        "recurrence": "",
        "status": "planned",
        "budget": None,
        "follow_up": "",
    }
    row.update(fields)
    return row


def to_json(plan: Plan, *, ids: bool = True, **facts: Any) -> dict[str, Any]:
    """The plan as plan JSON: keys by position, references as keys in document order,
    references to ids the plan does not have dropped; without `id` when `ids` is false."""
    keys = {
        reg: {e["id"]: f"{SINGULAR[reg]}-{n}" for n, e in enumerate(plan.get(reg, []), start=1)}
        for reg in REGISTERS
    }
    order = {reg: {e["id"]: n for n, e in enumerate(plan.get(reg, []))} for reg in REGISTERS}
    data: dict[str, Any] = {
        "format": "komplan-plan",
        "version": 1,
        "plan": {**FACTS, **facts},
        "revisions": [],
    }
    for reg in JSON_ORDER:
        rows = []
        for n, entry in enumerate(plan.get(reg, []), start=1):
            row: dict[str, Any] = {"key": keys[reg][entry["id"]]}
            if ids:
                row["id"] = entry["id"]
            if reg == "messages":
                row["number"] = n
            for field, value in entry.items():
                target = REFS.get(reg, {}).get(field)
                if field == "id":
                    continue
                if target is None:
                    row[field] = copy.deepcopy(value)
                elif isinstance(value, list):
                    known = sorted(
                        (i for i in set(value) if i in keys[target]), key=order[target].get
                    )
                    row[field] = [keys[target][i] for i in known]
                else:
                    row[field] = keys[target].get(value)
            rows.append(row)
        data[reg] = rows
    return data


# Norrviks kommun: ids are the database's, deliberately not in document order.
KARN, PRIMAR = 1, 2
KS, HANDLAGGARE, INVANARE = 11, 12, 13
BOKA, AVGIFT = 21, 22
INTRANAT, WEBB = 31, 32
MAL = 41
DRAGNING, NYHET, FILM = 51, 52, 53


def norrvik() -> Plan:
    return {
        "tiers": [
            tier(KARN, "Kärnintressenter", "De som beslutar."),
            tier(PRIMAR, "Primära intressenter", "De som berörs direkt."),
        ],
        "goals": [goal(MAL, "Hälften av bokningarna görs digitalt", "50", "%")],
        "groups": [
            group(KS, "Kommunstyrelsen", tier=KARN),
            group(HANDLAGGARE, "Handläggare", tier=PRIMAR, inherits=[KS]),
            group(INVANARE, "Invånare", tier=PRIMAR, reach="external"),
        ],
        "messages": [
            message(BOKA, "Nu kan du boka lokaler på webben", tiers=[KARN, PRIMAR]),
            message(AVGIFT, "Avgifterna är oförändrade", groups=[INVANARE]),
        ],
        "channels": [
            channel(INTRANAT, "Intranätet", groups=[KS, HANDLAGGARE]),
            channel(WEBB, "Norrvik.se", groups=[INVANARE]),
        ],
        "activities": [
            activity(DRAGNING, "Dragning för KS", groups=[KS], messages=[BOKA], goals=[MAL]),
            activity(
                NYHET,
                "Nyhet på Norrvik.se",
                groups=[INVANARE],
                messages=[BOKA, AVGIFT],
                channels=[WEBB],
                description="En kort nyhet om den nya tjänsten.",
            ),
            activity(FILM, "Instruktionsfilm", groups=[INVANARE, HANDLAGGARE], channels=[WEBB]),
        ],
    }


def diff(old: Plan, new: Plan, *, ids: bool = True) -> PlanDiff:
    return diff_plans(to_json(old, ids=ids), to_json(new, ids=ids))


def entry(plan: Plan, register: str, id: int) -> dict[str, Any]:
    return next(e for e in plan[register] if e["id"] == id)


def only(register: RegisterDiff) -> dict[str, FieldChange]:
    """The field changes of the register's one changed entry, by field."""
    assert len(register.changed) == 1, register.changed
    return {change.field: change for change in register.changed[0].fields}


def changed_registers(result: PlanDiff) -> list[str]:
    return [register.register for register in result.changed_registers]


# --- identical and every register -----------------------------------------------------------


def test_identical_plans_have_no_differences() -> None:
    result = diff(norrvik(), norrvik())
    assert result.is_empty
    assert result.facts == []
    assert [r.register for r in result.registers] == [r.slug for r in schema.REGISTERS]
    assert all(r.is_empty for r in result.registers)
    assert tuple(result.counts) == (0, 0, 0, 0)
    assert result.activities.unchanged_count == 3
    assert result.groups.unchanged_count == 3


def test_status_version_and_last_change_are_not_differences() -> None:
    old = to_json(norrvik())
    new = to_json(norrvik(), status="approved", version="1.0", last_changed="2026-05-01")
    new["plan"]["changed_by"] = "Erik Berg"
    new["plan"]["organization"] = "Norrviks kommun (ny)"
    new["revisions"] = [{"version": "1.0", "date": "2026-05-01", "status": "approved"}]
    assert diff_plans(old, new).is_empty


def test_changed_facts_are_listed_with_labels() -> None:
    with translation.override("en"):
        result = diff_plans(
            to_json(norrvik()),
            to_json(norrvik(), name="Digital lokalbokning", language="en", end_date=None),
        )
    assert [(c.field, c.old, c.new) for c in result.facts] == [
        ("name", "Digital bokning av lokaler", "Digital lokalbokning"),
        ("end_date", "2027-06-30", ""),
        ("language", "Swedish", "English"),
    ]
    with translation.override("en"):
        assert str(result.facts[0].label) == "Project name"
    with translation.override("sv"):  # labels are lazy: they follow the active language
        assert str(result.facts[0].label) == "Projektnamn"
    assert result.counts.facts == 3
    assert not result.is_empty
    assert changed_registers(result) == []


NEW_ENTRIES: dict[str, dict[str, Any]] = {
    "tiers": tier(3, "Sekundära intressenter"),
    "goals": goal(42, "Nöjda användare"),
    "groups": group(14, "Föreningar", reach="external"),
    "messages": message(23, "Support finns på telefon"),
    "channels": channel(33, "Nyhetsbrev"),
    "activities": activity(54, "Annons i lokaltidningen"),
}
REMOVED_ENTRIES = {
    "tiers": PRIMAR,
    "goals": MAL,
    "groups": INVANARE,
    "messages": AVGIFT,
    "channels": INTRANAT,
    "activities": FILM,
}
CHANGED_FIELDS: dict[str, tuple[int, str, Any]] = {
    "tiers": (KARN, "definition", "De som fattar besluten."),
    "goals": (MAL, "target_value", "60"),
    "groups": (HANDLAGGARE, "description", "Bokar åt invånare."),
    "messages": (BOKA, "clarification", "Gäller alla lokaler."),
    "channels": (WEBB, "cadence", "varje vecka"),
    "activities": (NYHET, "responsible", "Webbredaktör"),
}


@pytest.mark.parametrize("register", REGISTERS)
def test_an_added_entry_is_added(register: str) -> None:
    new = norrvik()
    new[register].append(copy.deepcopy(NEW_ENTRIES[register]))
    result = diff(norrvik(), new)
    found = getattr(result, register)
    assert [(e.id, e.key) for e in found.added] == [
        (NEW_ENTRIES[register]["id"], f"{SINGULAR[register]}-{len(new[register])}")
    ]
    assert found.removed == [] and found.changed == []
    assert changed_registers(result) == [register]
    assert result.counts == (1, 0, 0, 0)


@pytest.mark.parametrize("register", REGISTERS)
def test_a_removed_entry_is_removed(register: str) -> None:
    new = norrvik()
    gone = REMOVED_ENTRIES[register]
    new[register] = [e for e in new[register] if e["id"] != gone]
    result = diff(norrvik(), new)
    found = getattr(result, register)
    assert [e.id for e in found.removed] == [gone]
    assert found.added == []
    assert result.counts.removed == 1
    # Entries that referred to the removed one changed: their reference is gone.
    for other in result.registers:
        if other.register != register:
            assert other.added == [] and other.removed == []


@pytest.mark.parametrize("register", REGISTERS)
def test_a_changed_field_is_changed(register: str) -> None:
    new = norrvik()
    id, field, value = CHANGED_FIELDS[register]
    before = entry(new, register, id)[field]
    entry(new, register, id)[field] = value
    result = diff(norrvik(), new)
    found = getattr(result, register)
    changes = only(found)
    assert list(changes) == [field]
    assert (changes[field].old, changes[field].new) == (before or "", value)
    assert found.changed[0].id == id
    assert found.unchanged_count == len(new[register]) - 1
    assert changed_registers(result) == [register]
    assert result.counts == (0, 0, 1, 0)


def test_removing_a_group_changes_the_entries_that_referred_to_it() -> None:
    new = norrvik()
    new["groups"] = [g for g in new["groups"] if g["id"] != INVANARE]
    result = diff(norrvik(), new)
    assert [e.label for e in result.groups.removed] == ["Invånare"]
    assert [c.id for c in result.messages.changed] == [AVGIFT]
    assert [c.id for c in result.channels.changed] == [WEBB]
    assert [c.id for c in result.activities.changed] == [NYHET, FILM]
    film = {c.field: c for c in result.activities.changed[1].fields}
    assert (film["groups"].old, film["groups"].new) == ("Handläggare, Invånare", "Handläggare")
    assert film["groups"].items == [("same", "Handläggare"), ("removed", "Invånare")]


# --- references are entries, not keys ---------------------------------------------------------


def test_inserting_a_group_first_changes_nothing_that_refers_to_groups() -> None:
    new = norrvik()
    new["groups"].insert(0, group(14, "Föreningar", tier=KARN))
    new["tiers"].insert(0, tier(3, "Politiker"))  # shifts every tier key too
    new["messages"].insert(0, message(23, "Boka redan i dag"))  # renumbers every message
    result = diff(norrvik(), new)
    assert [e.label for e in result.groups.added] == ["Föreningar"]
    assert [e.label for e in result.tiers.added] == ["Politiker"]
    assert [e.label for e in result.messages.added] == ["1. Boka redan i dag"]
    assert changed_registers(result) == ["tiers", "groups", "messages"]
    assert all(not r.changed and not r.removed for r in result.registers)
    assert result.activities.unchanged_count == 3


def test_moving_entries_changes_nothing() -> None:
    new = norrvik()
    for register in REGISTERS:
        new[register].reverse()
    assert diff(norrvik(), new).is_empty


def test_renaming_a_group_changes_the_group_not_what_refers_to_it() -> None:
    """Decided: with ids a reference is to the entry, so a rename is one change, shown once."""
    new = norrvik()
    entry(new, "groups", INVANARE)["name"] = "Invånare och besökare"
    result = diff(norrvik(), new)
    changes = only(result.groups)
    assert list(changes) == ["name"]
    assert (changes["name"].old, changes["name"].new) == ("Invånare", "Invånare och besökare")
    change = result.groups.changed[0]
    assert change.renamed
    assert (change.label, change.old_label) == ("Invånare och besökare", "Invånare")
    assert changed_registers(result) == ["groups"]


def test_a_changed_reference_shows_the_names() -> None:
    new = norrvik()
    entry(new, "activities", DRAGNING)["groups"] = [KS, HANDLAGGARE]
    entry(new, "activities", DRAGNING)["messages"] = [AVGIFT]
    entry(new, "groups", INVANARE)["tier"] = KARN
    entry(new, "groups", HANDLAGGARE)["inherits_from"] = [INVANARE]
    result = diff(norrvik(), new)
    changes = only(result.activities)
    assert (changes["groups"].old, changes["groups"].new) == (
        "Kommunstyrelsen",
        "Kommunstyrelsen, Handläggare",
    )
    assert changes["groups"].old_items == [("same", "Kommunstyrelsen")]
    assert changes["groups"].new_items == [("same", "Kommunstyrelsen"), ("added", "Handläggare")]
    assert (changes["messages"].old, changes["messages"].new) == (
        "1. Nu kan du boka lokaler på webben",
        "2. Avgifterna är oförändrade",
    )
    assert changes["groups"].words is None
    groups = {c.id: {f.field: f for f in c.fields} for c in result.groups.changed}
    assert (groups[INVANARE]["tier"].old, groups[INVANARE]["tier"].new) == (
        "Primära intressenter",
        "Kärnintressenter",
    )
    assert groups[INVANARE]["tier"].items is None
    inherits = groups[HANDLAGGARE]["inherits_from"]
    assert (inherits.old, inherits.new) == ("Kommunstyrelsen", "Invånare")


def test_reference_lists_compare_as_sets() -> None:
    old, new = to_json(norrvik()), to_json(norrvik())
    new["activities"][2]["groups"].reverse()
    new["activities"][1]["messages"].append("message-1")  # a duplicate key
    new["activities"][0]["goals"].append("goal-99")  # a key the plan does not have
    assert diff_plans(old, new).is_empty


def test_a_message_renumbered_by_an_insertion_is_not_changed() -> None:
    new = norrvik()
    new["messages"].insert(1, message(23, "Support finns på telefon"))
    result = diff(norrvik(), new)
    assert result.messages.changed == []
    assert result.messages.unchanged_count == 2
    assert [e.label for e in result.messages.added] == ["2. Support finns på telefon"]


def test_labels_of_messages_and_goals_are_shortened() -> None:
    long_text = "Bokningstjänsten gör det enklare för föreningar och invånare att hitta " * 3
    new = norrvik()
    new["messages"].append(message(23, long_text))
    new["goals"].append(goal(42, long_text))
    result = diff(norrvik(), new)
    (message_ref,) = result.messages.added
    (goal_ref,) = result.goals.added
    assert message_ref.label.startswith("3. Bokningstjänsten gör det enklare")
    assert message_ref.label.endswith("…") and len(message_ref.label) <= 84
    assert goal_ref.label.endswith("…") and len(goal_ref.label) <= 80
    assert "  " not in message_ref.label


def test_an_entry_without_a_name_is_labelled_by_its_key() -> None:
    new = norrvik()
    new["activities"].append(activity(54, ""))
    assert [e.label for e in diff(norrvik(), new).activities.added] == ["activity-4"]


def test_period_overrides_are_compared() -> None:
    new = norrvik()
    entry(new, "activities", FILM)["period"]["end_override"] = "2026-12-31"
    entry(new, "activities", FILM)["period"]["parsed_start"] = "2026-10-01"  # not compared
    changes = only(diff(norrvik(), new).activities)
    assert list(changes) == ["period.end_override"]
    assert (changes["period.end_override"].old, changes["period.end_override"].new) == (
        "",
        "2026-12-31",
    )


def test_choice_fields_show_their_labels() -> None:
    new = norrvik()
    entry(new, "activities", FILM).update(status="in_progress", recurrence="monthly")
    entry(new, "groups", INVANARE)["reach"] = "internal"
    with translation.override("en"):
        result = diff(norrvik(), new)
        assert choice_label("activities", "status", "cancelled") == "Cancelled"
        assert choice_label("risks", "status", "occurred") == "Occurred"
        assert choice_label("risks", "likelihood", "4") == "4 Likely"
        assert choice_label("activities", "status", "someday") == "someday"
        assert choice_label("groups", "name", "internal") == "internal"
    changes = only(result.activities)
    assert (changes["status"].old, changes["status"].new) == ("Planned", "In progress")
    assert (changes["recurrence"].old, changes["recurrence"].new) == (
        "Does not repeat",
        "Every month",
    )
    reach = only(result.groups)["reach"]
    assert (reach.old, reach.new) == ("External", "Internal")
    with translation.override("en"):
        assert str(reach.label) == "Internal/external"


# --- words ------------------------------------------------------------------------------------


def joined(parts: Iterable[tuple[str, str]], *ops: str) -> str:
    return "".join(text for op, text in parts if op in ops)


def test_word_diff_marks_changed_words() -> None:
    parts = word_diff("En kort nyhet om tjänsten.", "En längre nyhet om den nya tjänsten.")
    assert parts == [
        ("same", "En "),
        ("removed", "kort"),
        ("added", "längre"),
        ("same", " nyhet om "),
        ("added", "den nya "),
        ("same", "tjänsten."),
    ]


def test_word_diff_of_an_appended_sentence_and_a_paragraph_break() -> None:
    assert word_diff("Boka lokaler.", "Boka lokaler. Det är gratis.") == [
        ("same", "Boka lokaler."),
        ("added", " Det är gratis."),
    ]
    assert word_diff("Ett. Två.", "Ett.\n\nTvå.") == [
        ("same", "Ett."),
        ("removed", " "),
        ("added", "\n\n"),
        ("same", "Två."),
    ]


def test_long_text_fields_carry_a_word_diff_only_when_both_sides_have_text() -> None:
    new = norrvik()
    entry(new, "activities", NYHET)["description"] = "En kort nyhet om den nya bokningen."
    entry(new, "activities", FILM)["description"] = "En film om hur man bokar."
    entry(new, "activities", DRAGNING)["responsible"] = "Projektledare och kommunikatör"
    result = diff(norrvik(), new)
    by_id = {c.id: {f.field: f for f in c.fields} for c in result.activities.changed}
    nyhet = by_id[NYHET]["description"]
    assert nyhet.words is not None
    assert joined(nyhet.words, "same", "removed") == nyhet.old
    assert joined(nyhet.words, "same", "added") == nyhet.new
    assert nyhet.old_words == [p for p in nyhet.words if p[0] != "added"]
    assert by_id[FILM]["description"].words is None  # was empty
    assert by_id[DRAGNING]["responsible"].words is None  # not a long text field


def test_background_and_purpose_get_a_word_diff() -> None:
    result = diff_plans(
        to_json(norrvik()), to_json(norrvik(), purpose="Alla ska kunna boka lokaler digitalt.")
    )
    (purpose,) = result.facts
    assert purpose.words is not None
    assert purpose.words == [
        ("removed", "Invånare"),
        ("added", "Alla"),
        ("same", " ska kunna boka lokaler digitalt."),
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["boka", "lokal", "Boka", "och", "\n\n", " ", "  ", "é", "."])).map(
        "".join
    ),
    st.lists(st.sampled_from(["boka", "lokal", "Boka", "och", "\n\n", " ", "ny", "."])).map(
        "".join
    ),
)
def test_word_diff_joins_back_to_both_texts(old: str, new: str) -> None:
    parts = word_diff(old, new)
    assert joined(parts, "same", "removed") == old
    assert joined(parts, "same", "added") == new
    assert all(text for _, text in parts)
    assert all(a[0] != b[0] for a, b in itertools.pairwise(parts))
    if old == new:
        assert all(op == "same" for op, _ in parts)


# --- documents without ids --------------------------------------------------------------------


def test_documents_without_ids_match_by_name() -> None:
    new = norrvik()
    new["groups"].insert(0, group(14, "Föreningar"))
    entry(new, "activities", NYHET)["responsible"] = "Webbredaktör"
    result = diff(norrvik(), new, ids=False)
    assert [(e.label, e.id) for e in result.groups.added] == [("Föreningar", None)]
    assert [(c.label, c.id) for c in result.activities.changed] == [("Nyhet på Norrvik.se", None)]
    assert changed_registers(result) == ["groups", "activities"]


def test_without_ids_names_match_casefolded_and_a_rename_is_a_new_entry() -> None:
    new = norrvik()
    entry(new, "groups", KS)["name"] = "KOMMUNSTYRELSEN "
    entry(new, "groups", INVANARE)["name"] = "Invånare och besökare"
    result = diff(norrvik(), new, ids=False)
    assert [e.label for e in result.groups.removed] == ["Invånare"]
    assert [e.label for e in result.groups.added] == ["Invånare och besökare"]
    # Kommunstyrelsen matched by its casefolded name; only the spelling changed.
    assert [c.old_label for c in result.groups.changed] == ["Kommunstyrelsen"]
    # Without ids the renamed group is another entry, so references to it changed.
    assert {c.label for c in result.activities.changed} == {
        "Nyhet på Norrvik.se",
        "Instruktionsfilm",
    }


def test_without_ids_duplicate_names_match_in_order() -> None:
    old: Plan = {"activities": [activity(1, "Nyhetsbrev"), activity(2, "Nyhetsbrev")]}
    new: Plan = {
        "activities": [
            activity(1, "Nyhetsbrev", status="done"),
            activity(2, "Nyhetsbrev"),
            activity(3, "Nyhetsbrev"),
        ]
    }
    result = diff(old, new, ids=False)
    assert [c.key for c in result.activities.changed] == ["activity-1"]
    assert [e.key for e in result.activities.added] == ["activity-3"]


def test_an_old_document_without_ids_compares_with_a_new_one_with_ids() -> None:
    new = norrvik()
    entry(new, "channels", WEBB)["cadence"] = "varje vecka"
    result = diff_plans(to_json(norrvik(), ids=False), to_json(new))
    assert [c.label for c in result.channels.changed] == ["Norrvik.se"]
    assert changed_registers(result) == ["channels"]


def test_entries_with_different_ids_are_different_entries_whatever_their_names() -> None:
    new = norrvik()
    entry(new, "goals", MAL)["id"] = 99
    result = diff(norrvik(), new)
    assert [e.id for e in result.goals.removed] == [MAL]
    assert [e.id for e in result.goals.added] == [99]


# --- the template -----------------------------------------------------------------------------


def render(result: PlanDiff) -> str:
    with translation.override("en"):
        return render_to_string(
            "versions/_diff.html",
            {"diff": result, "old_label": "1.0 (approved)", "new_label": "Current draft 1.1"},
        )


def test_the_template_says_when_there_are_no_differences() -> None:
    html = render(diff(norrvik(), norrvik()))
    assert "No differences." in html
    assert "1.0 (approved)" in html and "Current draft 1.1" in html
    assert "<section" not in html


def test_the_template_shows_every_kind_of_change_accessibly() -> None:
    new = norrvik()
    new["groups"].insert(0, group(14, "Föreningar"))
    new["channels"] = [c for c in new["channels"] if c["id"] != INTRANAT]
    entry(new, "activities", NYHET)["description"] = "En längre nyhet om tjänsten."
    entry(new, "activities", NYHET)["groups"] = [INVANARE, KS]
    html = render(diff_plans(to_json(norrvik()), to_json(new, name="Digital lokalbokning")))
    assert "1 entry added" in html and "1 entry removed" in html
    assert "1 project fact changed" in html
    for slug, title in [
        ("facts", "Project facts"),
        ("groups", "Target groups"),
        ("channels", "Channels"),
        ("activities", "Activities"),
    ]:
        assert f'<section class="diff-register" aria-labelledby="diff-{slug}">' in html
        assert f'<h2 id="diff-{slug}">{title}</h2>' in html
    assert 'aria-labelledby="diff-tiers"' not in html
    assert "Added: 1 entry" in html and "<li>Föreningar</li>" in html
    assert "Removed: 1 entry" in html and "<li>Intranätet</li>" in html
    assert "<caption>Nyhet på Norrvik.se</caption>" in html
    assert '<th scope="col">Before</th>' in html
    assert '<del><span class="visually-hidden">removed: </span>kort</del>' in html
    assert '<ins><span class="visually-hidden">added: </span>längre</ins>' in html
    assert '<ins><span class="visually-hidden">added: </span>Kommunstyrelsen</ins>' in html
    assert "Digital lokalbokning" in html


def test_the_template_lists_at_most_the_display_limit() -> None:
    count = DISPLAY_LIMIT + 37
    old: Plan = {"activities": [activity(n, f"Aktivitet {n}") for n in range(1, count + 1)]}
    new = copy.deepcopy(old)
    for row in new["activities"]:
        row["status"] = "done"
    result = diff(old, new)
    assert len(result.activities.changed) == count
    assert len(result.activities.shown_changed) == DISPLAY_LIMIT
    html = render(result)
    assert html.count("<caption>") == DISPLAY_LIMIT
    assert "And 37 more changed entries, not shown here." in html


def test_a_large_plan_diffs_quickly() -> None:
    old = big_plan(2_000)
    new = copy.deepcopy(old)
    new["groups"].insert(0, group(99_999, "Ny grupp"))
    for row in new["activities"][::10]:
        row["description"] = "En ny beskrivning av aktiviteten."
    old_json, new_json = to_json(old), to_json(new)
    # This process's CPU time, not the wall clock: a busy machine must not fail the test.
    start = time.process_time()
    result = diff_plans(old_json, new_json)
    assert time.process_time() - start < 1.0
    assert len(result.activities.changed) == 200
    assert [e.label for e in result.groups.added] == ["Ny grupp"]


def big_plan(activities: int) -> Plan:
    groups = [group(10_000 + n, f"Grupp {n}") for n in range(60)]
    messages = [message(20_000 + n, f"Budskap {n}", groups=[10_000 + n % 60]) for n in range(120)]
    channels = [channel(30_000 + n, f"Kanal {n}", groups=[10_000 + n]) for n in range(30)]
    return {
        "groups": groups,
        "messages": messages,
        "channels": channels,
        "activities": [
            activity(
                n,
                f"Aktivitet {n}",
                groups=[10_000 + n % 60, 10_000 + (n * 7) % 60],
                messages=[20_000 + n % 120],
                channels=[30_000 + n % 30],
            )
            for n in range(activities)
        ],
    }


# --- properties -------------------------------------------------------------------------------

WORDS = st.sampled_from(["Boka", "Lokal", "Nyhet", "Film", "Möte", "Ärende", "kommun"])


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    """A small plan with every register and random references; names unique in a register."""
    ids = itertools.count(1)

    def some(ids_: list[int]) -> list[int]:
        return draw(st.lists(st.sampled_from(ids_), unique=True, max_size=3)) if ids_ else []

    def name(n: int) -> str:
        return f"{draw(WORDS)} {n}"

    def count() -> range:
        return range(draw(st.integers(0, 4)))

    plan: Plan = {reg: [] for reg in REGISTERS}
    for n in count():
        plan["tiers"].append(tier(next(ids), name(n)))
    for n in count():
        plan["goals"].append(goal(next(ids), name(n), draw(st.sampled_from([None, "5"]))))
    tier_ids = [t["id"] for t in plan["tiers"]]
    for n in count():
        group_ids = [g["id"] for g in plan["groups"]]
        plan["groups"].append(
            group(
                next(ids),
                name(n),
                tier=draw(st.sampled_from([None, *tier_ids])),
                inherits=some(group_ids),
            )
        )
    group_ids = [g["id"] for g in plan["groups"]]
    for n in count():
        plan["messages"].append(
            message(next(ids), name(n), tiers=some(tier_ids), groups=some(group_ids))
        )
    for n in count():
        plan["channels"].append(channel(next(ids), name(n), groups=some(group_ids)))
    message_ids = [m["id"] for m in plan["messages"]]
    channel_ids = [c["id"] for c in plan["channels"]]
    goal_ids = [g["id"] for g in plan["goals"]]
    for n in count():
        plan["activities"].append(
            activity(
                next(ids),
                name(n),
                groups=some(group_ids),
                messages=some(message_ids),
                channels=some(channel_ids),
                goals=some(goal_ids),
            )
        )
    return plan


EDITS = st.lists(
    st.tuples(
        st.sampled_from(["add", "remove", "rename", "move"]),
        st.sampled_from(REGISTERS),
        st.integers(0, 10),
        st.integers(0, 10),
    ),
    max_size=6,
)


class Edited:
    """A plan after random edits, and what a diff from the original must report, by id."""

    def __init__(self, original: Plan, edits: Iterable[tuple[str, str, int, int]]) -> None:
        self.plan = copy.deepcopy(original)
        self.added: dict[str, set[int]] = {reg: set() for reg in REGISTERS}
        self.removed: dict[str, set[int]] = {reg: set() for reg in REGISTERS}
        self.renamed: dict[str, set[int]] = {reg: set() for reg in REGISTERS}
        fresh = itertools.count(1_000)
        for op, reg, a, b in edits:
            rows = self.plan[reg]
            if op == "add":
                new_id = next(fresh)
                row = copy.deepcopy(NEW_ENTRIES[reg])
                row.update({"id": new_id, NAME[reg]: f"Ny {new_id}"})
                rows.insert(a % (len(rows) + 1), row)
                self.added[reg].add(new_id)
            elif not rows:
                continue
            elif op == "remove":
                row = rows.pop(a % len(rows))
                if row["id"] in self.added[reg]:
                    self.added[reg].discard(row["id"])
                else:
                    self.removed[reg].add(row["id"])
                self.renamed[reg].discard(row["id"])
            elif op == "rename":
                row = rows[a % len(rows)]
                row[NAME[reg]] = f"Omdöpt {next(fresh)}"
                if row["id"] not in self.added[reg]:
                    self.renamed[reg].add(row["id"])
            else:  # move
                rows.insert(b % len(rows), rows.pop(a % len(rows)))
        self.changed = {reg: self._changed(original, reg) for reg in REGISTERS}

    def _changed(self, original: Plan, reg: str) -> set[int]:
        """Renamed entries, and entries whose references (to entries still there) changed."""
        before_ids = {r: {e["id"] for e in original[r]} for r in REGISTERS}
        after_ids = {r: {e["id"] for e in self.plan[r]} for r in REGISTERS}
        old_rows = {e["id"]: e for e in original[reg]}
        found = set(self.renamed[reg])
        for row in self.plan[reg]:
            if row["id"] not in old_rows:
                continue
            for field, target in REFS.get(reg, {}).items():
                old_refs = refs(old_rows[row["id"]][field]) & before_ids[target]
                new_refs = refs(row[field]) & after_ids[target]
                if old_refs != new_refs:
                    found.add(row["id"])
        return found


def refs(value: int | list[int] | None) -> set[int]:
    if value is None:
        return set()
    return set(value) if isinstance(value, list) else {value}


def ids_of(register: RegisterDiff) -> tuple[set[Any], set[Any], set[Any]]:
    return (
        {e.id for e in register.added},
        {e.id for e in register.removed},
        {c.id for c in register.changed},
    )


def labels_of(register: RegisterDiff) -> tuple[set[str], set[str], set[str]]:
    return (
        {e.label for e in register.added},
        {e.label for e in register.removed},
        {c.label for c in register.changed},
    )


@settings(max_examples=150, deadline=None)
@given(plans())
def test_a_plan_has_no_differences_from_itself(plan: Plan) -> None:
    assert diff(plan, plan).is_empty
    assert diff(plan, plan, ids=False).is_empty
    data = to_json(plan)
    assert diff_plans(data, copy.deepcopy(data)).is_empty


@settings(max_examples=150, deadline=None)
@given(plans(), EDITS)
def test_random_edits_are_reported_exactly(plan: Plan, edits: list[Any]) -> None:
    edited = Edited(plan, edits)
    result = diff(plan, edited.plan)
    for reg in REGISTERS:
        found = getattr(result, reg)
        assert ids_of(found) == (edited.added[reg], edited.removed[reg], edited.changed[reg]), reg
        for change in found.changed:
            names = [f for f in change.fields if f.field == NAME[reg]]
            assert bool(names) == (change.id in edited.renamed[reg])
        surviving = len(plan[reg]) - len(edited.removed[reg])
        assert found.unchanged_count == surviving - len(edited.changed[reg])
    assert result.facts == []


@settings(max_examples=150, deadline=None)
@given(plans(), EDITS)
def test_the_diff_backwards_mirrors_the_diff_forwards(plan: Plan, edits: list[Any]) -> None:
    other = Edited(plan, edits).plan
    forwards, backwards = diff(plan, other), diff(other, plan)
    assert forwards.counts.added == backwards.counts.removed
    assert forwards.counts.removed == backwards.counts.added
    assert forwards.counts.changed == backwards.counts.changed
    for there, back in zip(forwards.registers, backwards.registers, strict=True):
        assert {e.id for e in there.added} == {e.id for e in back.removed}
        assert {c.id for c in there.changed} == {c.id for c in back.changed}
        for change in there.changed:
            mirror = next(c for c in back.changed if c.id == change.id)
            assert [(f.field, f.old, f.new) for f in change.fields] == [
                (f.field, f.new, f.old) for f in mirror.fields
            ]


@settings(max_examples=100, deadline=None)
@given(plans(), EDITS.map(lambda edits: [e for e in edits if e[0] != "rename"]))
def test_without_ids_unique_names_give_the_same_diff(plan: Plan, edits: list[Any]) -> None:
    other = Edited(plan, edits).plan
    with_ids, without = diff(plan, other), diff(plan, other, ids=False)
    for a, b in zip(with_ids.registers, without.registers, strict=True):
        assert labels_of(a) == labels_of(b)
        assert a.unchanged_count == b.unchanged_count


def test_a_diff_is_read_from_mappings_without_changing_them() -> None:
    old, new = to_json(norrvik()), to_json(norrvik(), name="Ny")
    frozen_old, frozen_new = copy.deepcopy(old), copy.deepcopy(new)
    result: Mapping[str, Any] = {"diff": diff_plans(old, new)}
    assert result["diff"].counts.facts == 1
    assert (old, new) == (frozen_old, frozen_new)
