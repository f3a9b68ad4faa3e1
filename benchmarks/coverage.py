"""Coverage benchmark: times the pure core on a large synthetic plan.

Run from a clean clone with `python benchmarks/coverage.py`. `core()` needs nothing but the
standard library; a `page()` timing (the rendered coverage page) can be added next to it.
"""

from __future__ import annotations

import gc
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

# The repo root replaces this script's own folder on sys.path, so that `benchmarks/coverage.py`
# cannot shadow the `coverage` package for anything imported later (e.g. when pages are timed).
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

from komplan.plans.coverage import (  # noqa: E402  (needs the sys.path set above)
    ActivityNode,
    ChannelNode,
    GroupNode,
    MessageNode,
    PlanGraph,
    Status,
    TierNode,
    coverage,
)

TARGET_MS = 100.0
STATUSES: list[Status] = ["planned", "in_progress", "done", "cancelled"]
STATUS_WEIGHTS = [40, 20, 30, 10]


def build_graph(
    seed: int = 2026,
    groups: int = 300,
    messages: int = 600,
    channels: int = 150,
    activities: int = 10_000,
) -> PlanGraph:
    """A plan far larger than any real one: 3 tiers, inheritance chains, mixed statuses."""
    rng = random.Random(seed)
    tiers = tuple(TierNode(t, name, t) for t, name in enumerate(["Kärn", "Primär", "Sekundär"], 1))
    group_nodes = []
    for i in range(groups):
        # Groups 1-3 of every ten inherit from the one before: chains of four, across tiers.
        inherits = (i - 1,) if i % 10 in (1, 2, 3) else ()
        tier = rng.choice((1, 2, 3))
        group_nodes.append(GroupNode(i, f"Grupp {i:03}", i % 5 != 0, tier, inherits))
    message_nodes = []
    for m in range(messages):
        if rng.random() < 0.9:
            tier_ids = tuple(rng.sample((1, 2, 3), rng.choice((1, 1, 2))))
            message_nodes.append(MessageNode(10_000 + m, m + 1, f"Budskap {m + 1}", tier_ids))
        else:
            group_ids = tuple(rng.sample(range(groups), rng.randint(1, 3)))
            message_nodes.append(MessageNode(10_000 + m, m + 1, f"Budskap {m + 1}", (), group_ids))
    channel_nodes = tuple(
        ChannelNode(
            20_000 + c, f"Kanal {c:03}", tuple(rng.sample(range(groups), rng.randint(5, 20)))
        )
        for c in range(channels)
    )
    activity_nodes = tuple(
        ActivityNode(
            30_000 + a,
            f"Aktivitet {a}",
            rng.choices(STATUSES, STATUS_WEIGHTS)[0],
            tuple(rng.sample(range(groups), rng.randint(1, 4))),
            tuple(10_000 + m for m in rng.sample(range(messages), rng.randint(1, 5))),
            tuple(20_000 + c for c in rng.sample(range(channels), rng.randint(1, 2))),
        )
        for a in range(activities)
    )
    return PlanGraph(tiers, tuple(group_nodes), tuple(message_nodes), channel_nodes, activity_nodes)


def _time(fn: Callable[[], object], runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of `runs` calls, after one warm-up call. The garbage
    collector stays on (a page pays for it too) but starts each run clean."""
    fn()
    wall, cpu = [], []
    for _ in range(runs):
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return wall, cpu


def _report(label: str, timings: tuple[list[float], list[float]]) -> float:
    """Print wall-clock median and best; return the CPU median, which stays close to what the
    code costs even when a busy machine stretches the wall clock."""
    wall, cpu = timings
    cpu_median = statistics.median(cpu)
    print(
        f"{label:<36} median {statistics.median(wall):6.1f} ms  best {min(wall):6.1f} ms"
        f"  (cpu median {cpu_median:6.1f} ms)"
    )
    return cpu_median


def core(runs: int = 9) -> bool:
    """Time `coverage(graph)` on the synthetic plan; True when it meets the target."""
    graph = build_graph()
    report = coverage(graph)
    print(
        f"plan: {len(graph.groups)} groups, {len(graph.messages)} messages, "
        f"{len(graph.channels)} channels, {len(graph.activities)} activities"
    )
    print(
        f"owed {report.owed_count}, carried {report.carried_count}, done {report.done_count}, "
        f"gaps {report.gap_count}, cycles {len(report.cycles)}, "
        f"channel mismatches {len(report.channel_mismatches)}"
    )
    cost = _report("coverage(graph)", _time(lambda: coverage(graph), runs))

    # Cells and gaps are built when read; this is the cost of a page that reads every one.
    def everything() -> None:
        r = coverage(graph)
        list(r.cells.values())
        list(r.gaps)

    _report("  + every cell and gap materialised", _time(everything, max(3, runs // 3)))
    _report("  + for_group() of every group", _time(lambda: _briefings(graph), max(3, runs // 3)))
    ok = cost < TARGET_MS
    print(f"core target {TARGET_MS:.0f} ms: {'met' if ok else 'MISSED'}")
    return ok


def _briefings(graph: PlanGraph) -> None:
    r = coverage(graph)
    for g in graph.groups:
        r.for_group(g.id)


def main() -> int:
    ok = core()
    # page() — the rendered coverage page — is to be timed here as well.
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
