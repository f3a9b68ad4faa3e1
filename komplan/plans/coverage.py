"""Coverage core: who must know what, and is it carried?

A message reaches a target group through an activity in a channel. Given a plan as plain frozen
dataclasses, this module works out which (group, message) pairs are owed and whether a
non-cancelled activity carries them. Pure Python, no Django: the views adapt ORM rows to nodes.

Ids that point at nothing in the graph (a deleted tier, a stale message id) are ignored.
Internally groups are positions in display order and a group's messages are one Python int
used as a bitset over message positions in number order, which keeps ~100k pairs fast.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, overload

Status = Literal["planned", "in_progress", "done", "cancelled"]
CellState = Literal["done", "carried", "gap"]
PairState = Literal["done", "carried", "gap", "not_owed"]

STATUSES: frozenset[str] = frozenset({"planned", "in_progress", "done", "cancelled"})
SUGGESTION_LIMIT = 5


@dataclass(frozen=True, slots=True)
class TierNode:
    id: int
    name: str
    order: int


@dataclass(frozen=True, slots=True)
class GroupNode:
    id: int
    name: str
    internal: bool = True
    tier_id: int | None = None
    inherits_from: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class MessageNode:
    id: int
    number: int
    text: str
    tier_ids: tuple[int, ...] = ()
    group_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class ChannelNode:
    id: int
    name: str
    group_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class ActivityNode:
    id: int
    title: str
    status: Status = "planned"
    group_ids: tuple[int, ...] = ()
    message_ids: tuple[int, ...] = ()
    channel_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class PlanGraph:
    """One plan's registers; ids are unique within each kind."""

    tiers: tuple[TierNode, ...] = ()
    groups: tuple[GroupNode, ...] = ()
    messages: tuple[MessageNode, ...] = ()
    channels: tuple[ChannelNode, ...] = ()
    activities: tuple[ActivityNode, ...] = ()
    # (group id, message id) pairs conveyed outside the activities, e.g. in a meeting with
    # the group's contacts: carried and done.
    conveyed: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class InheritanceCycle:
    """Groups that inherit from each other in a loop, starting at the lowest id and following
    `inherits_from`; a tangle of several loops lists every group of it."""

    group_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Cell:
    group_id: int
    message_id: int
    state: CellState
    activity_ids: tuple[int, ...]  # non-cancelled activities carrying it, by id


@dataclass(frozen=True, slots=True)
class Suggestions:
    """Open activities already reaching the group (add the message to one), best first, and
    channels known to reach it (start an activity there), by name."""

    activity_ids: tuple[int, ...]
    channel_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Gap:
    group_id: int
    message_id: int
    suggestions: Suggestions


@dataclass(frozen=True, slots=True)
class BriefingItem:
    message_id: int
    state: CellState
    activity_ids: tuple[int, ...]
    channel_ids: tuple[int, ...]  # channels of those activities, by name


@dataclass(frozen=True, slots=True)
class GroupBriefing:
    """What one group must know (in message number order) and how it gets there; extras are
    messages carried to the group though not owed to it."""

    group_id: int
    items: tuple[BriefingItem, ...]
    extra_message_ids: tuple[int, ...]


def _bits(n: int) -> list[int]:
    """Positions of the set bits of `n`, lowest first."""
    if n.bit_count() > 8:  # dense: scanning the binary string beats peeling bits one by one
        return [i for i, c in enumerate(reversed(bin(n))) if c == "1"]
    out = []
    while n:
        low = n & -n
        out.append(low.bit_length() - 1)
        n ^= low
    return out


@dataclass(slots=True)
class _Owed:
    group_ids: list[int]  # position -> id, display order (tier order, name, id)
    group_pos: dict[int, int]
    message_ids: list[int]  # bit -> id, number order
    message_bit: dict[int, int]  # id -> 1 << bit
    owed: list[int]
    cycles: list[InheritanceCycle]


