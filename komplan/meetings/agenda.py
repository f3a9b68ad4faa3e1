"""The agenda's numbers and approximate start times (the minutes' "Ca tid"). Pure Python.

Items follow each other without gaps from the meeting's start, each taking its planned
duration; breaks take time but get no number. Times are minutes after midnight of the
meeting's day and may pass midnight (1 440 and beyond); `clock()` prints them on a 24-hour
clock. A planned end before the start means the meeting ends the next day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["DAY", "AgendaEntry", "Schedule", "Slot", "clock", "minute_of", "schedule"]

DAY = 24 * 60


@dataclass(frozen=True, slots=True)
class AgendaEntry:
    """What the schedule needs of an agenda item: how long it takes and whether it is a break."""

    duration: int
    is_break: bool = False


@dataclass(frozen=True, slots=True)
class Slot:
    number: int | None  # None for a break
    start: int
    end: int
    overrun: bool  # ends after the meeting's planned end

    @property
    def start_time(self) -> dt.time:
        return to_time(self.start)

    @property
    def end_time(self) -> dt.time:
        return to_time(self.end)


@dataclass(frozen=True, slots=True)
class Schedule:
    slots: tuple[Slot, ...]
    start: int
    end: int  # when the last item ends
    planned_end: int | None  # the meeting's end time, if it has one

    @property
    def overrun_minutes(self) -> int:
        """How far the agenda runs past the meeting's end; 0 when it fits or has no end."""
        if self.planned_end is None:
            return 0
        return max(0, self.end - self.planned_end)

    @property
    def overruns(self) -> bool:
        return self.overrun_minutes > 0

    @property
    def total_minutes(self) -> int:
        return self.end - self.start

    @property
    def end_time(self) -> dt.time:
        return to_time(self.end)


def minute_of(time: dt.time) -> int:
    return time.hour * 60 + time.minute


def to_time(minute: int) -> dt.time:
    minute %= DAY
    return dt.time(minute // 60, minute % 60)


def clock(minute: int, separator: str = ":") -> str:
    """The minute of the day on a 24-hour clock: 555 is "09:15"; 1 500 wraps to "01:00"."""
    minute %= DAY
    return f"{minute // 60:02d}{separator}{minute % 60:02d}"


def schedule(
    start: dt.time, entries: Sequence[AgendaEntry], end: dt.time | None = None
) -> Schedule:
    """Number the entries (breaks excluded) and give each its start and end minute."""
    begin = minute_of(start)
    planned_end: int | None = None
    if end is not None:
        planned_end = minute_of(end)
        if planned_end < begin:
            planned_end += DAY
    slots = []
    now, number = begin, 0
    for entry in entries:
        duration = max(0, entry.duration)
        slot_number = None
        if not entry.is_break:
            number += 1
            slot_number = number
        finish = now + duration
        overrun = planned_end is not None and finish > planned_end
        slots.append(Slot(slot_number, now, finish, overrun))
        now = finish
    return Schedule(tuple(slots), begin, now, planned_end)
