"""The timeline: the plan's dated activities as a Gantt chart by month or quarter, grouped by
target group or channel, beside a table that lists exactly the activities the chart draws.

A 10,000-activity plan stays fast because the database does the cutting: only activities that
touch the zoomed year or quarter, at most LANES_PER_PAGE lanes (groups or channels) per page and
at most ROWS_PER_LANE activities per lane, the earliest first (ranked in SQL by ROW_NUMBER). A
lane's own page (`?lane=<id>`) lists all its activities, LANE_PAGE_SIZE at a time. The page makes
the same queries whatever the plan's size; `komplan.plans.timeline` does the layout.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, replace
from typing import Any

from django.core.cache import cache
from django.db.models import Count, F, Max, Min, Q, QuerySet
from django.db.models.expressions import Window as Over
from django.db.models.functions import RowNumber
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from komplan.accounts.access import VIEW
from komplan.plans import timeline
from komplan.plans.access import plan_view
from komplan.plans.models import Activity, ActivityStatus, Channel, Plan, Recurrence, TargetGroup
from komplan.plans.stamps import registers_stamp

LANES_PER_PAGE = 10
ROWS_PER_LANE = 8
LANE_PAGE_SIZE = 100
UNDATED_PREVIEW = 25
YEARS_SHOWN = 9  # year links around the chosen year
NO_LANE = "none"
RELATIONS = {"group": "groups", "channel": "channels"}
ENTRY_FIELDS = ("pk", "title", "starts_on", "ends_on", "open_ended", "preliminary", "status")


@dataclass(frozen=True)
class Options:
    """What the visitor asked to see, read leniently from the query string."""

    year: int
    quarter: int | None = None
    scale: str = "month"
    group_by: str = "group"
    lane: str | None = None
    page: int = 1

    def query(self, **changes: Any) -> str:
        """The query string of these options with `changes`, for links."""
        options = replace(self, **changes)
        query = QueryDict(mutable=True)
        query["year"] = str(options.year)
        if options.quarter:
            query["quarter"] = str(options.quarter)
        query["scale"] = options.scale
        query["group_by"] = options.group_by
        if options.lane:
            query["lane"] = options.lane
        if options.page > 1:
            query["page"] = str(options.page)
        return "?" + query.urlencode()

    @property
    def window(self) -> timeline.Window:
        return timeline.Window.of(self.year, self.quarter)

    def step(self, direction: int) -> Options:
        """The year or quarter before (-1) or after (+1) this one, on its first page."""
        if self.quarter is None:
            return replace(self, year=self.year + direction, page=1)
        year, quarter = divmod(self.year * 4 + self.quarter - 1 + direction, 4)
        return replace(self, year=year, quarter=quarter + 1, page=1)


def _number(value: str | None, low: int, high: int) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if low <= number <= high else None


def read_options(query: QueryDict, default_year: int) -> Options:
    """Options from `?year=&quarter=&scale=&group_by=&lane=&page=`; anything odd is ignored."""
    lane = query.get("lane", "")
    return Options(
        year=_number(query.get("year"), 1900, 2200) or default_year,
        quarter=_number(query.get("quarter"), 1, 4),
        scale=query.get("scale") if query.get("scale") in ("month", "quarter") else "month",
        group_by=query.get("group_by") if query.get("group_by") in RELATIONS else "group",
        lane=lane if lane == NO_LANE or (lane.isdecimal() and len(lane) < 12) else None,
        page=_number(query.get("page"), 1, 100_000) or 1,
    )


def _default_year(plan: Plan, today: dt.date, first: dt.date | None) -> int:
    """This year while the plan runs, else the plan's first year, else its first activity's."""
    start = plan.start_date or first
    if start is None or (start <= today and (plan.end_date is None or today <= plan.end_date)):
        return today.year
    return start.year


def touching(window: timeline.Window, plan_end: dt.date | None) -> Q:
    """Dated activities whose days (see timeline.effective_end) meet `window`."""
    ongoing_reaches = plan_end is None or plan_end >= window.start
    no_end = Q(starts_on__gte=window.start)
    if ongoing_reaches:
        no_end |= Q(open_ended=True)
    return Q(starts_on__isnull=False, starts_on__lte=window.end) & (
        Q(ends_on__gte=window.start) | Q(ends_on__isnull=True) & no_end
    )


@dataclass(frozen=True)
class Lane:
    key: str
    name: str
    position: int
    total: int


def _lanes(plan: Plan, options: Options, near: Q) -> list[Lane]:
    """Every group or channel with activities in the window, in document order, with counts;
    activities without any come last, under "none"."""
    rel = RELATIONS[options.group_by]
    rows = (
        plan.activities.filter(near)
        .values(rel, f"{rel}__name", f"{rel}__position")
        .annotate(n=Count("pk"))
        .order_by()
    )
    none_label = _("No target group") if options.group_by == "group" else _("No channel")
    lanes = [
        Lane(NO_LANE, none_label, 0, row["n"])
        if row[rel] is None
        else Lane(str(row[rel]), row[f"{rel}__name"], row[f"{rel}__position"], row["n"])
        for row in rows
    ]
    return sorted(lanes, key=lambda lane: (lane.key == NO_LANE, lane.position, lane.name))


def _ranked(
    plan: Plan, options: Options, near: Q, keys: list[str], ranks: tuple[int, int]
) -> QuerySet[Any, dict[str, Any]]:
    """The activities of the lanes `keys` ranked by start within each lane, ranks (low, high]."""
    rel = RELATIONS[options.group_by]
    ids = [int(key) for key in keys if key != NO_LANE]
    in_lanes = Q(lane__in=ids)
    if NO_LANE in keys:
        in_lanes |= Q(lane__isnull=True)
    order = [F("starts_on").asc(), F("position").asc(), F("pk").asc()]
    return (
        plan.activities.filter(near)
        .annotate(lane=F(f"{rel}__pk"))
        .filter(in_lanes)
        .annotate(rank=Over(RowNumber(), partition_by=[F("lane")], order_by=order))
        .filter(rank__gt=ranks[0], rank__lte=ranks[1])
        .values(*ENTRY_FIELDS, "recurrence", "lane", "rank")
        .order_by("lane", "rank")
    )


def _tag(row: dict[str, Any]) -> str:
    """What a bar says besides its colour and pattern: its status unless planned, whether it
    is preliminary, whether it is ongoing."""
    words = [] if row["status"] == ActivityStatus.PLANNED else [ActivityStatus(row["status"]).label]
    if row["preliminary"]:
        words.append(_("preliminary"))
    if row["ends_on"] is None and row["open_ended"]:
        words.append(_("ongoing"))
    return " · ".join(str(word) for word in words)


def _entry(row: dict[str, Any]) -> timeline.Entry:
    return timeline.Entry(
        id=row["pk"],
        title=row["title"],
        start=row["starts_on"],
        end=row["ends_on"],
        open_ended=row["open_ended"],
        preliminary=row["preliminary"],
        status=row["status"],
        status_label=str(ActivityStatus(row["status"]).label),
        recurrence=row["recurrence"],
        recurrence_label=str(Recurrence(row["recurrence"]).label) if row["recurrence"] else "",
        tag=_tag(row),
    )


@dataclass(frozen=True)
class Shown:
    """The lanes on this page and how the visitor moves between pages."""

    lanes: list[timeline.LaneInput]
    page: int
    pages: int
    first: int  # number of the first lane or activity on the page, for "11–20 of 34"
    last: int
    of: int


def _shown(plan: Plan, options: Options, near: Q, lanes: list[Lane]) -> Shown:
    if options.lane is not None:
        lanes = [lane for lane in lanes if lane.key == options.lane]
        of = lanes[0].total if lanes else 0
        size = LANE_PAGE_SIZE
    else:
        of, size = len(lanes), LANES_PER_PAGE
    pages = max(1, -(-of // size))
    page = min(options.page, pages)
    if options.lane is None:
        lanes = lanes[(page - 1) * size : page * size]
        ranks = (0, ROWS_PER_LANE)
    else:
        ranks = ((page - 1) * size, page * size)
    entries: dict[str, list[timeline.Entry]] = {lane.key: [] for lane in lanes}
    if lanes:
        for row in _ranked(plan, options, near, list(entries), ranks):
            key = NO_LANE if row["lane"] is None else str(row["lane"])
            entries[key].append(_entry(row))
    inputs = [
        timeline.LaneInput(lane.key, lane.name, entries[lane.key], lane.total) for lane in lanes
    ]
    first = (page - 1) * size + 1 if of else 0
    return Shown(inputs, page, pages, first, min(of, page * size), of)


def _years(plan: Plan, chosen: int, first: dt.date | None, last: dt.date | None) -> list[int]:
    """Years to link to: the plan's and its activities', at most YEARS_SHOWN around `chosen`."""
    known = [d.year for d in (plan.start_date, plan.end_date, first, last) if d] + [chosen]
    low, high = min(known), max(known)
    low = max(low, chosen - YEARS_SHOWN // 2)
    high = min(high, low + YEARS_SHOWN - 1)
    return list(range(low, high + 1))


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    current: bool = False


def _period_label(options: Options) -> str:
    if options.quarter is None:
        return str(options.year)
    return _("Q%(quarter)s %(year)s") % {"quarter": options.quarter, "year": options.year}


def _controls(options: Options, years: list[int]) -> dict[str, Any]:
    """The links that zoom, step, rescale and regroup the timeline; each keeps the rest."""
    whole = Link(_("Whole year"), options.query(quarter=None, page=1), options.quarter is None)
    quarters = [
        Link(
            _("Q%(quarter)s") % {"quarter": q},
            options.query(quarter=q, page=1),
            q == options.quarter,
        )
        for q in range(1, 5)
    ]
    before, after = options.step(-1), options.step(1)
    return {
        "years": [Link(str(y), options.query(year=y, page=1), y == options.year) for y in years],
        "periods": [whole, *quarters],
        "scales": [
            Link(_("By month"), options.query(scale="month"), options.scale == "month"),
            Link(_("By quarter"), options.query(scale="quarter"), options.scale == "quarter"),
        ],
        "group_by": [
            Link(label, options.query(group_by=key, lane=None, page=1), key == options.group_by)
            for key, label in (("group", _("Target group")), ("channel", _("Channel")))
        ],
        "previous": Link(_period_label(before), before.query()),
        "next": Link(_period_label(after), after.query()),
        "period": _period_label(options),
    }


def _pages(options: Options, shown: Shown) -> dict[str, str]:
    links = {}
    if shown.page > 1:
        links["previous"] = options.query(page=shown.page - 1)
    if shown.page < shown.pages:
        links["next"] = options.query(page=shown.page + 1)
    return links


# The timeline below its heading, rendered, by plan content: it is the same for everyone who
# may see the plan (no form, no token), and rendering it read the plan's dated activities.
BODY_CACHE = "komplan:timeline:v1"
BODY_SECONDS = 3600


def body_key(plan: Plan, query: QueryDict, today: dt.date) -> str:
    """The cache key of the timeline's body: it changes with the activities', groups' and
    channels' `registers_stamp`, the plan's own
    dates and name, the day (the today line, the year shown by default), the language and
    the query. One query."""
    asked = sorted((key, query.getlist(key)) for key in query)
    facts = (
        registers_stamp(plan, (Activity, TargetGroup, Channel)),
        plan.updated_at,
        plan.name,
        plan.start_date,
        plan.end_date,
        today,
        get_language(),
        asked,
    )
    digest = hashlib.sha256(repr(facts).encode()).hexdigest()[:32]
    return f"{BODY_CACHE}:{plan.pk}:{digest}"


def _body_context(plan: Plan, query: QueryDict, today: dt.date) -> dict[str, Any]:
    facts = plan.activities.aggregate(
        first=Min("starts_on"),
        last=Max("ends_on"),
        latest=Max("starts_on"),
        undated=Count("pk", filter=Q(starts_on__isnull=True)),
    )
    options = read_options(query, _default_year(plan, today, facts["first"]))
    near = touching(options.window, plan.end_date)
    lanes = _lanes(plan, options, near)
    shown = _shown(plan, options, near, lanes)
    chart = timeline.layout(
        shown.lanes, options.window, today, scale=options.scale, plan_end=plan.end_date
    )
    last = max((d for d in (facts["last"], facts["latest"]) if d), default=None)
    return {
        "plan": plan,
        "options": options,
        "chart": chart,
        "shown": shown,
        "lanes": [(lane, options.query(lane=lane.key, page=1)) for lane in chart.lanes],
        "all_lanes": options.query(lane=None, page=1),
        "lane_count": len(lanes),
        "activity_count": sum(len(lane.bars) for lane in chart.lanes),
        "controls": _controls(options, _years(plan, options.year, facts["first"], last)),
        "pages": _pages(options, shown),
        # Always asked, even when there are none: the page's query count is fixed.
        "undated": list(
            plan.activities.filter(starts_on__isnull=True).order_by("position", "pk")[
                :UNDATED_PREVIEW
            ]
        ),
        "undated_count": facts["undated"],
        "statuses": ActivityStatus.values,
        "rows_per_lane": ROWS_PER_LANE,
    }


@plan_view(VIEW)
def plan_timeline(request: HttpRequest, plan: Plan) -> HttpResponse:
    """The chart and its table for `?year=&quarter=&scale=month|quarter&group_by=group|channel`,
    with `&lane=<id>` for one lane's activities and `&page=` to page lanes or activities.

    The body is rendered once per plan content, day, language and query, then read from the
    cache (two queries: the content stamp and the cache) until the plan changes."""
    today = timezone.localdate()
    key = body_key(plan, request.GET, today)
    body = cache.get(key)
    if body is None:
        body = render_to_string(
            "plans/timeline/_body.html", _body_context(plan, request.GET, today), request
        )
        cache.set(key, str(body), timeout=BODY_SECONDS)
    context = {"plan": plan, "nav": "timeline", "body": mark_safe(body)}  # rendered above
    return render(request, "plans/timeline.html", context)
