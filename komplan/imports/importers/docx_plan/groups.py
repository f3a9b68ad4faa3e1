"""The target groups: the group table and the tier definitions written above it.

- A group table names each group in a row: name, internal/external, priority (a tier, read
  with typos such as "Kärntressent"), description, and perhaps the groups whose messages it
  also gets ("Får samma budskap som: Handläggare", in its own column or ending the
  description). A row without a name continues the description of the group above it.
- Under "Målgrupper", a line such as "Kärnintressenter – intressenter med beslutande roller"
  defines a tier; "Definition av prioritet:" introduces them. Other paragraphs are outside.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.utils.translation import gettext as _

from komplan.imports.importers.docx_plan.common import (
    cell_values,
    continue_description,
    name_cell_continues,
)
from komplan.imports.importers.docx_plan.facts import labelled_fact
from komplan.imports.importers.docx_plan.reading import Reading
from komplan.imports.importers.docx_plan.sections import (
    Section,
    add_paragraphs,
    clean_name,
    paragraph_label,
    paragraphs,
)
from komplan.imports.importers.docx_plan.tiers import add_tier, tier_key
from komplan.imports.importers.docxblocks import Block
from komplan.imports.importers.draft import GroupDraft, fold
from komplan.imports.importers.mapping import read_reach, read_tier, tier_slot
from komplan.imports.importers.plan_words import DEFINITION, INHERITS, Table
from komplan.imports.importers.sheet import split_names

__all__ = ["groups_table", "read_target_groups", "tier_definition"]


def groups_table(table: Table, where: Callable[[int], str], reading: Reading) -> None:
    """Add the table's groups to the draft, each with what komplan could not read reported."""
    draft = reading.draft
    continued: dict[int, tuple[GroupDraft, list[str]]] = {}
    for row in table.body:
        if name_cell_continues(row, table.columns) and draft.groups:
            # A row that only continues the description of the group above it (a table
            # broken over two pages, or a merged name cell).
            group = draft.groups[-1]
            lines = continue_description(group, row, table.columns, reading)
            continued.setdefault(id(group), (group, []))[1].extend(lines)
            continue
        values = cell_values(row, table.columns)
        here = where(row.number)
        name = clean_name(values.get("name", ""))
        if not name:
            continue
        description = values.get("description", "")
        inherits = split_names(values.get("inherits", ""))
        match = INHERITS.search(description)
        if match:
            inherits += split_names(match.group("groups"))
            description = description[: match.start()].strip()
        group = GroupDraft(name=name, description=description, inherits_from=inherits, where=here)
        reach_text = values.get("reach", "")
        group.reach = read_reach(reach_text)
        if reach_text and not group.reach:
            draft.problem(
                here,
                _("“%(text)s” says neither internal nor external; the group is internal.")
                % {"text": reach_text},
            )
        tier_text = values.get("tier", "")
        if tier_text and fold(tier_text) not in ("", "–", "-"):
            group.tier = tier_key(draft.tiers, tier_text, here)
            if not group.tier:
                draft.problem(
                    here,
                    _("The priority “%(text)s” matches no tier; the group has none.")
                    % {"text": tier_text},
                )
        draft.groups.append(group)
    for group, lines in continued.values():
        group.description = add_paragraphs(group.description, lines, " ")


def tier_definition(block: Block, reading: Reading) -> bool:
    """Whether the paragraph defines a tier ("Kärnintressenter – intressenter med…"), which
    is then added or given its definition."""
    match = DEFINITION.match(block.text)
    if not match:
        return False
    tiers = reading.draft.tiers
    name = match.group("name").strip(" *")
    if not tier_slot(name) and not read_tier(name, [(t.key, t.name) for t in tiers]):
        return False
    add_tier(tiers, name, match.group("definition").strip(), paragraph_label(block.number))
    return True


def read_target_groups(section: Section, blocks: Iterable[Block], reading: Reading) -> None:
    """The text of "Målgrupper": tier definitions and facts; other paragraphs are outside."""
    for block in paragraphs(blocks):
        if labelled_fact(block, reading) or tier_definition(block, reading):
            continue
        if not fold(block.text).startswith(("definition", "definisjon")):
            reading.outside.append(paragraph_label(block.number))
