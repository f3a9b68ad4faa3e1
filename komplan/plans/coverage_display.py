"""How the coverage pages present the core's report (see `coverage.py`): one request's view of
the plan, the summary in numbers, the filters, and the rows, sections and warnings the
templates show. No queries beyond `plan_graph`'s; the views in `views/coverage.py` use it.
"""

from __future__ import annotations

import hashlib
import itertools
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.cache import cache
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komplan.core.numbers import whole_percent
from komplan.plans.coverage import (
    ActivityNode,
    ChannelNode,
    CoverageReport,
    Gap,
    GapList,
    GroupNode,
    MessageNode,
    PairState,
    PlanGraph,
    TierNode,
    coverage,
)
from komplan.plans.graph import plan_graph
from komplan.plans.models import Plan, Reach

NO_TIER = "none"

# The core's states as the pages word them: "carried" by a planned or ongoing activity reads
# "Planned"; "Carried" is what the summary calls planned and done together.
STATE_WORDS = {
    "done": gettext_lazy("Done"),
    "planned": gettext_lazy("Planned"),
    "gap": gettext_lazy("Gap"),
}


def display_state(state: PairState | None) -> str:
    """The page's name for a core state: done, planned, gap, or none (not owed)."""
    return {"done": "done", "carried": "planned", "gap": "gap"}.get(state or "", "none")


# Coverage reports kept in the cache; a new layout of the cached form gets a new number.
CACHE_PREFIX = "komplan:coverage:v1"
CACHE_SECONDS = 24 * 3600
# The last few reports this process read, by cache key: a page of a large plan read again
# skips unpickling (~1 MB). Keyed by the content stamp, so never stale.
_RECENT: OrderedDict[str, Coverage] = OrderedDict()
_RECENT_LOCK = threading.Lock()
RECENT_REPORTS = 4


def forget_recent() -> None:
    """Empty this process's memo of recent reports (tests do, with the cache)."""
    with _RECENT_LOCK:
        _RECENT.clear()


def content_key(plan: Plan, kind: str) -> str:
    """A cache key for `kind` computed from the plan's whole content: it changes with the
    plan's content stamp and with what other apps conveyed (one query), so an entry is never
    read after a change."""
    stamp = hashlib.sha256(repr(plan.content_stamp(conveyed=True)).encode()).hexdigest()[:32]
    return f"{kind}:{plan.pk}:{stamp}"


class ActivityTitles(Mapping[int, ActivityNode]):
    """Activity id -> a node with its id, title and status, built when read: two plain dicts
    pickle and unpickle in a fraction of the time 10,000 dataclass objects take."""

    __slots__ = ("_statuses", "_titles")

    def __init__(self, titles: dict[int, str], statuses: dict[int, Any]) -> None:
        self._titles, self._statuses = titles, statuses

    def __getitem__(self, activity_id: int) -> ActivityNode:
        return ActivityNode(activity_id, self._titles[activity_id], self._statuses[activity_id])

    def __iter__(self) -> Iterator[int]:
        return iter(self._titles)

    def __len__(self) -> int:
        return len(self._titles)


