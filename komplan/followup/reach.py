"""Coverage reached over time: per month, how many of the required coverage cells (a target
group × a message it must know, `plans.coverage`) had been reached by the end of that month.

The rules:

- A cell is reached on the day of the first event that conveys its message to its group:
  a done activity (on the day it was last marked done, from the history of changes; one
  written already done, by a copy or an import, on the end of its period, else its start,
  else today) or a logged interaction (its date). A day after today counts as today.
- Only the groups an event names are reached (the core's rule): a group that inherits
  messages from another is not reached through the other's activities.
- The value of a month is the count of cells reached on or before its last day; months
  without events repeat the value before them, and the series never falls.
- When every event is dated on or before today and the last month is today's, the last
  value is the coverage page's "done" count (the property tests check this against the core).

`reach_series` is the pure core (plain values, no database); `plan_reach` reads a plan's
events in a constant number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections, router

from komplan.core.bulk import gc_paused
from komplan.core.numbers import whole_percent
from komplan.people.models import Interaction
from komplan.plans.coverage import owed_messages
from komplan.plans.graph import owed_graph
from komplan.plans.models import Activity, ActivityStatus, TargetGroup

MONTHS_SHOWN = 120  # at most this many months, the latest


@dataclass(frozen=True, slots=True)
class Conveyed:
    """On `day`, the messages were conveyed to the groups (every pair of them)."""

    day: dt.date
    group_ids: tuple[int, ...]
    message_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ReachPoint:
    month: dt.date  # its first day
    reached: int  # cells reached by the end of the month
    owed: int  # cells required

    @property
    def percent(self) -> int:
        """Whole per cent, rounded the coverage summary's way (one gap never reads 100 %)."""
        return whole_percent(self.reached, self.owed) if self.owed else 100


def month_after(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first days of the months from `first`'s to `last`'s, both included."""
    month, end = first.replace(day=1), last.replace(day=1)
    months = []
    while month <= end:
        months.append(month)
        month = month_after(month)
    return months


def reached_per_day(
    owed: Mapping[int, Iterable[int]], events: Iterable[Conveyed]
) -> dict[dt.date, int]:
    """Day -> how many owed cells were first reached on it.

    Each group's cells not reached yet are one int used as a bitset over the messages (as
    the coverage core keeps them): an event reaches `waiting & its messages` of each of its
    groups. 4,000 done activities of a 10,000-activity plan take a few milliseconds."""
    bit: dict[int, int] = {}
    waiting: dict[int, int] = {}
    for g, messages in owed.items():
        bits = 0
        for m in messages:
            bits |= bit.setdefault(m, 1 << len(bit))
        waiting[g] = bits
    per_day: dict[dt.date, int] = defaultdict(int)
    for event in sorted(events, key=lambda e: e.day):
        mask = 0
        for m in event.message_ids:
            mask |= bit.get(m, 0)
        if not mask:
            continue
        for g in event.group_ids:
            new = waiting.get(g, 0) & mask
            if new:
                waiting[g] ^= new
                per_day[event.day] += new.bit_count()
    return per_day


def reach_series(
    owed: Mapping[int, Iterable[int]], events: Iterable[Conveyed], months: Sequence[dt.date]
) -> list[ReachPoint]:
    """For each month (its first day, in order), the owed cells reached by its end."""
    total = sum(len(frozenset(ms)) for ms in owed.values())
    per_month: dict[dt.date, int] = defaultdict(int)
    for day, n in reached_per_day(owed, events).items():
        per_month[day.replace(day=1)] += n
    points: list[ReachPoint] = []
    # What was reached before the first month shown is there from its start.
    reached = sum(n for m, n in per_month.items() if months and m < months[0])
    for month in months:
        reached += per_month.get(month, 0)
        points.append(ReachPoint(month, reached, total))
    return points


# --- reading a plan ---------------------------------------------------------------------------


def plan_months(plan: Any, today: dt.date, first_event: dt.date | None) -> list[dt.date]:
    """The months shown: from the plan's start (else its first event) to today's month, or
    to the plan's last month when it ended before today; at most `MONTHS_SHOWN`, the latest."""
    first = plan.start_date or first_event
    if first is None:
        return []
    last = plan.end_date if plan.end_date and plan.end_date < today else today
    return months_between(first, last)[-MONTHS_SHOWN:]


# Row kinds of `plan_events`' one query.
ACTIVITY_GROUP, ACTIVITY_MESSAGE, ACTIVITY_DAY = 1, 2, 3
INTERACTION_GROUP, INTERACTION_MESSAGE, INTERACTION_DAY = 4, 5, 6
NO_DAY, NO_ID = "CAST(NULL AS DATE)", "CAST(NULL AS INTEGER)"


