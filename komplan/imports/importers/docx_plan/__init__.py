"""Read a whole communication plan from a Word document (.docx) shaped like the usual plan.

Sections are found by their headings' words in Swedish, Danish, Norwegian or English (with
or without numbers such as "4.1"), never by their position; tables by the words of their
header row. `dispatch` cuts the document's blocks into sections and hands each to its
reader, one module per part of the plan: `facts` (project facts, background, purpose, the
plan's name), `revisions`, `goals`, `groups` (with the tier definitions; `tiers` keeps the
tiers they share with the messages), `messages`, `channels`, `activities` and `registers`
(the spokespersons and the risks). Every reader
is a plain function over `docxblocks.Block`s that adds what it finds to one `Reading`; none
touches the database or a file.
"""

from __future__ import annotations

from komplan.imports.importers.docx_plan.dispatch import (
    looks_like_plan,
    plan_from_text,
    read_plan_docx,
    registers_from_sheets,
)
from komplan.imports.importers.docx_plan.sections import paragraph_label, table_label
from komplan.imports.importers.plan_words import section_for

__all__ = [
    "looks_like_plan",
    "paragraph_label",
    "plan_from_text",
    "read_plan_docx",
    "registers_from_sheets",
    "section_for",
    "table_label",
]
