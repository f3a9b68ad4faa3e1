"""Helpers the table readers share: a row's values by field, and a description continued
on the rows below its entry."""

from __future__ import annotations

from komplan.imports.importers.docx_plan.reading import Reading
from komplan.imports.importers.draft import ChannelDraft, GroupDraft
from komplan.imports.importers.sheet import SheetRow

__all__ = ["cell_values", "continue_description", "name_cell_continues"]


def cell_values(row: SheetRow, columns: dict[int, str]) -> dict[str, str]:
    """The row's filled cells by the field their column holds."""
    values: dict[str, str] = {}
    for column, name in columns.items():
        if column < len(row.cells):
            text = row.cells[column].text.strip()
            if text:
                values[name] = text
    return values


def name_cell_continues(row: SheetRow, columns: dict[int, str]) -> bool:
    """Whether the row has no name of its own (empty, or a merged cell continued from above),
    so that it continues the entry above it."""
    column = next(c for c, f in columns.items() if f == "name")
    cell = row.cells[column] if column < len(row.cells) else None
    return cell is None or not cell.text or cell.merged == "down"


def continue_description(
    entry: GroupDraft | ChannelDraft, row: SheetRow, columns: dict[int, str], reading: Reading
) -> list[str]:
    """The row's description texts that continue `entry`'s description: each text once (a
    table broken over two pages repeats nothing), merged cells continued from above not."""
    seen = reading.continued.setdefault(id(entry), {entry.description})
    added = []
    for column, name in columns.items():
        if name != "description" or column >= len(row.cells):
            continue
        cell = row.cells[column]
        if cell.text and cell.merged != "down" and cell.text not in seen:
            seen.add(cell.text)
            added.append(cell.text)
    return added
