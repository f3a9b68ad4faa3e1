"""The channels: the channel table (name, description, responsible, internal/external,
cadence, the groups it reaches). A row without a name continues the description of the
channel above it. The text under "Kanaler" is not kept (see `facts.read_loose`)."""

from __future__ import annotations

from collections.abc import Callable

from komplan.imports.importers.docx_plan.common import (
    cell_values,
    continue_description,
    name_cell_continues,
)
from komplan.imports.importers.docx_plan.reading import Reading
from komplan.imports.importers.docx_plan.sections import add_paragraphs, clean_name
from komplan.imports.importers.draft import ChannelDraft
from komplan.imports.importers.mapping import read_reach
from komplan.imports.importers.plan_words import Table
from komplan.imports.importers.sheet import split_names

__all__ = ["channels_table"]


def channels_table(table: Table, where: Callable[[int], str], reading: Reading) -> None:
    """Add the table's channels to the draft."""
    channels = reading.draft.channels
    continued: dict[int, tuple[ChannelDraft, list[str]]] = {}
    for row in table.body:
        if name_cell_continues(row, table.columns) and channels:
            channel = channels[-1]
            lines = continue_description(channel, row, table.columns, reading)
            continued.setdefault(id(channel), (channel, []))[1].extend(lines)
            continue
        values = cell_values(row, table.columns)
        name = clean_name(values.get("name", ""))
        if not name:
            continue
        channels.append(
            ChannelDraft(
                name=name,
                description=values.get("description", ""),
                responsible=values.get("responsible", ""),
                reach=read_reach(values.get("reach", "")),
                cadence=values.get("cadence", ""),
                groups=split_names(values.get("groups", "")),
                where=where(row.number),
            )
        )
    for channel, lines in continued.values():
        channel.description = add_paragraphs(channel.description, lines, " ")
