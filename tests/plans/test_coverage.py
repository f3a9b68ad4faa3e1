"""The coverage core: who must know what in Norrviks kommun, and is it carried?

Pure Python, no database: the plan is built from plain nodes.
"""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Iterable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from komplan.plans.coverage import (
    ActivityNode,
    ChannelNode,
    Gap,
    GroupNode,
    MessageNode,
    PlanGraph,
    Status,
    TierNode,
    coverage,
    owed_messages,
)

# --- Norrviks kommun: a new e-service for building permits ---------------------------------------

KARN, PRIMAR, SEKUNDAR = 1, 2, 3
KS, ENHETSCHEFER, HANDLAGGARE, INVANARE, FACKET = 10, 20, 30, 40, 50
# Messages (id = 100 + number):
E_TJANST = 101  # "Kommunen inför en e-tjänst för bygglov" — to every tier
BUDGET = 102  # "Beslut om budget fattas i juni" — to the core tier
ARENDESYSTEM = 103  # "Nytt ärendesystem från 1 mars" — to Enhetschefer directly
HANDLAGGNINGSTID = 104  # "Kortare handläggningstid" — to the secondary tier
PRESS = 105  # "Pressmeddelande" — addressed to no one
DELEGERING = 106  # "Nya rutiner för delegering" — to the primary tier
INTRANAT, NYHETSBREV, NORRVIK_SE = 201, 202, 203
DRAGNING, ARTIKEL, WEBBNYHET, ANNONS, NYHETSBREV_UT, WORKSHOP, FILM = range(301, 308)


def norrvik(*extra: ActivityNode) -> PlanGraph:
    """Norrviks kommun's plan; `extra` activities are added to it."""
    return PlanGraph(
        tiers=(
            TierNode(KARN, "Kärnintressenter", 1),
            TierNode(PRIMAR, "Primära intressenter", 2),
            TierNode(SEKUNDAR, "Sekundära intressenter", 3),
        ),
        groups=(
            GroupNode(INVANARE, "Invånare", internal=False, tier_id=SEKUNDAR),
            GroupNode(HANDLAGGARE, "Handläggare", tier_id=PRIMAR, inherits_from=(ENHETSCHEFER,)),
            GroupNode(KS, "Kommunstyrelsen", tier_id=KARN),
            GroupNode(ENHETSCHEFER, "Enhetschefer", tier_id=PRIMAR),
            GroupNode(FACKET, "Fackliga företrädare", tier_id=SEKUNDAR),
        ),
        messages=(
            MessageNode(
                E_TJANST, 1, "Kommunen inför en e-tjänst för bygglov", (KARN, PRIMAR, SEKUNDAR)
            ),
            MessageNode(BUDGET, 2, "Beslut om budget fattas i juni", (KARN,)),
            MessageNode(ARENDESYSTEM, 3, "Nytt ärendesystem från 1 mars", (), (ENHETSCHEFER,)),
            MessageNode(HANDLAGGNINGSTID, 4, "Kortare handläggningstid", (SEKUNDAR,)),
            MessageNode(PRESS, 5, "Pressmeddelande"),
            MessageNode(DELEGERING, 6, "Nya rutiner för delegering", (PRIMAR,)),
        ),
        channels=(
            ChannelNode(NORRVIK_SE, "Norrvik.se", (INVANARE,)),
            ChannelNode(NYHETSBREV, "Nyhetsbrev", (KS, ENHETSCHEFER, FACKET)),
            ChannelNode(INTRANAT, "Intranät", (KS, ENHETSCHEFER, HANDLAGGARE)),
        ),
        activities=(
            ActivityNode(
                DRAGNING,
                "Dragning i kommunstyrelsen",
                "done",
                (KS,),
                (E_TJANST, BUDGET, ARENDESYSTEM),
            ),
            ActivityNode(
                ARTIKEL,
                "Intranätartikel om e-tjänsten",
                "in_progress",
                (ENHETSCHEFER, HANDLAGGARE),
                (E_TJANST, ARENDESYSTEM),
                (INTRANAT,),
            ),
            ActivityNode(
                WEBBNYHET, "Nyhet på Norrvik.se", "planned", (INVANARE,), (E_TJANST,), (NORRVIK_SE,)
            ),
            ActivityNode(
                ANNONS, "Annons i lokaltidningen", "cancelled", (INVANARE,), (HANDLAGGNINGSTID,)
            ),
            ActivityNode(
                NYHETSBREV_UT,
                "Nyhetsbrev till invånare",
                "planned",
                (INVANARE,),
                (E_TJANST,),
                (NYHETSBREV,),
            ),
            ActivityNode(WORKSHOP, "Workshop för chefer", "planned", (ENHETSCHEFER,)),
            ActivityNode(FILM, "Film om e-tjänsten", "planned", (), (HANDLAGGNINGSTID,)),
            *extra,
        ),
    )