@dataclass(frozen=True)
class Coverage:
    """One plan's coverage as the pages read it: its registers as nodes, the report and nodes
    by id.

    Computed once per content stamp and kept in the cache in a compact form: the report's
    bitsets, the tiers, groups, messages and channels, and each activity's id, title and
    status (the links are in the bitsets; `graph.activities` is empty). Pages then build
    only what they show: a window of the matrix, a page of gaps, a preview of warnings.
    """

    graph: PlanGraph  # without activities, see above
    report: CoverageReport
    tiers: dict[int, TierNode]
    groups: dict[int, GroupNode]
    messages: dict[int, MessageNode]
    channels: dict[int, ChannelNode]
    activities: ActivityTitles  # id, title and status only

    @classmethod
    def of(cls, plan: Plan) -> Coverage:
        """The plan's coverage: from this process's last few, else the cache, else computed
        (and cached)."""
        key = content_key(plan, CACHE_PREFIX)
        with _RECENT_LOCK:
            found = _RECENT.get(key)
        if found is None:
            found = cache.get(key)
            if found is None:
                found = cls.compute(plan)
                cache.set(key, found, timeout=CACHE_SECONDS)
            with _RECENT_LOCK:
                _RECENT[key] = found
                while len(_RECENT) > RECENT_REPORTS:
                    _RECENT.popitem(last=False)
        return found

    @classmethod
    def compute(cls, plan: Plan) -> Coverage:
        """Read the plan and run the core (no cache)."""
        graph = plan_graph(plan)
        report = coverage(graph)
        activities = ActivityTitles(
            {a.id: a.title for a in graph.activities},
            {a.id: a.status for a in graph.activities},
        )
        compact = PlanGraph(graph.tiers, graph.groups, graph.messages, graph.channels)
        return cls(
            compact,
            report,
            {t.id: t for t in graph.tiers},
            {g.id: g for g in graph.groups},
            {m.id: m for m in graph.messages},
            {c.id: c for c in graph.channels},
            activities,
        )

    def tier_name(self, group: GroupNode) -> str:
        tier = self.tiers.get(group.tier_id) if group.tier_id is not None else None
        return tier.name if tier else ""


@dataclass(frozen=True)
class Summary:
    """Required (group, message) pairs and how many are reached; shares in whole percent,
    rounded (`whole_percent`: a plan with one gap never reads 100 %)."""

    owed: int
    carried: int
    done: int
    gaps: int
    cycles: int

    @classmethod
    def of(cls, report: CoverageReport) -> Summary:
        return cls(
            report.owed_count,
            report.carried_count,
            report.done_count,
            report.gap_count,
            len(report.cycles),
        )

    @property
    def planned(self) -> int:
        return self.carried - self.done

    def _percent(self, part: int) -> int:
        return whole_percent(part, self.owed) if self.owed else 100

    @property
    def carried_percent(self) -> int:
        return self._percent(self.carried)

    @property
    def done_percent(self) -> int:
        return self._percent(self.done)

    @property
    def planned_percent(self) -> int:
        # The difference, so that planned and done always add up to carried.
        return self.carried_percent - self.done_percent


def coverage_summary(plan: Plan) -> Summary:
    """The plan's coverage in numbers, for the overview.

    Cached under the plan's content stamp: reading a 10,000-activity plan takes ~150 ms, and
    the overview is the page people open most. Any change to the registers changes the stamp.
    """
    key = content_key(plan, "komplan:coverage-summary")
    summary = cache.get(key)
    if summary is None:
        summary = Summary.of(Coverage.of(plan).report)
        cache.set(key, summary, timeout=24 * 3600)
    return summary


# --- Filters ----------------------------------------------------------------------------------


class GroupFilter(forms.Form):
    """Which target groups a page shows: by priority tier and internal/external."""

    tier = forms.ChoiceField(label=gettext_lazy("Priority"), required=False)
    reach = forms.ChoiceField(
        label=gettext_lazy("Internal/external"),
        required=False,
        choices=[("", gettext_lazy("Internal and external")), *Reach.choices],
    )

    def __init__(self, data: QueryDict, *, tiers: Sequence[TierNode]) -> None:
        super().__init__(data, label_suffix="")
        self.tier_ids = {t.id for t in tiers}
        tier = self.fields["tier"]
        assert isinstance(tier, forms.ChoiceField)
        tier.choices = [
            ("", _("All priorities")),
            *((str(t.id), t.name) for t in tiers),
            (NO_TIER, _("No priority")),
        ]

    def value(self, name: str) -> Any:
        """The field's cleaned value; an invalid one is shown next to its field and ignored."""
        return None if name in self.errors else self.cleaned_data.get(name)

    def select(self, groups: Iterable[GroupNode]) -> list[GroupNode]:
        tier, reach = self.value("tier"), self.value("reach")
        chosen = list(groups)
        if tier == NO_TIER:
            chosen = [g for g in chosen if g.tier_id not in self.tier_ids]
        elif tier:
            chosen = [g for g in chosen if g.tier_id == int(tier)]
        if reach:
            chosen = [g for g in chosen if g.internal == (reach == Reach.INTERNAL)]
        return chosen


