"""The messages: the numbered paragraphs under "Budskap", or a message table.

- A heading below "Budskap" (or a bold line) names the tier the messages under it address
  ("4.2 Primärintressenter"); one that names no tier addresses them to none.
- A message is a numbered paragraph ("3. Du får stöd hela vägen.") or an item of a list
  Word numbers; those are numbered on from the message before, through the tiers. An italic
  end ("Även till: Servicecenter.") or a line "Till: …" after it addresses single groups.
- After "Förtydligande" (a heading, a bold line or a label ending a line) the paragraphs
  clarify the messages above them: "3. …" clarifies message 3, the others the block's first
  message (with a note when the block has several). A new message ends the clarification.
- A message table has the number, the text, and perhaps the clarification, tier and groups.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from komplan.imports.importers.docx_plan.common import cell_values
from komplan.imports.importers.docx_plan.reading import Reading
from komplan.imports.importers.docx_plan.sections import (
    Section,
    add_paragraphs,
    is_clarification,
    paragraph_label,
)
from komplan.imports.importers.docx_plan.tiers import heading_tier, tier_key
from komplan.imports.importers.docxblocks import Block
from komplan.imports.importers.draft import NOTE, MessageDraft, fold
from komplan.imports.importers.plan_words import (
    CLARIFICATION,
    CLARIFICATION_LINE,
    MESSAGE,
    TO_GROUPS,
    Table,
)
from komplan.imports.importers.sheet import split_names

__all__ = ["messages_table", "read_messages"]


@dataclass(slots=True)
class _Block:
    """The messages under one tier heading (or since the last clarification), and what
    clarifies them."""

    tier: str = ""
    messages: list[MessageDraft] = field(default_factory=list)
    numbers: set[int] = field(default_factory=set)
    clarifying: bool = False
    clarifications: list[tuple[int | None, str, str]] = field(default_factory=list)


def read_messages(section: Section, blocks: Iterable[Block], reading: Reading) -> None:
    """Add the messages of the section to the draft by the rules above; paragraphs that are
    neither messages nor clarifications are outside."""
    current = _Block()
    for block in blocks:
        if is_clarification(block):
            current.clarifying = True
        elif block.is_heading:
            tier = heading_tier(reading.draft.tiers, block.title, paragraph_label(block.number))
            _end(current, reading)
            current = _Block(tier=tier)
        else:
            current = _paragraph(block, current, reading)
    _end(current, reading)


def _paragraph(block: Block, current: _Block, reading: Reading) -> _Block:
    """Read one paragraph; the block it leaves open (a new one when it ended the last)."""
    text, here = block.text, paragraph_label(block.number)
    label = CLARIFICATION_LINE.match(text)
    if label and fold(label.group("label")) in CLARIFICATION:
        current.clarifying = True
        if label.group("text"):
            current.clarifications.append((None, label.group("text"), here))
        return current
    match = MESSAGE.match(text)
    if current.clarifying:
        if match and int(match.group(1)) in current.numbers:
            current.clarifications.append((int(match.group(1)), match.group(2), here))
            return current
        if not (match or block.is_list):
            current.clarifications.append((None, text, here))
            return current
        _end(current, reading)
        current = _Block(tier=current.tier)
    to_groups = TO_GROUPS.match(text)
    if to_groups and current.messages:
        current.messages[-1].groups += split_names(to_groups.group("groups"))
    elif match or block.is_list:
        current.messages.append(_message(block, match, current.tier, reading))
        if current.messages[-1].number is not None:
            current.numbers.add(current.messages[-1].number)
    elif current.messages:
        current.clarifications.append((None, text, here))
    else:
        reading.outside.append(here)
    return current


def _message(
    block: Block, match: re.Match[str] | None, tier: str, reading: Reading
) -> MessageDraft:
    messages = reading.draft.messages
    body = match.group(2) if match else block.text
    groups: list[str] = []
    trailing = block.trailing_italic
    if trailing and body.endswith(trailing) and (found := TO_GROUPS.match(trailing)):
        groups = split_names(found.group("groups"))
        body = body[: -len(trailing)].strip()
    if match:
        number = int(match.group(1))
    else:
        # Numbered by Word: messages are numbered on through the tiers, as in the plan.
        last = next((m.number for m in reversed(messages) if m.number is not None), None)
        number = (last if last is not None else len(messages)) + 1
    message = MessageDraft(
        text=body,
        tiers=[tier] if tier else [],
        groups=groups,
        number=number,
        where=paragraph_label(block.number),
    )
    messages.append(message)
    return message


def _end(current: _Block, reading: Reading) -> None:
    """Give the block's clarifications to its messages: a numbered one to that message, the
    others to the block's first message."""
    by_number = {m.number: m for m in current.messages if m.number is not None}
    numbered: dict[int, list[str]] = {}
    loose: list[tuple[str, str]] = []
    for number, text, where in current.clarifications:
        if number is None:
            loose.append((text, where))
        elif number in by_number:
            numbered.setdefault(number, []).append(text)
    for number, texts in numbered.items():
        message = by_number[number]
        message.clarification = add_paragraphs(message.clarification, texts)
    if loose and current.messages:
        first = current.messages[0]
        text = "\n\n".join(text for text, _where in loose)
        first.clarification = f"{first.clarification}\n\n{text}".strip()
        if len(current.messages) > 1:
            numbers = [m.number for m in current.messages if m.number is not None]
            reading.draft.problem(
                loose[0][1],
                _(
                    "This clarification follows messages %(first)s–%(last)s together; "
                    "komplan keeps it with message %(first)s. Move it if it belongs to "
                    "another."
                )
                % {
                    "first": numbers[0] if numbers else 1,
                    "last": numbers[-1] if numbers else len(current.messages),
                },
                NOTE,
            )


def messages_table(table: Table, where: Callable[[int], str], reading: Reading) -> None:
    """Add the messages of a message table, one per row with a text."""
    draft = reading.draft
    for row in table.body:
        values = cell_values(row, table.columns)
        text = values.get("text", "")
        if not text:
            continue
        number = values.get("number", "").strip(" .")
        # "Kärnintressenter, Primärintressenter": a message addressed to several tiers.
        tiers: list[str] = []
        for name in split_names(values.get("tier", "")):
            tier = tier_key(draft.tiers, name, where(row.number))
            if tier and tier not in tiers:
                tiers.append(tier)
        draft.messages.append(
            MessageDraft(
                text=text,
                clarification=values.get("clarification", ""),
                tiers=tiers,
                groups=split_names(values.get("groups", "")),
                number=int(number) if number.isdigit() else None,
                where=where(row.number),
            )
        )
