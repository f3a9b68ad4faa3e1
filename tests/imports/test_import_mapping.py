"""The header finder and column mapper: never raise, and find the header wherever it is."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from komplan.imports.importers.draft import fold
from komplan.imports.importers.mapping import (
    field_for,
    find_header,
    guess_language,
    map_header,
    read_reach,
    read_status,
    read_tier,
    tier_slot,
)

# Column names as the four languages write them, by field.
NAMES = {
    "title": ["Aktivitet", "Activity", "Aktiviteter", "Insats", "Tiltak"],
    "description": ["Syfte och målgrupp", "Formål og målgruppe", "Purpose", "Beskrivning"],
    "time": ["Tid", "Tidspunkt", "När", "When", "Datum"],
    "channels": ["Kanal", "Kanaler", "Channel"],
    "responsible": ["Ansvarig", "Ansvarlig", "Responsible", "Owner"],
    "status": ["Status", "Klar", "Done"],
    "groups": ["Målgrupp", "Målgruppe", "Target group"],
}

# Noise that names no column: numbers, dates, punctuation, prose-length text.
noise_cell = st.one_of(
    st.just(""),
    st.integers(-10_000, 10_000).map(str),
    st.dates().map(lambda d: d.isoformat()),
    st.text(alphabet="0123456789 .,;:-–()/%", max_size=20),
    st.text(min_size=61, max_size=120),
)
noise_row = st.lists(noise_cell, max_size=8)


@st.composite
def headers(draw: st.DrawFn) -> list[tuple[str, str]]:
    """(field, written name) pairs: the activity column and two to five others."""
    others = draw(
        st.lists(
            st.sampled_from(sorted(set(NAMES) - {"title"})), min_size=2, max_size=5, unique=True
        )
    )
    fields = ["title", *others]
    fields = draw(st.permutations(fields))
    return [(f, draw(st.sampled_from(NAMES[f]))) for f in fields]


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.text(max_size=80), max_size=12), max_size=60))
def test_the_header_finder_never_raises(rows: list[list[str]]) -> None:
    match = find_header(rows)
    if match is not None:
        assert 0 <= match.row < len(rows)
        assert all(0 <= column < len(rows[match.row]) for column in match.columns)


@settings(max_examples=300)
@given(st.lists(st.text(max_size=80), max_size=30))
def test_the_column_mapper_never_raises_and_takes_single_fields_once(cells: list[str]) -> None:
    mapping = map_header(cells)
    singles = [f for f in mapping.values() if f in {"title", "time", "status"}]
    assert len(singles) == len(set(singles))
    assert all(0 <= column < len(cells) for column in mapping)


@settings(max_examples=200)
@given(
    before=st.lists(noise_row, max_size=25),
    header=headers(),
    after=st.lists(noise_row, max_size=10),
    offset=st.integers(0, 3),
)
def test_the_header_is_found_wherever_it_is_placed(
    before: list[list[str]], header: list[tuple[str, str]], after: list[list[str]], offset: int
) -> None:
    row = [""] * offset + [name for _field, name in header]
    rows = [*before, row, *after]
    match = find_header(rows)
    assert match is not None
    assert match.row == len(before)
    assert {match.columns[offset + i]: f for i, (f, _n) in enumerate(header)} == {
        f: f for f, _n in header
    }


@settings(max_examples=200)
@given(st.text(max_size=100))
def test_value_readers_never_raise(text: str) -> None:
    assert read_status(text) in {None, "done", "planned", "in_progress", "cancelled"}
    assert read_reach(text) in {"", "internal", "external"}
    assert tier_slot(text) in {"", "core", "primary", "secondary"}
    read_tier(text, [("x", "Styrgrupp")])
    field_for(text)
    fold(text)
    guess_language([text])


@pytest.mark.parametrize(
    ("text", "slot"),
    [
        ("Kärntressent", "core"),
        ("Kärnintressenter", "core"),
        ("Primärntressent", "primary"),
        ("Primærinteressenter", "primary"),
        ("Sekundärntressent", "secondary"),
        ("Sekundärintressent", "secondary"),
        ("Secondary stakeholders", "secondary"),
        ("Kjerneinteressenter", "core"),
        ("Övriga", ""),
    ],
)
def test_tier_typos_are_read_as_the_usual_tiers(text: str, slot: str) -> None:
    assert tier_slot(text) == slot


@pytest.mark.parametrize(
    ("text", "reach"),
    [
        ("Intern", "internal"),
        ("Inter", "internal"),
        ("Ekstern", "external"),
        ("extern ", "external"),
        ("Internal", "internal"),
        ("?", ""),
    ],
)
def test_internal_and_external_with_typos(text: str, reach: str) -> None:
    assert read_reach(text) == reach


def test_the_language_of_a_sheet() -> None:
    assert guess_language(["Aktivitet", "Syfte och målgrupp", "Ansvarig", "Höst 2026"]) == "sv"
    assert guess_language(["Aktivitet", "Formål og målgruppe", "Tidspunkt", "Ansvarlig"]) == "da"
    assert guess_language(["Activity", "Purpose and target group", "Responsible"]) == "en"
    assert guess_language(["1", "2"]) == ""


def test_fold_ignores_case_accents_and_punctuation() -> None:
    assert fold("  Intranätet! ") == fold("intranatet") == "intranatet"
    assert fold("Kommunens Intranät/Webb") == "kommunens intranat webb"
    assert fold("Sjøfart Æble") == "sjofart aeble"