def test_each_group_owes_its_tiers_its_own_and_its_inherited_messages() -> None:
    owed, cycles = owed_messages(norrvik())

    assert owed == {
        KS: {E_TJANST, BUDGET},
        ENHETSCHEFER: {E_TJANST, ARENDESYSTEM, DELEGERING},
        HANDLAGGARE: {E_TJANST, ARENDESYSTEM, DELEGERING},  # the new case system via inheritance
        INVANARE: {E_TJANST, HANDLAGGNINGSTID},
        FACKET: {E_TJANST, HANDLAGGNINGSTID},
    }
    assert cycles == []


def test_cells_say_done_carried_or_gap_and_name_the_carriers() -> None:
    report = coverage(norrvik())

    assert report.cells[KS, BUDGET].state == "done"
    assert report.cells[KS, BUDGET].activity_ids == (DRAGNING,)
    assert report.cells[HANDLAGGARE, ARENDESYSTEM].state == "carried"
    assert report.cells[INVANARE, E_TJANST].activity_ids == (WEBBNYHET, NYHETSBREV_UT)
    assert report.cells[INVANARE, HANDLAGGNINGSTID].state == "gap"  # the advert was cancelled
    assert report.cells[INVANARE, HANDLAGGNINGSTID].activity_ids == ()
    assert (KS, ARENDESYSTEM) not in report.cells
    assert len(report.cells) == 12


def test_state_also_answers_for_pairs_that_are_not_owed() -> None:
    report = coverage(norrvik())

    assert report.state(KS, E_TJANST) == "done"
    assert report.state(ENHETSCHEFER, DELEGERING) == "gap"
    assert report.state(KS, ARENDESYSTEM) == "not_owed"  # the board heard about it anyway
    assert report.state(INVANARE, BUDGET) is None
    assert report.state(999, E_TJANST) is None


def test_counts_and_shares() -> None:
    report = coverage(norrvik())

    assert (report.owed_count, report.carried_count, report.done_count) == (12, 7, 2)
    assert report.gap_count == 5
    assert report.carried_share == pytest.approx(7 / 12)
    assert report.done_share == pytest.approx(2 / 12)
    assert not report.complete


def test_gaps_come_by_tier_then_group_name_then_message_number() -> None:
    report = coverage(norrvik())

    assert [(g.group_id, g.message_id) for g in report.gaps] == [
        (ENHETSCHEFER, DELEGERING),
        (HANDLAGGARE, DELEGERING),
        (FACKET, E_TJANST),
        (FACKET, HANDLAGGNINGSTID),
        (INVANARE, HANDLAGGNINGSTID),
    ]
    assert len(report.gaps) == 5


def test_gap_suggestions_are_open_activities_reaching_the_group_then_its_channels() -> None:
    gaps = {(g.group_id, g.message_id): g.suggestions for g in coverage(norrvik()).gaps}

    # The article already carries two of the unit managers' messages; the workshop none.
    assert gaps[ENHETSCHEFER, DELEGERING].activity_ids == (ARTIKEL, WORKSHOP)
    assert gaps[ENHETSCHEFER, DELEGERING].channel_ids == (INTRANAT, NYHETSBREV)
    assert gaps[INVANARE, HANDLAGGNINGSTID].activity_ids == (WEBBNYHET, NYHETSBREV_UT)
    assert gaps[INVANARE, HANDLAGGNINGSTID].channel_ids == (NORRVIK_SE,)
    assert gaps[FACKET, E_TJANST].activity_ids == ()  # nothing reaches the unions yet
    assert gaps[FACKET, E_TJANST].channel_ids == (NYHETSBREV,)


