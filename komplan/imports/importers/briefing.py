"""Read a briefing document: per target group, what it should know and through which channels.

The shape, as communicators write it in Word:

    Verksamhetschefer:                       <- a line naming the group, ending in ":"
    • Projektet sparar tid i handläggningen  <- the points the group should know
    • Ni behöver avsätta tid för workshops
    Förslag på kanaler: APT, intranätet och chefsträffar
    Handläggare:
    Samma sak som en verksamhetschef         <- the group inherits another group's messages

Each distinct point becomes one message addressed to every group that lists it; each
suggested channel reaches the groups that suggest it. Pure: returns an `ImportDraft`.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from komplan.imports.importers.docx_plan import paragraph_label
from komplan.imports.importers.docxblocks import Block, DocxText, read_blocks
from komplan.imports.importers.draft import (
    ERROR,
    ChannelDraft,
    GroupDraft,
    ImportDraft,
    MessageDraft,
    fold,
)
from komplan.imports.importers.mapping import guess_language

__all__ = ["looks_like_briefing", "read_briefing_docx"]

_CHANNEL_WORDS = """förslag på kanaler; förslag på kanal; förslag till kanaler; föreslagna
    kanaler; kanaler; kanal; forslag til kanaler; forslag til kanal; foreslåede kanaler;
    forslag på kanaler; forslag på kanal; foreslåtte kanaler; suggested channels;
    suggested channel; channels; channel"""
_CHANNEL_LABELS = {fold(label) for label in _CHANNEL_WORDS.split(";")}
_LABEL = re.compile(r"^(?P<label>[^:]{3,40}):\s*(?P<rest>.*)$", re.DOTALL)
_BULLET = re.compile(r"^\s*(?:[-–—•·*▪◦●○]|\d{1,2}[.)])\s*")
# "Samma som ovan", "Samme som ovenfor", "Same as above", "Samma sak som en verksamhetschef".
_SAME = re.compile(
    r"^\s*(?:samma|samme|same|likadant|ditto|som ovan|se ovan|as above)\b", re.IGNORECASE
)
_ABOVE = re.compile(
    r"\b(?:ovan|ovanför|ovenfor|ovenover|over|above|föregående|foregående|previous)\b",
    re.IGNORECASE,
)
_CONJUNCTIONS = re.compile(r"\s+(?:och|og|and|samt|&)\s+", re.IGNORECASE)
_PLURAL = ("erna", "arna", "orna", "ene", "erne", "er", "ar", "or", "na", "ne", "s", "e")
MAX_GROUP_LINE = 150


def _channel_list(text: str) -> list[str]:
    """The channels of a list such as "APT, intranätet och chefsträffar"."""
    names = []
    for piece in re.split(r"[,;\n]", text):
        for part in _CONJUNCTIONS.split(piece):
            name = _BULLET.sub("", part).strip(" .:")
            if name:
                names.append(name)
    return names


def _channel_label(text: str) -> tuple[bool, str]:
    match = _LABEL.match(text)
    if match and fold(match.group("label")) in _CHANNEL_LABELS:
        return True, match.group("rest").strip()
    return False, ""


def _group_line(block: Block) -> str:
    """The group a line names ("Verksamhetschefer:"), or ""."""
    text = block.text.strip()
    if not text.endswith(":") or len(text) > MAX_GROUP_LINE or _BULLET.match(text):
        return ""
    if block.is_list and not block.bold:
        return ""
    name = text[:-1].strip(" *")
    return "" if not fold(name) or _channel_label(text)[0] else name


def _stems(name: str) -> set[str]:
    key = fold(name)
    stems = {key}
    for ending in _PLURAL:
        if key.endswith(ending) and len(key) - len(ending) >= 4:
            stems.add(key[: -len(ending)])
    for part in re.split(r"\s+(?:och|og|and)\s+|/", key):  # "Verksamhetsspecialister/handläggare"
        part = part.strip()
        if len(part) >= 4:
            stems.add(part)
            for ending in _PLURAL:
                if part.endswith(ending) and len(part) - len(ending) >= 4:
                    stems.add(part[: -len(ending)])
    return stems


def looks_like_briefing(blocks: list[Block]) -> int:
    """How many lines of the blocks suggest channels for a group."""
    return sum(1 for b in blocks if b.kind == "p" and _channel_label(b.text)[0])


def read_briefing_docx(data: bytes, *, filename: str = "") -> ImportDraft:
    """The groups, messages and channels of the briefing document `data`."""
    return briefing_from_text(read_blocks(data), filename=filename)


def briefing_from_text(text: DocxText, *, filename: str = "") -> ImportDraft:
    draft = ImportDraft(kind="briefing", filename=filename)
    draft.language = guess_language(b.text for b in text.blocks[:400] if b.kind == "p")
    groups: list[GroupDraft] = []
    messages: dict[str, MessageDraft] = {}
    channels: dict[str, ChannelDraft] = {}
    group: GroupDraft | None = None
    in_channels = False
    title = ""
    same: list[tuple[GroupDraft, str, str]] = []
    # The groups each channel reaches and each message is addressed to, as sets: a channel
    # that every group suggests would otherwise be searched once per group.
    reached: dict[str, set[str]] = {}
    addressed: dict[str, set[str]] = {}
    for block in text.blocks:
        here = paragraph_label(block.number)
        if block.kind == "table":
            draft.problem(
                _("table %(number)s") % {"number": block.number},
                _("Tables are not read in a briefing document; this one was skipped."),
            )
            continue
        name = _group_line(block)
        if name:
            group = GroupDraft(name=name, where=here)
            groups.append(group)
            in_channels = False
            continue
        if group is None:
            if not title and block.level:
                title = block.text
            continue
        is_label, rest = _channel_label(block.text)
        if is_label or (in_channels and (block.is_list or _BULLET.match(block.text))):
            in_channels = not (is_label and rest)
            for channel_name in _channel_list(rest if is_label else block.text):
                key = fold(channel_name)
                channel = channels.setdefault(key, ChannelDraft(channel_name, where=here))
                if group.name not in reached.setdefault(key, set()):
                    reached[key].add(group.name)
                    channel.groups.append(group.name)
            continue
        in_channels = False
        point = _BULLET.sub("", block.text).strip()
        if _SAME.match(point):
            same.append((group, point, here))
            continue
        key = fold(point)
        if not key:
            continue
        message = messages.setdefault(key, MessageDraft(point, where=here))
        if group.name not in addressed.setdefault(key, set()):
            addressed[key].add(group.name)
            message.groups.append(group.name)
    for inheritor, said, here in same:
        _inherit(draft, groups, inheritor, said, here)
    draft.groups = groups
    draft.messages = list(messages.values())
    draft.channels = list(channels.values())
    draft.facts.name = title
    if not groups:
        draft.problem(
            "",
            _(
                "No target group was found. A briefing names each group on a line of its own "
                "that ends with a colon, such as “Verksamhetschefer:”, followed by the points "
                "as a bulleted list."
            ),
            ERROR,
        )
    # The groups with a point, once: asking every message for every group grew with their
    # product (about 3 s for a briefing of 5,000 groups).
    with_points = {name for message in draft.messages for name in message.groups}
    for group in groups:
        if group.name not in with_points and not group.inherits_from:
            draft.problem(
                group.where,
                _("The group “%(name)s” has no points and inherits from no other group.")
                % {"name": group.name},
            )
    return draft


def _inherit(
    draft: ImportDraft, groups: list[GroupDraft], group: GroupDraft, text: str, here: str
) -> None:
    """Inheritance: "Samma som ovan" from the group above; "Samma sak som en verksamhetschef och
    handläggare" from the groups it names."""
    key = fold(text)
    named = []
    for other in groups:
        if other is group:
            continue
        if any(re.search(rf"\b{re.escape(stem)}", key) for stem in _stems(other.name)):
            named.append(other.name)
    if not named and _ABOVE.search(text):
        index = groups.index(group)
        named = [groups[index - 1].name] if index > 0 else []
    if not named:
        draft.problem(
            here,
            _("“%(text)s” names no group of this document, so “%(name)s” inherits nothing.")
            % {"text": text, "name": group.name},
        )
        return
    for name in named:
        if name not in group.inherits_from:
            group.inherits_from.append(name)
