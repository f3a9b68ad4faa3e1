"""The influence/interest grid: an SVG drawn on the server from plain data, no database.

The rules
---------
- The grid has five columns (interest, very low → very high, left to right) and five rows
  (influence, very low at the bottom); a group sits in the cell of its interest and influence.
- Each point of a row of the grid (one influence) gets a line of its own inside the row, in
  the order given (the plan's order), so that no arrow runs through another point; past six
  points a row's lines are shared, and points sharing a line in one cell stand side by
  side. No point hides another; each shows the group's number.
- A group whose desired engagement differs from its current one gets an arrow from its point
  along the interest axis: one column per step of engagement (rightwards to raise it,
  leftwards to lower it), stopping at the grid's edge plus a margin. Raising engagement means
  the group must come to care more about the project, which is what the interest axis reads.
- Every point is a link to the group's page: focusable in the order given (Tab), named by
  `Point.label` (aria-label and <title>), so the drawing is usable without seeing it; the
  page puts the same data in a table next to it.
- Presentation attributes, not CSS, as in the cascade's diagram (`cascade/diagram.py`): the
  Content-Security-Policy forbids inline styles. Colour is never the only signal: the arrow
  and the label say what the colour does.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final
from xml.sax.saxutils import escape, quoteattr

__all__ = ["Placed", "Point", "grid_svg", "place"]

STEPS: Final = 5  # the scale of influence, interest and engagement
LANES: Final = 6  # lines of points in a row of the grid before points share one
CELL: Final = 100
LEFT: Final = 130  # room for the influence ticks and the axis title
TOP: Final = 16
RIGHT: Final = 56  # room for an arrow leaving the last column
BOTTOM: Final = 64  # room for the interest ticks and the axis title
WIDTH: Final = LEFT + STEPS * CELL + RIGHT
HEIGHT: Final = TOP + STEPS * CELL + BOTTOM
INK: Final = "#1a1a1a"
POINT: Final = "#1f4e99"  # white numbers on it: 8.6:1
ARROW: Final = "#8a3a00"


@dataclass(frozen=True, slots=True)
class Point:
    """One group: its number and accessible name, where its link goes, and its levels
    (influence, interest, current and desired engagement, each 1..5)."""

    number: int
    label: str
    url: str
    influence: int
    interest: int
    current: int
    desired: int


@dataclass(frozen=True, slots=True)
class Placed:
    """A point's centre and radius in the SVG, and where its arrow ends (None: no arrow)."""

    point: Point
    x: float
    y: float
    r: float
    arrow_to: float | None


def _centre(interest: int, influence: int) -> tuple[float, float]:
    return LEFT + (interest - 0.5) * CELL, TOP + (STEPS - influence + 0.5) * CELL


def place(points: Sequence[Point]) -> list[Placed]:
    """Every point's place on the grid, in the order given (see the rules)."""
    rows: dict[int, list[Point]] = defaultdict(list)
    for point in points:
        rows[point.influence].append(point)
    placed: dict[int, Placed] = {}
    for influence, members in rows.items():
        # Each point of a row on a line of its own (up to LANES), so that no arrow, which
        # runs along its line, passes through another point of the row.
        lanes = min(len(members), LANES)
        pitch_y = CELL / (lanes + 0.5)
        lane_of = {id(p): n % lanes for n, p in enumerate(members)}
        shared: dict[tuple[int, int], list[Point]] = defaultdict(list)
        for point in members:
            shared[(point.interest, lane_of[id(point)])].append(point)
        for (interest, lane), together in shared.items():
            pitch_x = CELL / (len(together) + 0.5)
            radius = min(15.0, pitch_y * 0.42, pitch_x * 0.42)
            cx, cy = _centre(interest, influence)
            y = cy + (lane - (lanes - 1) / 2) * pitch_y
            for k, point in enumerate(together):
                x = cx + (k - (len(together) - 1) / 2) * pitch_x
                placed[id(point)] = Placed(point, x, y, radius, _arrow(point, x, radius))
    return [placed[id(point)] for point in points]


def _arrow(point: Point, x: float, radius: float) -> float | None:
    gap = point.desired - point.current
    if not gap:
        return None
    end = min(max(x + gap * CELL, LEFT + 4), WIDTH - 6)
    if abs(end - x) < radius + 12:  # at the edge: still show the way
        end = x + math.copysign(radius + 12, gap)
    return end