def test_done_activities_are_not_suggested_since_they_have_already_happened() -> None:
    held = ActivityNode(310, "Möte med fackliga företrädare", "done", (FACKET,), (E_TJANST,))
    gaps = {(g.group_id, g.message_id): g for g in coverage(norrvik(held)).gaps}

    assert gaps[FACKET, HANDLAGGNINGSTID].suggestions.activity_ids == ()


def test_loose_ends() -> None:
    report = coverage(norrvik())

    # The newsletter does not reach residents; a meeting without channels is no mismatch.
    assert report.channel_mismatches == ((NYHETSBREV_UT, INVANARE),)
    assert report.unaddressed_messages == (PRESS,)
    assert report.groups_without_activity == (FACKET,)
    assert report.activities_without_message == (WORKSHOP,)
    assert report.activities_without_group == (FILM,)
    assert report.cycles == ()


def test_briefing_for_case_workers_lists_what_they_must_know_and_how() -> None:
    briefing = coverage(norrvik()).for_group(HANDLAGGARE)

    assert [(i.message_id, i.state) for i in briefing.items] == [
        (E_TJANST, "carried"),
        (ARENDESYSTEM, "carried"),
        (DELEGERING, "gap"),
    ]
    assert briefing.items[0].activity_ids == (ARTIKEL,)
    assert briefing.items[0].channel_ids == (INTRANAT,)
    assert briefing.items[2].channel_ids == ()
    assert briefing.extra_message_ids == ()


def test_briefing_channels_are_in_name_order_and_extras_listed() -> None:
    report = coverage(norrvik())

    assert report.for_group(INVANARE).items[0].channel_ids == (NORRVIK_SE, NYHETSBREV)
    assert report.for_group(KS).extra_message_ids == (ARENDESYSTEM,)
    with pytest.raises(KeyError):
        report.for_group(999)


def test_completing_the_plan() -> None:
    closing = (
        ActivityNode(311, "Chefsmöte", "planned", (ENHETSCHEFER, HANDLAGGARE), (DELEGERING,)),
        ActivityNode(312, "Brev till facket", "done", (FACKET,), (E_TJANST, HANDLAGGNINGSTID)),
        ActivityNode(313, "Faktablad", "planned", (INVANARE,), (HANDLAGGNINGSTID,)),
    )
    report = coverage(norrvik(*closing))

    assert report.complete
    assert list(report.gaps) == []
    assert report.carried_share == 1.0
    assert report.done_share == pytest.approx(4 / 12)


def test_inheritance_cycle_is_reported_and_shares_what_is_owed_around_it() -> None:
    # Handläggare inherit from Enhetschefer, who (by mistake) inherit from Handläggare.
    plan = norrvik()
    groups = tuple(
        dataclasses.replace(g, inherits_from=(HANDLAGGARE,)) if g.id == ENHETSCHEFER else g
        for g in plan.groups
    )
    plan = dataclasses.replace(
        plan,
        groups=groups,
        messages=(*plan.messages, MessageNode(107, 7, "Handläggarträff i maj", (), (HANDLAGGARE,))),
    )
    owed, cycles = owed_messages(plan)

    assert [c.group_ids for c in cycles] == [(ENHETSCHEFER, HANDLAGGARE)]
    assert owed[ENHETSCHEFER] == owed[HANDLAGGARE] == {E_TJANST, ARENDESYSTEM, DELEGERING, 107}
    assert not coverage(plan).complete


def test_cycle_is_listed_in_inheritance_order_from_its_lowest_id() -> None:
    plan = PlanGraph(
        groups=(
            GroupNode(3, "C", inherits_from=(1,)),
            GroupNode(1, "A", inherits_from=(2,)),
            GroupNode(2, "B", inherits_from=(3,)),
            GroupNode(4, "D", inherits_from=(4,)),  # inherits from itself
        )
    )
    _, cycles = owed_messages(plan)

    assert [c.group_ids for c in cycles] == [(1, 2, 3), (4,)]


def test_long_chains_and_loops_do_not_recurse() -> None:
    n = 5000
    groups = tuple(
        GroupNode(i, f"G{i}", tier_id=None, inherits_from=(i + 1,) if i + 1 < n else (0,))
        for i in range(n)
    ) + tuple(GroupNode(n + i, f"H{i}", inherits_from=(n + i - 1,) if i else ()) for i in range(n))
    plan = PlanGraph(
        groups=groups,
        messages=(
            MessageNode(1, 1, "Till sista", (), (n - 1,)),
            MessageNode(2, 2, "Först", (), (n,)),
        ),
    )
    owed, cycles = owed_messages(plan)

    assert [len(c.group_ids) for c in cycles] == [n]
    assert owed[0] == {1} and owed[2 * n - 1] == {2}


