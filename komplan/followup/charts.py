"""The follow-up pages' charts as SVG strings, drawn on the server from plain values (no
JavaScript). Each chart is an image with a title and a description (role="img"); the page
shows the same numbers in a table next to it."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from komplan.followup.status import Point

WIDTH, HEIGHT = 640, 260
CHAR_WIDTH, LABEL_GAP = 7, 8  # a character of the 12 px text at most, and room between labels
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 36


@dataclass(frozen=True)
class ChartText:
    title: str
    desc: str
    target: str  # the label of the target line
    deadline: str
    today: str


def _fmt(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def progress_svg(
    *,
    ident: str,
    points: Sequence[Point],
    baseline: Decimal,
    target: Decimal | None,
    start: dt.date | None,
    deadline: dt.date | None,
    today: dt.date,
    text: ChartText,
) -> SafeString:
    """A goal's values over time as a stepped line, with the target (dashed, horizontal),
    the deadline (vertical) and today marked."""
    days = [p.day for p in points] + [today]
    days += [d for d in (start, deadline) if d is not None]
    first, last = min(days), max(days)
    if last <= first:
        last = first + dt.timedelta(days=1)
    values = [p.value for p in points] + [baseline] + ([target] if target is not None else [])
    top = max([*values, Decimal(1)]) * Decimal("1.1")
    bottom = min([*values, Decimal(0)])
    span_days = (last - first).days
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: dt.date) -> float:
        return round(LEFT + plot_w * (day - first).days / span_days, 1)

    def y(value: Decimal) -> float:
        return round(TOP + plot_h * float((top - value) / (top - bottom)), 1)

    parts = [
        f'<svg class="followup-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-title">{escape(text.title)}</title>',
        f'<desc id="{ident}-desc">{escape(text.desc)}</desc>',
        f'<line class="axis" x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" '
        f'y2="{TOP + plot_h}"/>',
        f'<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}"/>',
        f'<text class="tick" x="{LEFT - 6}" y="{y(bottom) + 4}" text-anchor="end">'
        f"{_fmt(bottom)}</text>",
        f'<text class="tick" x="{LEFT}" y="{HEIGHT - 12}">{first.isoformat()}</text>',
        f'<text class="tick" x="{WIDTH - RIGHT}" y="{HEIGHT - 12}" text-anchor="end">'
        f"{last.isoformat()}</text>",
    ]
    labels = _Labels()
    if deadline is not None:
        dx = x(deadline)
        parts.append(f'<line class="deadline" x1="{dx}" y1="{TOP}" x2="{dx}" y2="{TOP + plot_h}"/>')
        # Left of its line, unless that runs past the axis (a deadline near the start).
        parts.append(
            labels.place(text.deadline, [(dx - 4, TOP + 12, "end"), (dx + 4, TOP + 12, "start")])
        )
    tx = x(today)
    parts.append(f'<line class="today" x1="{tx}" y1="{TOP}" x2="{tx}" y2="{TOP + plot_h}"/>')
    low = TOP + plot_h - 6
    parts.append(labels.place(text.today, [(tx + 4, low, "start"), (tx - 4, low, "end")]))
    if target is not None:
        ty = y(target)
        parts.append(f'<line class="target" x1="{LEFT}" y1="{ty}" x2="{WIDTH - RIGHT}" y2="{ty}"/>')
        # Above the line at its left end, else at its right end, else below it.
        right = WIDTH - RIGHT - 4
        parts.append(
            labels.place(
                f"{text.target} {_fmt(target)}",
                [
                    (LEFT + 4, ty - 4, "start"),
                    (right, ty - 4, "end"),
                    (LEFT + 4, ty + 14, "start"),
                    (right, ty + 14, "end"),
                ],
            )
        )
    shown = [p for p in sorted(points) if p.day <= today]
    if shown:
        # A step line: a value holds until the next measurement.
        coords = [(x(first), y(baseline))]
        for point in shown:
            coords.append((x(point.day), coords[-1][1]))
            coords.append((x(point.day), y(point.value)))
        coords.append((tx, coords[-1][1]))
        line = " ".join(f"{cx},{cy}" for cx, cy in coords)
        parts.append(f'<polyline class="value" points="{line}"/>')
        parts.extend(
            f'<circle class="value" cx="{x(p.day)}" cy="{y(p.value)}" r="4"/>' for p in shown
        )
        parts.append(
            f'<text class="tick" x="{LEFT - 6}" y="{y(top / Decimal("1.1")) + 4}" '
            f'text-anchor="end">{_fmt(top / Decimal("1.1"))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


class _Labels:
    """The text labels of one chart, each put at the first of its places where it runs into
    no label placed before it and stays inside the plot (the last place if none is free).
    A label's box is its baseline less 12 px by CHAR_WIDTH a character."""

    def __init__(self) -> None:
        self.boxes: list[tuple[float, float, float, float]] = []

    def place(self, label: str, places: Sequence[tuple[float, float, str]]) -> str:
        """`places`: (x, y of the baseline, "start" or "end"), the text's anchor at x."""
        width = len(label) * CHAR_WIDTH
        for x, y, anchor in places:
            left = x - width if anchor == "end" else x
            box = (left, y - 12, left + width, y + 2)
            inside = left >= LEFT and box[2] <= WIDTH and box[1] >= TOP and y <= HEIGHT - BOTTOM
            if inside and not any(_overlap(box, other) for other in self.boxes):
                break
        self.boxes.append(box)
        end = ' text-anchor="end"' if anchor == "end" else ""
        return f'<text class="label" x="{x}" y="{y}"{end}>{escape(label)}</text>'


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@dataclass(frozen=True)
class MonthBar:
    month: dt.date
    label: str
    planned: int
    done: int


