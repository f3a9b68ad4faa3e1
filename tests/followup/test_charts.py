"""The follow-up charts as SVG: what a person sees in them."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from itertools import combinations, pairwise

from hypothesis import given
from hypothesis import strategies as st

from komplan.followup.charts import (
    CHAR_WIDTH,
    LEFT,
    WIDTH,
    ChartText,
    MonthBar,
    month_bars_svg,
    progress_svg,
)
from komplan.followup.status import Point


def _bars(months: int, label: str) -> list[MonthBar]:
    return [MonthBar(dt.date(2026, 1, 1), label, 2, 1) for _ in range(months)]


@given(months=st.integers(1, 60), length=st.integers(3, 20))
def test_the_month_labels_do_not_run_into_each_other(months: int, length: int) -> None:
    svg = month_bars_svg(ident="m", bars=_bars(months, "x" * length), title="t", desc="d")
    xs = [float(x) for x in re.findall(r'x="([\d.]+)" y="\d+" text-anchor="middle"', svg)]
    assert xs  # the first month is always named
    assert all(b - a >= length * CHAR_WIDTH for a, b in pairwise(xs))


def test_nineteen_months_of_the_demo_plan_are_labelled_every_fourth() -> None:
    svg = month_bars_svg(ident="m", bars=_bars(19, "September 2026"), title="t", desc="d")
    assert svg.count('text-anchor="middle"') == 5


_LABEL = re.compile(
    r'<text class="label" x="([\d.-]+)" y="([\d.-]+)"( text-anchor="end")?>([^<]*)<'
)


def _label_boxes(svg: str) -> list[tuple[float, float, float, float]]:
    boxes = []
    for x, y, end, label in _LABEL.findall(svg):
        width = len(label) * CHAR_WIDTH
        left = float(x) - width if end else float(x)
        boxes.append((left, float(y) - 12, left + width, float(y) + 2))
    return boxes


@given(
    deadline=st.integers(0, 400),
    today=st.integers(0, 400),
    target=st.integers(0, 1000),
    value=st.integers(0, 1000),
    words=st.tuples(*[st.text("abcdefghij", min_size=3, max_size=14)] * 3),
)
def test_the_target_deadline_and_today_labels_never_cover_each_other(
    deadline: int, today: int, target: int, value: int, words: tuple[str, str, str]
) -> None:
    # Reported: near the plan's start the deadline's label ran over the target's.
    start = dt.date(2026, 1, 1)
    svg = progress_svg(
        ident="g",
        points=[Point(start + dt.timedelta(days=today // 2), Decimal(value))],
        baseline=Decimal(0),
        target=Decimal(target),
        start=start,
        deadline=start + dt.timedelta(days=deadline),
        today=start + dt.timedelta(days=today),
        text=ChartText(title="t", desc="d", target=words[0], deadline=words[1], today=words[2]),
    )
    boxes = _label_boxes(svg)
    assert len(boxes) == 3
    for a, b in combinations(boxes, 2):
        assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
    assert all(box[0] >= LEFT and box[2] <= WIDTH for box in boxes)


def test_a_deadline_near_the_start_is_labelled_right_of_its_line() -> None:
    start = dt.date(2026, 1, 1)
    svg = progress_svg(
        ident="g",
        points=[],
        baseline=Decimal(0),
        target=Decimal(100),
        start=start,
        deadline=start + dt.timedelta(days=3),
        today=start + dt.timedelta(days=200),
        text=ChartText(title="t", desc="d", target="Mål", deadline="Deadline", today="Idag"),
    )
    assert re.search(r'y="28">Deadline<', svg)  # anchored at its start, right of the line
    assert 'text-anchor="end">Deadline' not in svg
