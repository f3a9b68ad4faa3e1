"""What a draft would do to a plan: which entries are new, which are already there, and what
each activity's time was understood as. Pure: the plan's present entries come in as `Existing`.

The preview shows an `ImportPlan` and `commit.import_commit` writes the very same object, so
what the user confirmed is what is written. Names are matched ignoring case and accents
("Intranätet" is "intranatet"); a cell such as "Möte och e-post" counts as two channels when
both names are known on their own, in the plan or elsewhere in the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from komplan.imports.importers.channel_words import channel_key
from komplan.imports.importers.draft import (
    NOTE,
    WARNING,
    ActivityDraft,
    GoalDraft,
    ImportDraft,
    PlanFacts,
    Problem,
    RiskDraft,
    SpokespersonDraft,
    fold,
)
from komplan.imports.importers.goal_words import read_goal
from komplan.imports.importers.mapping import guess_reach, tier_slot
from komplan.imports.importers.sync import Change, ExistingActivity, sync_activities
from komplan.plans import schema
from komplan.plans.models import Channel, Goal, Plan, PriorityTier
from komplan.plans.periods import Period, format_period, parse_period

__all__ = ["Entry", "Existing", "ImportPlan", "PlannedActivity", "Target", "resolve"]

PREVIEW_ROWS = 200


@dataclass(slots=True)
class Existing:
    """The entries a plan holds now, as (pk, name) in document order."""

    tiers: list[tuple[int, str]] = field(default_factory=list)
    groups: list[tuple[int, str]] = field(default_factory=list)
    channels: list[tuple[int, str]] = field(default_factory=list)
    messages: list[tuple[int, str]] = field(default_factory=list)  # position = number
    activities: list[ExistingActivity] = field(default_factory=list)
    goals: set[str] = field(default_factory=set)  # folded texts
    spokespersons: set[str] = field(default_factory=set)  # `spokesperson_key`s
    risks: set[str] = field(default_factory=set)  # folded texts
    facts: PlanFacts | None = None  # None for a plan yet to be created


@dataclass(slots=True)
class Target:
    """The plan an import goes into, as far as reading times and matching names needs it."""

    language: str
    start: date | None = None
    end: date | None = None
    seasons: str = "meteorological"
    existing: Existing = field(default_factory=Existing)
    new_plan: bool = True
    # (slot, name, definition) of the usual tiers in the plan's language.
    default_tiers: list[tuple[str, str, str]] = field(default_factory=list)
    name: str = ""  # a new plan's name, when the user gave one
    display_language: str = ""  # the language periods are written in; the plan's if ""


@dataclass(slots=True)
class Entry:
    """A tier, group, channel or message of the result: found in the plan, or to be made."""

    key: str
    name: str
    pk: int | None = None  # the plan's entry, when there is one
    definition: str = ""
    reach: str = ""
    description: str = ""
    responsible: str = ""
    cadence: str = ""
    clarification: str = ""
    tier: str = ""  # tier key
    tiers: list[str] = field(default_factory=list)  # tier keys
    groups: list[str] = field(default_factory=list)  # group keys
    inherits_from: list[str] = field(default_factory=list)  # group keys
    where: str = ""
    declared: bool = True  # False for a name only mentioned by an activity or message
    reach_guessed: bool = False  # a channel's reach read from its name, for the user to check

    @property
    def is_new(self) -> bool:
        return self.pk is None


@dataclass(slots=True)
class PlannedActivity:
    draft: ActivityDraft
    period: Period
    understood: str
    groups: list[str]
    channels: list[str]
    messages: list[str]
    start_override: date | None = None
    end_override: date | None = None
    duplicate: bool = False  # the plan's activity `pk`, which the file does not change
    # Where the year of a time written without one came from: PLAN_YEAR, the place of the
    # row it was taken from ("row 7"), or "" when the time has its year.
    year_from: str = ""
    pk: int | None = None  # the plan's activity this row is (see `sync`)
    changes: list[Change] = field(default_factory=list)  # what the row changes in it
    values: dict[str, object] = field(default_factory=dict)  # the changed values, to write
    links: dict[str, list[str]] = field(default_factory=dict)  # the changed links, as keys
    choice: str = ""  # the name of the preview's checkbox for this row

    @property
    def is_new(self) -> bool:
        return self.pk is None


PLAN_YEAR = "plan"


@dataclass(slots=True)
class ImportPlan:
    draft: ImportDraft
    target: Target
    tiers: list[Entry] = field(default_factory=list)
    groups: list[Entry] = field(default_factory=list)
    channels: list[Entry] = field(default_factory=list)
    messages: list[Entry] = field(default_factory=list)
    activities: list[PlannedActivity] = field(default_factory=list)
    goals: list[GoalDraft] = field(default_factory=list)
    # The file's spokespersons and risks that the plan does not have yet, and how many of
    # each it has already (the same subject and name; the same risk text).
    spokespersons: list[SpokespersonDraft] = field(default_factory=list)
    risks: list[RiskDraft] = field(default_factory=list)
    already: dict[str, int] = field(default_factory=dict)
    facts: dict[str, object] = field(default_factory=dict)  # facts to set on the plan
    problems: list[Problem] = field(default_factory=list)
    # The plan's activities the file no longer has (listed only when the file is the plan's
    # own: `sync`), and whether it is.
    missing: list[ExistingActivity] = field(default_factory=list)
    sync: bool = False

    def new(self, entries: list[Entry]) -> list[Entry]:
        return [e for e in entries if e.is_new]

    def linked(self, entries: list[Entry]) -> list[Entry]:
        return [e for e in entries if not e.is_new]

    @property
    def new_activities(self) -> list[PlannedActivity]:
        return [a for a in self.activities if a.pk is None]

    @property
    def changed_activities(self) -> list[PlannedActivity]:
        return [a for a in self.activities if a.changes]

    @property
    def duplicate_activities(self) -> list[PlannedActivity]:
        return [a for a in self.activities if a.duplicate]

    @property
    def done_count(self) -> int:
        return sum(1 for a in self.new_activities if a.draft.status == "done")

    @property
    def unread_times(self) -> int:
        return sum(
            1
            for a in self.new_activities
            if a.draft.time_text and not a.period.understood and a.start_override is None
        )

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def writes_nothing(self) -> bool:
        return not (
            self.new(self.tiers)
            or self.new(self.groups)
            or self.new(self.channels)
            or self.new(self.messages)
            or self.new_activities
            or self.changed_activities
            or self.missing
            or self.goals
            or self.spokespersons
            or self.risks
            or self.facts
            or any(m.groups or m.tiers for m in self.linked(self.messages))
            or any(c.groups for c in self.linked(self.channels))
        )


_SPLITTER = re.compile(r"\s*(?:/|\+|&|\s(?:och|og|and|samt)\s)\s*", re.IGNORECASE)


class _Register:
    """Entries by key, the plan's first, then the file's in file order."""

    def __init__(
        self,
        existing: Iterable[tuple[int, str]],
        limit: int | None,
        key: Callable[[str], str] = fold,
    ) -> None:
        self.key = key  # the key names are matched by: `fold`, or `channel_key` for channels
        self.entries: list[Entry] = []
        self.listed: set[str] = set()  # keys of `entries`
        self.by_key: dict[str, Entry] = {}
        self.limit = limit
        for pk, name in existing:
            found = self.key(name)
            if found and found not in self.by_key:
                self.by_key[found] = Entry(found, name, pk)

    def keys_of_existing(self) -> dict[int, str]:
        """The key of each of the plan's entries, by its id."""
        return {e.pk: e.key for e in self.by_key.values() if e.pk is not None}

    def declare(self, name: str, where: str) -> tuple[Entry, bool]:
        """The entry for a name the file defines; True when it is new to the result."""
        key = self.key(name)
        entry = self.by_key.get(key)
        if entry is None:
            entry = Entry(key, name[: self.limit], where=where)
            self.by_key[key] = entry
            self.add(entry)
            return entry, True
        self.add(entry)
        return entry, False

    def add(self, entry: Entry) -> None:
        if entry.key not in self.listed:
            self.listed.add(entry.key)
            self.entries.append(entry)

    def mention(self, name: str, where: str) -> Entry:
        entry, new = self.declare(name, where)
        if new:
            entry.declared = False
        return entry

    def split(self, name: str, known: dict[str, str]) -> list[str]:
        """Split "Möte och e-post" into ["Möte", "E-post"] when both are names known on their
        own (`known`: folded name -> the name as written alone)."""
        key = self.key
        if key(name) in self.by_key:
            return [name]
        parts = [p for p in _SPLITTER.split(name) if p.strip()]
        if len(parts) > 1 and all(key(p) in known or key(p) in self.by_key for p in parts):
            return [known.get(key(p), p) for p in parts]
        return [name]


