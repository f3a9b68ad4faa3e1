"""The status of a goal: on track, at risk, achieved or missed. Pure functions over plain
values; today is always a parameter.

The rules, in order (the goal page writes them out next to the status):

1. No target value: no status ("no target").
2. The goal's value is its latest measurement on or before today; before any, the baseline.
3. Achieved: the value has reached the target (at or above it; at or below it when the
   target is below the baseline, a goal to reduce something).
4. Missed: not achieved and the deadline has passed (today is after it).
5. On track: the share of the way from baseline to target that is done is at least the
   share of the time from the start to the deadline that has passed, less 10 percentage
   points (TOLERANCE). Without a start or a deadline, no time has "passed": on track.
6. Otherwise at risk.

Consequences the tests check as properties: a goal is never missed on or before its
deadline; a measurement at or beyond the target, dated after the others, makes it
achieved; raising the latest value never takes "achieved" away nor turns "on track" into
"at risk".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

TOLERANCE = Decimal("0.1")


class Status(StrEnum):
    NO_TARGET = "no_target"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    ACHIEVED = "achieved"
    MISSED = "missed"


@dataclass(frozen=True, order=True)
class Point:
    day: dt.date
    value: Decimal


def current_value(points: Sequence[Point], baseline: Decimal, today: dt.date) -> Decimal:
    """The latest value on or before `today` (of equal days, the last given); else baseline."""
    value, latest = baseline, None
    for point in points:
        if point.day <= today and (latest is None or point.day >= latest):
            value, latest = point.value, point.day
    return value


def reached(value: Decimal, *, baseline: Decimal, target: Decimal) -> bool:
    return value <= target if target < baseline else value >= target


def time_share(start: dt.date | None, deadline: dt.date | None, today: dt.date) -> Decimal:
    """How much of the time from start to deadline has passed, 0 to 1."""
    if start is None or deadline is None or deadline <= start:
        return Decimal(0)
    passed = Decimal((today - start).days) / Decimal((deadline - start).days)
    return min(Decimal(1), max(Decimal(0), passed))


def progress_share(value: Decimal, *, baseline: Decimal, target: Decimal) -> Decimal:
    """How much of the way from baseline to target `value` has come (may be below 0)."""
    if target == baseline:
        return Decimal(1) if value == target else Decimal(0)
    return (value - baseline) / (target - baseline)


def goal_status(
    *,
    baseline: Decimal,
    target: Decimal | None,
    start: dt.date | None,
    deadline: dt.date | None,
    points: Sequence[Point],
    today: dt.date,
) -> Status:
    """The goal's status by the rules of this module's docstring."""
    if target is None:
        return Status.NO_TARGET
    value = current_value(points, baseline, today)
    if reached(value, baseline=baseline, target=target):
        return Status.ACHIEVED
    if deadline is not None and today > deadline:
        return Status.MISSED
    done = progress_share(value, baseline=baseline, target=target)
    if done >= time_share(start, deadline, today) - TOLERANCE:
        return Status.ON_TRACK
    return Status.AT_RISK


def counted_points(
    days: Sequence[dt.date | None], *, baseline: Decimal, today: dt.date
) -> list[Point]:
    """The running count of done activities, one point per day something was done, added to
    the baseline; an activity without a date counts on `today`."""
    per_day: dict[dt.date, int] = {}
    for day in days:
        when = today if day is None or day > today else day
        per_day[when] = per_day.get(when, 0) + 1
    total = baseline
    points = []
    for day in sorted(per_day):
        total += per_day[day]
        points.append(Point(day, total))
    return points


def slipped(done_on: dt.date | None, ends_on: dt.date | None) -> bool:
    """An activity slipped when it was marked done after its period ended."""
    return done_on is not None and ends_on is not None and done_on > ends_on