def _compile_owed(graph: PlanGraph) -> _Owed:
    """Order groups and messages and compute each group's owed bitset, inheritance included."""
    tier_order = {t.id: t.order for t in graph.tiers}
    groups = sorted(graph.groups, key=lambda g: _group_key(g, tier_order))
    messages = sorted(graph.messages, key=lambda m: (m.number, m.id))
    group_pos = {g.id: p for p, g in enumerate(groups)}
    message_bit = {m.id: 1 << b for b, m in enumerate(messages)}
    # A tier's messages are OR-ed once, not once per group in the tier.
    tier_bits = dict.fromkeys(tier_order, 0)
    direct = [0] * len(groups)
    for m in messages:
        bit = message_bit[m.id]
        for t in m.tier_ids:
            if t in tier_bits:
                tier_bits[t] |= bit
        for g in m.group_ids:
            if g in group_pos:
                direct[group_pos[g]] |= bit
    for p, group in enumerate(groups):
        if group.tier_id is not None:
            direct[p] |= tier_bits.get(group.tier_id, 0)
    parents = [_dedupe(group_pos[i] for i in g.inherits_from if i in group_pos) for g in groups]
    owed, cycles = _inherit(direct, parents, [g.id for g in groups])
    return _Owed(
        [g.id for g in groups], group_pos, [m.id for m in messages], message_bit, owed, cycles
    )


def _group_key(g: GroupNode, tier_order: dict[int, int]) -> tuple[int, int, str, int]:
    # Groups without a (known) tier come after every tier.
    order = tier_order.get(g.tier_id) if g.tier_id is not None else None
    return (0 if order is not None else 1, order or 0, g.name.casefold(), g.id)


def _dedupe(items: Iterable[int]) -> list[int]:
    return list(dict.fromkeys(items))


def _inherit(
    direct: list[int], parents: list[list[int]], ids: list[int]
) -> tuple[list[int], list[InheritanceCycle]]:
    """Each group's direct bits plus all its ancestors owe; a cycle's groups share one union."""
    owed = [0] * len(direct)
    cycles = []
    # Components arrive parents-first, so a parent's owed is final when a child reads it; members
    # of the same component are still 0 then, so reading them is harmless.
    for comp in _components(parents):
        bits = 0
        for v in comp:
            bits |= direct[v]
            for w in parents[v]:
                bits |= owed[w]
        for v in comp:
            owed[v] = bits
        if len(comp) > 1 or comp[0] in parents[comp[0]]:
            cycles.append(InheritanceCycle(_cycle_order(comp, parents, ids)))
    cycles.sort(key=lambda c: c.group_ids[0])
    return owed, cycles


def _components(parents: list[list[int]]) -> list[list[int]]:
    """Strongly connected components (iterative Tarjan), each after those it inherits from."""
    n = len(parents)
    index, low = [-1] * n, [0] * n
    on_stack = [False] * n
    stack: list[int] = []
    out: list[list[int]] = []
    counter = 0
    for root in range(n):
        if index[root] >= 0:
            continue
        work = [(root, 0)]
        while work:
            v, i = work.pop()
            if i == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on_stack[v] = True
            else:  # back from the parent we descended into
                low[v] = min(low[v], low[parents[v][i - 1]])
            while i < len(parents[v]):
                w = parents[v][i]
                i += 1
                if index[w] < 0:
                    work += [(v, i), (w, 0)]
                    break
                if on_stack[w]:
                    low[v] = min(low[v], index[w])
            else:
                if low[v] == index[v]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on_stack[w] = False
                        comp.append(w)
                        if w == v:
                            break
                    out.append(comp)
    return out


def _cycle_order(comp: list[int], parents: list[list[int]], ids: list[int]) -> tuple[int, ...]:
    """The component walked along `inherits_from` from its lowest id: a plain loop, in order."""
    members = set(comp)
    start = min(comp, key=ids.__getitem__)
    seen, order, todo = {start}, [], [start]
    while todo:
        v = todo.pop()
        order.append(ids[v])
        for w in reversed(parents[v]):
            if w in members and w not in seen:
                seen.add(w)
                todo.append(w)
    return tuple(order)