class MatrixFilter(GroupFilter):
    gaps = forms.BooleanField(label=gettext_lazy("Only target groups with gaps"), required=False)


class GapFilter(GroupFilter):
    """The gap list's filters; a group or a message comes from a link (matrix, briefing), not
    from a list of every group to pick from."""

    group = forms.IntegerField(required=False, widget=forms.HiddenInput)
    message = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def select(self, groups: Iterable[GroupNode]) -> list[GroupNode]:
        chosen = super().select(groups)
        group = self.value("group")
        return [g for g in chosen if g.id == group] if group is not None else chosen


# --- Matrix -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixCell:
    message: MessageNode
    state: str  # done, planned, gap or none

    @property
    def word(self) -> str:
        return str(STATE_WORDS.get(self.state, ""))


@dataclass(frozen=True)
class MatrixRow:
    group: GroupNode
    tier: str
    cells: list[MatrixCell]


def matrix_rows(
    cov: Coverage, groups: Iterable[GroupNode], messages: Sequence[MessageNode]
) -> list[MatrixRow]:
    """One window of the matrix: each group's row of cells for `messages`."""
    state = cov.report.state
    return [
        MatrixRow(
            group,
            cov.tier_name(group),
            [MatrixCell(m, display_state(state(group.id, m.id))) for m in messages],
        )
        for group in groups
    ]


# --- Gap list ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fix:
    """One one-click fix: a submit button posting `name`=`value` to `url`."""

    url: str
    name: str
    value: int
    label: str
    secondary: bool = False


@dataclass(frozen=True)
class GapItem:
    message: MessageNode
    fixes: list[Fix]


@dataclass(frozen=True)
class GapSection:
    """One group's gaps on a page, with what could carry them."""

    group: GroupNode
    tier: str
    gaps: list[GapItem]
    activities: list[ActivityNode]  # open activities already reaching the group
    channels: list[ChannelNode]  # channels known to reach the group


def gaps_in_document_order(
    cov: Coverage, groups: Iterable[GroupNode], message: int | None = None
) -> GapList:
    """The gaps of `groups` (all, or of one message), by group position and message number:
    a lazy list that builds only the gaps read (a page's)."""
    return cov.report.gaps.of_groups((g.id for g in groups), message)


def gap_sections(
    cov: Coverage, gaps: Iterable[Gap], *, add_url: str, create_url: str
) -> list[GapSection]:
    """A page's gaps by group, each with its fixes; the suggestions depend only on the group.
    Button labels are made here, not in the template: a page has a few hundred."""
    sections = []
    for group_id, items in itertools.groupby(gaps, key=lambda gap: gap.group_id):
        group_gaps = list(items)
        suggestions = group_gaps[0].suggestions
        activities = [cov.activities[a] for a in suggestions.activity_ids]
        channels = [cov.channels[c] for c in suggestions.channel_ids]
        create = [
            Fix(
                create_url,
                "channel",
                c.id,
                _("Create an activity in channel “%(name)s”") % {"name": c.name},
                secondary=True,
            )
            for c in channels
        ]
        gap_items = []
        for gap in group_gaps:
            message = cov.messages[gap.message_id]
            add = [
                Fix(
                    add_url,
                    "activity",
                    a.id,
                    _("Add message %(number)s to activity “%(title)s”")
                    % {"number": message.number, "title": a.title},
                )
                for a in activities
            ]
            gap_items.append(GapItem(message, add + create))
        group = cov.groups[group_id]
        sections.append(GapSection(group, cov.tier_name(group), gap_items, activities, channels))
    return sections