def _length(register: str) -> int | None:
    """The longest name the model allows for an entry of `register` (None: no limit)."""
    described = schema.by_slug(register)
    return described.max_length(described.name_field)


def _alone(names: Iterable[str], key: Callable[[str], str] = fold) -> dict[str, str]:
    known: dict[str, str] = {}
    for name in names:
        known.setdefault(key(name), name)
    return known


def spokesperson_key(subject: str, name: str) -> str:
    """What makes a spokesperson the same as one already in the plan: subject and name."""
    return f"{fold(subject)}\n{fold(name)}"


def _slot_or_key(name: str) -> str:
    return tier_slot(name) or fold(name)


def resolve(draft: ImportDraft, target: Target) -> ImportPlan:
    """What importing `draft` into `target` creates and links; nothing is written."""
    result = ImportPlan(draft, target, problems=list(draft.problems))
    existing = target.existing
    tiers = _tiers(draft, target, result)
    groups = _Register(existing.groups, _length("groups"))
    channels = _Register(existing.channels, _length("channels"), channel_key)
    messages = _Register(((pk, text) for pk, text in existing.messages), _length("messages"))
    message_numbers = {n: pk for n, (pk, _text) in enumerate(existing.messages, start=1)}

    # The names the file mentions on their own, for splitting "A och B" into known names.
    known_groups = _alone(name for a in draft.activities for name in a.groups)
    known_channels = _alone((name for a in draft.activities for name in a.channels), channel_key)

    for group in draft.groups:
        entry, new = groups.declare(group.name, group.where)
        if new:
            entry.reach = group.reach
            entry.description = group.description
            entry.tier = tiers.get(group.tier, "")
    for group in draft.groups:
        entry = groups.by_key[fold(group.name)]
        for name in group.inherits_from:
            other = groups.mention(name, group.where)
            if other is not entry and other.key not in entry.inherits_from:
                entry.inherits_from.append(other.key)

    def group_keys(names: Iterable[str], where: str) -> list[str]:
        keys: list[str] = []
        for name in names:
            for part in groups.split(name, known_groups):
                key = groups.mention(part, where).key
                if key not in keys:
                    keys.append(key)
        return keys

    for channel in draft.channels:
        entry, new = channels.declare(channel.name, channel.where)
        if new:
            entry.description = channel.description
            entry.responsible = schema.clip(Channel, "responsible", channel.responsible)
            entry.reach = channel.reach
            entry.cadence = schema.clip(Channel, "cadence", channel.cadence)
        for key in group_keys(channel.groups, channel.where):
            if key not in entry.groups:
                entry.groups.append(key)

    numbered: dict[int, Entry] = {}
    for message in draft.messages:
        entry, new = messages.declare(message.text, message.where)
        if new:
            entry.clarification = message.clarification
        if message.number is not None:
            numbered.setdefault(message.number, entry)
        for tier in message.tiers:
            key = tiers.get(tier, "")
            if key and key not in entry.tiers:
                entry.tiers.append(key)
        for key in group_keys(message.groups, message.where):
            if key not in entry.groups:
                entry.groups.append(key)

    plan_end = target.end or draft.facts.end_date
    for goal in draft.goals:
        if fold(goal.text) and fold(goal.text) not in existing.goals:
            if goal.target_value is None and not goal.unit and goal.deadline is None:
                read = read_goal(goal.text, draft.language or target.language, plan_end=plan_end)
                goal.target_value = read.value
                goal.unit = schema.clip(Goal, "unit", read.unit)
                goal.deadline = read.deadline
                goal.guessed = read.value is not None or read.deadline is not None
            result.goals.append(goal)

    _spokespersons_and_risks(draft, existing, result)
    missing: dict[int, list[str]] = {}
    for activity in draft.activities:
        result.activities.append(
            _activity(
                activity,
                target,
                result,
                group_keys(activity.groups, activity.where),
                _channel_keys(channels, activity, known_channels),
                _message_keys(activity, messages, numbered, message_numbers, missing),
            )
        )
    _years_from_context(result.activities, target, has_dates=bool(plan_end or target.start
                        or draft.facts.start_date))  # fmt: skip
    if existing.activities:
        sync_activities(
            result,
            existing.activities,
            names={
                "groups": dict(existing.groups),
                "channels": dict(existing.channels),
                "messages": dict(existing.messages),
            },
            keys={
                "groups": groups.keys_of_existing(),
                "channels": channels.keys_of_existing(),
                "messages": messages.keys_of_existing(),
            },
        )
    for n, planned in enumerate(result.activities, start=1):
        planned.choice = f"activity-{n}"
    if missing:
        places = sorted({where for wheres in missing.values() for where in wheres})
        result.problems.append(
            Problem(
                ", ".join(places[:5]) + (" …" if len(places) > 5 else ""),
                _(
                    "The plan has no message numbered %(numbers)s; links to it were left out. "
                    "Import the messages first, or into a plan that has them."
                )
                % {"numbers": ", ".join(str(n) for n in sorted(missing))},
            )
        )

    result.tiers = tiers.entries
    result.groups = groups.entries
    result.channels = channels.entries
    for entry in result.channels:
        if entry.is_new and not entry.reach and guess_reach(entry.name):
            entry.reach, entry.reach_guessed = guess_reach(entry.name), True
    result.messages = messages.entries
    result.facts = _facts(draft, target, result)
    _notes(result)
    return result