def month_bars_svg(*, ident: str, bars: Sequence[MonthBar], title: str, desc: str) -> SafeString:
    """Activities per month: the planned ones as an outlined bar, the done ones filled."""
    n = max(len(bars), 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    most = max([b.planned for b in bars] + [b.done for b in bars] + [1])
    slot = plot_w / n
    width = max(2.0, slot * 0.7)
    parts = [
        f'<svg class="followup-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
        f'<line class="axis" x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" '
        f'y2="{TOP + plot_h}"/>',
        f'<text class="tick" x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end">{most}</text>',
        f'<text class="tick" x="{LEFT - 6}" y="{TOP + plot_h + 4}" text-anchor="end">0</text>',
    ]
    # Every `every`th month is labelled, so that the labels do not run into each other
    # ("September 2026" is about 90 px in the chart's 12 px text).
    longest = max([len(b.label) for b in bars] + [1])
    every = max(1, math.ceil((longest * CHAR_WIDTH + LABEL_GAP) / slot))
    for i, bar in enumerate(bars):
        bx = round(LEFT + i * slot + (slot - width) / 2, 1)
        ph = round(plot_h * bar.planned / most, 1)
        dh = round(plot_h * bar.done / most, 1)
        parts.append(
            f'<rect class="planned" x="{bx}" y="{TOP + plot_h - ph}" width="{round(width, 1)}" '
            f'height="{ph}"/><rect class="done" x="{bx}" y="{TOP + plot_h - dh}" '
            f'width="{round(width, 1)}" height="{dh}"/>'
        )
        if i % every == 0:
            parts.append(
                f'<text class="tick" x="{round(bx + width / 2, 1)}" y="{HEIGHT - 12}" '
                f'text-anchor="middle">{escape(bar.label)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))


@dataclass(frozen=True)
class ReachStep:
    month: dt.date
    label: str
    percent: int  # 0 to 100


def reach_svg(*, ident: str, steps: Sequence[ReachStep], title: str, desc: str) -> SafeString:
    """Coverage reached over time as a step line from 0 to 100 %: a month's value holds
    across its slot, so a rise shows in the month it happened."""
    n = max(len(steps), 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / n
    bottom = TOP + plot_h

    def y(percent: int) -> float:
        return round(TOP + plot_h * (100 - percent) / 100, 1)

    parts = [
        f'<svg class="followup-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
        f'<line class="axis" x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}"/>',
        f'<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}"/>',
        f'<line class="target" x1="{LEFT}" y1="{TOP}" x2="{WIDTH - RIGHT}" y2="{TOP}"/>',
        f'<text class="tick" x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end">100 %</text>',
        f'<text class="tick" x="{LEFT - 6}" y="{bottom + 4}" text-anchor="end">0 %</text>',
    ]
    coords: list[tuple[float, float]] = []
    for i, step in enumerate(steps):
        x0, x1 = round(LEFT + i * slot, 1), round(LEFT + (i + 1) * slot, 1)
        coords += [(x0, y(step.percent)), (x1, y(step.percent))]
    if coords:
        line = " ".join(f"{cx},{cy}" for cx, cy in coords)
        parts.append(f'<polyline class="value" points="{line}"/>')
        last = steps[-1]
        parts.append(
            f'<circle class="value" cx="{coords[-1][0]}" cy="{coords[-1][1]}" r="4"/>'
            f'<text class="label" x="{coords[-1][0] - 6}" y="{max(coords[-1][1] - 8, TOP + 12)}" '
            f'text-anchor="end">{last.percent} %</text>'
        )
    # Month labels as the bars have them: every `every`th, so that they do not collide.
    longest = max([len(s.label) for s in steps] + [1])
    every = max(1, math.ceil((longest * CHAR_WIDTH + LABEL_GAP) / slot))
    for i, step in enumerate(steps):
        if i % every == 0:
            parts.append(
                f'<text class="tick" x="{round(LEFT + (i + 0.5) * slot, 1)}" y="{HEIGHT - 12}" '
                f'text-anchor="middle">{escape(step.label)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))
