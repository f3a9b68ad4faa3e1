"""The communication goals: each paragraph under "Kommunikationsmål" is a goal, without its
list mark, except a line ending in ":" that introduces them ("Målen är:") and facts on lines
of their own."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation

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
        text = clean_name(block.text)
        goal = GoalDraft(text, paragraph_label(block.number))
        _target_in_parenthesis(goal)
        reading.draft.goals.append(goal)


# How komplan's own export writes a goal's target after its text: "(60 procent, senast
# 2027-10-31)", "(150 föreningar)", "(by 2027-06-30)"; the words for "by" of the four
# languages (exports.labels' "goal_by").
_TARGET = re.compile(
    r"\s*\((?:(?P<value>\d+(?:[.,]\d+)?)(?:\s+(?P<unit>[^,()]{1,40}))?)?"
    r"(?:(?(value),\s*)(?:senast|senest|innen|by)\s+(?P<deadline>\d{4}-\d{2}-\d{2}))?\)$"
)


def _target_in_parenthesis(goal: GoalDraft) -> None:
    """The target value, unit and deadline komplan's export wrote after the goal's text."""
    match = _TARGET.search(goal.text)
    if not match or not (match.group("value") or match.group("deadline")):
        return
    try:
        value = Decimal(match.group("value").replace(",", ".")) if match.group("value") else None
        deadline = date.fromisoformat(match.group("deadline")) if match.group("deadline") else None
    except (InvalidOperation, ValueError):
        return
    goal.text = goal.text[: match.start()].rstrip()
    goal.target_value, goal.deadline = value, deadline
    goal.unit = (match.group("unit") or "").strip()