def test_ids_that_point_at_nothing_are_ignored() -> None:
    plan = PlanGraph(
        tiers=(TierNode(1, "Kärna", 1),),
        groups=(GroupNode(10, "Politiker", tier_id=7, inherits_from=(99,)),),
        messages=(MessageNode(1, 1, "Till okänd nivå", (7,), (98,)),),
        activities=(ActivityNode(5, "Möte", "planned", (10, 97), (1, 96), (95,)),),
    )
    report = coverage(plan)

    assert report.owed_count == 0 and report.complete
    assert report.unaddressed_messages == (1,)
    assert report.state(10, 1) == "not_owed"
    assert report.channel_mismatches == ()


def test_message_to_a_tier_without_groups_is_unaddressed() -> None:
    plan = PlanGraph(
        tiers=(TierNode(1, "Kärna", 1), TierNode(2, "Tom", 2)),
        groups=(GroupNode(10, "Politiker", tier_id=1),),
        messages=(MessageNode(1, 1, "Till ingen", (2,)), MessageNode(2, 2, "Till kärnan", (1,))),
    )

    assert coverage(plan).unaddressed_messages == (1,)


def test_empty_plan_is_complete() -> None:
    report = coverage(PlanGraph())

    assert report.complete and report.carried_share == report.done_share == 1.0
    assert len(report.cells) == 0 and list(report.gaps) == []


def test_unknown_status_is_refused() -> None:
    odd = ActivityNode(1, "Okänd", "paused", (), ())  # type: ignore[arg-type]

    with pytest.raises(ValueError, match="paused"):
        coverage(PlanGraph(activities=(odd,)))


# --- Properties over random small plans ----------------------------------------------------------

STATUSES: list[Status] = ["planned", "in_progress", "done", "cancelled"]
NAMES = ["Politiker", "politiker", "Chefer", "Åklagare", "Ägare", "Invånare", "Elever"]
DANGLING = 9999


def _some(draw: st.DrawFn, pool: list[int], max_size: int = 3) -> tuple[int, ...]:
    return tuple(draw(st.lists(st.sampled_from(pool), max_size=max_size))) if pool else ()


@st.composite
def activities(draw: st.DrawFn, plan: PlanGraph, aid: int) -> ActivityNode:
    groups = [g.id for g in plan.groups] + [DANGLING]
    messages = [m.id for m in plan.messages] + [DANGLING]
    channels = [c.id for c in plan.channels] + [DANGLING]
    return ActivityNode(
        aid,
        f"Aktivitet {aid}",
        draw(st.sampled_from(STATUSES)),
        _some(draw, groups),
        _some(draw, messages, 4),
        _some(draw, channels, 2),
    )


@st.composite
def plans(draw: st.DrawFn, with_activities: bool = True) -> PlanGraph:
    """Small plans with shared tiers, duplicate names, inheritance (loops included) and ids that
    point at nothing."""
    tiers = tuple(
        TierNode(1 + t, f"Nivå {t}", draw(st.integers(0, 3)))
        for t in range(draw(st.integers(0, 3)))
    )
    tier_ids = [t.id for t in tiers] + [DANGLING]
    group_ids = [100 + i for i in range(draw(st.integers(0, 7)))]
    groups = tuple(
        GroupNode(
            g,
            draw(st.sampled_from(NAMES)),
            draw(st.booleans()),
            draw(st.none() | st.sampled_from(tier_ids)),
            _some(draw, [*group_ids, DANGLING], 2),
        )
        for g in group_ids
    )
    count = draw(st.integers(0, 7))
    numbers = draw(st.permutations(range(1, count + 1)))
    messages = tuple(
        MessageNode(500 + i, n, f"Budskap {n}", _some(draw, tier_ids, 2), _some(draw, group_ids, 2))
        for i, n in enumerate(numbers)
    )
    channels = tuple(
        ChannelNode(
            700 + i,
            draw(st.sampled_from(["Intranät", "Nyhetsbrev", "Norrvik.se"])),
            _some(draw, group_ids, 3),
        )
        for i in range(draw(st.integers(0, 3)))
    )
    plan = PlanGraph(tiers, groups, messages, channels)
    if with_activities:
        acts = [draw(activities(plan, 900 + i)) for i in range(draw(st.integers(0, 8)))]
        plan = dataclasses.replace(plan, activities=tuple(acts))
    return plan


