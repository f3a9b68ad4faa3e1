"""Read a briefing document: per target group, what it should know and through which channels.

The shape, as communicators write it in Word:

    Verksamhetschefer:                       <- a line naming the group, ending in ":"
    • Projektet sparar tid i handläggningen  <- the points the group should know
    • Ni behöver avsätta tid för workshops
    Förslag på kanaler: APT, intranätet och chefsträffar
    Handläggare:
    Samma sak som en verksamhetschef         <- the group inherits another group's messages
    Förslag på kanaler: Samma som ovan       <- the group gets the channels of the one above

Each distinct point becomes one message addressed to every group that lists it; each
suggested channel reaches the groups that suggest it. The channels sentence is prose, read by
`channel_words.split_channels`: one channel per channel named, however it is written, and
what a parenthesis says about it kept in the channel's description (the plan has no note on
the link between a channel and a group).

The structure around the groups is read too, and never imported as an entry: introductory
sentences, section headings that say whether the groups under them are internal or external
("Externa målgrupper", "Eksterne målgrupper", "External audiences"), and priority markers
("Prioritet 1", "Priority 2", or groups numbered "1.", "2.", "3.") that set the groups' tier.
Pure: returns an `ImportDraft`.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from komplan.imports.importers.channel_words import channel_key, split_channels
from komplan.imports.importers.docx_plan import paragraph_label
from komplan.imports.importers.docxblocks import Block, DocxText, read_blocks
from komplan.imports.importers.draft import (
    ERROR,
    ChannelDraft,
    GroupDraft,
    ImportDraft,
    MessageDraft,
    TierDraft,
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
    r"^\s*(?:(?:det|the|precis|exakt|akkurat|præcis|just)\s+)?"
    r"(?:samma|samme|same|likadant|ditto|som ovan|se ovan|as above)\b",
    re.IGNORECASE,
)
# The "same as" phrase before the names of the groups it points to, on folded text.
_SAME_PHRASE = re.compile(
    r"^(?:(?:det|the|precis|exakt|akkurat|praecis|just) )?(?:samma|samme|same)"
    r"(?: (?:sak|ting|thing))?(?: (?:som|as))?(?: (?:for|the|en|ett|et|ei|a|an))?\s*"
)
_NAMES_APART = re.compile(r"\s*,\s*|\s+(?:och|og|and|samt|eller|or)\s+")
_ABOVE = re.compile(
    r"\b(?:ovan|ovanför|ovenfor|ovenover|over|above|föregående|foregående|previous)\b",
    re.IGNORECASE,
)
_PLURAL = ("erna", "arna", "orna", "ene", "erne", "er", "ar", "or", "na", "ne", "s", "e")
MAX_GROUP_LINE = 150
MAX_GROUP_WORDS = 8  # a longer line ending in ":" introduces, it does not name a group

# The structure around the groups, matched on folded lines (see `fold`).
_AUDIENCES = r"(?:malgrupp\w*|audiences?|target groups?|stakeholders?|intressent\w*|interessent\w*)"
_REACH_HEADING = re.compile(rf"^(?P<reach>extern\w*|ekstern\w*|intern\w*) {_AUDIENCES}$")
_SECTION_HEADING = re.compile(rf"^(?:{_AUDIENCES}|{_AUDIENCES} (?:och|og|and) \w+)$")
_PRIORITY = re.compile(r"^(?:prioritet|prioritering|priority|prio)(?: nr)? ?(?P<n>[1-3])$")
_PRIORITY_IN_NAME = re.compile(
    r"\s*(?:[(\[]\s*|[–—-]\s+|,\s*)(?:prioritet|priority|prio)\s*(?P<n>[1-3])\s*[)\]]?\s*$",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"^\s*(?P<n>\d{1,2})[.)]\s+(?P<rest>\S.*)$", re.DOTALL)
_INTRO = re.compile(
    r"^(?:nedan|foljande|har (?:foljer|finns|beskrivs|ar)|i (?:detta|det har) dokument"
    r"|nedenfor|folgende|herunder|her (?:folger|er|kommer|beskrives|finner)"
    r"|i (?:dette|denne) dokument|below|the following|here (?:are|is|follow)|this document)\b"
)
_TIER_SLOTS = {1: "core", 2: "primary", 3: "secondary"}
_PRIORITY_WORD = {"en": "Priority"}  # "Prioritet" in sv, da and nb


def _channel_label(text: str) -> tuple[bool, str]:
    match = _LABEL.match(text)
    if match and fold(match.group("label")) in _CHANNEL_LABELS:
        return True, match.group("rest").strip()
    return False, ""


def _numbered_tiers(blocks: list[Block]) -> bool:
    """Whether the numbers before the group lines ("1. Verksamhetschefer:") are priorities:
    only when none is above 3; a list numbered 1 to 22 only counts."""
    numbers = []
    for block in blocks:
        match = _NUMBERED.match(block.text.strip())
        if block.kind == "p" and match and block.text.strip().endswith(":"):
            numbers.append(int(match.group("n")))
    return bool(numbers) and max(numbers) <= 3


def _group_line(block: Block, numbered_tiers: bool = False) -> tuple[str, int]:
    """The group a line names ("Verksamhetschefer:", "2. Handläggare (prioritet 2):") and
    the priority it gives it (0 for none), or ("", 0)."""
    text = block.text.strip()
    if not text.endswith(":") or len(text) > MAX_GROUP_LINE:
        return "", 0
    priority = 0
    numbered = _NUMBERED.match(text)
    if numbered:
        text = numbered.group("rest")
        priority = int(numbered.group("n")) if numbered_tiers else 0
    elif _BULLET.match(text) or (block.is_list and not block.bold):
        return "", 0
    name = text[:-1].strip(" *")
    marked = _PRIORITY_IN_NAME.search(name)
    if marked:
        priority, name = int(marked.group("n")), name[: marked.start()].strip()
    key = fold(name)
    if not key or _channel_label(text)[0] or len(key.split()) > MAX_GROUP_WORDS:
        return "", 0
    if _INTRO.match(key) or _structure(name)[0]:
        return "", 0
    return name, priority


def _structure(text: str) -> tuple[str, str | int]:
    """What a line says about the groups under it: ("reach", "internal"/"external"),
    ("tier", 1-3), ("section", "") for a heading such as "Målgrupper", or ("", "")."""
    key = fold(_BULLET.sub("", text))
    reach = _REACH_HEADING.match(key)
    if reach:
        word = reach.group("reach")
        return "reach", "internal" if word.startswith("int") else "external"
    priority = _PRIORITY.match(key)
    if priority:
        return "tier", int(priority.group("n"))
    if _SECTION_HEADING.match(key):
        return "section", ""
    return "", ""


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


class _Reading:
    """What has been read so far, and the section the next group belongs to."""

    def __init__(self, draft: ImportDraft) -> None:
        self.draft = draft
        self.groups: list[GroupDraft] = []
        self.messages: dict[str, MessageDraft] = {}
        self.channels: dict[str, ChannelDraft] = {}  # by channel_key
        self.notes: dict[str, list[str]] = {}  # channel key -> "Group: what the note says"
        self.same: list[tuple[GroupDraft, str, str]] = []  # a point "Samma som ovan"
        self.copies: list[tuple[GroupDraft, list[tuple[str, str]], str]] = []  # channels
        self.tiers: dict[int, TierDraft] = {}
        # The groups each channel reaches and each message is addressed to, as sets: a
        # channel that every group suggests would otherwise be searched once per group.
        self.reached: dict[str, set[str]] = {}
        self.addressed: dict[str, set[str]] = {}

    def tier(self, priority: int, name: str, where: str) -> str:
        """The key of the tier of `priority` (1 is the core tier), "" for 0."""
        if not priority:
            return ""
        if priority not in self.tiers:
            word = _PRIORITY_WORD.get(self.draft.language, "Prioritet")
            self.tiers[priority] = TierDraft(
                name or f"{word} {priority}", slot=_TIER_SLOTS[priority], where=where
            )
        return self.tiers[priority].key

    def reach(self, channel: ChannelDraft, key: str, group: GroupDraft) -> None:
        if group.name not in self.reached.setdefault(key, set()):
            self.reached[key].add(group.name)
            channel.groups.append(group.name)

    def suggest(self, group: GroupDraft, text: str, here: str) -> None:
        """The channels a sentence suggests for `group`; "Samma som ovan" copies those of
        the groups it names once every group is read."""
        found = split_channels(text)
        if _SAME.match(text):
            self.copies.append((group, found, here))
            return
        for name, note in found:
            self.add_channel(group, name, note, here)

    def add_channel(self, group: GroupDraft, name: str, note: str, here: str) -> None:
        key = channel_key(name)
        channel = self.channels.setdefault(key, ChannelDraft(name, where=here))
        self.reach(channel, key, group)
        if note:
            line = f"{group.name}: {note}"
            if line not in self.notes.setdefault(key, []):
                self.notes[key].append(line)

    def point(self, group: GroupDraft, point: str, here: str) -> None:
        if _SAME.match(point):
            self.same.append((group, point, here))
            return
        key = fold(point)
        if not key:
            return
        message = self.messages.setdefault(key, MessageDraft(point, where=here))
        if group.name not in self.addressed.setdefault(key, set()):
            self.addressed[key].add(group.name)
            message.groups.append(group.name)


def briefing_from_text(text: DocxText, *, filename: str = "") -> ImportDraft:
    draft = ImportDraft(kind="briefing", filename=filename)
    draft.language = guess_language(b.text for b in text.blocks[:400] if b.kind == "p")
    read = _Reading(draft)
    numbered_tiers = _numbered_tiers(text.blocks)
    group: GroupDraft | None = None
    fresh = False  # the group has nothing yet: a "Prioritet 1" line under it is its own
    in_channels = False
    title = ""
    reach, priority = "", 0  # of the section being read
    for block in text.blocks:
        here = paragraph_label(block.number)
        if block.kind == "table":
            draft.problem(
                _("table %(number)s") % {"number": block.number},
                _("Tables are not read in a briefing document; this one was skipped."),
            )
            continue
        line = block.text.strip()
        kind, value = _structure(line)
        if kind == "tier" and group is not None and fresh and not line.endswith(":"):
            group.tier = read.tier(int(value), _BULLET.sub("", line).strip(), here)
            continue
        if kind:
            if kind == "reach":
                reach, priority = str(value), 0
            elif kind == "tier":
                priority = int(value)
                read.tier(priority, line.rstrip(":").strip(), here)
            group, in_channels = None, False
            continue
        name, own = _group_line(block, numbered_tiers)
        if name:
            group = GroupDraft(name=name, where=here, reach=reach)
            group.tier = read.tier(own or priority, "", here)
            read.groups.append(group)
            fresh, in_channels = True, False
            continue
        if group is None:
            if not title and block.level:
                title = block.text
            continue
        is_label, rest = _channel_label(block.text)
        if is_label or (in_channels and (block.is_list or _BULLET.match(block.text))):
            in_channels = not (is_label and rest)
            read.suggest(group, rest if is_label else block.text, here)
            fresh = False
            continue
        in_channels = False
        if line.endswith(":"):
            continue  # a sentence leading into the points, not a point
        read.point(group, _BULLET.sub("", block.text).strip(), here)
        fresh = False
    _finish(draft, read, title)
    return draft


def _finish(draft: ImportDraft, read: _Reading, title: str) -> None:
    groups = read.groups
    for inheritor, said, here in read.same:
        _inherit(draft, groups, inheritor, said, here)
    _copy_channels(draft, read)
    for key, lines in read.notes.items():
        read.channels[key].description = "\n".join(lines)
    draft.groups = groups
    draft.messages = list(read.messages.values())
    draft.channels = list(read.channels.values())
    draft.tiers = [read.tiers[n] for n in sorted(read.tiers)]
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


def _named(groups: list[GroupDraft], group: GroupDraft, text: str) -> list[GroupDraft]:
    """The groups "Samma sak som en verksamhetschef och handläggare" names, else the one
    above for "Samma som ovan"; [] when it names none."""
    key = fold(text)
    named = [
        other
        for other in groups
        if other is not group
        and any(re.search(rf"\b{re.escape(stem)}", key) for stem in _stems(other.name))
    ]
    # A name said by its first words: "Samma som privatpersoner" for "Privatpersoner som
    # söker bygglov".
    for part in _NAMES_APART.split(_SAME_PHRASE.sub("", key)):
        if len(part) < 4 or any(_says(part, other) for other in named):
            continue
        for other in groups:
            if other is not group and other not in named and _starts_with(other.name, part):
                named.append(other)
                break
    if not named and _ABOVE.search(text):
        index = groups.index(group)
        named = [groups[index - 1]] if index > 0 else []
    return named


def _says(part: str, group: GroupDraft) -> bool:
    return any(re.search(rf"\b{re.escape(stem)}", part) for stem in _stems(group.name))


def _starts_with(name: str, part: str) -> bool:
    """Whether the group's name begins with the words of `part` (either in any of its
    forms: "privatpersonerna", "privatperson")."""
    key = fold(name)
    return any(key == stem or key.startswith(stem + " ") for stem in _stems(part) | {part})


def _inherit(
    draft: ImportDraft, groups: list[GroupDraft], group: GroupDraft, text: str, here: str
) -> None:
    """Inheritance: "Samma som ovan" from the group above; "Samma sak som en verksamhetschef och
    handläggare" from the groups it names."""
    named = _named(groups, group, text)
    if not named:
        draft.problem(
            here,
            _("“%(text)s” names no group of this document, so “%(name)s” inherits nothing.")
            % {"text": text, "name": group.name},
        )
        return
    for other in named:
        if other.name not in group.inherits_from:
            group.inherits_from.append(other.name)


def _copy_channels(draft: ImportDraft, read: _Reading) -> None:
    """ "Förslag på kanaler: Samma som ovan (samt nyhetsbrevet)": the group gets the channels
    of the groups named, and any channel named besides. In document order, so that a copy of
    a copy is complete; a group named further down is copied once it is read."""
    plans = []
    for group, found, here in read.copies:
        said = " och ".join(name for name, _note in found)
        sources = _named(read.groups, group, said)
        if not sources:
            draft.problem(
                here,
                _("“%(text)s” names no group of this document, so “%(name)s” gets no channels.")
                % {"text": said, "name": group.name},
            )
        # What is neither the "same as" phrase nor a group's name is a channel of its own.
        for name, note in found[1:]:
            if not _named(read.groups, group, name) or _ABOVE.search(name):
                read.add_channel(group, name, note, here)
        plans.append((group, sources))
    for _round in range(len(plans)):
        before = sum(len(groups) for groups in read.reached.values())
        for group, sources in plans:
            for source in sources:
                for key, channel in read.channels.items():
                    if source.name in read.reached.get(key, ()):
                        read.reach(channel, key, group)
        if sum(len(groups) for groups in read.reached.values()) == before:
            break
