"""Re-importing a file into the plan it came from: which row is which activity, and what changed.

The municipal template's workflow is to keep the sheet, mark a row red when it is done, change
a time or a responsible, and import the sheet again. An import into a plan therefore matches
the file's activities to the plan's own, most certain first:

1. komplan's own Excel export carries each activity's id in a hidden column;
2. the same title and the same time;
3. when the file is the plan's own (ids of this plan, or at least half the plan's activities
   found by 1–2), also the same title and channels, then the same title, then a title that
   differs by a few letters, each activity at most once.

A matched activity is *unchanged* or *changed* (field: before → after); the file's other rows
are *new*; when the file is the plan's own, the plan's activities no row matched are *missing
from the file*. Only fields the file has are compared (a sheet without a column of
responsibles changes no responsible); a red row makes its activity done. Pure Python: the
plan's activities come in as `ExistingActivity`.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from komplan.imports.importers.draft import fold
from komplan.plans.models import ActivityStatus

if TYPE_CHECKING:
    from komplan.imports.importers.resolve import ImportPlan, PlannedActivity

__all__ = ["Change", "ExistingActivity", "field_label", "sync_activities"]

SIMILAR = 0.85  # how alike two folded titles must be (difflib's ratio) to be one activity
MAX_SIMILARITY_PAIRS = 250_000  # leftovers compared letter by letter, at most


@dataclass(slots=True)
class ExistingActivity:
    """One of the plan's activities as the comparison needs it; links as the entries' ids."""

    pk: int
    title: str
    time_text: str = ""
    description: str = ""
    responsible: str = ""
    status: str = "planned"
    follow_up: str = ""
    budget: Decimal | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    start_override: date | None = None
    end_override: date | None = None
    groups: list[int] = field(default_factory=list)
    channels: list[int] = field(default_factory=list)
    messages: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Change:
    """One field of a matched activity the file changes, in words for the preview."""

    field: str
    before: str
    after: str

    @property
    def label(self) -> str:
        return field_label(self.field)


def field_label(name: str) -> str:
    return {
        "title": _("Activity"),
        "description": _("Description"),
        "responsible": _("Responsible"),
        "time_text": _("Time"),
        "status": _("Status"),
        "follow_up": _("Follow-up"),
        "budget": _("Budget"),
        "start_override": _("Start date"),
        "end_override": _("End date"),
        "groups": _("Target groups"),
        "channels": _("Channels"),
        "messages": _("Messages"),
    }.get(name, name)


# The activity fields a sheet's columns stand for (mapping.FIELDS -> the model's fields).
_COLUMN_FIELDS = {
    "title": ("title",),
    "description": ("description",),
    "groups": ("groups",),
    "messages": ("messages",),
    "time": ("time_text",),
    "start_date": ("start_override",),
    "end_date": ("end_override",),
    "channels": ("channels",),
    "responsible": ("responsible",),
    "status": ("status",),
    "follow_up": ("follow_up",),
    "budget": ("budget",),
}
_TEXTS = ("title", "description", "responsible", "time_text", "follow_up")
_LINKS = ("groups", "channels", "messages")


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def _present(result: ImportPlan) -> set[str] | None:
    """The fields the file holds: a sheet's mapped columns; None for a document (compared
    where the document gives a value)."""
    draft = result.draft
    if draft.kind != "activities" or not draft.columns:
        return None
    return {name for c in draft.columns if c.field for name in _COLUMN_FIELDS.get(c.field, ())}


def sync_activities(
    result: ImportPlan,
    rows: Sequence[ExistingActivity],
    names: dict[str, dict[int, str]],
    keys: dict[str, dict[int, str]],
) -> None:
    """Match `result`'s activities to the plan's `rows` and set each one's `pk` and
    `changes`; list the plan's activities missing from the file when it is the plan's own.
    `names` and `keys`: register slug -> entry id -> its name, and its key in the result."""
    planned = result.activities
    if not rows:
        return
    matched = _match(planned, rows, keys)
    by_pk = {row.pk: row for row in rows}
    present = _present(result)
    entry_names = {
        "groups": {e.key: e.name for e in result.groups},
        "channels": {e.key: e.name for e in result.channels},
        "messages": {e.key: e.name for e in result.messages},
    }
    # Messages as a sheet names them: by number (their place in the plan), else by text.
    numbers = {pk: str(n) for n, pk in enumerate(names.get("messages", {}), start=1)}
    message_keys = {key: pk for pk, key in keys.get("messages", {}).items()}
    entry_names["messages"] = {
        key: numbers.get(message_keys.get(key, 0), name)
        for key, name in entry_names["messages"].items()
    }
    for activity, pk in zip(planned, matched.pks, strict=True):
        if pk is None:
            continue
        activity.pk = pk
        _diff(activity, by_pk[pk], present, keys, entry_names, names | {"messages": numbers})
        activity.duplicate = not activity.changes
    if matched.own:
        taken = {pk for pk in matched.pks if pk is not None}
        result.missing = [row for row in rows if row.pk not in taken]
    result.sync = matched.own


@dataclass(slots=True)
class _Matched:
    pks: list[int | None]
    own: bool  # the file is the plan's own: its fuzzier matches and its missing rows count


def _match(
    planned: Sequence[PlannedActivity],
    rows: Sequence[ExistingActivity],
    keys: dict[str, dict[int, str]],
) -> _Matched:
    pks: list[int | None] = [None] * len(planned)
    free = {row.pk: row for row in rows}

    def take(n: int, pk: int) -> None:
        pks[n] = pk
        del free[pk]

    for n, activity in enumerate(planned):
        ref = activity.draft.ref
        if ref is not None and ref in free:
            take(n, ref)
    by_ids = any(pk is not None for pk in pks)
    # Folded once: each way of matching below compares them again.
    titles = [fold(a.draft.title) for a in planned]
    row_titles = {row.pk: fold(row.title) for row in rows}

    def by(key: Callable[[int], Any], of_row: Callable[[ExistingActivity], Any]) -> None:
        """Match the activities left by `key` (of an activity's place in `planned`)."""
        index: dict[Any, list[int]] = defaultdict(list)
        for row in free.values():
            index[of_row(row)].append(row.pk)
        for n in range(len(planned)):
            if pks[n] is not None:
                continue
            found = index.get(key(n))
            while found and found[0] not in free:
                found.pop(0)
            if found:
                take(n, found.pop(0))

    by(
        lambda n: (titles[n], fold(planned[n].draft.time_text)),
        lambda r: (row_titles[r.pk], fold(r.time_text)),
    )
    found = sum(1 for pk in pks if pk is not None)
    own = by_ids or 2 * found >= len(rows)
    if not own:
        return _Matched(pks, False)
    channel_keys = keys.get("channels", {})
    by(
        lambda n: (titles[n], frozenset(planned[n].channels)),
        lambda r: (row_titles[r.pk], frozenset(channel_keys.get(pk, "") for pk in r.channels)),
    )
    by(lambda n: titles[n], lambda r: row_titles[r.pk])
    _similar(planned, pks, free, take)
    return _Matched(pks, True)


def _similar(
    planned: Sequence[PlannedActivity],
    pks: list[int | None],
    free: dict[int, ExistingActivity],
    take: Callable[[int, int], None],
) -> None:
    """The leftovers whose titles differ by a few letters, most alike first."""
    left = [n for n, pk in enumerate(pks) if pk is None]
    if not left or not free or len(left) * len(free) > MAX_SIMILARITY_PAIRS:
        return
    titles = {pk: fold(row.title) for pk, row in free.items()}
    pairs = []
    for n in left:
        title = fold(planned[n].draft.title)
        matcher = difflib.SequenceMatcher(None, title, autojunk=False)
        for pk, other in titles.items():
            matcher.set_seq2(other)
            if matcher.real_quick_ratio() >= SIMILAR and matcher.quick_ratio() >= SIMILAR:
                ratio = matcher.ratio()
                if ratio >= SIMILAR:
                    pairs.append((-ratio, n, pk))
    for _ratio, n, pk in sorted(pairs):
        if pks[n] is None and pk in free:
            take(n, pk)


def _day(value: date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "–"


def _status_label(status: str) -> str:
    return str(ActivityStatus(status).label) if status in ActivityStatus.values else status


def _diff(
    activity: PlannedActivity,
    row: ExistingActivity,
    present: set[str] | None,
    keys: dict[str, dict[int, str]],
    entry_names: dict[str, dict[str, str]],
    names: dict[str, dict[int, str]],
) -> None:
    """What the file changes in the plan's activity `row`: `activity.changes` in words and
    `activity.values` / `activity.links` to write."""
    draft = activity.draft

    def compared(name: str, given: object) -> bool:
        if present is not None:
            return name in present
        return given not in ("", None, [])

    def change(name: str, before: str, after: str, value: Any) -> None:
        activity.changes.append(Change(name, before, after))
        activity.values[name] = value

    for name in _TEXTS:
        new, old = getattr(draft, name), getattr(row, name)
        if compared(name, new) and not _same_text(new, old):
            change(name, old, new, new)
    if compared("budget", draft.budget) and draft.budget != row.budget:
        old_budget = "" if row.budget is None else str(row.budget)
        change(
            "budget", old_budget, "" if draft.budget is None else str(draft.budget), draft.budget
        )
    status = draft.status
    if present is not None and "status" not in present and draft.done_because != "red":
        status = row.status  # no status column: only a red row says something
    if status != row.status:
        change("status", _status_label(row.status), _status_label(status), status)
    # Dates of their own: a date column that says what the plan already shows changes nothing
    # (it was exported from the old time); another date becomes the activity's date.
    for name, given, shown, current in (
        ("start_override", draft.start_date, row.starts_on, row.start_override),
        ("end_override", draft.end_date, row.ends_on, row.end_override),
    ):
        if compared(name, given) and given is not None and given != shown and given != current:
            change(name, _day(shown), _day(given), given)
    activity.start_override = activity.values.get("start_override", row.start_override)
    activity.end_override = activity.values.get("end_override", row.end_override)
    for name in _LINKS:
        wanted: list[str] = getattr(activity, name)
        if not compared(name, wanted):
            continue
        had = [keys.get(name, {}).get(pk, f"pk-{pk}") for pk in getattr(row, name)]
        if set(wanted) != set(had):
            before = _join(names[name].get(pk, "") for pk in getattr(row, name))
            after = _join(entry_names[name].get(k, k) for k in wanted)
            activity.changes.append(Change(name, before, after))
            activity.links[name] = list(wanted)


def _join(names: Iterable[str]) -> str:
    return ", ".join(sorted(n for n in names if n)) or "–"
