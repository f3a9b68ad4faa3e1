"""The influence/interest grid's layout (komplan/people/grid.py), without a database: every
point in its own cell, none hiding another, arrows pointing the way engagement must go."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from komplan.people.grid import CELL, LANES, LEFT, STEPS, TOP, Point, grid_svg, place

step = st.integers(min_value=1, max_value=STEPS)
points = st.lists(
    st.builds(
        lambda n, influence, interest, current, desired: Point(
            n, f"Grupp {n}", f"/g/{n}/", influence, interest, current, desired
        ),
        st.integers(min_value=1, max_value=999),
        step,
        step,
        step,
        step,
    ),
    max_size=40,
)


@given(points)
def test_every_point_sits_in_its_cell_and_none_overlaps_another(given_points: list[Point]) -> None:
    placed = place(given_points)
    assert [p.point for p in placed] == given_points  # the order given: the Tab order
    for p in placed:
        column = math.floor((p.x - LEFT) / CELL) + 1
        row = STEPS - math.floor((p.y - TOP) / CELL)
        assert (column, row) == (p.point.interest, p.point.influence)
    for n, a in enumerate(placed):
        for b in placed[n + 1 :]:
            assert math.dist((a.x, a.y), (b.x, b.y)) >= a.r + b.r


@given(points)
def test_an_arrow_points_the_way_engagement_must_go(given_points: list[Point]) -> None:
    for p in place(given_points):
        gap = p.point.desired - p.point.current
        if gap == 0:
            assert p.arrow_to is None
        else:
            assert p.arrow_to is not None and (p.arrow_to - p.x) * gap > 0


def test_the_svg_escapes_names_and_links_every_point() -> None:
    svg = grid_svg(
        [Point(1, 'Rektorer <"B">', "/g/1/?a=1&b=2", 3, 4, 2, 4)],
        title="Grid",
        description="Points",
        interest_label="Interest",
        influence_label="Influence",
        ticks=["1", "2", "3", "4", "5"],
    )
    assert "aria-label='Rektorer &lt;\"B\"&gt;'" in svg  # quoteattr picks the other quote
    assert 'href="/g/1/?a=1&amp;b=2"' in svg and '<title>Rektorer &lt;"B"&gt;</title>' in svg
    assert svg.count("<a ") == 1 and "marker-end" in svg


@given(points)
def test_no_arrow_runs_through_another_point_while_a_row_has_lines_enough(
    given_points: list[Point],
) -> None:
    placed = place(given_points)
    for p in placed:
        row = [q for q in placed if q.point.influence == p.point.influence]
        if p.arrow_to is None or len(row) > LANES:
            continue
        low, high = sorted((p.x, p.arrow_to))
        for q in row:
            if q is not p and low <= q.x <= high:
                assert abs(q.y - p.y) >= q.r, (p, q)