def ancestors(plan: PlanGraph, group_id: int) -> set[int]:
    """Groups reachable by following inherits_from one or more steps (the naive way)."""
    known = {g.id: g for g in plan.groups}
    found: set[int] = set()
    todo = [p for p in known[group_id].inherits_from if p in known]
    while todo:
        g = todo.pop()
        if g not in found:
            found.add(g)
            todo += [p for p in known[g].inherits_from if p in known]
    return found


def naive_owed(plan: PlanGraph) -> dict[int, set[int]]:
    tiers = {t.id for t in plan.tiers}
    direct = {
        g.id: {
            m.id
            for m in plan.messages
            if g.id in m.group_ids or (g.tier_id in tiers and g.tier_id in m.tier_ids)
        }
        for g in plan.groups
    }
    return {
        g.id: direct[g.id].union(*(direct[a] for a in ancestors(plan, g.id))) for g in plan.groups
    }


def carriers(plan: PlanGraph, group_id: int, message_id: int) -> list[ActivityNode]:
    return [
        a
        for a in plan.activities
        if a.status != "cancelled" and group_id in a.group_ids and message_id in a.message_ids
    ]


@given(plans())
def test_owed_is_the_union_over_tiers_groups_and_ancestors(plan: PlanGraph) -> None:
    owed, _ = owed_messages(plan)

    assert owed == naive_owed(plan)


@given(plans(with_activities=False))
def test_a_tier_message_reaches_the_tier_and_everyone_inheriting_from_it(plan: PlanGraph) -> None:
    owed, _ = owed_messages(plan)
    tiers = {t.id for t in plan.tiers}

    for m in plan.messages:
        in_tier = {g.id for g in plan.groups if g.tier_id in tiers and g.tier_id in m.tier_ids}
        inheritors = {g.id for g in plan.groups if ancestors(plan, g.id) & in_tier}
        for g in in_tier | inheritors:
            assert m.id in owed[g]


@given(plans(with_activities=False))
def test_cycles_are_reported_once_with_their_groups(plan: PlanGraph) -> None:
    owed, cycles = owed_messages(plan)
    looping = {g.id for g in plan.groups if g.id in ancestors(plan, g.id)}

    reported = [g for c in cycles for g in c.group_ids]
    assert sorted(reported) == sorted(looping)
    parents = {g.id: set(g.inherits_from) for g in plan.groups}
    for c in cycles:
        assert c.group_ids[0] == min(c.group_ids)
        for g in c.group_ids:
            assert set(c.group_ids) <= ancestors(plan, g)
            assert owed[g] == owed[c.group_ids[0]]
        if all(len(parents[g] & set(c.group_ids)) == 1 for g in c.group_ids):  # a plain loop
            steps = zip(c.group_ids, (*c.group_ids[1:], c.group_ids[0]), strict=True)
            assert all(nxt in parents[g] for g, nxt in steps)


@given(plans(with_activities=False))
def test_without_activities_every_owed_pair_is_a_gap(plan: PlanGraph) -> None:
    report = coverage(plan)

    assert report.gap_count == report.owed_count == len(report.gaps)
    assert all(cell.state == "gap" for cell in report.cells.values())
    assert report.groups_without_activity == tuple(display_order(plan))


def display_order(plan: PlanGraph) -> list[int]:
    """Every group id by tier order, name and id; groups without a known tier last."""
    order = {t.id: t.order for t in plan.tiers}

    def key(g: GroupNode) -> tuple[bool, int, str, int]:
        tier = order.get(g.tier_id) if g.tier_id is not None else None
        return tier is None, tier or 0, g.name.casefold(), g.id

    return [g.id for g in sorted(plan.groups, key=key)]


@given(plans(), st.data())
def test_adding_an_activity_never_removes_coverage(plan: PlanGraph, data: st.DataObject) -> None:
    new = data.draw(activities(plan, 999))
    before = coverage(plan)
    after = coverage(dataclasses.replace(plan, activities=(*plan.activities, new)))

    for key, cell in before.cells.items():
        if cell.state == "done":
            assert after.cells[key].state == "done"
        elif cell.state == "carried":
            assert after.cells[key].state in ("carried", "done")
    assert after.carried_count >= before.carried_count
    assert after.done_count >= before.done_count