def owed_messages(graph: PlanGraph) -> tuple[dict[int, frozenset[int]], list[InheritanceCycle]]:
    """Group id -> ids of the messages it must receive (its tier's, its own and, transitively,
    those of the groups it inherits from), plus the inheritance cycles found."""
    o = _compile_owed(graph)
    ids = o.message_ids
    owed = {g: frozenset(ids[b] for b in _bits(o.owed[p])) for p, g in enumerate(o.group_ids)}
    return owed, o.cycles


@dataclass(slots=True)
class _Index:
    """The plan compiled to bitsets; answers per-pair questions for the report's lazy views."""

    o: _Owed
    carried: list[int]  # per group: bits carried by any non-cancelled activity
    done: list[int]  # per group: bits carried by a done activity
    reaching: list[list[int]]  # per group: non-cancelled activity ids reaching it
    activity_bits: dict[int, int]
    activity_channels: dict[int, tuple[int, ...]]
    channel_rank: dict[int, int]
    open_ids: frozenset[int]  # planned or in progress: what a gap's suggestions may name
    channels_by_group: list[tuple[int, ...]]  # per group: the first channels reaching it
    carriers_memo: dict[int, dict[int, tuple[int, ...]]] = field(default_factory=dict)
    suggestions_memo: dict[int, Suggestions] = field(default_factory=dict)

    def missing(self, p: int) -> int:
        """Bits owed to group `p` that nothing carries: its gaps."""
        return self.o.owed[p] & ~self.carried[p]

    def suggestions(self, p: int) -> Suggestions:
        memo = self.suggestions_memo.get(p)
        if memo is None:
            memo = Suggestions(_rank(self, p, self.open_ids), self.channels_by_group[p])
            self.suggestions_memo[p] = memo
        return memo

    def state(self, p: int, bit: int) -> PairState | None:
        mask = 1 << bit
        if not self.o.owed[p] & mask:
            return "not_owed" if self.carried[p] & mask else None
        if self.done[p] & mask:
            return "done"
        return "carried" if self.carried[p] & mask else "gap"

    def carriers(self, p: int) -> dict[int, tuple[int, ...]]:
        """Message bit -> activity ids carrying it to group `p`; built once per group on demand."""
        memo = self.carriers_memo.get(p)
        if memo is None:
            lists: dict[int, list[int]] = {}
            for a in sorted(self.reaching[p]):
                for b in _bits(self.activity_bits[a]):
                    lists.setdefault(b, []).append(a)
            memo = self.carriers_memo[p] = {b: tuple(acts) for b, acts in lists.items()}
        return memo

    def cell(self, p: int, bit: int) -> Cell:
        state = self.state(p, bit)
        assert state is not None and state != "not_owed"
        acts = self.carriers(p).get(bit, ())
        return Cell(self.o.group_ids[p], self.o.message_ids[bit], state, acts)

    def channels_of(self, activity_ids: tuple[int, ...]) -> tuple[int, ...]:
        if not activity_ids:
            return ()
        rank = self.channel_rank
        chans = {c for a in activity_ids for c in self.activity_channels[a] if c in rank}
        return tuple(sorted(chans, key=rank.__getitem__))


