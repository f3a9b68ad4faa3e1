"""Read a whole communication plan from a Word document (.docx) shaped like the usual plan.

Sections are found by their headings' words in Swedish, Danish, Norwegian or English (with
or without numbers such as "4.1"), never by their position; tables by the words of their
header row: the project facts, the revision table, the target groups (name, internal/external,
priority, description), the channels, an activity table. Messages are the numbered paragraphs
under the messages heading; a tier heading ("4.2 Primärintressenter") addresses the messages
below it, and the paragraphs after "Förtydligande" clarify them. Each heading under
"Aktiviteter" is an activity, its paragraphs its description. Typos of the usual words
("Inter", "Kärntressent", "Primärntressent") are read as what they obviously mean.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.translation import gettext as _

from komplan.imports.importers.docxblocks import Block, DocxText, read_blocks
from komplan.imports.importers.draft import (
    ERROR,
    NOTE,
    ActivityDraft,
    ChannelDraft,
    GoalDraft,
    GroupDraft,
    ImportDraft,
    MessageDraft,
    RevisionDraft,
    TierDraft,
    fold,
)
from komplan.imports.importers.mapping import (
    guess_language,
    read_reach,
    read_tier,
    tier_slot,
)
from komplan.imports.importers.plan_words import (
    ATTACHMENT,
    CLARIFICATION,
    CLARIFICATION_LINE,
    DEFINITION,
    DOCUMENT_TYPES,
    INHERITS,
    LABELLED,
    MESSAGE,
    TO_GROUPS,
    Table,
    classify,
    fact_for,
    section_for,
)
from komplan.imports.importers.sheet import SheetRow, read_activities, split_names
from komplan.plans.periods import parse_period

__all__ = ["looks_like_plan", "read_plan_docx", "section_for"]


def registers_from_sheets(draft: ImportDraft, sheets: list[tuple[str, list[SheetRow]]]) -> None:
    """Target groups, messages and channels from the other sheets of a workbook whose main
    sheet is the activity plan (as komplan's own Excel export has them)."""
    reader = _PlanReader(draft, [], "")
    for title, rows in sheets:
        rows = [row for row in rows if not row.is_empty]
        table = classify(rows) if rows else None
        if table is None or table.kind not in ("groups", "messages", "channels"):
            continue

        def where(row: int, title: str = title) -> str:
            return _("sheet “%(sheet)s”, row %(row)s") % {"sheet": title, "row": row}

        getattr(reader, f"{table.kind}_table")(table, where)


def looks_like_plan(blocks: list[Block]) -> int:
    """How many of the plan's sections and tables the blocks have."""
    found = {section_for(b.title) for b in blocks if b.is_heading}
    found |= {t.kind for b in blocks if b.kind == "table" if (t := classify(b.rows[:3]))}
    return len(found - {""})


def read_plan_docx(data: bytes, *, filename: str = "") -> ImportDraft:
    """Everything the plan document `data` holds that komplan knows how to keep."""
    return plan_from_text(read_blocks(data), filename=filename)


def plan_from_text(text: DocxText, *, filename: str = "") -> ImportDraft:
    draft = ImportDraft(kind="plan", filename=filename)
    draft.language = guess_language(
        b.text if b.kind == "p" else " ".join(c.text for r in b.rows[:2] for c in r.cells)
        for b in text.blocks[:400]
    )
    _PlanReader(draft, text.blocks, text.title).run()
    return draft


def paragraph_label(number: int) -> str:
    return _("paragraph %(number)s") % {"number": number}


def table_label(table: int, row: int) -> str:
    return _("table %(table)s, row %(row)s") % {"table": table, "row": row}


def _name(text: str) -> str:
    return " ".join(re.sub(r"^\s*(?:[-–•*]|\d+[.)])\s+", "", text).split()).strip(" :")


class _PlanReader:
    def __init__(self, draft: ImportDraft, blocks: list[Block], title: str) -> None:
        self.draft = draft
        self.blocks = blocks
        self.properties_title = title
        self.section = ""
        self.level = 0
        self.titles: list[str] = []
        self.background: list[str] = []
        self.purpose: list[str] = []
        self.outside: list[str] = []
        self.last_table: Table | None = None
        self.last_table_width = 0
        self.since_table = 0
        # messages
        self.tier = ""
        self.block_messages: list[MessageDraft] = []
        self.clarifying = False
        self.clarifications: list[tuple[int | None, str, str]] = []
        # activities
        self.attachment: tuple[str, str] | None = None  # "Se bilaga Aktivitetsplan.xlsx"
        self.activity_table = False
        self.activity: ActivityDraft | None = None
        self.activity_by_title: dict[str, ActivityDraft] = {}

    # --- walking -------------------------------------------------------------------------

    def run(self) -> None:
        for block in self.blocks:
            if block.kind == "table":
                self.table(block)
                self.since_table = 0
                continue
            self.since_table += 1
            if block.is_heading and self.heading(block):
                continue
            self.paragraph(block)
        self.end_message_block()
        self.finish()

    def heading(self, block: Block) -> bool:
        """Handle a heading; False when it should be read as an ordinary (bold) line."""
        key = section_for(block.title)
        if key:
            self.end_message_block()
            self.section, self.level = key, block.level
            self.activity = None
            self.tier = ""
            return True
        if fold(block.title) in CLARIFICATION:
            self.clarifying = self.section == "messages"
            return True
        inside = self.section and (block.level > self.level or block.level == 9)
        if inside and self.section == "messages":
            tier = self.tier_in(block.title, block)
            self.end_message_block()
            self.tier = tier
            return True
        if inside and self.section == "activities":
            self.new_activity(block.title, paragraph_label(block.number))
            return True
        if block.level == 9:
            return False
        if inside:
            return True
        # An unknown heading at the level of the current section or above ends it.
        self.end_message_block()
        if (
            not self.section
            and not self.draft.activities
            and fold(block.title) not in (DOCUMENT_TYPES)
        ):
            self.titles.append(block.title)
        self.section, self.level = "", block.level
        self.activity = None
        return True

    def paragraph(self, block: Block) -> None:
        text = block.text
        here = paragraph_label(block.number)
        if self.labelled_fact(text, here):
            return
        section = self.section
        if section == "background":
            self.background.append(text)
        elif section == "purpose":
            self.purpose.append(text)
        elif section == "goals":
            if not text.endswith(":"):  # "Målen är:" introduces the goals
                self.draft.goals.append(GoalDraft(_name(text), here))
        elif section == "target_groups":
            if not self.tier_definition(block, here) and not fold(text).startswith(
                ("definition", "definisjon")
            ):
                self.outside.append(here)
        elif section == "messages":
            self.message_paragraph(block, here)
        elif section == "activities":
            if self.activity is not None:
                line = f"– {text}" if block.is_list else text
                self.activity.description = f"{self.activity.description}\n\n{line}".strip()
            elif block.level == 0 and not block.italic:
                self.outside.append(here)
        elif section == "activity_plan":
            if ATTACHMENT.search(text) and not self.attachment:
                self.attachment = (here, text)
        elif section in ("contents", "structure"):
            pass
        elif self.section == "" and block.level and not self.draft.activities:
            if fold(text) not in DOCUMENT_TYPES:
                self.titles.append(text)
        else:
            self.outside.append(here)

    # --- facts ---------------------------------------------------------------------------

    def labelled_fact(self, text: str, here: str) -> bool:
        """A fact on a line of its own, such as "Uppdragsstart: 2020-04-20", anywhere."""
        match = LABELLED.match(text)
        if not match or self.section in ("messages", "background", "purpose", "activities"):
            return False
        fact = fact_for(match.group("label"))
        if fact not in ("start_date", "end_date", "diary_number", "client", "funder"):
            return False
        self.set_fact(fact, match.group("value"), here)
        return True

    def set_fact(self, fact: str, value: str, here: str) -> None:
        value = " ".join(value.split())
        facts = self.draft.facts
        if not value:
            return
        if fact in ("start_date", "end_date"):
            period = parse_period(value, self.draft.language or "sv")
            day = period.start if fact == "start_date" else period.end or period.start
            if day is None:
                self.draft.problem(
                    here, _("“%(text)s” is not a date; it was left out.") % {"text": value}
                )
                return
            setattr(facts, fact, day)
            return
        limit = 100 if fact == "diary_number" else 20 if fact == "version" else 300
        if not getattr(facts, fact):
            setattr(facts, fact, value[:limit])

    # --- tables --------------------------------------------------------------------------

    def table(self, block: Block) -> None:
        rows = [row for row in block.rows if not row.is_empty]
        if not rows:
            return
        found = classify(rows)
        width = max(len(row.cells) for row in rows)
        previous = self.last_table
        if (
            found is None
            and previous is not None
            and self.since_table <= 1
            and width == self.last_table_width
            and previous.kind != "facts"
        ):
            # A table continued after a page break, without its header row.
            found = Table(previous.kind, previous.columns, previous.header, rows)
        if found is None:
            first = " · ".join(c.text for c in rows[0].cells if c.text)[:80]
            self.draft.problem(
                table_label(block.number, rows[0].number),
                _("This table was not recognised, so it was not imported (it begins “%(text)s”).")
                % {"text": first},
            )
            return
        self.last_table, self.last_table_width = found, width

        def where(row: int) -> str:
            return table_label(block.number, row)

        getattr(self, f"{found.kind}_table")(found, where)

    def facts_table(self, table: Table, where: Callable[[int], str]) -> None:
        for row in table.body:
            if len(row.cells) < 2:
                continue
            fact = fact_for(row.cells[0].text)
            value = next((c.text for c in row.cells[1:] if c.text.strip()), "")
            if fact:
                self.set_fact(fact, value, where(row.number))

    def revisions_table(self, table: Table, where: Callable[[int], str]) -> None:
        for row in table.body:
            values = self.values(row, table.columns)
            if not any(values.values()):
                continue
            self.draft.revisions.append(
                RevisionDraft(
                    version=values.get("version", "")[:20],
                    date=values.get("date", ""),
                    comment=values.get("comment", ""),
                    changed_by=values.get("changed_by", ""),
                    where=where(row.number),
                )
            )

    def groups_table(self, table: Table, where: Callable[[int], str]) -> None:
        name_column = next(c for c, f in table.columns.items() if f == "name")
        for row in table.body:
            values = self.values(row, table.columns)
            here = where(row.number)
            name_cell = row.cells[name_column] if name_column < len(row.cells) else None
            continues = name_cell is None or not name_cell.text or name_cell.merged == "down"
            if continues and self.draft.groups:
                # A row that only continues the description of the group above it (a table
                # broken over two pages, or a merged name cell).
                self.continue_description(self.draft.groups[-1], row, table.columns)
                continue
            name = _name(values.get("name", ""))
            if not name:
                continue
            description = values.get("description", "")
            inherits = split_names(values.get("inherits", ""))
            match = INHERITS.search(description)
            if match:
                inherits += split_names(match.group("groups"))
                description = description[: match.start()].strip()
            group = GroupDraft(
                name=name[:300], description=description, inherits_from=inherits, where=here
            )
            reach_text = values.get("reach", "")
            group.reach = read_reach(reach_text)
            if reach_text and not group.reach:
                self.draft.problem(
                    here,
                    _("“%(text)s” says neither internal nor external; the group is internal.")
                    % {"text": reach_text},
                )
            tier_text = values.get("tier", "")
            if tier_text and fold(tier_text) not in ("", "–", "-"):
                group.tier = self.tier_key(tier_text, here)
                if not group.tier:
                    self.draft.problem(
                        here,
                        _("The priority “%(text)s” matches no tier; the group has none.")
                        % {"text": tier_text},
                    )
            self.draft.groups.append(group)

    def channels_table(self, table: Table, where: Callable[[int], str]) -> None:
        name_column = next(c for c, f in table.columns.items() if f == "name")
        for row in table.body:
            values = self.values(row, table.columns)
            name_cell = row.cells[name_column] if name_column < len(row.cells) else None
            continues = name_cell is None or not name_cell.text or name_cell.merged == "down"
            if continues and self.draft.channels:
                self.continue_description(self.draft.channels[-1], row, table.columns)
                continue
            name = _name(values.get("name", ""))
            if not name:
                continue
            self.draft.channels.append(
                ChannelDraft(
                    name=name[:300],
                    description=values.get("description", ""),
                    responsible=values.get("responsible", "")[:200],
                    reach=read_reach(values.get("reach", "")),
                    cadence=values.get("cadence", "")[:200],
                    groups=split_names(values.get("groups", "")),
                    where=where(row.number),
                )
            )

    def messages_table(self, table: Table, where: Callable[[int], str]) -> None:
        for row in table.body:
            values = self.values(row, table.columns)
            text = values.get("text", "")
            if not text:
                continue
            number = values.get("number", "").strip(" .")
            tier = self.tier_key(values["tier"], where(row.number)) if values.get("tier") else ""
            self.draft.messages.append(
                MessageDraft(
                    text=text,
                    clarification=values.get("clarification", ""),
                    tiers=[tier] if tier else [],
                    groups=split_names(values.get("groups", "")),
                    number=int(number) if number.isdigit() else None,
                    where=where(row.number),
                )
            )

    def activities_table(self, table: Table, where: Callable[[int], str]) -> None:
        self.activity_table = True
        found = ImportDraft(kind="activities")
        rows = ([table.header] if table.header else []) + table.body
        read_activities(
            rows,
            found,
            header_row=table.header.number if table.header else None,
            language=self.draft.language or "sv",
            where=where,
        )
        self.draft.problems += [p for p in found.problems if p.severity != ERROR]
        for activity in found.activities:
            known = self.activity_by_title.get(fold(activity.title))
            if known is None:
                self.draft.activities.append(activity)
                self.activity_by_title[fold(activity.title)] = activity
                continue
            # The same activity described under its heading: the table adds the details.
            for name in ("time_text", "responsible", "follow_up", "start_date", "end_date"):
                if getattr(activity, name) and not getattr(known, name):
                    setattr(known, name, getattr(activity, name))
            for name in ("groups", "channels", "messages"):
                getattr(known, name).extend(getattr(activity, name))
            if activity.description and activity.description not in known.description:
                known.description = f"{known.description}\n\n{activity.description}".strip()
            known.status, known.done_because = activity.status, activity.done_because

    @staticmethod
    def continue_description(
        entry: GroupDraft | ChannelDraft, row: SheetRow, columns: dict[int, str]
    ) -> None:
        for column, name in columns.items():
            if name != "description" or column >= len(row.cells):
                continue
            cell = row.cells[column]
            if cell.text and cell.merged != "down" and cell.text not in entry.description:
                entry.description = f"{entry.description} {cell.text}".strip()

    @staticmethod
    def values(row: SheetRow, columns: dict[int, str]) -> dict[str, str]:
        values: dict[str, str] = {}
        for column, name in columns.items():
            if column < len(row.cells):
                text = row.cells[column].text.strip()
                if text:
                    values[name] = text
        return values

    # --- tiers ---------------------------------------------------------------------------

    def known_tiers(self) -> list[tuple[str, str]]:
        return [(tier.key, tier.name) for tier in self.draft.tiers]

    def add_tier(self, name: str, definition: str, where: str) -> str:
        slot = tier_slot(name)
        key = slot or read_tier(name, self.known_tiers()) or fold(name)
        for tier in self.draft.tiers:
            if tier.key == key:
                if definition and not tier.definition:
                    tier.definition = definition
                if not tier.name:  # first met in a group's priority: the heading names it
                    tier.name = name[:200]
                return key
        self.draft.tiers.append(TierDraft(name[:200], definition, slot, where))
        return key

    def tier_key(self, text: str, here: str) -> str:
        """The tier a group's or message's priority names; added if new and recognisable."""
        key = read_tier(text, self.known_tiers())
        if key and not any(t.key == key for t in self.draft.tiers):
            # "Primärntressent" in a plan that did not define its tiers: the usual tier,
            # named as komplan names it in the plan's language.
            self.draft.tiers.append(TierDraft("", "", key, here))
        return key

    def tier_definition(self, block: Block, here: str) -> bool:
        """A tier's definition: "Kärnintressenter – intressenter med beslutande roller…"."""
        match = DEFINITION.match(block.text)
        if not match:
            return False
        name = match.group("name").strip(" *")
        if not tier_slot(name) and not read_tier(name, self.known_tiers()):
            return False
        self.add_tier(name, match.group("definition").strip(), here)
        return True

    def tier_in(self, title: str, block: Block) -> str:
        words = fold(title).split()
        for start in range(len(words)):
            if tier_slot(" ".join(words[start:])):
                break
        else:
            key = read_tier(title, self.known_tiers())
            return key
        return self.add_tier(title, "", paragraph_label(block.number))

    # --- messages ------------------------------------------------------------------------

    def message_paragraph(self, block: Block, here: str) -> None:
        text = block.text
        label = CLARIFICATION_LINE.match(text)
        if label and fold(label.group("label")) in CLARIFICATION:
            self.clarifying = True
            if not label.group("text"):
                return
            text = label.group("text")
            self.clarifications.append((None, text, here))
            return
        match = MESSAGE.match(text)
        numbers = {m.number for m in self.block_messages if m.number is not None}
        if self.clarifying:
            if match and int(match.group(1)) in numbers:
                self.clarifications.append((int(match.group(1)), match.group(2), here))
                return
            if not (match or block.is_list):
                self.clarifications.append((None, text, here))
                return
            self.end_message_block(keep_tier=True)
        to_groups = TO_GROUPS.match(text)
        if to_groups and self.block_messages:
            self.block_messages[-1].groups += split_names(to_groups.group("groups"))
            return
        if match or block.is_list:
            body = match.group(2) if match else text
            groups: list[str] = []
            trailing = block.trailing_italic
            if trailing and body.endswith(trailing) and (found := TO_GROUPS.match(trailing)):
                groups = split_names(found.group("groups"))
                body = body[: -len(trailing)].strip()
            if match:
                number = int(match.group(1))
            else:
                # Numbered by Word: messages are numbered on through the tiers, as in the plan.
                before = [m.number for m in self.draft.messages if m.number is not None]
                number = (before[-1] if before else len(self.draft.messages)) + 1
            message = MessageDraft(
                text=body,
                tiers=[self.tier] if self.tier else [],
                groups=groups,
                number=number,
                where=here,
            )
            self.draft.messages.append(message)
            self.block_messages.append(message)
        elif self.block_messages:
            self.clarifications.append((None, text, here))
        else:
            self.outside.append(here)

    def end_message_block(self, keep_tier: bool = False) -> None:
        """Give the block's clarifications to its messages: a numbered one to that message,
        the others to the block's first message."""
        loose = [(text, where) for number, text, where in self.clarifications if number is None]
        by_number = {m.number: m for m in self.block_messages if m.number is not None}
        for number, text, _where in self.clarifications:
            if number is not None and number in by_number:
                message = by_number[number]
                message.clarification = f"{message.clarification}\n\n{text}".strip()
        if loose and self.block_messages:
            first = self.block_messages[0]
            text = "\n\n".join(text for text, _where in loose)
            first.clarification = f"{first.clarification}\n\n{text}".strip()
            if len(self.block_messages) > 1:
                numbers = [m.number for m in self.block_messages if m.number is not None]
                self.draft.problem(
                    loose[0][1],
                    _(
                        "This clarification follows messages %(first)s–%(last)s together; "
                        "komplan keeps it with message %(first)s. Move it if it belongs to "
                        "another."
                    )
                    % {
                        "first": numbers[0] if numbers else 1,
                        "last": numbers[-1] if numbers else len(self.block_messages),
                    },
                    NOTE,
                )
        self.clarifications = []
        self.clarifying = False
        self.block_messages = []
        if not keep_tier:
            self.tier = ""

    # --- activities ----------------------------------------------------------------------

    def new_activity(self, title: str, where: str) -> None:
        title = " ".join(title.split())
        activity = ActivityDraft(title=title[:500], where=where)
        self.draft.activities.append(activity)
        self.activity_by_title[fold(title)] = activity
        self.activity = activity

    # --- the end -------------------------------------------------------------------------

    def finish(self) -> None:
        draft, facts = self.draft, self.draft.facts
        facts.background = "\n\n".join(self.background)
        facts.purpose = "\n\n".join(self.purpose)
        versions = [r.version for r in draft.revisions if r.version]
        if versions:
            facts.version = versions[-1]
        if not facts.name:
            candidates = [t for t in self.titles if section_for(t) == ""]
            facts.name = (candidates[0] if candidates else self.properties_title)[:300]
        for group in draft.groups:
            if group.tier and not any(t.key == group.tier for t in draft.tiers):
                group.tier = ""
        if self.attachment and not self.activity_table:
            here, text = self.attachment
            draft.problem(
                here,
                _(
                    "The activity plan is in a separate file (“%(text)s”). Import that file "
                    "into the plan afterwards."
                )
                % {"text": text[:120]},
                NOTE,
            )
        if self.outside:
            shown = ", ".join(self.outside[:3])
            draft.problem(
                shown,
                _(
                    "%(count)s paragraphs are outside the sections komplan reads (project "
                    "facts, background, purpose, goals, target groups, messages, channels, "
                    "activities) and were not imported."
                )
                % {"count": len(self.outside)},
                NOTE,
            )
        if not (draft.groups or draft.messages or draft.channels or draft.activities):
            draft.problem(
                "",
                _(
                    "No target groups, messages, channels or activities were found. komplan "
                    "reads plans whose sections have headings such as “Målgrupper”, "
                    "“Budskap”, “Kanaler” and “Aktiviteter”."
                ),
                ERROR,
            )
