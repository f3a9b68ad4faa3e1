"""Read a plan document's blocks section by section: cut them at their headings
(`sections.split_sections`), hand each section to the reader of its kind, and read every
table by what its header row says, wherever it stands, when the walk reaches it.

A table without a header row, right after a table of the same width (at most one paragraph
between), continues that table: a table broken over a page. Tables and paragraphs are read
in document order, so that what one finds (a tier, an activity, a fact) is known to the next.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from django.utils.translation import gettext as _

from komplan.imports.importers.docx_plan.activities import (
    activities_table,
    read_activities_section,
    read_activity_plan,
)
from komplan.imports.importers.docx_plan.channels import channels_table
from komplan.imports.importers.docx_plan.facts import (
    facts_table,
    read_background,
    read_loose,
    read_purpose,
    read_silent,
    read_untitled,
)
from komplan.imports.importers.docx_plan.goals import read_goals
from komplan.imports.importers.docx_plan.groups import groups_table, read_target_groups
from komplan.imports.importers.docx_plan.messages import messages_table, read_messages
from komplan.imports.importers.docx_plan.reading import Reading
from komplan.imports.importers.docx_plan.registers import risks_table, spokespersons_table
from komplan.imports.importers.docx_plan.revisions import revisions_table
from komplan.imports.importers.docx_plan.sections import Section, split_sections, table_label
from komplan.imports.importers.docxblocks import Block, DocxText, read_blocks
from komplan.imports.importers.draft import ERROR, NOTE, ImportDraft
from komplan.imports.importers.mapping import guess_language
from komplan.imports.importers.plan_words import Table, classify, section_for
from komplan.imports.importers.sheet import SheetRow

__all__ = [
    "READERS",
    "TABLE_READERS",
    "looks_like_plan",
    "plan_from_text",
    "read_plan_docx",
    "read_sections",
    "registers_from_sheets",
]

SectionReader = Callable[[Section, Iterable[Block], Reading], None]
TableReader = Callable[[Table, Callable[[int], str], Reading], None]


def _revisions(table: Table, where: Callable[[int], str], reading: Reading) -> None:
    reading.draft.revisions += revisions_table(table, where)


# The reader of each section `plan_words.section_for` can name.
READERS: dict[str, SectionReader] = {
    "": read_untitled,
    "contents": read_silent,
    "structure": read_silent,
    "assignment": read_loose,
    "dates": read_loose,
    "revisions": read_loose,
    "introduction": read_loose,
    "planning": read_loose,
    "channels": read_loose,
    "background": read_background,
    "purpose": read_purpose,
    "goals": read_goals,
    "target_groups": read_target_groups,
    "messages": read_messages,
    "activities": read_activities_section,
    "activity_plan": read_activity_plan,
    "spokespersons": read_silent,
    "risks": read_silent,
}
# The reader of each kind of table `plan_words.classify` can recognise.
TABLE_READERS: dict[str, TableReader] = {
    "facts": facts_table,
    "revisions": _revisions,
    "groups": groups_table,
    "channels": channels_table,
    "messages": messages_table,
    "activities": activities_table,
    "spokespersons": spokespersons_table,
    "risks": risks_table,
}
# The tables of a workbook's other sheets that are read besides its activity plan.
SHEET_TABLES = ("groups", "messages", "channels", "spokespersons", "risks")


def looks_like_plan(blocks: list[Block]) -> int:
    """How many of the plan's sections and tables the blocks have."""
    found = {section_for(b.title) for b in blocks if b.is_heading}
    found |= {t.kind for b in blocks if b.kind == "table" if (t := classify(b.rows[:3]))}
    return len(found - {""})


def read_plan_docx(data: bytes, *, filename: str = "") -> ImportDraft:
    """Everything the plan document `data` holds that komplan knows how to keep."""
    return plan_from_text(read_blocks(data), filename=filename)


def plan_from_text(text: DocxText, *, filename: str = "") -> ImportDraft:
    """The draft of a plan document's blocks; never raises on any blocks (what it cannot
    read it reports as problems, an error when it finds no register at all)."""
    draft = ImportDraft(kind="plan", filename=filename)
    draft.language = guess_language(
        b.text if b.kind == "p" else " ".join(c.text for r in b.rows[:2] for c in r.cells)
        for b in text.blocks[:400]
    )
    reading = Reading(draft)
    read_sections(text.blocks, reading)
    _finish(reading, text.title)
    return draft