def grid_svg(
    points: Sequence[Point],
    *,
    title: str,
    description: str,
    interest_label: str,
    influence_label: str,
    ticks: Sequence[str],
) -> str:
    """The SVG of the grid with `points` on it; `ticks` names the five steps of the axes."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="group" class="engagement-grid-svg" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" aria-labelledby="engagement-svg-title '
        f'engagement-svg-desc">',
        f'<title id="engagement-svg-title">{escape(title)}</title>',
        f'<desc id="engagement-svg-desc">{escape(description)}</desc>',
        '<defs><marker id="engagement-arrowhead" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        f'<path d="M0 0 L10 5 L0 10 z" fill="{ARROW}"/></marker></defs>',
    ]
    font = f"font-family={quoteattr('sans-serif')}"
    # The frame: the upper right (much influence, much interest) tinted, the rest white.
    parts.append(
        f'<rect x="{LEFT}" y="{TOP}" width="{STEPS * CELL}" height="{STEPS * CELL}" '
        f'fill="#ffffff" stroke="{INK}" stroke-width="1.5"/>'
    )
    parts.append(
        f'<rect x="{LEFT + 3 * CELL}" y="{TOP}" width="{2 * CELL}" height="{2 * CELL}" '
        f'fill="#eef3fb"/>'
    )
    for k in range(1, STEPS):
        x, y = LEFT + k * CELL, TOP + k * CELL
        parts.append(
            f'<path d="M{x} {TOP} V{TOP + STEPS * CELL} M{LEFT} {y} H{LEFT + STEPS * CELL}" '
            f'stroke="#c4c4c4" stroke-width="1"/>'
        )
    for step, tick in enumerate(ticks[:STEPS], start=1):
        x, _ = _centre(step, 1)
        _, y = _centre(1, step)
        parts.append(
            f'<text x="{x}" y="{TOP + STEPS * CELL + 20}" font-size="15" fill="{INK}" '
            f'text-anchor="middle" {font}>{escape(tick)}</text>'
        )
        parts.append(
            f'<text x="{LEFT - 8}" y="{y + 5}" font-size="15" fill="{INK}" text-anchor="end" '
            f"{font}>{escape(tick)}</text>"
        )
    parts.append(
        f'<text x="{LEFT + STEPS * CELL / 2}" y="{HEIGHT - 12}" font-size="17" '
        f'font-weight="600" fill="{INK}" text-anchor="middle" {font}>'
        f"{escape(interest_label)} →</text>"
    )
    middle = TOP + STEPS * CELL / 2
    parts.append(
        f'<text x="20" y="{middle}" font-size="17" font-weight="600" fill="{INK}" '
        f'text-anchor="middle" transform="rotate(-90 20 {middle})" {font}>'
        f"{escape(influence_label)} →</text>"
    )
    placed = place(points)
    for p in placed:  # arrows under the points
        if p.arrow_to is not None:
            start = p.x + math.copysign(p.r + 1, p.arrow_to - p.x)
            parts.append(
                f'<line x1="{start:.1f}" y1="{p.y:.1f}" x2="{p.arrow_to:.1f}" y2="{p.y:.1f}" '
                f'stroke="{ARROW}" stroke-width="2.5" stroke-dasharray="6 3" '
                f'marker-end="url(#engagement-arrowhead)"/>'
            )
    for p in placed:
        label = quoteattr(p.point.label)
        size = max(9, round(p.r * 0.95))
        parts.append(
            f'<a href={quoteattr(p.point.url)} aria-label={label} class="engagement-point">'
            f"<title>{escape(p.point.label)}</title>"
            f'<circle cx="{p.x:.1f}" cy="{p.y:.1f}" r="{p.r:.1f}" fill="{POINT}" '
            f'stroke="#ffffff" stroke-width="1.5"/>'
            f'<text x="{p.x:.1f}" y="{p.y + size * 0.35:.1f}" font-size="{size}" '
            f'font-weight="700" fill="#ffffff" text-anchor="middle" {font}>'
            f"{p.point.number}</text></a>"
        )
    parts.append("</svg>")
    return "".join(parts)
