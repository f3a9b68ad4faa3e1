"""The status rules of a goal (komplan/followup/status.py), as examples and properties."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from komplan.followup.status import (
    Point,
    Status,
    counted_points,
    current_value,
    goal_status,
    slipped,
)

START, DEADLINE = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


def status(points: list[Point], today: dt.date, target: Decimal | None = Decimal(100)) -> Status:
    return goal_status(
        baseline=Decimal(0),
        target=target,
        start=START,
        deadline=DEADLINE,
        points=points,
        today=today,
    )


def test_the_conference_goal_is_achieved_when_the_second_conference_is_counted() -> None:
    points = counted_points(
        [dt.date(2026, 3, 5), dt.date(2026, 9, 20)], baseline=Decimal(0), today=dt.date(2026, 10, 1)
    )
    assert points[-1] == Point(dt.date(2026, 9, 20), Decimal(2))
    assert (
        goal_status(
            baseline=Decimal(0),
            target=Decimal(2),
            start=START,
            deadline=DEADLINE,
            points=points,
            today=dt.date(2026, 10, 1),
        )
        == Status.ACHIEVED
    )


def test_a_goal_halfway_in_time_with_a_quarter_done_is_at_risk() -> None:
    assert status([Point(dt.date(2026, 6, 1), Decimal(25))], dt.date(2026, 7, 2)) == Status.AT_RISK


def test_a_goal_halfway_in_time_and_halfway_there_is_on_track() -> None:
    assert status([Point(dt.date(2026, 6, 1), Decimal(45))], dt.date(2026, 7, 2)) == Status.ON_TRACK


def test_a_goal_not_reached_by_its_deadline_is_missed() -> None:
    assert status([Point(dt.date(2026, 6, 1), Decimal(90))], dt.date(2027, 1, 1)) == Status.MISSED


def test_a_goal_without_a_target_has_no_status() -> None:
    assert status([], dt.date(2026, 5, 1), target=None) == Status.NO_TARGET


def test_a_goal_to_reduce_something_is_achieved_at_or_below_its_target() -> None:
    assert (
        goal_status(
            baseline=Decimal(50),
            target=Decimal(10),
            start=START,
            deadline=DEADLINE,
            points=[Point(dt.date(2026, 4, 1), Decimal(9))],
            today=dt.date(2026, 5, 1),
        )
        == Status.ACHIEVED
    )


def test_a_measurement_dated_after_today_does_not_count_yet() -> None:
    assert current_value(
        [Point(dt.date(2026, 9, 1), Decimal(7))], Decimal(1), dt.date(2026, 8, 1)
    ) == Decimal(1)


def test_an_activity_done_after_its_period_slipped() -> None:
    assert slipped(dt.date(2026, 5, 2), dt.date(2026, 4, 30))
    assert not slipped(dt.date(2026, 4, 30), dt.date(2026, 4, 30))
    assert not slipped(None, dt.date(2026, 4, 30))


days = st.dates(min_value=dt.date(2025, 6, 1), max_value=dt.date(2027, 6, 1))
values = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False)
points = st.lists(st.builds(Point, days, values), max_size=8)
goals = st.fixed_dictionaries(
    {
        "baseline": values,
        "target": st.one_of(st.none(), values),
        "start": st.one_of(st.none(), days),
        "deadline": st.one_of(st.none(), days),
    }
)


@given(goals, points, days)
def test_a_goal_is_never_missed_on_or_before_its_deadline(
    goal: dict, pts: list, today: dt.date
) -> None:
    if goal["deadline"] is None or today <= goal["deadline"]:
        assert goal_status(**goal, points=pts, today=today) != Status.MISSED


@given(goals, points, days, st.decimals(min_value=0, max_value=500, places=2))
def test_a_measurement_at_or_beyond_the_target_never_makes_a_goal_missed_before_its_deadline(
    goal: dict, pts: list, today: dt.date, beyond: Decimal
) -> None:
    if goal["target"] is None:
        return
    up = goal["target"] >= goal["baseline"]
    value = goal["target"] + beyond if up else goal["target"] - beyond
    latest = max([p.day for p in pts if p.day <= today], default=today)
    added = [*pts, Point(latest, value)]
    after = goal_status(**goal, points=added, today=today)
    assert after == Status.ACHIEVED  # the latest value has reached the target
    if goal["deadline"] is None or today <= goal["deadline"]:
        assert after != Status.MISSED


@given(goals, points, days, st.decimals(min_value=0, max_value=500, places=2))
def test_raising_the_value_never_takes_achieved_away_nor_on_track_to_at_risk(
    goal: dict, pts: list, today: dt.date, more: Decimal
) -> None:
    if goal["target"] is None:
        return
    up = goal["target"] >= goal["baseline"]
    now = current_value(pts, goal["baseline"], today)
    better = now + more if up else now - more
    before = goal_status(**goal, points=[Point(today, now)], today=today)
    after = goal_status(**goal, points=[Point(today, better)], today=today)
    if before == Status.ACHIEVED:
        assert after == Status.ACHIEVED
    if before == Status.ON_TRACK:
        assert after in {Status.ON_TRACK, Status.ACHIEVED}


@given(st.lists(st.one_of(st.none(), days), max_size=20), days)
def test_the_count_ends_at_the_baseline_plus_every_done_activity(
    done: list, today: dt.date
) -> None:
    counted = counted_points(done, baseline=Decimal(3), today=today)
    assert current_value(counted, Decimal(3), today) == 3 + len(done)
    assert [p.value for p in counted] == sorted(p.value for p in counted)
