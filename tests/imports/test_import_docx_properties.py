"""Properties of the Word plan reader: it never raises on any blocks, whatever a document
holds (it reports what it could not read), and a plan komplan exported to Word reads back
with the same target groups, messages, channels and activities."""

from __future__ import annotations

from typing import Any

from django.utils.translation import override
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from komplan.exports.word import plan_docx
from komplan.imports.importers import read_upload
from komplan.imports.importers.docx_plan import plan_from_text, registers_from_sheets
from komplan.imports.importers.docxblocks import Block, DocxText
from komplan.imports.importers.draft import ImportDraft, draft_from_json, draft_to_json
from komplan.imports.importers.sheet import Cell, SheetRow
from komplan.plans.planjson import FORMAT, VERSION

# Words that make the reader take its every path: section and tier headings, clarification,
# labelled facts, numbered and addressed messages, table headers, merged cells.
WORDS = [
    "3 Målgrupper", "4 Budskap", "4.1 Kärnintressenter", "Primärntressent", "Förtydligande",
    "5 Kanaler", "6.1 Aktiviteter", "Aktivitetsplan", "Bakgrund", "Syfte", "Kommunikationsmål",
    "Revidering", "Kommunikationsplan", "Uppdragsstart: 2026-01-15", "Slutdatum: snart",
    "1. Ett budskap.", "12) Ett till.", "Till: Invånare", "Även till: Föreningar.",
    "Kärnintressenter – de som beslutar.", "Se bilaga plan.xlsx", "Målen är:",
    "Får samma budskap som: Invånare", "Namn", "Intern/extern", "Prioritet", "Beskrivning",
    "Kanal", "Ansvarig", "Version", "Datum", "Kommentar", "Nr", "Aktivitet", "Tid",
    "Projekt", "Intern", "Extern", "Våren 2026", "", " ", "–",
]  # fmt: skip
texts = st.one_of(st.sampled_from(WORDS), st.text(max_size=40))
cells = st.builds(Cell, texts, st.booleans(), st.sampled_from(["", "", "down", "across"]))
rows = st.lists(cells, max_size=6)


@st.composite
def blocks(draw: Any) -> Block:
    number = draw(st.integers(1, 500))
    if draw(st.integers(0, 4)) == 0:
        table = draw(st.lists(rows, max_size=6))
        return Block("table", number, rows=[SheetRow(n, r) for n, r in enumerate(table, 1)])
    text = draw(texts)
    return Block(
        "p",
        number,
        text,
        level=draw(st.sampled_from([0, 0, 0, 1, 2, 3, 9])),
        title=draw(st.one_of(st.just(text), texts)),
        is_list=draw(st.booleans()),
        bold=draw(st.booleans()),
        italic=draw(st.booleans()),
        trailing_italic=draw(st.one_of(st.just(""), texts)),
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(blocks(), max_size=60), texts)
def test_the_reader_never_raises_on_any_blocks(document: list[Block], title: str) -> None:
    with override("en"):
        draft = plan_from_text(DocxText(document, title))
    assert draft.kind == "plan"
    assert all(problem.text for problem in draft.problems)
    assert draft_from_json(draft_to_json(draft)) == draft  # the preview can keep it


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(texts, st.lists(rows, max_size=8)), max_size=3))
def test_the_register_sheets_never_raise(sheets: list[tuple[str, list[list[Cell]]]]) -> None:
    draft = ImportDraft(kind="activities")
    with override("en"):
        registers_from_sheets(
            draft, [(title, [SheetRow(n, r) for n, r in enumerate(t, 1)]) for title, t in sheets]
        )
    assert all(problem.text for problem in draft.problems)


# --- a plan out to Word and back -----------------------------------------------------------------

TIERS = [
    ("core", "Kärnintressenter"),
    ("primary", "Primärintressenter"),
    ("secondary", "Sekundärintressenter"),
]
GROUPS = ["Socialnämnden", "Invånare i Fjällby", "Föreningar", "Skolornas rektorer", "Handläggare"]
SENTENCES = [
    "Den nya plattformen gör e-tjänsterna säkrare",
    "Alla ansökningar går att följa på webben",
    "Handläggarna får utbildning före starten",
    "Invånarna märker ingen skillnad i vardagen",
    "Projektet håller tidplan och budget",
]
CHANNELS = ["Intranätet", "Fjällby.se", "Lokalradion", "Nämndmöten"]
ACTIVITIES = ["Informationsmöte för chefer", "Nyhet på Fjällby.se", "Annons i lokaltidningen"]
TIMES = ["Våren 2026", "Hösten 2026 – pågående", "vecka 12", "Löpande"]
PEOPLE = ["Siv Berg", "Kommunikatör", "Webbredaktör"]
EMPTY_PERIOD = {
    "start": None, "end": None, "open_ended": False, "preliminary": False, "note": "",
    "parsed_start": None, "parsed_end": None, "start_override": None, "end_override": None,
}  # fmt: skip


def some(keys: list[str], most: int) -> st.SearchStrategy[list[str]]:
    """A few of `keys`, each once, in their order."""
    if not keys:
        return st.just([])
    return st.lists(st.sampled_from(keys), max_size=most, unique=True).map(
        lambda chosen: [k for k in keys if k in chosen]
    )