def _spokespersons_and_risks(draft: ImportDraft, existing: Existing, result: ImportPlan) -> None:
    """The file's spokespersons and risks but those the plan has already: a plan's own
    document imported into it again adds none twice."""
    for person in draft.spokespersons:
        if spokesperson_key(person.subject, person.name) in existing.spokespersons:
            result.already["spokespersons"] = result.already.get("spokespersons", 0) + 1
        else:
            result.spokespersons.append(person)
    for risk in draft.risks:
        if fold(risk.text) in existing.risks:
            result.already["risks"] = result.already.get("risks", 0) + 1
        else:
            result.risks.append(risk)


class _Tiers:
    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.keys: dict[str, str] = {}  # draft tier key -> entry key

    def get(self, draft_key: str, default: str = "") -> str:
        return self.keys.get(draft_key, default)


def _tiers(draft: ImportDraft, target: Target, result: ImportPlan) -> _Tiers:
    tiers = _Tiers()
    by_key: dict[str, Entry] = {}
    for pk, name in target.existing.tiers:
        entry = Entry(_slot_or_key(name), name, pk)
        by_key.setdefault(entry.key, entry)
    defaults = {slot: (name, definition) for slot, name, definition in target.default_tiers}
    wanted = list(draft.tiers)
    if target.new_plan and not wanted:
        for slot, name, definition in target.default_tiers:
            entry = Entry(slot, name, definition=definition)
            by_key[slot] = entry
            tiers.entries.append(entry)
            tiers.keys[slot] = slot
    for tier in wanted:
        found = by_key.get(tier.key)
        if found is None:
            name, definition = defaults.get(tier.slot, (tier.name, ""))
            found = Entry(
                tier.key,
                schema.clip(PriorityTier, "name", tier.name or name),
                definition=tier.definition,
            )
            found.definition = found.definition or definition
            found.where = tier.where
            by_key[tier.key] = found
        if all(e is not found for e in tiers.entries):
            tiers.entries.append(found)
        tiers.keys[tier.key] = found.key
    return tiers


