"""Coverage reached over time: the pure series (properties, and agreement with the coverage
core), and the follow-up page's section with its chart and table."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from komplan.audit.models import AuditEvent
from komplan.followup.charts import ReachStep, reach_svg
from komplan.followup.reach import (
    Conveyed,
    months_between,
    reach_series,
)
from komplan.people.models import Interaction
from komplan.plans.coverage import (
    ActivityNode,
    GroupNode,
    MessageNode,
    PlanGraph,
    coverage,
    owed_messages,
)
from komplan.plans.models import Activity, ActivityStatus, Message, TargetGroup

START = dt.date(2026, 1, 1)
TODAY = dt.date(2026, 10, 14)
MONTHS = months_between(START, TODAY)

days = st.dates(min_value=dt.date(2025, 10, 1), max_value=TODAY)
owed_maps = st.dictionaries(
    st.integers(1, 6), st.frozensets(st.integers(1, 8), max_size=5), max_size=6
)
events = st.lists(
    st.builds(
        Conveyed,
        day=days,
        group_ids=st.lists(st.integers(1, 7), max_size=3).map(tuple),
        message_ids=st.lists(st.integers(1, 9), max_size=4).map(tuple),
    ),
    max_size=20,
)


@given(owed=owed_maps, happened=events)
def test_the_series_never_falls(owed: dict[int, frozenset[int]], happened: list[Any]) -> None:
    series = reach_series(owed, happened, MONTHS)
    assert len(series) == len(MONTHS)
    assert all(a.reached <= b.reached for a, b in pairwise(series))
    assert all(p.reached <= p.owed == sum(map(len, owed.values())) for p in series)
    assert all(0 <= p.percent <= 100 for p in series)


@given(owed=owed_maps, happened=events)
def test_a_month_without_events_repeats_the_month_before(
    owed: dict[int, frozenset[int]], happened: list[Any]
) -> None:
    series = reach_series(owed, happened, MONTHS)
    busy = {(e.day.year, e.day.month) for e in happened}
    for before, point in pairwise(series):
        if (point.month.year, point.month.month) not in busy:
            assert point.reached == before.reached


@given(owed=owed_maps, happened=events)
def test_the_order_the_events_come_in_does_not_matter(
    owed: dict[int, frozenset[int]], happened: list[Any]
) -> None:
    assert reach_series(owed, happened, MONTHS) == reach_series(owed, happened[::-1], MONTHS)


@st.composite
def plans_with_days(draw: Any) -> tuple[PlanGraph, list[Conveyed]]:
    """A plan graph (groups inheriting from each other, messages owed to some of them,
    activities in every status, pairs conveyed in interactions) and the day of each done
    activity and interaction, all on or before today."""
    n_groups, n_messages = draw(st.integers(1, 5)), draw(st.integers(1, 6))
    group_ids = list(range(1, n_groups + 1))
    groups = tuple(
        GroupNode(g, f"g{g}", inherits_from=tuple(draw(st.sets(st.sampled_from(group_ids)))))
        for g in group_ids
    )
    messages = tuple(
        MessageNode(
            m,
            m,
            f"m{m}",
            group_ids=tuple(draw(st.sets(st.sampled_from(group_ids), max_size=3))),
        )
        for m in range(1, n_messages + 1)
    )
    message_ids = [m.id for m in messages]
    activities = []
    happened = []
    for a in range(1, draw(st.integers(0, 8)) + 1):
        status = draw(st.sampled_from(["planned", "in_progress", "done", "cancelled"]))
        to = tuple(draw(st.lists(st.sampled_from([*group_ids, 99]), max_size=3)))
        what = tuple(draw(st.lists(st.sampled_from([*message_ids, 98]), max_size=3)))
        activities.append(ActivityNode(a, f"a{a}", status, to, what))
        if status == "done":
            happened.append(Conveyed(draw(days), to, what))
    pairs = draw(
        st.lists(st.tuples(st.sampled_from(group_ids), st.sampled_from(message_ids)), max_size=4)
    )
    happened += [Conveyed(draw(days), (g,), (m,)) for g, m in pairs]
    return PlanGraph((), groups, messages, (), tuple(activities), tuple(pairs)), happened


@settings(max_examples=200)
@given(drawn=plans_with_days())
def test_the_last_month_is_todays_done_coverage(drawn: tuple[PlanGraph, list[Conveyed]]) -> None:
    graph, happened = drawn
    owed, _ = owed_messages(graph)
    report = coverage(graph)
    last = reach_series(owed, happened, MONTHS)[-1]
    assert (last.reached, last.owed) == (report.done_count, report.owed_count)


def test_a_cell_counts_from_the_month_of_its_first_event_only() -> None:
    owed = {1: frozenset({10, 11}), 2: frozenset({10})}
    happened = [
        Conveyed(dt.date(2026, 3, 5), (1,), (10,)),
        Conveyed(dt.date(2026, 5, 31), (1, 2), (10, 11)),  # (1, 10) again: counted once
        Conveyed(dt.date(2025, 12, 1), (3,), (10,)),  # a group that is owed nothing
    ]
    series = reach_series(owed, happened, months_between(START, dt.date(2026, 6, 1)))
    assert [p.reached for p in series] == [0, 0, 1, 1, 3, 3]
    assert [p.percent for p in series] == [0, 0, 33, 33, 100, 100]


def test_what_was_reached_before_the_first_month_is_there_from_the_start() -> None:
    series = reach_series({1: {10}}, [Conveyed(dt.date(2025, 6, 1), (1,), (10,))], MONTHS[:2])
    assert [p.reached for p in series] == [1, 1]


@given(percents=st.lists(st.integers(0, 100), min_size=1, max_size=60).map(sorted))
def test_the_chart_is_a_step_line_that_never_falls_and_names_where_it_ends(
    percents: list[int],
) -> None:
    steps = [ReachStep(m, "sep. 2026", p) for m, p in zip(MONTHS * 6, percents, strict=False)]
    svg = reach_svg(ident="r", steps=steps, title="Täckning", desc="Andelen")
    assert 'role="img"' in svg and 'aria-labelledby="r-title r-desc"' in svg
    line = svg.split('<polyline class="value" points="')[1].split('"')[0]
    points = [tuple(map(float, xy.split(","))) for xy in line.split()]
    assert all(x1 <= x2 and y1 >= y2 for (x1, y1), (x2, y2) in pairwise(points))  # y grows down
    assert f"{steps[-1].percent} %</text>" in svg


# --- the page ----------------------------------------------------------------------------------


def _marked_done(plan: Any, activity: Activity, at: dt.datetime) -> None:
    Activity.objects.filter(pk=activity.pk).update(status=ActivityStatus.DONE)
    event = AuditEvent.objects.create(
        organization=plan.organization,
        plan=plan,
        register="activities",
        object_id=activity.pk,
        action="update",
        changes=[{"field": "status", "old_value": "planned", "new_value": "done"}],
    )
    AuditEvent.objects.filter(pk=event.pk).update(at=at)


@pytest.mark.django_db
def test_the_follow_up_page_shows_coverage_reached_month_by_month(
    plan: Any, viewer_client: Any, today: Any
) -> None:
    board = TargetGroup.objects.create(plan=plan, name="Kommunstyrelsen")
    staff = TargetGroup.objects.create(plan=plan, name="Handläggare")
    saves, safe = (Message.objects.create(plan=plan, text=t) for t in ("Sparar tid", "Säkert"))
    for message in (saves, safe):
        message.groups.add(board, staff)
    news = Activity.objects.create(plan=plan, title="Nyhet", time_text="mars 2026")
    news.groups.add(staff)
    news.messages.add(saves, safe)
    _marked_done(plan, news, dt.datetime(2026, 3, 10, 9, tzinfo=dt.UTC))
    # Written done (as a copy or an import would): counted at the end of its period, June.
    briefing = Activity.objects.create(
        plan=plan, title="Dragning", time_text="juni 2026", status=ActivityStatus.DONE
    )
    briefing.groups.add(board)
    briefing.messages.add(saves)
    meeting = Interaction.objects.create(
        organization=plan.organization, day=dt.date(2026, 8, 20), subject="Möte med KS"
    )
    meeting.groups.add(board)
    meeting.messages.add(saves, safe)  # "saves" already reached in June: only "safe" is new
    page = viewer_client.get(f"/plans/{plan.pk}/follow-up/").content.decode()
    section = page.split('id="reach-heading"')[1].split("</section>")[0]
    assert 'role="img"' in section and "<title" in section
    rows = section.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    # January 2026 (the plan's start) to today's month, or the plan's last month if sooner.
    last = min(today, plan.end_date) if plan.end_date else today
    assert len(rows) == (last.year - 2026) * 12 + last.month
    cells = [r.split('data-label="Täckt">')[1].split("</td>")[0] for r in rows]
    assert cells[0] == cells[1] == "0 av 4"
    assert cells[2] == cells[4] == "2 av 4"  # March, held through May
    assert cells[5] == "3 av 4" and cells[7] == cells[9] == "4 av 4"
    assert "75 %" in rows[5] and "100 %" in rows[9]


@pytest.mark.django_db
def test_before_the_plan_begins_the_section_says_so(
    plan: Any, viewer_client: Any, today: Any
) -> None:
    plan.start_date, plan.end_date = today + dt.timedelta(days=40), today + dt.timedelta(days=400)
    plan.save()
    page = viewer_client.get(f"/plans/{plan.pk}/follow-up/").content.decode()
    section = page.split('id="reach-heading"')[1].split("</section>")[0]
    assert "Planens period har inte börjat." in section and "<svg" not in section
