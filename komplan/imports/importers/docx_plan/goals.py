"""The communication goals: each paragraph under "Kommunikationsmål" is a goal, without its
list mark, except a line ending in ":" that introduces them ("Målen är:") and facts on lines
of their own."""

from __future__ import annotations

from collections.abc import Iterable

from komplan.imports.importers.docx_plan.facts import labelled_fact
from komplan.imports.importers.docx_plan.reading import Reading
from komplan.imports.importers.docx_plan.sections import (
    Section,
    clean_name,
    paragraph_label,
    paragraphs,
)
from komplan.imports.importers.docxblocks import Block
from komplan.imports.importers.draft import GoalDraft

__all__ = ["read_goals"]


def read_goals(section: Section, blocks: Iterable[Block], reading: Reading) -> None:
    """Add the section's goals to the draft."""
    for block in paragraphs(blocks):
        if labelled_fact(block, reading) or block.text.endswith(":"):
            continue
        reading.draft.goals.append(GoalDraft(clean_name(block.text), paragraph_label(block.number)))