def _channel_keys(channels: _Register, activity: ActivityDraft, known: dict[str, str]) -> list[str]:
    keys: list[str] = []
    for name in activity.channels:
        for part in channels.split(name, known):
            key = channels.mention(part, activity.where).key
            if key not in keys:
                keys.append(key)
    return keys


def _message_keys(
    activity: ActivityDraft,
    messages: _Register,
    numbered: dict[int, Entry],
    existing_numbers: dict[int, int],
    missing: dict[int, list[str]],
) -> list[str]:
    keys: list[str] = []
    for reference in activity.messages:
        if reference.isdigit():
            number = int(reference)
            entry = numbered.get(number)
            if entry is None and number in existing_numbers:
                pk = existing_numbers[number]
                entry = next((e for e in messages.by_key.values() if e.pk == pk), None)
                if entry is not None:
                    messages.add(entry)
            if entry is None:
                missing.setdefault(number, []).append(activity.where)
                continue
        else:
            entry = messages.mention(reference, activity.where)
        if entry.key not in keys:
            keys.append(entry.key)
    return keys


_PROBES = (date(2001, 7, 1), date(2003, 7, 1))  # two references: a time without a year moves


def _year_written(
    planned: PlannedActivity, language: str, seasons: str, moves: dict[str, bool]
) -> int | None:
    """The year the activity's time names itself (or its date column), None without one.
    `moves`: whether a time text moves with the reference year, by text (a sheet repeats
    its few ways of writing a time on thousands of rows)."""
    if planned.draft.start_date is not None:
        return planned.draft.start_date.year
    if planned.period.start is None:
        return None
    text = planned.draft.time_text
    if text not in moves:
        first, second = (
            parse_period(text, language, reference=probe, seasons=seasons).start
            for probe in _PROBES
        )
        moves[text] = first != second
    return None if moves[text] else planned.period.start.year


