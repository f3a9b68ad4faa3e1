"""The scheduling rules of a cascade, as pure functions: next meeting, lead times,
delegation, phases and overrides (komplan/cascade/scheduling.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from komplan.cascade.scheduling import (
    Override,
    StepSpec,
    is_overdue,
    lag_days,
    schedule,
    step_state,
)

RELEASE = dt.date(2026, 9, 1)  # a Tuesday
STEERING, MANAGEMENT, HMU = 1, 2, 3
MEETINGS = {
    MANAGEMENT: [(dt.date(2026, 9, 10), 101), (dt.date(2026, 10, 8), 102)],
    HMU: [(dt.date(2026, 9, 3), 201), (dt.date(2026, 9, 24), 202)],
}


def test_a_next_meeting_step_takes_the_forums_next_meeting_after_the_release() -> None:
    steps = [StepSpec(1, how="meeting", forum_id=MANAGEMENT)]
    dated = schedule(steps, release=RELEASE, meetings=MEETINGS)
    assert dated[1].day == dt.date(2026, 9, 10)
    assert dated[1].meeting_id == 101 and dated[1].reason == "meeting"


def test_a_meeting_on_the_release_day_counts_and_lead_time_moves_past_it() -> None:
    steps = [StepSpec(1, how="meeting", forum_id=MANAGEMENT, lead_days=10)]
    dated = schedule(steps, release=dt.date(2026, 9, 10), meetings=MEETINGS)
    assert dated[1].day == dt.date(2026, 10, 8)
    dated = schedule(
        [StepSpec(1, how="meeting", forum_id=MANAGEMENT)],
        release=dt.date(2026, 9, 10),
        meetings=MEETINGS,
    )
    assert dated[1].meeting_id == 101


def test_a_forum_without_a_later_meeting_leaves_the_step_and_what_follows_undated() -> None:
    steps = [
        StepSpec(1, how="meeting", forum_id=MANAGEMENT),
        StepSpec(2, parent_id=1, how="written", delegated=True, lead_days=2),
    ]
    dated = schedule(steps, release=dt.date(2026, 11, 1), meetings=MEETINGS)
    assert dated[1].day is None and dated[1].reason == "no_meeting"
    assert dated[2].day is None


def test_a_written_step_takes_the_release_plus_its_lead_time() -> None:
    dated = schedule([StepSpec(1, how="written", lead_days=3)], release=RELEASE)
    assert dated[1].day == dt.date(2026, 9, 4) and dated[1].reason == "lead"


def test_a_delegated_step_follows_its_parents_day_plus_its_own_lead_time() -> None:
    steps = [
        StepSpec(1, how="written", lead_days=2),  # HMU, briefed in writing
        StepSpec(2, parent_id=1, how="written", delegated=True, lead_days=5),  # its LMUs
        StepSpec(3, parent_id=1, how="intranet", lead_days=1),  # not delegated
    ]
    dated = schedule(steps, release=RELEASE)
    assert dated[2].day == dt.date(2026, 9, 8) and dated[2].reason == "delegated"
    # Not delegated: from the release, but never before the step above.
    assert dated[3].day == dt.date(2026, 9, 3)


def test_a_delegated_meeting_step_takes_the_meeting_after_its_parents_day() -> None:
    steps = [
        StepSpec(1, how="meeting", forum_id=MANAGEMENT),
        StepSpec(2, parent_id=1, how="meeting", forum_id=HMU, delegated=True),
    ]
    dated = schedule(steps, release=RELEASE, meetings=MEETINGS)
    assert dated[2].day == dt.date(2026, 9, 24) and dated[2].meeting_id == 202


def test_parallel_branches_do_not_wait_for_each_other() -> None:
    steps = [
        StepSpec(1, how="written", lead_days=10),
        StepSpec(2, how="written", lead_days=1),
        StepSpec(3, how="written", lead_days=1),
    ]
    dated = schedule(steps, release=RELEASE)
    assert [dated[n].day for n in (1, 2, 3)] == [
        dt.date(2026, 9, 11),
        dt.date(2026, 9, 2),
        dt.date(2026, 9, 2),
    ]


def test_a_step_from_a_later_phase_or_date_is_skipped_with_what_hangs_below_it() -> None:
    steps = [
        StepSpec(1, how="written", from_phase=2),  # Facebook: from phase 2
        StepSpec(2, parent_id=1, how="written", delegated=True),
        StepSpec(3, how="written", from_date=dt.date(2026, 10, 1)),
        StepSpec(4, how="written"),
    ]
    dated = schedule(steps, release=RELEASE, phase=1)
    assert [dated[n].skipped for n in (1, 2, 3, 4)] == [True, True, True, False]
    later = schedule(steps, release=dt.date(2026, 10, 1), phase=2)
    assert not any(d.skipped for d in later.values())


def test_an_override_dates_its_step_and_pulls_the_later_steps_above_it() -> None:
    steps = [
        StepSpec(1, how="meeting", forum_id=MANAGEMENT),  # 10 September
        StepSpec(2, parent_id=1, how="written", delegated=True, lead_days=3),
    ]
    send_now = Override(2, dt.date(2026, 9, 2), "Lena Vik", "The tender closes on Friday")
    dated = schedule(steps, release=RELEASE, meetings=MEETINGS, overrides=[send_now])
    assert dated[2].day == dt.date(2026, 9, 2) and dated[2].override == send_now
    assert dated[1].day == dt.date(2026, 9, 2) and dated[1].reason == "pulled"
    assert dated[1].override == send_now


def test_an_override_without_who_or_why_is_refused() -> None:
    with pytest.raises(ValueError, match="who and why"):
        schedule([StepSpec(1)], release=RELEASE, overrides=[Override(1, RELEASE, "Lena", " ")])


def test_unknown_parents_and_loops_do_not_hang_the_schedule() -> None:
    steps = [StepSpec(1, parent_id=2), StepSpec(2, parent_id=1), StepSpec(3, parent_id=99)]
    dated = schedule(steps, release=RELEASE)
    assert set(dated) == {1, 2, 3}


def test_tracking_states_overdue_and_lag() -> None:
    today = dt.date(2026, 9, 15)
    assert is_overdue("planned", dt.date(2026, 9, 14), today)
    assert not is_overdue("planned", today, today)
    assert not is_overdue("sent", dt.date(2026, 9, 1), today)
    assert not is_overdue("planned", None, today)
    assert step_state("planned", meeting_held=True) == "confirmed"
    assert step_state("sent") == "sent"
    assert lag_days(dt.date(2026, 9, 1), [dt.date(2026, 9, 3), dt.date(2026, 9, 12)]) == 11
    assert lag_days(dt.date(2026, 9, 1), []) is None


# --- properties ---------------------------------------------------------------------------------

days = st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2027, 12, 31))


@st.composite
def cascades(draw: st.DrawFn) -> tuple[list[StepSpec], dict[int, list[tuple[dt.date, int]]]]:
    n = draw(st.integers(min_value=1, max_value=25))
    steps = []
    for i in range(1, n + 1):
        # Parents before children: the forms refuse loops (a loop is cut, tested above).
        parent = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=max(i - 1, 1))))
        parent = parent if parent and parent < i else None
        steps.append(
            StepSpec(
                i,
                parent_id=parent,
                how=draw(st.sampled_from(["meeting", "written", "intranet", "post"])),
                delegated=draw(st.booleans()),
                lead_days=draw(st.integers(min_value=0, max_value=40)),
                forum_id=draw(st.integers(min_value=1, max_value=4)),
                from_phase=draw(st.one_of(st.none(), st.integers(min_value=1, max_value=3))),
                from_date=draw(st.one_of(st.none(), days)),
            )
        )
    meetings = {
        forum: sorted((day, forum * 1000 + k) for k, day in enumerate(draw(st.lists(days))))
        for forum in range(1, 5)
    }
    return steps, meetings


@given(cascades(), days, st.integers(min_value=1, max_value=3), st.data())
def test_a_step_is_never_dated_before_its_parent(
    cascade: tuple[list[StepSpec], dict[int, list[tuple[dt.date, int]]]],
    release: dt.date,
    phase: int,
    data: st.DataObject,
) -> None:
    steps, meetings = cascade
    overrides = data.draw(
        st.lists(
            st.builds(
                Override,
                st.integers(min_value=1, max_value=len(steps)),
                days,
                st.just("Lena Vik"),
                st.just("Deadline"),
            ),
            max_size=3,
        )
    )
    dated = schedule(steps, release=release, phase=phase, meetings=meetings, overrides=overrides)
    assert set(dated) == {s.id for s in steps}
    for step in steps:
        if step.parent_id is None:
            continue
        c, p = dated[step.id], dated[step.parent_id]
        if c.day is not None:
            assert p.day is not None and c.day >= p.day, (step, c, p)
    for step in steps:
        d = dated[step.id]
        if step.parent_id is None and d.day is not None and d.override is None:
            assert d.day >= release


@given(cascades(), days, st.data())
def test_an_override_is_always_recorded(
    cascade: tuple[list[StepSpec], dict[int, list[tuple[dt.date, int]]]],
    release: dt.date,
    data: st.DataObject,
) -> None:
    steps, meetings = cascade
    who = data.draw(st.text(min_size=1).filter(str.strip))
    why = data.draw(st.text(min_size=1).filter(str.strip))
    step = data.draw(st.integers(min_value=1, max_value=len(steps)))
    override = Override(step, data.draw(days), who, why)
    dated = schedule(steps, release=release, meetings=meetings, overrides=[override])
    assert dated[step].override == override
    for d in dated.values():
        if d.reason in ("override", "pulled"):
            assert d.override is not None and d.override.who and d.override.why