def read_sections(blocks: Iterable[Block], reading: Reading) -> None:
    """Hand each section of `blocks` to its reader, reading the tables in passing."""
    since_table = 0  # paragraphs and headings since the last table

    def walk(section: Section) -> Iterator[Block]:
        nonlocal since_table
        for block in section.blocks:
            if block.kind == "table":
                _table(block, reading, follows_table=since_table <= 1)
                since_table = 0
            else:
                since_table += 1
                yield block

    for section in split_sections(blocks):
        if section.heading is not None:
            since_table += 1
        blocks_left = walk(section)
        READERS.get(section.key, read_loose)(section, blocks_left, reading)
        for _rest in blocks_left:  # a reader that stopped early still has its tables read
            pass


def _table(block: Block, reading: Reading, *, follows_table: bool) -> None:
    rows = [row for row in block.rows if not row.is_empty]
    if not rows:
        return
    found = classify(rows)
    width = max(len(row.cells) for row in rows)
    previous = reading.last_table
    if (
        found is None
        and previous is not None
        and follows_table
        and width == reading.last_table_width
        and previous.kind != "facts"
    ):
        # A table continued after a page break, without its header row.
        found = Table(previous.kind, previous.columns, previous.header, rows)
    if found is None:
        first = " · ".join(c.text for c in rows[0].cells if c.text)[:80]
        reading.draft.problem(
            table_label(block.number, rows[0].number),
            _("This table was not recognised, so it was not imported (it begins “%(text)s”).")
            % {"text": first},
        )
        return
    reading.last_table, reading.last_table_width = found, width

    def where(row: int) -> str:
        return table_label(block.number, row)

    TABLE_READERS[found.kind](found, where, reading)


def registers_from_sheets(draft: ImportDraft, sheets: list[tuple[str, list[SheetRow]]]) -> None:
    """Target groups, messages, channels, spokespersons and risks from the other sheets of a
    workbook whose main sheet is the activity plan (as komplan's own Excel export has them)."""
    reading = Reading(draft)
    for title, rows in sheets:
        rows = [row for row in rows if not row.is_empty]
        table = classify(rows) if rows else None
        if table is None or table.kind not in SHEET_TABLES:
            continue

        def where(row: int, title: str = title) -> str:
            return _("sheet “%(sheet)s”, row %(row)s") % {"sheet": title, "row": row}

        TABLE_READERS[table.kind](table, where, reading)


def _finish(reading: Reading, properties_title: str) -> None:
    """The facts gathered on the way, and what the preview should say about the whole."""
    draft, facts = reading.draft, reading.draft.facts
    facts.background = "\n\n".join(reading.background)
    facts.purpose = "\n\n".join(reading.purpose)
    versions = [r.version for r in draft.revisions if r.version]
    if versions:
        facts.version = versions[-1]
    if not facts.name:
        candidates = [t for t in reading.titles if section_for(t) == ""]
        facts.name = candidates[0] if candidates else properties_title
    for group in draft.groups:
        if group.tier and not any(t.key == group.tier for t in draft.tiers):
            group.tier = ""
    if reading.attachment and not reading.activity_table:
        here, text = reading.attachment
        draft.problem(
            here,
            _(
                "The activity plan is in a separate file (“%(text)s”). Import that file "
                "into the plan afterwards."
            )
            % {"text": text[:120]},
            NOTE,
        )
    if reading.outside:
        shown = ", ".join(reading.outside[:3])
        draft.problem(
            shown,
            _(
                "%(count)s paragraphs are outside the sections komplan reads (project "
                "facts, background, purpose, goals, target groups, messages, channels, "
                "activities) and were not imported."
            )
            % {"count": len(reading.outside)},
            NOTE,
        )
    if not (
        draft.groups
        or draft.messages
        or draft.channels
        or draft.activities
        or draft.spokespersons
        or draft.risks
    ):
        draft.problem(
            "",
            _(
                "No target groups, messages, channels or activities were found. komplan "
                "reads plans whose sections have headings such as “Målgrupper”, "
                "“Budskap”, “Kanaler” and “Aktiviteter”."
            ),
            ERROR,
        )