def _years_from_context(
    activities: list[PlannedActivity], target: Target, *, has_dates: bool
) -> None:
    """A time without a year ("Höst – pågående", "v.34") takes the year from the plan's dates;
    in a plan without dates, from the nearest row above it that has a year (else the nearest
    below). Every such guess is marked for the preview; a year taken from a row is kept as
    the activity's dates, so the import writes what the preview showed."""
    language, seasons = target.language, target.seasons
    moves: dict[str, bool] = {}
    written = [_year_written(a, language, seasons, moves) for a in activities]
    for n, planned in enumerate(activities):
        if written[n] is not None or planned.period.start is None:
            continue
        if has_dates:
            planned.year_from = PLAN_YEAR
            continue
        above = next((m for m in range(n - 1, -1, -1) if written[m] is not None), None)
        below = next((m for m in range(n + 1, len(activities)) if written[m] is not None), None)
        source = above if above is not None else below
        if source is None:
            continue  # no year anywhere in the file: read as this year, as before
        year = written[source]
        assert year is not None
        period = parse_period(
            planned.draft.time_text, language, reference=date(year, 7, 1), seasons=seasons
        )
        planned.period = period
        planned.understood = format_period(period, target.display_language or language)
        planned.start_override = planned.start_override or period.start
        planned.end_override = planned.end_override or period.end
        planned.year_from = activities[source].draft.where or str(source + 1)