class GapList(Sequence[Gap]):
    """Gaps in display order (group position, message number) over the compiled bitsets.

    Only what is read is built: `len()` is a sum of bit counts, a slice (a page of the gap
    list) builds the Gap objects of that slice alone, and `group_ids()` names the groups with
    gaps without building any. `of_groups` narrows it to some groups (or one message) in the
    same lazy way. A 10,000-activity plan has ~60,000 gaps; a page shows 25.
    """

    __slots__ = ("_ends", "_entries", "_ix")

    def __init__(self, ix: _Index, entries: list[tuple[int, int]]) -> None:
        # (group position, gap bits), gapless groups left out; _ends: running gap counts.
        self._ix, self._entries = ix, entries
        total, ends = 0, []
        for _, bits in entries:
            total += bits.bit_count()
            ends.append(total)
        self._ends = ends

    @classmethod
    def of_report(cls, ix: _Index) -> GapList:
        entries = []
        for p in range(len(ix.o.group_ids)):
            bits = ix.missing(p)
            if bits:
                entries.append((p, bits))
        return cls(ix, entries)

    def of_groups(self, group_ids: Iterable[int], message_id: int | None = None) -> GapList:
        """The gaps of `group_ids`, in that order, each group once (only those of `message_id`
        if given)."""
        ix = self._ix
        mask = -1
        if message_id is not None:
            mask = ix.o.message_bit.get(message_id, 0)
        entries = []
        for g in dict.fromkeys(group_ids):
            p = ix.o.group_pos.get(g)
            if p is not None:
                bits = ix.missing(p) & mask
                if bits:
                    entries.append((p, bits))
        return GapList(ix, entries)

    def group_ids(self) -> list[int]:
        """The groups with gaps, in order, without building a gap."""
        return [self._ix.o.group_ids[p] for p, _ in self._entries]

    def counts(self) -> list[tuple[int, int]]:
        """(group id, number of gaps) per group with gaps, in order."""
        ids = self._ix.o.group_ids
        return [(ids[p], bits.bit_count()) for p, bits in self._entries]

    def message_ids(self, group_id: int) -> list[int]:
        """The messages of one group's gaps, in number order, without building a gap."""
        ix = self._ix
        for p, bits in self._entries:
            if ix.o.group_ids[p] == group_id:
                return [ix.o.message_ids[b] for b in _bits(bits)]
        return []

    def __len__(self) -> int:
        return self._ends[-1] if self._ends else 0

    def _build(self, start: int, stop: int) -> list[Gap]:
        """Gaps number `start` up to `stop` (exclusive), walking only the groups they are in."""
        out: list[Gap] = []
        if start >= stop:
            return out
        ix = self._ix
        i = bisect.bisect_right(self._ends, start)
        before = self._ends[i - 1] if i else 0
        while i < len(self._entries) and before < stop:
            p, bits = self._entries[i]
            g, sugg = ix.o.group_ids[p], ix.suggestions(p)
            positions = _bits(bits)
            for b in positions[max(0, start - before) : stop - before]:
                out.append(Gap(g, ix.o.message_ids[b], sugg))
            before += len(positions)
            i += 1
        return out

    @overload
    def __getitem__(self, i: int) -> Gap: ...
    @overload
    def __getitem__(self, i: slice) -> list[Gap]: ...
    def __getitem__(self, i: int | slice) -> Gap | list[Gap]:
        n = len(self)
        if isinstance(i, slice):
            start, stop, step = i.indices(n)
            if step != 1:
                return self._build(0, n)[i]
            return self._build(start, stop)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(i)
        return self._build(i, i + 1)[0]

    def __iter__(self) -> Iterator[Gap]:
        ix = self._ix
        for p, bits in self._entries:
            g, sugg = ix.o.group_ids[p], ix.suggestions(p)
            for b in _bits(bits):
                yield Gap(g, ix.o.message_ids[b], sugg)

    def __repr__(self) -> str:
        return f"GapList({len(self)} gaps)"


