"""The project facts: the facts table, facts on lines of their own, background and purpose,
and the plan's name.

- A facts table has a label in its first column ("Projektbeställare", "Diarienummer") and
  the value in the next filled cell. A line such as "Uppdragsstart: 2026-01-15" counts too,
  in any section but the prose ones (background, purpose, messages, activities).
- The first value of a text fact wins; a date is read with the plan's language and a later
  one replaces an earlier one; a date komplan cannot read is reported and left out.
- The paragraphs under "Bakgrund" and "Syfte" are the background and the purpose.
- The plan's name, unless a facts table gives it, is the first heading or bold line before
  any section (not "Kommunikationsplan"), else the title in the document's properties.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.utils.translation import gettext as _

from komplan.imports.importers.docx_plan.reading import Reading
from komplan.imports.importers.docx_plan.sections import (
    BOLD_LINE,
    Section,
    paragraph_label,
    paragraphs,
)
from komplan.imports.importers.docxblocks import Block
from komplan.imports.importers.draft import fold
from komplan.imports.importers.plan_words import DOCUMENT_TYPES, LABELLED, Table, fact_for
from komplan.plans.periods import parse_period

__all__ = [
    "facts_table",
    "labelled_fact",
    "read_background",
    "read_loose",
    "read_purpose",
    "read_silent",
    "read_untitled",
    "set_fact",
]

_LINE_FACTS = ("start_date", "end_date", "diary_number", "client", "funder")


def set_fact(reading: Reading, fact: str, value: str, where: str) -> None:
    """Keep `value` as the plan's `fact` by the rules above."""
    value = " ".join(value.split())
    facts = reading.draft.facts
    if not value:
        return
    if fact in ("start_date", "end_date"):
        period = parse_period(value, reading.language)
        day = period.start if fact == "start_date" else period.end or period.start
        if day is None:
            reading.draft.problem(
                where, _("“%(text)s” is not a date; it was left out.") % {"text": value}
            )
            return
        setattr(facts, fact, day)
        return
    limit = 100 if fact == "diary_number" else 20 if fact == "version" else 300
    if not getattr(facts, fact):
        setattr(facts, fact, value[:limit])


def labelled_fact(block: Block, reading: Reading) -> bool:
    """Whether the paragraph is a fact on a line of its own, which is then kept."""
    match = LABELLED.match(block.text)
    if not match:
        return False
    fact = fact_for(match.group("label"))
    if fact not in _LINE_FACTS:
        return False
    set_fact(reading, fact, match.group("value"), paragraph_label(block.number))
    return True


def facts_table(table: Table, where: Callable[[int], str], reading: Reading) -> None:
    """The facts of a two-column table of labels and values."""
    for row in table.body:
        if len(row.cells) < 2:
            continue
        fact = fact_for(row.cells[0].text)
        value = next((c.text for c in row.cells[1:] if c.text.strip()), "")
        if fact:
            set_fact(reading, fact, value, where(row.number))


def read_background(section: Section, blocks: Iterable[Block], reading: Reading) -> None:
    """Every paragraph of "Bakgrund" is a paragraph of the background."""
    reading.background += [block.text for block in paragraphs(blocks)]


def read_purpose(section: Section, blocks: Iterable[Block], reading: Reading) -> None:
    """Every paragraph of "Syfte" is a paragraph of the purpose."""
    reading.purpose += [block.text for block in paragraphs(blocks)]


def read_loose(section: Section, blocks: Iterable[Block], reading: Reading) -> None:
    """A section whose text komplan does not keep ("Uppdragsinformation", "Kanaler": their
    tables are read): facts on lines of their own, the rest reported as outside."""
    for block in paragraphs(blocks):
        if not labelled_fact(block, reading):
            reading.outside.append(paragraph_label(block.number))


def read_silent(section: Section, blocks: Iterable[Block], reading: Reading) -> None:
    """The table of contents and the plan's structure: facts on lines of their own; the rest
    is what the document says about itself, skipped without a word."""
    for block in paragraphs(blocks):
        labelled_fact(block, reading)


def read_untitled(section: Section, blocks: Iterable[Block], reading: Reading) -> None:
    """Text under no section heading: before the first section (and before any activity),
    headings and bold lines may name the plan; other paragraphs are outside."""
    heading = section.heading
    if (
        heading is not None
        and not section.after
        and not reading.draft.activities
        and fold(heading.title) not in DOCUMENT_TYPES
    ):
        reading.titles.append(heading.title)
    for block in paragraphs(blocks):
        if labelled_fact(block, reading):
            continue
        if block.level == BOLD_LINE and not reading.draft.activities:
            if fold(block.text) not in DOCUMENT_TYPES:
                reading.titles.append(block.text)
        else:
            reading.outside.append(paragraph_label(block.number))
