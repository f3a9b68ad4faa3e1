"""The activities: a heading per activity under "Aktiviteter", an activity table anywhere,
and the pointer to a separate activity plan under "Aktivitetsplan".

- Under "Aktiviteter" each heading (or bold line) is an activity and the paragraphs below it
  its description, list items marked "– ". Paragraphs before the first activity are outside.
- An activity table is read as an activity sheet is (`sheet.read_activities`). A row whose
  title is an activity already found adds its time, responsible, links, status and (when it
  says more) description to that activity instead of adding another.
- "Se bilaga Aktivitetsplan.xlsx" under "Aktivitetsplan" is kept, so that the preview can say
  the activity plan is a file of its own when the document has no activity table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from komplan.imports.importers.docx_plan.facts import labelled_fact
from komplan.imports.importers.docx_plan.reading import Reading
from komplan.imports.importers.docx_plan.sections import (
    Section,
    is_clarification,
    paragraph_label,
    paragraphs,
)
from komplan.imports.importers.docxblocks import Block
from komplan.imports.importers.draft import ERROR, ActivityDraft, ImportDraft, fold
from komplan.imports.importers.plan_words import ATTACHMENT, Table
from komplan.imports.importers.sheet import read_activities

__all__ = ["activities_table", "read_activities_section", "read_activity_plan"]

_FROM_TABLE = ("time_text", "responsible", "follow_up", "start_date", "end_date")


def read_activities_section(section: Section, blocks: Iterable[Block], reading: Reading) -> None:
    """Add an activity per heading of the section, its paragraphs as its description."""
    for block in blocks:
        if is_clarification(block):
            continue
        if block.is_heading:
            reading.settle()
            title = " ".join(block.title.split())
            activity = ActivityDraft(title=title, where=paragraph_label(block.number))
            reading.draft.activities.append(activity)
            reading.activities_by_title[fold(title)] = activity
            reading.open_activity = activity
        elif reading.open_activity is not None:
            # Collected and joined once (`Reading.settle`): a long activity stays linear.
            reading.open_lines.append(f"– {block.text}" if block.is_list else block.text)
        elif block.level == 0 and not block.italic:
            reading.outside.append(paragraph_label(block.number))
    reading.settle()
    reading.open_activity = None


def activities_table(table: Table, where: Callable[[int], str], reading: Reading) -> None:
    """Add the table's activities, or their details to the activities of the same title."""
    reading.settle()
    reading.activity_table = True
    draft = reading.draft
    found = ImportDraft(kind="activities")
    rows = ([table.header] if table.header else []) + table.body
    read_activities(
        rows,
        found,
        header_row=table.header.number if table.header else None,
        language=reading.language,
        where=where,
    )
    draft.problems += [p for p in found.problems if p.severity != ERROR]
    groups = {fold(g.name): g.name for g in draft.groups}
    for activity in found.activities:
        _groups_from_purpose(activity, groups)
        known = reading.activities_by_title.get(fold(activity.title))
        if known is None:
            draft.activities.append(activity)
            reading.activities_by_title[fold(activity.title)] = activity
            continue
        # The same activity described under its heading: the table adds the details.
        for name in _FROM_TABLE:
            if getattr(activity, name) and not getattr(known, name):
                setattr(known, name, getattr(activity, name))
        for name in ("groups", "channels", "messages"):
            getattr(known, name).extend(getattr(activity, name))
        if activity.description and activity.description not in known.description:
            known.description = f"{known.description}\n\n{activity.description}".strip()
        known.status, known.done_because = activity.status, activity.done_because


def _groups_from_purpose(activity: ActivityDraft, groups: dict[str, str]) -> None:
    """A "Syfte och målgrupp" cell whose last line names only the document's target groups
    ("Enhetschefer, Rektorer", as komplan's own export writes it): that line is the
    activity's groups, not part of its description."""
    if activity.groups or not groups:
        return
    *purpose, last = activity.description.split("\n") or [""]
    names = [name.strip() for name in last.split(",")]
    if names and all(fold(name) in groups for name in names):
        activity.groups = [groups[fold(name)] for name in names]
        activity.description = "\n".join(purpose).strip()


def read_activity_plan(section: Section, blocks: Iterable[Block], reading: Reading) -> None:
    """The first paragraph under "Aktivitetsplan" that points to an attachment is kept."""
    for block in paragraphs(blocks):
        if labelled_fact(block, reading):
            continue
        if ATTACHMENT.search(block.text) and not reading.attachment:
            reading.attachment = (paragraph_label(block.number), block.text)
