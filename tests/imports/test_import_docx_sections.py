"""The Word plan reader section by section, on hand-made blocks of Fjällby kommun's plan: how
the document is cut into sections, and what each section's reader makes of its blocks."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils.translation import override

from komplan.imports.importers.docx_plan import plan_from_text
from komplan.imports.importers.docx_plan.activities import (
    activities_table,
    read_activities_section,
    read_activity_plan,
)
from komplan.imports.importers.docx_plan.channels import channels_table
from komplan.imports.importers.docx_plan.dispatch import READERS, TABLE_READERS, read_sections
from komplan.imports.importers.docx_plan.facts import (
    facts_table,
    read_background,
    read_loose,
    read_untitled,
)
from komplan.imports.importers.docx_plan.goals import read_goals
from komplan.imports.importers.docx_plan.groups import groups_table, read_target_groups
from komplan.imports.importers.docx_plan.messages import messages_table, read_messages
from komplan.imports.importers.docx_plan.reading import Reading
from komplan.imports.importers.docx_plan.revisions import revisions_table
from komplan.imports.importers.docx_plan.sections import (
    Section,
    add_paragraphs,
    split_sections,
)
from komplan.imports.importers.docxblocks import Block, DocxText
from komplan.imports.importers.draft import ImportDraft
from komplan.imports.importers.plan_words import _SECTIONS, Table, classify
from komplan.imports.importers.sheet import Cell, SheetRow


@pytest.fixture(autouse=True)
def _english() -> Any:
    with override("en"):
        yield


def p(text: str, number: int = 1, **flags: Any) -> Block:
    """A body paragraph (or, with level=9, a bold line)."""
    return Block("p", number, text, title=text, **flags)


def h(text: str, level: int = 2, number: int = 1) -> Block:
    """A heading; its title without its number, as docxblocks reads "6.1.1 Nyhet"."""
    numbered = re.match(r"^(\d{1,2}(?:\.\d{1,2})*)\s+(\S.*)$", text)
    number_text, title = numbered.groups() if numbered else ("", text)
    return Block("p", number, text, level=level, number_text=number_text, title=title)


def rows(*texts: tuple[str, ...]) -> list[SheetRow]:
    return [SheetRow(n, [Cell(text) for text in row]) for n, row in enumerate(texts, start=1)]


def table(*texts: tuple[str, ...], number: int = 1) -> Block:
    return Block("table", number, rows=rows(*texts))


def classified(*texts: tuple[str, ...]) -> Table:
    found = classify(rows(*texts))
    assert found is not None
    return found


def where(row: int) -> str:
    return f"table 1, row {row}"


def reading() -> Reading:
    return Reading(ImportDraft(kind="plan", language="sv"))


def section(key: str, *blocks: Block) -> Section:
    return Section(key, 1, h(key or "Övrigt", 1), list(blocks))


# --- the sections ------------------------------------------------------------------------------


def test_a_section_runs_from_its_heading_to_the_next_at_its_level() -> None:
    sections = split_sections(
        [
            h("Fjällby kommun", 1),
            h("3 Målgrupper", 1),
            p("Definition av prioritet:"),
            h("3.1 Om målgrupperna", 2),  # deeper: stays in "Målgrupper"
            h("4 Budskap", 1),
            h("4.1 Kärnintressenter", 2),
            h("Förtydligande", 1),  # never opens or closes anything
            p("Viktigt", level=9),
            h("Bilagor", 1),  # an unknown heading at the level: closes "Budskap"
            p("Se nästa sida."),
        ]
    )
    assert [(s.key, s.heading.text if s.heading else None) for s in sections] == [
        ("", None),
        ("", "Fjällby kommun"),
        ("target_groups", "3 Målgrupper"),
        ("messages", "4 Budskap"),
        ("", "Bilagor"),
    ]
    assert [b.text for b in sections[2].blocks] == [
        "Definition av prioritet:",
        "3.1 Om målgrupperna",
    ]
    assert [b.text for b in sections[3].blocks] == [
        "4.1 Kärnintressenter",
        "Förtydligande",
        "Viktigt",
    ]
    assert sections[4].after == "messages"


def test_every_section_the_words_can_name_has_a_reader() -> None:
    assert set(_SECTIONS) <= set(READERS)
    assert set(TABLE_READERS) == {
        "facts",
        "revisions",
        "groups",
        "channels",
        "messages",
        "activities",
        "spokespersons",
        "risks",
    }


def test_a_table_is_read_by_its_header_wherever_it_stands() -> None:
    found = reading()
    read_sections(
        [
            h("2.1 Bakgrund"),
            table(
                ("Kanal", "Beskrivning", "Ansvarig"), ("Fjällby.se", "Webbplatsen", "Webbredaktör")
            ),
            p("Fjällby kommun byter e-tjänsteplattform."),
        ],
        found,
    )
    assert [c.name for c in found.draft.channels] == ["Fjällby.se"]
    assert found.background == ["Fjällby kommun byter e-tjänsteplattform."]


def test_a_headerless_table_right_after_a_table_continues_it() -> None:
    found = reading()
    header = ("Kanal", "Beskrivning", "Ansvarig")
    read_sections(
        [
            h("5 Kanaler", 1),
            table(header, ("Intranätet", "Internt", "Kommunikatör"), number=1),
            p("(forts.)"),
            table(("Lokalradion", "Nyheter", "Presschef"), number=2),
            p("Text emellan."),
            p("Mer text."),
            table(("Anslagstavlan", "Papper", "Vaktmästare"), number=3),
        ],
        found,
    )
    assert [c.name for c in found.draft.channels] == ["Intranätet", "Lokalradion"]
    assert any("not recognised" in problem.text for problem in found.draft.problems)


def test_add_paragraphs_strips_as_adding_one_at_a_time_would() -> None:
    one_at_a_time = "  Första"
    for line in ["andra  ", "   ", " tredje"]:
        one_at_a_time = f"{one_at_a_time}\n\n{line}".strip()
    assert add_paragraphs("  Första", ["andra  ", "   ", " tredje"]) == one_at_a_time
    assert add_paragraphs("", ["", "x"]) == "x"
    assert add_paragraphs("orörd ", []) == "orörd "


# --- facts ---------------------------------------------------------------------------------------


def test_facts_from_the_table_and_from_lines_of_their_own() -> None:
    found = reading()
    facts = classified(
        ("Projekt", "Ny e-tjänsteplattform i Fjällby kommun"),
        ("Diarienummer", "KS 2026/42"),
        ("Beställare", "Kommunstyrelsen"),
    )
    facts_table(facts, where, found)
    read_loose(
        section("assignment"),
        [p("Uppdragsstart: 2026-03-01"), p("Beställare: Någon annan"), p("Fritext.", 7)],
        found,
    )
    got = found.draft.facts
    assert (got.name, got.diary_number, got.client) == (
        "Ny e-tjänsteplattform i Fjällby kommun",
        "KS 2026/42",
        "Kommunstyrelsen",  # the first value wins
    )
    assert got.start_date == dt.date(2026, 3, 1)
    assert found.outside == ["paragraph 7"]


def test_a_date_that_is_not_one_is_reported_and_left_out() -> None:
    found = reading()
    read_loose(section("dates"), [p("Uppdragsavslut: när det är klart", 4)], found)
    assert found.draft.facts.end_date is None
    assert [(x.where, "not a date" in x.text) for x in found.draft.problems] == [
        ("paragraph 4", True)
    ]


def test_background_and_the_plans_name() -> None:
    found = reading()
    read_background(
        section("background"), [p("Fjällby växer."), h("Detaljer", 3), p("Mer.")], found
    )
    assert found.background == ["Fjällby växer.", "Mer."]
    untitled = Section("", 1, h("Fjällby kommun", 1), [p("Kommunikationsplan", level=9)])
    read_untitled(untitled, untitled.blocks, found)
    assert found.titles == ["Fjällby kommun"]  # "Kommunikationsplan" is the document type


# --- revisions and goals -------------------------------------------------------------------------


def test_revisions_one_per_filled_row() -> None:
    revisions = classified(
        ("Version", "Datum", "Kommentar", "Ändrad av"),
        ("0.1", "2026-02-01", "Utkast", "Siv Berg"),
        ("", "", "", ""),
        ("1.0", "2026-03-15", "Fastställd", "Siv Berg"),
    )
    assert [(r.version, r.comment, r.where) for r in revisions_table(revisions, where)] == [
        ("0.1", "Utkast", "table 1, row 2"),
        ("1.0", "Fastställd", "table 1, row 4"),
    ]


def test_goals_without_their_list_marks_or_introduction() -> None:
    found = reading()
    read_goals(
        section("goals"),
        [
            p("Målen är:"),
            p("– 80 procent av invånarna känner till e-tjänsterna", 2),
            p("Slutdatum: 2027-06-30"),
        ],
        found,
    )
    assert [(g.text, g.where) for g in found.draft.goals] == [
        ("80 procent av invånarna känner till e-tjänsterna", "paragraph 2")
    ]
    assert found.draft.facts.end_date == dt.date(2027, 6, 30)


# --- target groups -------------------------------------------------------------------------------


def test_target_groups_with_typos_continued_rows_and_inheritance() -> None:
    found = reading()
    read_target_groups(
        section("target_groups"),
        [
            p("Definition av prioritet:"),
            p("Kärnintressenter – de som beslutar om bytet."),
            p("En ensam mening.", 9),
        ],
        found,
    )
    groups = classified(
        ("Målgrupp", "Intern/extern", "Prioritet", "Beskrivning"),
        ("Socialnämnden", "Intern", "Kärntressent", "Beslutar om"),
        ("", "", "", "e-tjänsterna."),
        ("Invånare", "Externa", "Sekundärntressent", "Får samma budskap som: Socialnämnden"),
        ("Föreningar", "Ute", "Viktig", "Hyr lokaler."),
    )
    groups_table(groups, where, found)
    got = [(g.name, g.reach, g.tier, g.description, g.inherits_from) for g in found.draft.groups]
    assert got == [
        ("Socialnämnden", "internal", "core", "Beslutar om e-tjänsterna.", []),
        ("Invånare", "external", "secondary", "", ["Socialnämnden"]),
        ("Föreningar", "", "", "Hyr lokaler.", []),
    ]
    assert [(t.name, t.slot) for t in found.draft.tiers] == [
        ("Kärnintressenter", "core"),
        ("", "secondary"),  # named by komplan in the plan's language
    ]
    assert found.outside == ["paragraph 9"]
    problems = [x.text for x in found.draft.problems]
    assert any("“Ute” says neither internal nor external" in text for text in problems)
    assert any("“Viktig” matches no tier" in text for text in problems)


def test_a_continued_description_keeps_text_that_occurs_inside_it() -> None:
    """It used to be dropped: "2" occurs inside "2026"."""
    found = reading()
    channels = classified(
        ("Kanal", "Beskrivning", "Ansvarig"),
        ("Fjällbybladet", "Utkommer sedan 2026 i nummer", "Redaktör"),
        ("", "2", ""),
        ("", "2", ""),  # a repeated text is kept once
    )
    channels_table(channels, where, found)
    assert found.draft.channels[0].description == "Utkommer sedan 2026 i nummer 2"


# --- messages ------------------------------------------------------------------------------------


def test_messages_under_tier_headings_numbered_on_by_word() -> None:
    found = reading()
    read_messages(
        section("messages"),
        [
            h("4.1 Kärnintressenter"),
            p("1. Plattformen gör e-tjänsterna säkrare.", 2),
            p("Till: Socialnämnden", 3),
            h("4.2 Primärintressenter"),
            p("Handläggarna får utbildning.", 5, is_list=True),
            p(
                "Invånarna märker ingen skillnad. Även till: Föreningar.",
                6,
                is_list=True,
                trailing_italic="Även till: Föreningar.",
            ),
            h("4.3 Övriga"),
            p("Ett budskap utan prioritet.", 8, is_list=True),
        ],
        found,
    )
    got = [(m.number, m.text, m.tiers, m.groups) for m in found.draft.messages]
    assert got == [
        (1, "Plattformen gör e-tjänsterna säkrare.", ["core"], ["Socialnämnden"]),
        (2, "Handläggarna får utbildning.", ["primary"], []),
        (3, "Invånarna märker ingen skillnad.", ["primary"], ["Föreningar"]),
        (4, "Ett budskap utan prioritet.", [], []),
    ]


def test_clarifications_go_to_their_message_or_the_first_of_the_block() -> None:
    found = reading()
    read_messages(
        section("messages"),
        [
            h("4.1 Kärnintressenter"),
            p("1. Bytet är väl förberett.", 2),
            p("2. Budgeten håller.", 3),
            h("Förtydligande", 3),
            p("2. Budgeten är beslutad av fullmäktige.", 5),
            p("Socialnämnden ska känna sig trygg.", 6),
            p("3. Ett nytt budskap efter förtydligandet.", 7),
            p("Förtydligande: det gäller hela kommunen.", 8),
        ],
        found,
    )
    messages = found.draft.messages
    assert messages[0].clarification == "Socialnämnden ska känna sig trygg."
    assert messages[1].clarification == "Budgeten är beslutad av fullmäktige."
    assert (messages[2].number, messages[2].tiers) == (3, ["core"])
    assert messages[2].clarification == "det gäller hela kommunen."
    notes = [x for x in found.draft.problems if "keeps it with message 1" in x.text]
    assert [x.where for x in notes] == ["paragraph 6"]


def test_a_message_table() -> None:
    found = reading()
    messages = classified(
        ("Nr", "Budskap", "Förtydligande", "Prioritet"),
        ("1.", "E-tjänsterna är öppna dygnet runt.", "Även helger.", "Primärintressent"),
        ("", "", "", ""),
    )
    messages_table(messages, where, found)
    assert [(m.number, m.clarification, m.tiers) for m in found.draft.messages] == [
        (1, "Även helger.", ["primary"])
    ]


# --- channels and activities -----------------------------------------------------------------


def test_channels_from_their_table() -> None:
    found = reading()
    channels = classified(
        ("Kanal", "Beskrivning", "Ansvarig", "Intern/extern", "Målgrupper"),
        ("Intranätet", "Nyheter varje vecka", "Kommunikatör", "Intern", "Handläggare; Chefer"),
    )
    channels_table(channels, where, found)
    channel = found.draft.channels[0]
    assert (channel.name, channel.reach, channel.groups) == (
        "Intranätet",
        "internal",
        ["Handläggare", "Chefer"],
    )


def test_activities_from_headings_and_the_table_that_adds_their_details() -> None:
    found = reading()
    read_activities_section(
        section("activities"),
        [
            p("Inledande text.", 1),
            h("6.1.1 Informationsmöte för chefer", 3),
            p("Cheferna får veta vad som händer.", 3),
            p("Frågor och svar", 4, is_list=True),
            h("Förtydligande", 3),
            h("6.1.2 Nyhet på Fjällby.se", 3),
        ],
        found,
    )
    plan = classified(
        ("Aktivitet", "Syfte och målgrupp", "Tid", "Ansvarig"),
        ("Informationsmöte för chefer", "Cheferna vet.", "Våren 2026", "Siv Berg"),
        ("Annons i Fjällbybladet", "Alla vet.", "Hösten 2026", "Kommunikatör"),
    )
    activities_table(plan, where, found)
    got = [(a.title, a.time_text, a.responsible) for a in found.draft.activities]
    assert got == [
        ("Informationsmöte för chefer", "Våren 2026", "Siv Berg"),
        ("Nyhet på Fjällby.se", "", ""),
        ("Annons i Fjällbybladet", "Hösten 2026", "Kommunikatör"),
    ]
    assert found.draft.activities[0].description == (
        "Cheferna får veta vad som händer.\n\n– Frågor och svar\n\nCheferna vet."
    )
    assert found.outside == ["paragraph 1"]
    assert found.activity_table


def test_the_activity_plan_as_an_attachment() -> None:
    found = reading()
    read_activity_plan(
        section("activity_plan"),
        [p("Se bilaga Aktivitetsplan.xlsx", 2), p("Se även bilaga 2.", 3)],
        found,
    )
    assert found.attachment == ("paragraph 2", "Se bilaga Aktivitetsplan.xlsx")


def test_a_whole_plan_from_its_blocks() -> None:
    draft = plan_from_text(
        DocxText(
            [
                h("Ny e-tjänsteplattform", 1),
                h("3 Målgrupper", 1),
                table(
                    ("Målgrupp", "Intern/extern", "Prioritet"), ("Invånare", "Extern", "Sekundär")
                ),
                h("6.1 Aktiviteter", 2),
                h("6.1.1 Nyhet på Fjällby.se", 3),
                p("Nyheten publiceras.", 5),
            ],
            "",
        )
    )
    assert draft.facts.name == "Ny e-tjänsteplattform"
    assert [g.name for g in draft.groups] == ["Invånare"]
    assert [a.title for a in draft.activities] == ["Nyhet på Fjällby.se"]
    assert not draft.errors
