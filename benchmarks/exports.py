"""Export benchmark: time and peak memory of each document format for two plans.

Run from a clean clone with `python benchmarks/exports.py [--runs N] [--size demo|large|huge|all]`;
`--size huge` is a 30,000-activity plan (same registers), to see that time per activity
stays the same (linear growth). Add `DATABASE_URL=postgres://user@host:5432/name` to read the
plans from PostgreSQL. The script
never touches the configured database: it creates a throwaway test database (in memory for
SQLite, `test_<name>_exports` otherwise), fills it with the demo plan of Norrviks kommun and a
10,000-activity synthetic plan, and drops it again.

Each format is timed end to end as a download is: read the plan into plan JSON, then build the
file (the JSON format is that read alone, serialised). Each timed export runs in a process of
its own, forked from the benchmark after one warm-up export per format (imports, templates,
fonts), so that its peak memory is its own: "peak MiB" is that process's maximum resident size
(the kernel's count, C allocations of WeasyPrint, Pango and lxml included, which tracemalloc
does not see), "own MiB" the same less what the benchmark process held when it forked (Django,
the plans in the database cache). Every line says the machine's load average when it was
taken: the machine these figures come from is shared.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import struct
import sys
import time
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
    "demo": {"json": 1.0, "docx": 1.0, "xlsx": 1.0, "pdf": 0.5},
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
    own_mib: float
    size_kib: float
    load: float  # 1-minute load average after the runs


def exporter(fmt: str) -> Callable[[Any], bytes]:
    from komplan.exports.exports import export_bytes

    return lambda plan: export_bytes(plan, fmt)


def resident_mib() -> float:
    """This process's resident size now."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def in_child(export: Callable[[Any], bytes], plan: Any) -> tuple[float, int, float, float]:
    """(seconds, bytes, resident MiB at the start, peak resident MiB) of one export run in a
    forked process."""
    from django.db import connection, connections

    if connection.vendor != "sqlite":  # in memory there: the child gets a copy
        connections.close_all()  # the child opens its own connection, not the parent's
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: export, report, leave without Django's or Python's clean-up
        os.close(read)
        try:
            before = resident_mib()
            start = time.perf_counter()
            length = len(export(plan))
            os.write(write, struct.pack("dqd", time.perf_counter() - start, length, before))
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        report = pipe.read()
    _, status, usage = os.wait4(pid, 0)
    if len(report) != struct.calcsize("dqd") or status != 0:
        raise SystemExit(f"the export in process {pid} failed (status {status})")
    seconds, length, before = struct.unpack("dqd", report)
    return seconds, length, before, usage.ru_maxrss / 1024  # KiB on Linux


def measure(size: str, fmt: str, plan: Any, runs: int) -> Result:
    export = exporter(fmt)
    times, peaks, owns = [], [], []
    for _ in range(runs):
        seconds, length, before, peak = in_child(export, plan)
        times.append(seconds)
        peaks.append(peak)
        owns.append(peak - before)
    return Result(
        size,
        fmt,
        statistics.median(times),
        min(times),
        max(peaks),
        max(owns),
        length / 1024,
        os.getloadavg()[0],
    )


def warm_up(formats: tuple[str, ...], plan: Any) -> None:
    """One export of each format in this process: the forked ones inherit what it loaded."""
    for fmt in formats:
        exporter(fmt)(plan)


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
    import pydyf

    print()
    print(
        f"database: {harness.describe_database(in_memory=False)} · Django {django.get_version()} · "
        f"Python {platform.python_version()} · openpyxl {openpyxl.__version__} · "
        f"PDF: komplan.exports.printing on pydyf {pydyf.__version__} (tagged, PDF/UA-1) · "
        f"median of {runs} runs, each in a process of its own, after a warm-up"
    )
    if machine := harness.describe_machine():
        print(machine)
    header = (
        f"{'plan':<6} {'format':<6} {'median s':>9} {'best s':>8} {'target':>8}  {'':<4} "
        f"{'peak MiB':>9} {'own MiB':>8} {'file KiB':>9} {'load':>5}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        target = TARGETS[r.size][r.format]
        verdict = "ok" if r.median_s < target else "OVER"
        print(
            f"{r.size:<6} {r.format:<6} {r.median_s:>9.2f} {r.best_s:>8.2f} "
            f"{'< ' + format(target, 'g') + ' s':>8}  {verdict:<4} {r.peak_mib:>9.0f} "
            f"{r.own_mib:>8.0f} {r.size_kib:>9.0f} {r.load:>5.1f}"
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
    print(
        f"\nlarge: {LARGE['activities']} activities, {LARGE['groups']} groups, "
        f"{LARGE['messages']} messages, {LARGE['channels']} channels; huge: three times the "
        "activities. Peak MiB: the export's process at its largest (resident); own MiB: less "
        "what it started with. Load: 1-minute load average after the plan's runs."
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
        found = plans(sizes)
        warm_up(formats, next(iter(found.values())))
        for size, plan in found.items():
            for fmt in formats:
                results.append(measure(size, fmt, plan, args.runs))
                r = results[-1]
                print(
                    f"{size} {fmt}: {r.median_s:.2f} s, peak {r.peak_mib:.0f} MiB "
                    f"(own {r.own_mib:.0f}), load {r.load:.1f}",
                    flush=True,
                )
        print_table(results, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
