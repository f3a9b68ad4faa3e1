"""The plan document cut into sections by its headings, and what every section reader shares.

`split_sections(blocks)` is the one place that decides where a section begins and ends:
a heading whose words name a plan section ("3 Målgrupper", "Budskab", "6.1 Activities")
opens that section at its level; deeper headings and bold lines stay inside it; any other
heading at its level or above closes it and opens an unnamed section. A clarification
heading ("Förtydligande") never opens or closes anything. Tables stay in the section they
stand in; the dispatcher reads them by what their header says, wherever they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from komplan.imports.importers.docxblocks import Block
from komplan.imports.importers.draft import fold
from komplan.imports.importers.plan_words import CLARIFICATION, section_for

__all__ = [
    "BOLD_LINE",
    "Section",
    "add_paragraphs",
    "clean_name",
    "is_clarification",
    "paragraph_label",
    "paragraphs",
    "split_sections",
    "table_label",
]

BOLD_LINE = 9  # the level docxblocks gives a short bold line that is not a heading style


@dataclass(slots=True)
class Section:
    """The blocks under one heading: `key` is the plan section it names ("" for none),
    `after` the key of the section it closed."""

    key: str
    level: int
    heading: Block | None
    blocks: list[Block] = field(default_factory=list)
    after: str = ""


def is_clarification(block: Block) -> bool:
    """Whether the block is a heading or bold line saying "Förtydligande" (or the like)."""
    return block.is_heading and fold(block.title) in CLARIFICATION


def split_sections(blocks: Iterable[Block]) -> list[Section]:
    """The blocks in sections, in document order; every block is in exactly one section
    except the headings that open them. The first section, before any heading, is unnamed."""
    current = Section("", 0, None)
    sections = [current]
    for block in blocks:
        if block.is_heading and not is_clarification(block):
            key = section_for(block.title)
            inside = current.key and (block.level > current.level or block.level == BOLD_LINE)
            if key or not (inside or block.level == BOLD_LINE):
                current = Section(key, block.level, block, after=current.key)
                sections.append(current)
                continue
        current.blocks.append(block)
    return sections


def paragraphs(blocks: Iterable[Block]) -> Iterator[Block]:
    """The blocks of an ordinary section read as text: body paragraphs and bold lines, not
    the headings below the section's own nor "Förtydligande"."""
    for block in blocks:
        if block.kind == "p" and block.level in (0, BOLD_LINE) and not is_clarification(block):
            yield block


def paragraph_label(number: int) -> str:
    return _("paragraph %(number)s") % {"number": number}


def table_label(table: int, row: int) -> str:
    return _("table %(table)s, row %(row)s") % {"table": table, "row": row}


_LIST_MARK = re.compile(r"^\s*(?:[-–•*]|\d+[.)])\s+")


def clean_name(text: str) -> str:
    """A name or goal as written, without its list mark ("– ", "3. ") or trailing colon."""
    return " ".join(_LIST_MARK.sub("", text).split()).strip(" :")


def add_paragraphs(text: str, more: Iterable[str], separator: str = "\n\n") -> str:
    """`text` with each of `more` added after `separator`, stripped as
    `f"{text}{separator}{line}".strip()` would leave it line by line, in linear time."""
    pieces: list[str] | None = None
    for line in more:
        if pieces is None:
            pieces = [f"{text}{separator}{line}".strip()]
            continue
        tail = line.rstrip()
        if not tail:
            continue  # stripping takes the separator off again
        if pieces == [""]:
            pieces = [line.strip()]
        else:
            pieces.append(tail)
    return text if pieces is None else separator.join(pieces)
