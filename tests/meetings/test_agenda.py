"""The agenda's numbers and approximate start times ("Ca tid"), as in the seed minutes."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from komplan.meetings.agenda import DAY, AgendaEntry, clock, minute_of, schedule

# The e-council's agenda of 3 October 2019: 09.00–12.00, a coffee break after item 5.
SEED = [
    AgendaEntry(15),  # 1 previous minutes
    AgendaEntry(15),  # 2 status
    AgendaEntry(30),  # 3 communication plan
    AgendaEntry(15),  # 4 what can we improve?
    AgendaEntry(15),  # 5 decision on the plan
    AgendaEntry(30, is_break=True),  # FIKA
    AgendaEntry(20),  # 6
    AgendaEntry(25),  # 7
    AgendaEntry(15),  # 8
]


def test_the_seed_agenda_gets_its_numbers_and_times() -> None:
    timing = schedule(dt.time(9, 0), SEED, dt.time(12, 0))
    assert [s.number for s in timing.slots] == [1, 2, 3, 4, 5, None, 6, 7, 8]
    assert [clock(s.start, ".") for s in timing.slots] == [
        "09.00",
        "09.15",
        "09.30",
        "10.00",
        "10.15",
        "10.30",
        "11.00",
        "11.20",
        "11.45",
    ]
    assert clock(timing.end) == "12:00"
    assert not timing.overruns and timing.overrun_minutes == 0


def test_an_agenda_longer_than_the_meeting_warns_and_marks_the_late_items() -> None:
    timing = schedule(dt.time(9, 0), [*SEED, AgendaEntry(20)], dt.time(12, 0))
    assert timing.overruns
    assert timing.overrun_minutes == 20
    assert [s.overrun for s in timing.slots] == [False] * 9 + [True]
    assert timing.end_time == dt.time(12, 20)


def test_without_an_end_time_nothing_overruns() -> None:
    timing = schedule(dt.time(13, 0), [AgendaEntry(600)])
    assert timing.planned_end is None
    assert not timing.overruns


def test_an_evening_meeting_may_pass_midnight() -> None:
    timing = schedule(dt.time(23, 30), [AgendaEntry(45), AgendaEntry(10)], dt.time(0, 30))
    assert [s.start_time for s in timing.slots] == [dt.time(23, 30), dt.time(0, 15)]
    assert not timing.overruns
    assert clock(timing.end) == "00:25"


def test_an_empty_agenda_ends_when_it_starts() -> None:
    timing = schedule(dt.time(9, 0), [], dt.time(10, 0))
    assert timing.slots == ()
    assert timing.end == timing.start == 540
    assert timing.total_minutes == 0


entries = st.lists(
    st.builds(AgendaEntry, st.integers(min_value=0, max_value=240), st.booleans()), max_size=40
)
times = st.times().map(lambda t: t.replace(second=0, microsecond=0))


@given(times, entries, st.none() | times)
def test_items_follow_each_other_without_gaps(
    start: dt.time, agenda: list[AgendaEntry], end: dt.time | None
) -> None:
    timing = schedule(start, agenda, end)
    now = minute_of(start)
    for entry, slot in zip(agenda, timing.slots, strict=True):
        assert slot.start == now
        assert slot.end == now + entry.duration
        now = slot.end
    assert timing.end == now
    assert timing.total_minutes == sum(entry.duration for entry in agenda)


@given(times, entries)
def test_numbers_count_the_items_but_not_the_breaks(
    start: dt.time, agenda: list[AgendaEntry]
) -> None:
    numbers = [s.number for s in schedule(start, agenda).slots]
    assert [n is None for n in numbers] == [e.is_break for e in agenda]
    assert [n for n in numbers if n is not None] == list(
        range(1, sum(not e.is_break for e in agenda) + 1)
    )


@given(times, entries, times)
def test_the_warning_says_exactly_how_far_the_agenda_runs_over(
    start: dt.time, agenda: list[AgendaEntry], end: dt.time
) -> None:
    timing = schedule(start, agenda, end)
    available = (minute_of(end) - minute_of(start)) % DAY
    assert timing.overrun_minutes == max(0, timing.total_minutes - available)
    assert timing.overruns == (timing.total_minutes > available)
    assert [s.overrun for s in timing.slots] == [
        s.end - timing.start > available for s in timing.slots
    ]


@given(st.integers(min_value=0, max_value=10 * DAY))
def test_the_clock_is_a_24_hour_clock(minute: int) -> None:
    text = clock(minute)
    hours, minutes = map(int, text.split(":"))
    assert 0 <= hours < 24 and 0 <= minutes < 60
    assert hours * 60 + minutes == minute % DAY