def _activity(
    activity: ActivityDraft,
    target: Target,
    result: ImportPlan,
    groups: list[str],
    channels: list[str],
    messages: list[str],
) -> PlannedActivity:
    if not activity.time_text and activity.start_date:
        end = activity.end_date
        activity.time_text = activity.start_date.isoformat() + (
            f" – {end.isoformat()}" if end and end != activity.start_date else ""
        )
    period = parse_period(
        activity.time_text,
        target.language,
        plan_start=target.start,
        plan_end=target.end,
        seasons=target.seasons,
    )
    understood = format_period(period, target.display_language or target.language)
    planned = PlannedActivity(activity, period, understood, groups, channels, messages)
    # Dates written in their own columns win where they differ from the time's reading.
    if activity.start_date and activity.start_date != period.start:
        planned.start_override = activity.start_date
    if activity.end_date and activity.end_date != period.end:
        planned.end_override = activity.end_date
    return planned


_FACT_FIELDS = (
    "diary_number",
    "client",
    "funder",
    "project_lead",
    "start_date",
    "end_date",
    "background",
    "purpose",
)


def _facts(draft: ImportDraft, target: Target, result: ImportPlan) -> dict[str, object]:
    """A new plan takes every fact of the file; an existing plan only fills its blanks."""
    facts = draft.facts
    current = target.existing.facts
    found: dict[str, object] = {}
    for name in _FACT_FIELDS:
        value = getattr(facts, name)
        if value in ("", None):
            continue
        if current is None or getattr(current, name) in ("", None):
            found[name] = value
    start, end = found.get("start_date"), found.get("end_date")
    if current is not None:
        start = start or current.start_date
        end = end or current.end_date
    elif start is None and end is None:
        # A new plan without dates of its own spans the periods of its activities.
        starts = [a.start_override or a.period.start for a in result.new_activities]
        ends = [a.end_override or a.period.end or a.period.start for a in result.new_activities]
        if any(starts):
            start = found["start_date"] = min(day for day in starts if day is not None)
            end = found["end_date"] = max(day for day in ends + starts if day is not None)
    if isinstance(start, date) and isinstance(end, date) and end < start:
        result.problems.append(
            Problem("", _("The end date is before the start date; the dates were left out."))
        )
        found.pop("start_date", None)
        found.pop("end_date", None)
    if current is None:
        if facts.version:
            found["version"] = schema.clip(Plan, "version", facts.version)
        stem = draft.filename.rsplit(".", 1)[0].replace("_", " ").strip()
        found["name"] = schema.clip(
            Plan, "name", target.name or facts.name or stem or _("Imported plan")
        )
    return found


def _notes(result: ImportPlan) -> None:
    draft = result.draft
    if draft.revisions:
        if result.target.new_plan:
            text = _(
                "The document's revision table has %(count)s rows. They become the first rows "
                "of the new plan's revision table; komplan adds its own from now on."
            )
        else:
            text = _(
                "The document's revision table has %(count)s rows. The plan keeps its own "
                "revision table; the rows are listed here but not stored."
            )
        result.problems.append(
            Problem(draft.revisions[0].where, text % {"count": len(draft.revisions)}, NOTE)
        )
    duplicates = result.duplicate_activities
    if duplicates:
        result.problems.append(
            Problem(
                ", ".join(a.draft.where for a in duplicates[:5]),
                _(
                    "%(count)s activities are already in the plan with the same name and "
                    "time; they are not imported again."
                )
                % {"count": len(duplicates)},
                NOTE,
            )
        )
    unread = [a for a in result.new_activities if a.draft.time_text and not a.period.understood]
    if unread:
        result.problems.append(
            Problem(
                ", ".join(a.draft.where for a in unread[:5]),
                _(
                    "komplan read no dates from the time of %(count)s activities; their time "
                    "is kept as written (for example “%(text)s”)."
                )
                % {"count": len(unread), "text": unread[0].draft.time_text},
                WARNING,
            )
        )
