"""Lay out a plan's activities as a Gantt chart, and list the days a recurring activity happens.

Pure Python, no Django: the view loads plain `Entry` rows grouped in `LaneInput`s (one per target
group or channel), `layout()` returns lanes, bars, ticks and a today line with SVG coordinates,
and a template draws them. `occurrences()` gives the same days as the calendar feed's RRULE.

Conventions, as in periods.py: an end is the last day included, and a bar covers whole days,
from the start of its first day to the end of its last. An activity with a start and no end runs
to the plan's end when it is open-ended ("ongoing"), or to the end of the visible window when the
plan has none; without an end and not open-ended it is a single day.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = [
    "RECURRENCES",
    "Bar",
    "Entry",
    "LaneInput",
    "LaneLayout",
    "Layout",
    "Tick",
    "Window",
    "effective_end",
    "layout",
    "occurrences",
    "shorten",
]

RECURRENCES = ("weekly", "monthly", "quarterly")
_MONTH_STEP = {"monthly": 1, "quarterly": 3}

# Geometry in SVG user units. The chart is drawn 1:1 in komplan's 1200 px wide content column
# and scales down with the viewBox on narrower screens.
WIDTH = 1200.0
LABEL_WIDTH = 320.0  # the column of lane and activity names left of the plot
RIGHT_MARGIN = 16.0
AXIS_HEIGHT = 44.0  # tick labels above the plot
BOTTOM_MARGIN = 26.0  # room for the today line's label
LANE_HEAD = 28.0
ROW = 24.0
BAR = 14.0
MORE_ROW = 20.0
MIN_BAR = 3.0  # a single day in a year is 2.4 units: keep every bar visible
TAG_CHAR = 7.0  # width of a character of a bar's tag, generously (12 px, bold)
LABEL_CHARS = 44  # characters of an activity title that fit the label column
LANE_CHARS = 46


@dataclass(frozen=True, slots=True)
class Window:
    """The visible range of days, both ends included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a window ends on or after its start")

    @classmethod
    def of(cls, year: int, quarter: int | None = None) -> Window:
        """A calendar year, or one quarter (1–4) of it."""
        if quarter is None:
            return cls(date(year, 1, 1), date(year, 12, 31))
        if not 1 <= quarter <= 4:
            raise ValueError("a quarter is 1 to 4")
        first = date(year, 3 * quarter - 2, 1)
        return cls(first, _add_months(first, 3) - timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class Entry:
    """One dated activity as the timeline sees it; the labels come translated from the view."""

    id: int
    title: str
    start: date
    end: date | None = None
    open_ended: bool = False
    preliminary: bool = False
    status: str = "planned"
    status_label: str = ""
    recurrence: str = ""
    recurrence_label: str = ""
    tag: str = ""  # drawn beside the bar, e.g. "Done" or "In progress · ongoing"

    @property
    def ongoing(self) -> bool:
        return self.end is None and self.open_ended


@dataclass(frozen=True, slots=True)
class LaneInput:
    """A target group or channel with the entries to draw and how many it holds in all."""

    key: str
    label: str
    entries: Sequence[Entry]
    total: int = 0


@dataclass(frozen=True, slots=True)
class Tick:
    """A month or quarter (or, zoomed in, an ISO week) of the axis: its span and its number."""

    start: date
    end: date
    x: float
    width: float
    number: int
    kind: str

    @property
    def middle(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True, slots=True)
class Bar:
    """An entry drawn in one row: its box, the days it shows and where its tag goes."""

    entry: Entry
    end: date  # the last day the bar stands for: the plan's end for an ongoing activity
    row_y: float
    x: float
    y: float
    width: float
    height: float
    label: str  # the title, shortened to the label column
    fades: bool  # ongoing: runs to the plan's end and fades out
    hatched: bool  # preliminary
    cut_start: bool  # the period began before the window
    cut_end: bool  # the period goes on after the window
    marks: tuple[float, ...]  # x of each occurrence of a recurring activity
    tag_x: float
    tag_anchor: str  # "start" or "end", as SVG's text-anchor
    tag_inside: bool  # no room beside the bar: the tag is drawn on it

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def middle_y(self) -> float:
        return self.y + self.height / 2

    @property
    def text_y(self) -> float:
        return self.row_y + ROW / 2 + 4

    @property
    def rule_y(self) -> float:
        return self.row_y + ROW


@dataclass(frozen=True, slots=True)
class LaneLayout:
    key: str
    label: str
    full_label: str
    y: float
    height: float
    bars: tuple[Bar, ...]
    total: int

    @property
    def more(self) -> int:
        """How many of the lane's entries are not drawn."""
        return max(0, self.total - len(self.bars))

    @property
    def text_y(self) -> float:
        return self.y + LANE_HEAD / 2 + 5

    @property
    def more_y(self) -> float:
        return self.y + self.height - MORE_ROW / 2 + 4


@dataclass(frozen=True, slots=True)
class Layout:
    window: Window
    scale: str
    width: float
    height: float
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    ticks: tuple[Tick, ...]
    weeks: tuple[Tick, ...]
    lanes: tuple[LaneLayout, ...]
    today_x: float | None

    @property
    def bars(self) -> Iterator[Bar]:
        for lane in self.lanes:
            yield from lane.bars

    @property
    def label_x(self) -> float:
        return 12.0

    @property
    def indent_x(self) -> float:
        return 26.0

    @property
    def lane_head(self) -> float:
        return LANE_HEAD

    @property
    def plot_height(self) -> float:
        return self.plot_bottom - self.plot_top

    @property
    def grid_top(self) -> float:
        return self.plot_top - 6

    @property
    def tick_label_y(self) -> float:
        return 20.0 if self.weeks else 28.0

    @property
    def week_label_y(self) -> float:
        return self.plot_top - 8

    @property
    def today_label_y(self) -> float:
        return self.plot_bottom + 18

    @property
    def today_bottom(self) -> float:
        return self.plot_bottom + 5


def effective_end(
    start: date, end: date | None, open_ended: bool, plan_end: date | None
) -> date | None:
    """The last day of an activity: its end; else the plan's end if it is ongoing (None when
    the plan has no end either); else its start, a single day. Never before the start."""
    if end is None:
        end = plan_end if open_ended else start
    if end is None:
        return None
    return max(start, end)


def occurrences(
    start: date, end: date | None, recurrence: str, limit: int = 1000, since: date | None = None
) -> list[date]:
    """The days a recurring activity happens: `start`, then every week, month or quarter up to
    and including `end` (None: no end), at most `limit` days, leaving out those before `since`.

    A month without the start's day of the month uses its last day (31 Jan, 28 Feb, 31 Mar), as
    the calendar feed's RRULE does with BYMONTHDAY=28,…,31;BYSETPOS=-1. No recurrence: no days.
    """
    if recurrence == "weekly":
        return list(_weekly(start, end, limit, since))
    if recurrence in _MONTH_STEP:
        return list(_monthly(start, end, _MONTH_STEP[recurrence], limit, since))
    return []


def _weekly(start: date, end: date | None, limit: int, since: date | None) -> Iterator[date]:
    skip = max(0, math.ceil((since - start).days / 7)) if since else 0
    for number in range(skip, skip + max(0, limit)):
        day = start + timedelta(weeks=number)
        if end is not None and day > end:
            return
        yield day


def _monthly(
    start: date, end: date | None, step: int, limit: int, since: date | None
) -> Iterator[date]:
    skip = 0
    if since and since > start:
        months = (since.year - start.year) * 12 + since.month - start.month
        skip = max(0, months // step - 1)
    count = 0
    number = skip
    while count < limit:
        day = _add_months(start, number * step)
        number += 1
        if end is not None and day > end:
            return
        if since and day < since:
            continue
        count += 1
        yield day


def _add_months(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, _month_length(year, month + 1)))


def _month_length(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


def shorten(text: str, limit: int) -> str:
    """`text` on one line, cut at a word to at most `limit` characters with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,.;:–-") + "…"


class _Axis:
    """Days to x: the window's first day starts at `left`, its last day ends at `right`."""

    def __init__(self, window: Window, left: float, right: float) -> None:
        self.window, self.left, self.right = window, left, right
        self.per_day = (right - left) / window.days

    def x(self, day: date) -> float:
        """The left edge of `day`, clamped to the plot, rounded to keep the SVG small."""
        days = (day - self.window.start).days
        return round(min(self.right, max(self.left, self.left + days * self.per_day)), 2)

    def middle(self, day: date) -> float:
        return round(min(self.right, self.x(day) + self.per_day / 2), 2)

    def span(self, first: date, last: date) -> tuple[float, float]:
        """x and width of the days `first`..`last` (inclusive) inside the window."""
        left = self.x(first)
        right = self.x(last + timedelta(days=1)) if last < self.window.end else self.right
        width = round(max(MIN_BAR, right - left), 2)
        return min(left, round(self.right - width, 2)), width


def layout(
    lanes: Sequence[LaneInput],
    window: Window,
    today: date,
    *,
    scale: str = "month",
    plan_end: date | None = None,
) -> Layout:
    """Lanes stacked top to bottom, one row per entry in the given order, each bar clipped to
    `window`, ticks by "month" or "quarter" (`scale`). Entries that do not touch the window are
    left out; the caller's `total` still counts them in a lane's `more`."""
    axis = _Axis(window, LABEL_WIDTH, WIDTH - RIGHT_MARGIN)
    y = AXIS_HEIGHT
    laid_out = []
    for lane in lanes:
        laid, y = _lane(lane, axis, y, plan_end)
        laid_out.append(laid)
    return Layout(
        window=window,
        scale=scale,
        width=WIDTH,
        height=y + BOTTOM_MARGIN,
        plot_left=axis.left,
        plot_right=axis.right,
        plot_top=AXIS_HEIGHT,
        plot_bottom=y,
        ticks=tuple(_ticks(axis, 3 if scale == "quarter" else 1)),
        weeks=tuple(_weeks(axis)) if window.days <= 100 else (),
        lanes=tuple(laid_out),
        today_x=axis.middle(today) if today in window else None,
    )


def _lane(
    lane: LaneInput, axis: _Axis, top: float, plan_end: date | None
) -> tuple[LaneLayout, float]:
    y = top + LANE_HEAD
    bars = []
    for entry in lane.entries:
        bar = _bar(entry, axis, y, plan_end)
        if bar is not None:
            bars.append(bar)
            y += ROW
    total = max(lane.total, len(bars))
    if total > len(bars):
        y += MORE_ROW
    laid = LaneLayout(
        key=lane.key,
        label=shorten(lane.label, LANE_CHARS),
        full_label=lane.label,
        y=top,
        height=y - top,
        bars=tuple(bars),
        total=total,
    )
    return laid, y


def _bar(entry: Entry, axis: _Axis, row_y: float, plan_end: date | None) -> Bar | None:
    window = axis.window
    end = effective_end(entry.start, entry.end, entry.open_ended, plan_end) or window.end
    if entry.start > window.end or end < window.start:
        return None
    x, width = axis.span(max(entry.start, window.start), min(end, window.end))
    marks = occurrences(entry.start, min(end, window.end), entry.recurrence, 400, window.start)
    tag_x, anchor, inside = _tag(x, width, axis, len(entry.tag) * TAG_CHAR + 12)
    return Bar(
        entry=entry,
        end=end,
        row_y=row_y,
        x=x,
        y=row_y + (ROW - BAR) / 2,
        width=width,
        height=BAR,
        label=shorten(entry.title, LABEL_CHARS),
        fades=entry.ongoing,
        hatched=entry.preliminary,
        cut_start=entry.start < window.start,
        cut_end=end > window.end,
        marks=tuple(axis.middle(day) for day in marks),
        tag_x=tag_x,
        tag_anchor=anchor,
        tag_inside=inside,
    )


def _tag(x: float, width: float, axis: _Axis, room: float) -> tuple[float, str, bool]:
    """Where a tag `room` wide goes: after the bar, else before it, else on it at its start."""
    if axis.right - (x + width) >= room:
        return round(x + width + 6, 2), "start", False
    if x - axis.left >= room:
        return round(x - 6, 2), "end", False
    return round(x + 6, 2), "start", True


def _ticks(axis: _Axis, months: int) -> Iterator[Tick]:
    window = axis.window
    first = date(window.start.year, (window.start.month - 1) // months * months + 1, 1)
    while first <= window.end:
        following = _add_months(first, months)
        start, end = max(first, window.start), min(following - timedelta(days=1), window.end)
        x, width = axis.span(start, end)
        number = (first.month - 1) // 3 + 1 if months == 3 else first.month
        yield Tick(start, end, x, width, number, "quarter" if months == 3 else "month")
        first = following


def _weeks(axis: _Axis) -> Iterator[Tick]:
    window = axis.window
    monday = window.start - timedelta(days=window.start.weekday())
    while monday <= window.end:
        start, end = max(monday, window.start), min(monday + timedelta(days=6), window.end)
        x, width = axis.span(start, end)
        yield Tick(start, end, x, width, monday.isocalendar()[1], "week")
        monday += timedelta(weeks=1)
