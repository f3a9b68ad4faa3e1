"""How the coverage pages present the core's report (see `coverage.py`): one request's view of
the plan, the summary in numbers, the filters, and the rows, sections and warnings the
templates show. No queries beyond `plan_graph`'s; the views in `views/coverage.py` use it.
"""

from __future__ import annotations

import hashlib
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.cache import cache
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komplan.plans.coverage import (
    ActivityNode,
    ChannelNode,
    CoverageReport,
    Gap,
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


@dataclass(frozen=True)
class Coverage:
    """One request's view of a plan: its graph, the coverage report and nodes by id."""

    graph: PlanGraph
    report: CoverageReport
    tiers: dict[int, TierNode]
    groups: dict[int, GroupNode]
    messages: dict[int, MessageNode]
    channels: dict[int, ChannelNode]
    activities: dict[int, ActivityNode]

    @classmethod
    def of(cls, plan: Plan) -> Coverage:
        graph = plan_graph(plan)
        return cls(
            graph,
            coverage(graph),
            {t.id: t for t in graph.tiers},
            {g.id: g for g in graph.groups},
            {m.id: m for m in graph.messages},
            {c.id: c for c in graph.channels},
            {a.id: a for a in graph.activities},
        )

    def tier_name(self, group: GroupNode) -> str:
        tier = self.tiers.get(group.tier_id) if group.tier_id is not None else None
        return tier.name if tier else ""


@dataclass(frozen=True)
class Summary:
    """Owed (group, message) pairs and how many are carried; shares in whole percent,
    rounded down so that a plan with one gap never reads 100 %."""

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
        return math.floor(100 * part / self.owed) if self.owed else 100

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
    stamp = hashlib.sha256(repr(plan.content_stamp()).encode()).hexdigest()[:32]
    key = f"komplan:coverage-summary:{plan.pk}:{stamp}"
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
) -> list[Gap]:
    """The gaps of `groups` (all, or of one message), by group position and message number.
    The core lists a group's gaps together and in number order, so regrouping is enough."""
    by_group = {
        group_id: list(gaps)
        for group_id, gaps in itertools.groupby(cov.report.gaps, key=lambda gap: gap.group_id)
    }
    return [
        gap
        for group in groups
        for gap in by_group.get(group.id, ())
        if message is None or gap.message_id == message
    ]


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
    found: dict[str, list[Any]] = {
        "cycles": [[cov.groups[g] for g in c.group_ids] for c in r.cycles],
        "mismatches": [(cov.activities[a], cov.groups[g]) for a, g in r.channel_mismatches],
        "unaddressed": [cov.messages[m] for m in r.unaddressed_messages],
        "idle_groups": [cov.groups[g] for g in r.groups_without_activity],
        "no_message": [cov.activities[a] for a in r.activities_without_message],
        "no_group": [cov.activities[a] for a in r.activities_without_group],
    }
    warnings = Warnings(totals={kind: len(items) for kind, items in found.items()})
    for kind, items in found.items():
        # Loops are few and each matters: always all of them.
        shown = items if kind in (show_all, "cycles") else items[:preview]
        setattr(warnings, kind, shown)
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
