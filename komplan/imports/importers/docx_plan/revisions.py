"""The revision table ("Revidering/ändring av dokument"): version, date, comment and who
changed it, one revision per filled row, in the table's order. The plan's version is the
last one that names a version; the text around the table is not kept."""

from __future__ import annotations

from collections.abc import Callable

from komplan.imports.importers.docx_plan.common import cell_values
from komplan.imports.importers.draft import RevisionDraft
from komplan.imports.importers.plan_words import Table

__all__ = ["revisions_table"]


def revisions_table(table: Table, where: Callable[[int], str]) -> list[RevisionDraft]:
    """The revisions of the table's filled rows."""
    revisions = []
    for row in table.body:
        values = cell_values(row, table.columns)
        if not any(values.values()):
            continue
        revisions.append(
            RevisionDraft(
                version=values.get("version", ""),
                date=values.get("date", ""),
                comment=values.get("comment", ""),
                changed_by=values.get("changed_by", ""),
                where=where(row.number),
            )
        )
    return revisions