class CellMap(Mapping[tuple[int, int], Cell]):
    """(group id, message id) -> Cell for every owed pair, iterated in gap order; cells are
    built when read, since most pages read only a few of ~100k."""

    __slots__ = ("_ix", "_len")

    def __init__(self, ix: _Index, length: int) -> None:
        self._ix, self._len = ix, length

    def _locate(self, key: object) -> tuple[int, int] | None:
        o = self._ix.o
        if not (isinstance(key, tuple) and len(key) == 2):
            return None
        p, mask = o.group_pos.get(key[0]), o.message_bit.get(key[1], 0)
        if p is None or not o.owed[p] & mask:
            return None
        return p, mask.bit_length() - 1

    def __getitem__(self, key: tuple[int, int]) -> Cell:
        found = self._locate(key)
        if found is None:
            raise KeyError(key)
        return self._ix.cell(*found)

    def __contains__(self, key: object) -> bool:
        return self._locate(key) is not None

    def __iter__(self) -> Iterator[tuple[int, int]]:
        o = self._ix.o
        for p, g in enumerate(o.group_ids):
            for b in _bits(o.owed[p]):
                yield g, o.message_ids[b]

    def __len__(self) -> int:
        return self._len


@dataclass(frozen=True, slots=True, eq=False)  # reports are compared by what they say, not ==
class CoverageReport:
    """Everything the coverage and briefing pages show. Cells and gaps are lazy views and the
    per-group carrier lists are memoised, so a report is cheap until it is read."""

    cells: CellMap
    gaps: GapList  # by tier order, group name, message number
    channel_mismatches: tuple[tuple[int, int], ...]  # (activity id, group id)
    unaddressed_messages: tuple[int, ...]  # owed to no group, in number order
    groups_without_activity: tuple[int, ...]
    activities_without_message: tuple[int, ...]
    activities_without_group: tuple[int, ...]
    cycles: tuple[InheritanceCycle, ...]
    owed_count: int
    carried_count: int  # carried or done
    done_count: int
    gap_count: int
    _ix: _Index = field(repr=False, compare=False)

    @property
    def carried_share(self) -> float:
        return self.carried_count / self.owed_count if self.owed_count else 1.0

    @property
    def done_share(self) -> float:
        return self.done_count / self.owed_count if self.owed_count else 1.0

    @property
    def complete(self) -> bool:
        return not self.gap_count and not self.cycles

    def state(self, group_id: int, message_id: int) -> PairState | None:
        """The pair's cell state, "not_owed" if carried though not owed, else None."""
        p, mask = self._ix.o.group_pos.get(group_id), self._ix.o.message_bit.get(message_id)
        return None if p is None or mask is None else self._ix.state(p, mask.bit_length() - 1)

    def for_group(self, group_id: int) -> GroupBriefing:
        """What the group must know and through which activities and channels; KeyError if the
        group is not in the plan."""
        ix, o = self._ix, self._ix.o
        p = o.group_pos[group_id]
        carriers = ix.carriers(p)
        items = []
        for b in _bits(o.owed[p]):
            acts = carriers.get(b, ())
            state = ix.state(p, b)
            assert state is not None and state != "not_owed"
            items.append(BriefingItem(o.message_ids[b], state, acts, ix.channels_of(acts)))
        extras = tuple(o.message_ids[b] for b in _bits(ix.carried[p] & ~o.owed[p]))
        return GroupBriefing(group_id, tuple(items), extras)


def coverage(graph: PlanGraph) -> CoverageReport:
    """Who must know what, and is it carried: every owed pair's state, the gaps with
    suggestions, and the plan's loose ends."""
    o = _compile_owed(graph)
    ix, mismatches, no_message, no_group = _scan_activities(graph, o)
    owed_count = carried_count = done_count = everyone = 0
    for p, owed in enumerate(o.owed):
        owed_count += owed.bit_count()
        carried_count += (owed & ix.carried[p]).bit_count()
        done_count += (owed & ix.done[p]).bit_count()
        everyone |= owed
    return CoverageReport(
        cells=CellMap(ix, owed_count),
        gaps=GapList.of_report(ix),
        channel_mismatches=tuple(mismatches),
        unaddressed_messages=tuple(m for b, m in enumerate(o.message_ids) if not everyone >> b & 1),
        groups_without_activity=tuple(g for p, g in enumerate(o.group_ids) if not ix.reaching[p]),
        activities_without_message=tuple(no_message),
        activities_without_group=tuple(no_group),
        cycles=tuple(o.cycles),
        owed_count=owed_count,
        carried_count=carried_count,
        done_count=done_count,
        gap_count=owed_count - carried_count,
        _ix=ix,
    )