@given(plans(), st.data())
def test_a_cancelled_activity_carries_nothing(plan: PlanGraph, data: st.DataObject) -> None:
    new = dataclasses.replace(data.draw(activities(plan, 999)), status="cancelled")
    before = coverage(plan)
    after = coverage(dataclasses.replace(plan, activities=(*plan.activities, new)))

    pairs = [(g.id, m.id) for g in plan.groups for m in plan.messages]
    assert [after.state(*p) for p in pairs] == [before.state(*p) for p in pairs]
    assert all(999 not in cell.activity_ids for cell in after.cells.values())
    assert after.groups_without_activity == before.groups_without_activity
    assert after.channel_mismatches == before.channel_mismatches


@given(plans())
def test_counts_add_up(plan: PlanGraph) -> None:
    report = coverage(plan)
    states = [cell.state for cell in report.cells.values()]

    assert report.owed_count == report.carried_count + report.gap_count == len(report.cells)
    assert report.gap_count == states.count("gap") == len(list(report.gaps))
    assert report.done_count == states.count("done") <= report.carried_count
    assert 0.0 <= report.done_share <= report.carried_share <= 1.0
    assert report.complete == (report.gap_count == 0 and not report.cycles)


@given(plans())
def test_every_pair_agrees_with_a_naive_reading_of_the_plan(plan: PlanGraph) -> None:
    report = coverage(plan)
    owed = naive_owed(plan)

    for g in plan.groups:
        for m in plan.messages:
            acts = carriers(plan, g.id, m.id)
            if m.id not in owed[g.id]:
                assert report.state(g.id, m.id) == ("not_owed" if acts else None)
                continue
            cell = report.cells[g.id, m.id]
            assert cell.activity_ids == tuple(sorted({a.id for a in acts}))
            expected = "done" if any(a.status == "done" for a in acts) else "carried"
            assert cell.state == (expected if acts else "gap")


@given(plans())
def test_loose_ends_agree_with_a_naive_reading_of_the_plan(plan: PlanGraph) -> None:
    report = coverage(plan)
    live = [a for a in plan.activities if a.status != "cancelled"]
    groups = {g.id for g in plan.groups}
    owed = naive_owed(plan)
    reach = {c.id: set(c.group_ids) for c in plan.channels}

    mismatches = {
        (a.id, g)
        for a in live
        for g in set(a.group_ids) & groups
        if {c for c in a.channel_ids if c in reach}
        and not any(g in reach[c] for c in a.channel_ids if c in reach)
    }
    assert report.channel_mismatches == tuple(sorted(mismatches))
    reached = {g for a in live for g in a.group_ids}
    assert report.groups_without_activity == tuple(
        g for g in display_order(plan) if g not in reached
    )
    messages = {m.id for m in plan.messages}
    assert report.activities_without_message == tuple(
        sorted(a.id for a in live if not set(a.message_ids) & messages)
    )
    assert report.activities_without_group == tuple(
        sorted(a.id for a in live if not set(a.group_ids) & groups)
    )
    owed_somewhere = set().union(*owed.values())
    assert set(report.unaddressed_messages) == messages - owed_somewhere


@given(plans())
def test_gaps_and_suggestions_are_ordered_and_sound(plan: PlanGraph) -> None:
    report = coverage(plan)
    position = {g: i for i, g in enumerate(display_order(plan))}
    number = {m.id: m.number for m in plan.messages}
    channel = {c.id: c for c in plan.channels}
    keys = [(position[g.group_id], number[g.message_id]) for g in report.gaps]

    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    for gap in report.gaps:
        suggested = [a for a in plan.activities if a.id in gap.suggestions.activity_ids]
        assert len(gap.suggestions.activity_ids) <= 5 and len(gap.suggestions.channel_ids) <= 5
        assert all(a.status in ("planned", "in_progress") for a in suggested)
        assert all(gap.group_id in a.group_ids for a in suggested)
        assert all(gap.group_id in channel[c].group_ids for c in gap.suggestions.channel_ids)
        names = [channel[c].name.casefold() for c in gap.suggestions.channel_ids]
        assert names == sorted(names)


