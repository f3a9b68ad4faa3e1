"""What the section readers have found so far: the draft, and the little that crosses
sections (paragraphs outside every section, the activities by title, what goes into the
project facts at the end).

The readers are plain functions over blocks that add what they find to one `Reading`; there
is no ORM, no file and no global state, so each can be run on a hand-made list of blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from komplan.imports.importers.docx_plan.sections import add_paragraphs
from komplan.imports.importers.draft import ActivityDraft, ImportDraft
from komplan.imports.importers.plan_words import Table

__all__ = ["Reading"]


@dataclass(slots=True, eq=False)
class Reading:
    """A plan being read: `draft` gets the entries as they are found, in document order."""

    draft: ImportDraft
    outside: list[str] = field(default_factory=list)  # where: paragraphs komplan skipped
    titles: list[str] = field(default_factory=list)  # the plan's name, perhaps
    background: list[str] = field(default_factory=list)
    purpose: list[str] = field(default_factory=list)
    attachment: tuple[str, str] | None = None  # "Se bilaga Aktivitetsplan.xlsx", and where
    activity_table: bool = False
    activities_by_title: dict[str, ActivityDraft] = field(default_factory=dict)
    # The activity whose description lines are still being collected, and those lines.
    open_activity: ActivityDraft | None = None
    open_lines: list[str] = field(default_factory=list)
    # Continued descriptions: the texts already given to each group or channel (by id).
    continued: dict[int, set[str]] = field(default_factory=dict)
    last_table: Table | None = None
    last_table_width: int = 0

    @property
    def language(self) -> str:
        return self.draft.language or "sv"

    def settle(self) -> None:
        """Write the open activity's collected lines into its description (once, joined)."""
        if self.open_activity is not None and self.open_lines:
            activity = self.open_activity
            activity.description = add_paragraphs(activity.description, self.open_lines)
        self.open_lines = []