@st.composite
def small_plans(draw: Any) -> dict[str, Any]:
    """Plan JSON of a small plan of Fjällby kommun: a few groups, messages (each addressed to
    one tier, or to single groups, or to no one), channels and activities."""
    tiers = [
        {"key": f"tier-{n}", "name": name, "definition": ""}
        for n, (_slot, name) in enumerate(TIERS, 1)
    ]
    names = draw(st.lists(st.sampled_from(GROUPS), min_size=1, max_size=5, unique=True))
    groups = [
        {
            "key": f"group-{n}",
            "name": name,
            "reach": draw(st.sampled_from(["internal", "external"])),
            "tier": draw(st.sampled_from([None, "tier-1", "tier-2", "tier-3"])),
            "description": draw(st.sampled_from(["", "Berörs av bytet."])),
            "inherits_from": [],
        }
        for n, name in enumerate(names, 1)
    ]
    sentences = draw(st.lists(st.sampled_from(SENTENCES), max_size=5, unique=True))
    messages = []
    for n, text in enumerate(sentences, 1):
        tier = draw(st.sampled_from([None, "tier-1", "tier-2", "tier-3"]))
        to = [] if tier else draw(some([g["key"] for g in groups], 2))
        messages.append(
            {
                "key": f"message-{n}",
                "number": n,
                "text": text,
                "clarification": draw(st.sampled_from(["", "Det gäller hela kommunen."])),
                "tiers": [tier] if tier else [],
                "groups": to,
            }
        )
    channel_names = draw(st.lists(st.sampled_from(CHANNELS), max_size=4, unique=True))
    channels = [
        {
            "key": f"channel-{n}",
            "name": name,
            "description": f"Kanalen {name}",
            "responsible": draw(st.sampled_from(PEOPLE)),
            "reach": "internal",
            "cadence": "",
            "groups": [],
        }
        for n, name in enumerate(channel_names, 1)
    ]
    titles = draw(st.lists(st.sampled_from(ACTIVITIES), max_size=3, unique=True))
    activities = [
        {
            "key": f"activity-{n}",
            "title": title,
            "description": "Så här går det till.",
            "groups": [],
            "messages": [],
            "channels": draw(some([c["key"] for c in channels], 2)),
            "goals": [],
            "responsible": draw(st.sampled_from(PEOPLE)),
            "time_text": draw(st.sampled_from(TIMES)),
            "period": EMPTY_PERIOD,
            "recurrence": "",
            "status": draw(st.sampled_from(["planned", "in_progress", "done"])),
            "budget": None,
            "follow_up": "",
        }
        for n, title in enumerate(titles, 1)
    ]
    plan = {
        "name": "Ny e-tjänsteplattform",
        "organization": "Fjällby kommun",
        "diary_number": "KS 2026/42",
        "client": "Kommunstyrelsen",
        "funder": "",
        "project_lead": "Siv Berg",
        "start_date": "2026-01-15",
        "end_date": "2027-06-30",
        "language": draw(st.sampled_from(["sv", "da", "nb", "en"])),
        "background": "Fjällby kommun byter plattform.",
        "purpose": "Alla ska veta vad som händer.",
        "status": "draft",
        "version": "0.1",
        "last_changed": "2026-02-01",
        "changed_by": "Siv Berg",
    }
    return {
        "format": FORMAT,
        "version": VERSION,
        "plan": plan,
        "revisions": [],
        "tiers": tiers,
        "groups": groups,
        "messages": messages,
        "channels": channels,
        "goals": [],
        "activities": activities,
    }


def slot(key: str | None) -> str:
    return TIERS[int(key.split("-")[1]) - 1][0] if key else ""


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_plans())
def test_a_plan_exported_to_word_reads_back_the_same(data: dict[str, Any]) -> None:
    with override("en"):
        draft = read_upload(plan_docx(data), "Kommunikationsplan.docx")
    group_names = {g["key"]: g["name"] for g in data["groups"]}
    assert [(g.name, g.reach, g.tier) for g in draft.groups] == [
        (g["name"], g["reach"], slot(g["tier"])) for g in data["groups"]
    ]
    read_messages = sorted(
        (m.number, m.text, m.tiers, m.groups, m.clarification) for m in draft.messages
    )
    assert read_messages == [
        (
            m["number"],
            m["text"],
            [slot(t) for t in m["tiers"]],
            [group_names[k] for k in m["groups"]],
            m["clarification"],
        )
        for m in data["messages"]
    ]
    assert [(c.name, c.description, c.responsible) for c in draft.channels] == [
        (c["name"], c["description"], c["responsible"]) for c in data["channels"]
    ]
    channel_names = {c["key"]: c["name"] for c in data["channels"]}
    statuses = {"planned": "planned", "in_progress": "in_progress", "done": "done"}
    assert [(a.title, a.time_text, a.responsible, a.channels) for a in draft.activities] == [
        (a["title"], a["time_text"], a["responsible"], [channel_names[k] for k in a["channels"]])
        for a in data["activities"]
    ]
    assert [a.status for a in draft.activities] == [
        statuses[a["status"]] for a in data["activities"]
    ]
    assert not draft.errors or not (data["groups"] or data["messages"])