def _scan_activities(
    graph: PlanGraph, o: _Owed
) -> tuple[_Index, list[tuple[int, int]], list[int], list[int]]:
    """One pass over the activities: per-group carried/done bitsets, channel mismatches and the
    activities without message or group."""
    n = len(o.group_ids)
    carried, done = [0] * n, [0] * n
    reaching: list[list[int]] = [[] for _ in range(n)]
    reach = {c.id: frozenset(c.group_ids) for c in graph.channels}
    rank = {c.id: r for r, c in enumerate(sorted(graph.channels, key=_channel_key))}
    activity_bits, activity_channels = {}, {}
    mismatches, no_message, no_group = [], [], []
    group_pos, message_bit = o.group_pos, o.message_bit
    # Plain loops, no comprehensions: this runs for every activity and sets the page's speed.
    for a in graph.activities:
        status, aid = a.status, a.id
        if status == "cancelled":
            continue  # a cancelled activity carries nothing and is nobody's loose end
        if status not in STATUSES:
            raise ValueError(f"activity {aid}: unknown status {status!r}")
        bits = 0
        for m in a.message_ids:
            if m in message_bit:
                bits |= message_bit[m]
        activity_bits[aid], activity_channels[aid] = bits, a.channel_ids
        known: frozenset[int] | None = None  # groups its channels reach; None: no channels
        for c in a.channel_ids:
            if c in reach:
                known = reach[c] if known is None else known | reach[c]
        reached = 0
        for g in a.group_ids:
            p = group_pos.get(g, -1)
            # A group listed twice already has this activity last in its list: no set needed.
            if p >= 0 and not (reaching[p] and reaching[p][-1] == aid):
                reached += 1
                carried[p] |= bits
                reaching[p].append(aid)
                if status == "done":
                    done[p] |= bits
                if known is not None and g not in known:
                    mismatches.append((aid, g))
        if not bits:
            no_message.append(aid)
        if not reached:
            no_group.append(aid)
    for g, m in graph.conveyed:
        p, bit = group_pos.get(g, -1), message_bit.get(m, 0)
        if p >= 0:
            carried[p] |= bit
            done[p] |= bit
    open_ids = frozenset(
        a.id for a in graph.activities if a.status == "planned" or a.status == "in_progress"
    )
    ix = _Index(
        o,
        carried,
        done,
        reaching,
        activity_bits,
        activity_channels,
        rank,
        open_ids,
        _channels_by_group(graph, o),
    )
    return ix, sorted(mismatches), sorted(no_message), sorted(no_group)


def _channel_key(c: ChannelNode) -> tuple[str, int]:
    return c.name.casefold(), c.id


def _rank(ix: _Index, p: int, open_ids: frozenset[int]) -> tuple[int, ...]:
    """Open activities reaching group `p`, those already carrying most of what it is owed first."""
    owed = ix.o.owed[p]
    ranked = sorted(
        (-(ix.activity_bits[a] & owed).bit_count(), a) for a in ix.reaching[p] if a in open_ids
    )
    return tuple(a for _, a in ranked[:SUGGESTION_LIMIT])


def _channels_by_group(graph: PlanGraph, o: _Owed) -> list[tuple[int, ...]]:
    """Per group position, the first few channels known to reach it, by name."""
    found: list[list[int]] = [[] for _ in o.group_ids]
    for c in sorted(graph.channels, key=_channel_key):
        for g in _dedupe(c.group_ids):
            p = o.group_pos.get(g)
            if p is not None and len(found[p]) < SUGGESTION_LIMIT:
                found[p].append(c.id)
    return [tuple(f) for f in found]