def _events_sql(quote: Callable[[str], str]) -> str:
    """One SELECT of (kind, id, linked id, day) rows: the done activities' groups, messages
    and days (the end of their period, else the start), and the same of the interactions
    that concern the plan's groups. Its parameters: the plan and "done" three times, then the
    plan three times."""

    def table(model: Any) -> str:
        return quote(model._meta.db_table)

    def links(kind: int, relation: Any, rest: str) -> str:
        """The link rows of `relation` (from its owner's side); `rest` joins and filters
        them, `{source}` standing for the owner's column."""
        field = relation.field
        source, target = quote(field.m2m_column_name()), quote(field.m2m_reverse_name())
        return (
            f"SELECT {kind}, t.{source}, t.{target}, {NO_DAY}"
            f" FROM {table(field.remote_field.through)} t {rest.format(source=source)}"
        )

    activity, interaction = table(Activity), table(Interaction)
    done = f" a.{quote('plan_id')} = %s AND a.{quote('status')} = %s"
    groups = Interaction.groups.field
    concerned = (
        f"SELECT g.{quote(groups.m2m_column_name())} FROM {table(groups.remote_field.through)} g"
        f" JOIN {table(TargetGroup)} p ON p.{quote('id')} = g.{quote(groups.m2m_reverse_name())}"
        f" WHERE p.{quote('plan_id')} = %s"
    )
    of_done = f"JOIN {activity} a ON a.{quote('id')} = t.{{source}} WHERE{done}"
    of_concerned = f"WHERE t.{{source}} IN ({concerned})"
    # Typed NULLs: PostgreSQL settles a UNION's column types two branches at a time.
    parts = [
        links(ACTIVITY_GROUP, Activity.groups, of_done),
        links(ACTIVITY_MESSAGE, Activity.messages, of_done),
        f"SELECT {ACTIVITY_DAY}, a.{quote('id')}, {NO_ID},"
        f" COALESCE(a.{quote('ends_on')}, a.{quote('starts_on')}) FROM {activity} a WHERE{done}",
        links(INTERACTION_GROUP, Interaction.groups, of_concerned),
        links(INTERACTION_MESSAGE, Interaction.messages, of_concerned),
        f"SELECT {INTERACTION_DAY}, i.{quote('id')}, {NO_ID}, i.{quote('day')} FROM {interaction} i"
        f" WHERE i.{quote('id')} IN ({concerned})",
    ]
    return " UNION ALL ".join(parts)


def plan_events(plan: Any, today: dt.date, done_on: Mapping[int, dt.date]) -> list[Conveyed]:
    """The plan's done activities and logged interactions as events (one query); `done_on`
    is each activity's day of being marked done (`views.done_days`)."""
    connection = connections[router.db_for_read(Activity)]
    sql = _events_sql(connection.ops.quote_name)
    params: list[Any] = [plan.pk, ActivityStatus.DONE.value] * 3 + [plan.pk] * 3
    links: dict[int, dict[int, list[int]]] = {
        kind: defaultdict(list)
        for kind in (ACTIVITY_GROUP, ACTIVITY_MESSAGE, INTERACTION_GROUP, INTERACTION_MESSAGE)
    }
    days: dict[int, dict[int, Any]] = {ACTIVITY_DAY: {}, INTERACTION_DAY: {}}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, source, target, day in cursor.fetchall():
            if target is None:
                days[kind][source] = day
            else:
                links[kind][source].append(target)
    dates: dict[Any, dt.date] = {}  # a date as the database gives it (text in SQLite)

    def date(value: Any) -> dt.date:
        if value is None:
            return today
        if value not in dates:
            dates[value] = value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
        return dates[value]

    events = []
    for group_kind, message_kind, day_kind in (
        (ACTIVITY_GROUP, ACTIVITY_MESSAGE, ACTIVITY_DAY),
        (INTERACTION_GROUP, INTERACTION_MESSAGE, INTERACTION_DAY),
    ):
        groups, when = links[group_kind], days[day_kind]
        marked = done_on if day_kind == ACTIVITY_DAY else {}
        for source, message_ids in links[message_kind].items():
            if source in groups:
                day = marked.get(source) or date(when.get(source))
                events.append(Conveyed(min(day, today), tuple(groups[source]), tuple(message_ids)))
    return events


@gc_paused()
def plan_reach(plan: Any, today: dt.date, done_on: Mapping[int, dt.date]) -> list[ReachPoint]:
    """The plan's coverage reached per month (a constant number of queries). Without cyclic
    garbage collection: the 30,000 rows of a large plan made the collector run in it."""
    owed, _cycles = owed_messages(owed_graph(plan))
    events = plan_events(plan, today, done_on)
    first_event = min((e.day for e in events), default=None)
    return reach_series(owed, events, plan_months(plan, today, first_event))
