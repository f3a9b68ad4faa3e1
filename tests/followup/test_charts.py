"""The follow-up charts as SVG: what a person sees in them."""

from __future__ import annotations

import datetime as dt
import re
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from komplan.followup.charts import CHAR_WIDTH, MonthBar, month_bars_svg


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