@dataclass
class Warnings:
    """The plan's loose ends, each list cut to a preview unless asked for in full."""

    cycles: list[list[GroupNode]] = field(default_factory=list)
    mismatches: list[tuple[ActivityNode, GroupNode]] = field(default_factory=list)
    unaddressed: list[MessageNode] = field(default_factory=list)
    idle_groups: list[GroupNode] = field(default_factory=list)
    no_message: list[ActivityNode] = field(default_factory=list)
    no_group: list[ActivityNode] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(self.totals.values())


def plan_warnings(cov: Coverage, *, preview: int, show_all: str | None = None) -> Warnings:
    """Inheritance loops, channel mismatches, unaddressed messages, groups without activity and
    activities without message or group; `show_all` names the one kind shown in full."""
    r = cov.report
    # Ids first; only the entries shown become nodes (a large plan has ~20,000 mismatches).
    found: dict[str, Sequence[Any]] = {
        "cycles": r.cycles,
        "mismatches": r.channel_mismatches,
        "unaddressed": r.unaddressed_messages,
        "idle_groups": r.groups_without_activity,
        "no_message": r.activities_without_message,
        "no_group": r.activities_without_group,
    }
    node: dict[str, Any] = {
        "cycles": lambda c: [cov.groups[g] for g in c.group_ids],
        "mismatches": lambda pair: (cov.activities[pair[0]], cov.groups[pair[1]]),
        "unaddressed": cov.messages.__getitem__,
        "idle_groups": cov.groups.__getitem__,
        "no_message": cov.activities.__getitem__,
        "no_group": cov.activities.__getitem__,
    }
    warnings = Warnings(totals={kind: len(items) for kind, items in found.items()})
    for kind, items in found.items():
        # Loops are few and each matters: always all of them.
        shown = items if kind in (show_all, "cycles") else items[:preview]
        setattr(warnings, kind, [node[kind](item) for item in shown])
    return warnings


# --- Briefing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BriefingPoint:
    """One thing a group must know: the message, its state and what carries it."""

    message: MessageNode
    clarification: str
    state: str
    activities: list[dict[str, Any]]  # title, time_text, responsible, status, status_label
    channels: list[ChannelNode]

    @property
    def word(self) -> str:
        return str(STATE_WORDS[self.state])


# --- Open gaps, before a step that asks for a complete plan -----------------------------------


@dataclass(frozen=True)
class OpenGaps:
    """What a plan still leaves open, for a confirmation before it is submitted: groups with
    owed messages no activity carries (the first `limit` groups, with their messages), groups
    no activity reaches, messages owed to nobody and inheritance loops."""

    groups: list[tuple[GroupNode, list[MessageNode]]]
    group_count: int  # groups with gaps, all of them
    gap_count: int
    idle_groups: list[GroupNode]  # the first `limit` * 3
    idle_count: int
    unaddressed: list[MessageNode]  # the first `limit` * 3
    unaddressed_count: int
    cycles: int

    def __bool__(self) -> bool:
        return bool(self.gap_count or self.idle_count or self.unaddressed_count or self.cycles)

    @property
    def more_groups(self) -> int:
        return self.group_count - len(self.groups)


def open_gaps(plan: Plan, *, limit: int = 10) -> OpenGaps:
    """The plan's open gaps (see `OpenGaps`), groups in the coverage pages' order."""
    cov = Coverage.of(plan)
    report = cov.report
    with_gaps = report.gaps.group_ids()
    shown = [
        (cov.groups[group_id], [cov.messages[m] for m in report.gaps.message_ids(group_id)])
        for group_id in with_gaps[:limit]
    ]
    return OpenGaps(
        groups=shown,
        group_count=len(with_gaps),
        gap_count=report.gap_count,
        idle_groups=[cov.groups[g] for g in report.groups_without_activity[: limit * 3]],
        idle_count=len(report.groups_without_activity),
        unaddressed=[cov.messages[m] for m in report.unaddressed_messages[: limit * 3]],
        unaddressed_count=len(report.unaddressed_messages),
        cycles=len(report.cycles),
    )
