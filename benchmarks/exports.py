"""Export benchmark: time and peak memory of each document format for two plans.

Run from a clean clone with `python benchmarks/exports.py [--runs N] [--size demo|large|huge|all]`;
`--size huge` is a 30,000-activity plan (same registers), to see that time per activity
stays the same (linear growth). Add `DATABASE_URL=postgres://user@host:5432/name` to read the
plans from PostgreSQL. The script
never touches the configured database: it creates a throwaway test database (in memory for
SQLite, `test_<name>_exports` otherwise), fills it with the demo plan of Norrviks kommun and a
10,000-activity synthetic plan, and drops it again.

Each format is timed end to end as a download is: read the plan into plan JSON, then build the
file (the JSON format is that read alone, serialised). "Peak memory" is the largest amount of
Python memory allocated at once during one export, by tracemalloc (which slows a run down, so
it is measured in a run of its own, not in the timed ones). WeasyPrint's and lxml's C
allocations are not seen by tracemalloc; the process's maximum resident size is printed too.
"""

from __future__ import annotations

import argparse
import platform
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Run as a script, the repo root is needed to find `benchmarks`; the harness then takes this
# script's own folder off sys.path (see benchmarks/harness.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks import harness

LARGE = {"activities": 10_000, "groups": 300, "messages": 600, "channels": 150}
# Three times the large plan: the time per activity should stay within 1.3x of the large's.
HUGE = {"activities": 30_000, "groups": 300, "messages": 600, "channels": 150}
ACTIVITIES = {"large": LARGE["activities"], "huge": HUGE["activities"]}
# Seconds, end to end.
TARGETS = {
    "demo": {"json": 1.0, "docx": 1.0, "xlsx": 1.0, "pdf": 1.0},
    "large": {"json": 3.0, "docx": 2.0, "xlsx": 3.0, "pdf": 10.0},
    "huge": {"json": 9.0, "docx": 6.0, "xlsx": 9.0, "pdf": 30.0},
}
FORMATS = ("json", "docx", "xlsx", "pdf")


@dataclass(frozen=True)
class Result:
    size: str
    format: str
    median_s: float
    best_s: float
    peak_mib: float
    size_kib: float


def exporter(fmt: str) -> Callable[[Any], bytes]:
    from komplan.exports.exports import export_bytes

    return lambda plan: export_bytes(plan, fmt)


def measure(size: str, fmt: str, plan: Any, runs: int) -> Result:
    export = exporter(fmt)
    body = export(plan)  # warm-up: imports, template loading, font discovery
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        export(plan)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    try:
        export(plan)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return Result(size, fmt, statistics.median(times), min(times), peak / 2**20, len(body) / 1024)


def plans(sizes: list[str]) -> dict[str, Any]:
    from komplan.accounts.models import Organization
    from komplan.demo.services import demo_organization_create
    from komplan.demo.synthetic import synthetic_plan_create

    found: dict[str, Any] = {}
    if "demo" in sizes:
        found["demo"] = demo_organization_create()
    for size, counts in (("large", LARGE), ("huge", HUGE)):
        if size not in sizes:
            continue
        organization = Organization.objects.create(name=f"Benchmarks {size}", slug=f"bench-{size}")
        start = time.perf_counter()
        found[size] = synthetic_plan_create(organization=organization, **counts)
        print(f"built the {size} plan in {time.perf_counter() - start:.1f} s", flush=True)
    return found


def print_table(results: list[Result], runs: int) -> None:
    import django
    import docx  # noqa: F401  (versions below)
    import openpyxl
    import weasyprint

    from komplan.exports.pdf import TAGGED

    print()
    print(
        f"database: {harness.describe_database(in_memory=False)} · Django {django.get_version()} · "
        f"Python {platform.python_version()} · openpyxl {openpyxl.__version__} · "
        f"WeasyPrint {weasyprint.__version__} (PDF/UA tagging {'on' if TAGGED else 'off'}) · "
        f"median of {runs} runs after a warm-up"
    )
    if machine := harness.describe_machine():
        print(machine)
    header = (
        f"{'plan':<6} {'format':<6} {'median s':>9} {'best s':>8} {'target':>8}  {'':<4} "
        f"{'peak MiB':>9} {'file KiB':>9}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        target = TARGETS[r.size][r.format]
        verdict = "ok" if r.median_s < target else "OVER"
        print(
            f"{r.size:<6} {r.format:<6} {r.median_s:>9.2f} {r.best_s:>8.2f} "
            f"{'< ' + format(target, 'g') + ' s':>8}  {verdict:<4} {r.peak_mib:>9.1f} "
            f"{r.size_kib:>9.0f}"
        )
    by = {(r.size, r.format): r for r in results}
    for fmt in FORMATS:
        large, huge = by.get(("large", fmt)), by.get(("huge", fmt))
        if large and huge:
            per = [r.median_s / ACTIVITIES[r.size] * 1000 for r in (large, huge)]
            verdict = "ok" if per[1] <= 1.3 * per[0] else "OVER"
            print(
                f"{fmt}: {per[0]:.3f} ms per activity at 10k, {per[1]:.3f} at 30k "
                f"({per[1] / per[0]:.2f}x, target <= 1.3x: {verdict})"
            )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\nlarge: {LARGE['activities']} activities, {LARGE['groups']} groups, "
        f"{LARGE['messages']} messages, {LARGE['channels']} channels. Peak MiB: Python "
        f"allocations (tracemalloc); the process's maximum resident size was {rss:.0f} MiB."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs per format (default 3)")
    parser.add_argument("--size", choices=["demo", "large", "huge", "all"], default="all")
    parser.add_argument("--format", choices=[*FORMATS, "all"], default="all")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    harness.bootstrap(test_client=False)
    sizes = ["demo", "large", "huge"] if args.size == "all" else [args.size]
    formats = FORMATS if args.format == "all" else (args.format,)
    with harness.throwaway_database("exports"):
        results = []
        for size, plan in plans(sizes).items():
            for fmt in formats:
                results.append(measure(size, fmt, plan, args.runs))
                r = results[-1]
                print(f"{size} {fmt}: {r.median_s:.2f} s, peak {r.peak_mib:.0f} MiB", flush=True)
        print_table(results, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