@given(plans())
def test_briefings_agree_with_the_cells(plan: PlanGraph) -> None:
    report = coverage(plan)
    channel_ids = {c.id for c in plan.channels}

    for g in plan.groups:
        briefing = report.for_group(g.id)
        assert [i.message_id for i in briefing.items] == [
            m for (group, m) in report.cells if group == g.id
        ]
        for item in briefing.items:
            cell = report.cells[g.id, item.message_id]
            assert (item.state, item.activity_ids) == (cell.state, cell.activity_ids)
            used = {c for a in plan.activities if a.id in item.activity_ids for c in a.channel_ids}
            assert set(item.channel_ids) == used & channel_ids


# --- The compact gap list against the straightforward one ---------------------------------------


def naive_gaps(plan: PlanGraph) -> list[tuple[int, int]]:
    """Every (group, message) owed and carried by no activity, by tier order (groups without a
    known tier last), group name (any case), group id, then message number: built the long way."""
    owed = naive_owed(plan)
    order = {t.id: t.order for t in plan.tiers}

    def group_key(g: GroupNode) -> tuple[int, int, str, int]:
        rank = order.get(g.tier_id, 0)  # type: ignore[arg-type]
        return (0 if g.tier_id in order else 1, rank, g.name.casefold(), g.id)

    messages = sorted(plan.messages, key=lambda m: (m.number, m.id))
    return [
        (g.id, m.id)
        for g in sorted(plan.groups, key=group_key)
        for m in messages
        if m.id in owed[g.id] and not carriers(plan, g.id, m.id)
    ]


def pairs(gaps: Iterable[Gap]) -> list[tuple[int, int]]:
    return [(gap.group_id, gap.message_id) for gap in gaps]


@given(plans(), st.data())
def test_the_compact_gap_list_reads_as_the_straightforward_one(
    plan: PlanGraph, data: st.DataObject
) -> None:
    """Length, any page (slice), single items, counts per group and the groups with gaps of
    the lazy gap list agree with every gap built the long way."""
    gaps = coverage(plan).gaps
    expected = naive_gaps(plan)
    assert len(gaps) == len(expected) == coverage(plan).gap_count
    assert pairs(gaps) == expected
    start = data.draw(st.integers(-2, len(expected) + 2))
    stop = data.draw(st.integers(-2, len(expected) + 2))
    assert pairs(gaps[start:stop]) == expected[start:stop]
    if expected:
        i = data.draw(st.integers(-len(expected), len(expected) - 1))
        assert pairs([gaps[i]]) == [expected[i]]
    per_group: dict[int, int] = {}
    for group_id, _message in expected:
        per_group[group_id] = per_group.get(group_id, 0) + 1
    assert gaps.counts() == list(per_group.items())
    assert gaps.group_ids() == list(per_group)
    for group_id in per_group:
        assert gaps.message_ids(group_id) == [m for g, m in expected if g == group_id]


@given(plans(), st.data())
def test_narrowing_the_compact_gap_list_filters_the_straightforward_one(
    plan: PlanGraph, data: st.DataObject
) -> None:
    gaps = coverage(plan).gaps
    expected = naive_gaps(plan)
    chosen = data.draw(st.lists(st.sampled_from([g.id for g in plan.groups] + [DANGLING])))
    message = data.draw(st.none() | st.sampled_from([m.id for m in plan.messages] + [DANGLING]))
    order = list(dict.fromkeys(chosen))
    narrowed = [
        (g, m) for g in order for gg, m in expected if gg == g and (message is None or m == message)
    ]
    assert pairs(gaps.of_groups(chosen, message)) == narrowed
    assert len(gaps.of_groups(chosen, message)) == len(narrowed)


@given(plans())
def test_a_report_read_back_from_the_cache_says_the_same(plan: PlanGraph) -> None:
    """The cache keeps the report pickled: read back, its gaps, counts and cells agree."""
    report = coverage(plan)
    again = pickle.loads(pickle.dumps(report))
    assert pairs(again.gaps) == pairs(report.gaps)
    assert (again.owed_count, again.carried_count, again.done_count, again.gap_count) == (
        report.owed_count,
        report.carried_count,
        report.done_count,
        report.gap_count,
    )
    assert dict(again.cells) == dict(report.cells)
    assert again.channel_mismatches == report.channel_mismatches
