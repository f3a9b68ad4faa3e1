"""Build rates: seconds per register entry of the Word and PDF downloads on this machine, the
constants of `komplan.exports.documents.build_seconds` (which picks the background path).

Run from a clean clone with `python benchmarks/build_rates.py [--sizes 250,1000] [--runs N]`.
Like benchmarks/exports.py it never touches the configured database: it fills a throwaway
test database with synthetic plans shaped like the large one (per 10,000 activities: 300
groups, 600 messages, 150 channels) and times each download end to end as the worker makes
it (read the plan into plan JSON, build the whole file: every activity, also in the PDF).

It prints, per size and format, the median time and the time per entry (activities + groups
+ messages + channels, what `build_seconds` counts), and the slope between the smallest and
the largest size (the cost of one more entry, without the fixed cost of an empty document).
The machine is shared: the load average is printed beside the figures.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks import harness

FORMATS = ("docx", "pdf")
# The large plan's registers per activity.
SHAPE = {"groups": 0.03, "messages": 0.06, "channels": 0.015}


def counts_for(activities: int) -> dict[str, int]:
    counts = {name: max(1, round(activities * share)) for name, share in SHAPE.items()}
    return {"activities": activities, **counts}


def timed(plan: Any, fmt: str, runs: int) -> float:
    from komplan.exports.exports import export_bytes

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        export_bytes(plan, fmt)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="250,1000", help="activities, comma-separated")
    parser.add_argument("--runs", type=int, default=1, help="timed runs per format (default 1)")
    args = parser.parse_args(argv)
    sizes = sorted(int(n) for n in args.sizes.split(","))

    harness.bootstrap(test_client=False)
    from komplan.accounts.models import Organization
    from komplan.demo.synthetic import synthetic_plan_create
    from komplan.exports.documents import build_seconds
    from komplan.exports.exports import export_bytes

    rows: dict[tuple[int, str], tuple[float, int]] = {}
    with harness.throwaway_database("build_rates"):
        organization = Organization.objects.create(name="Build rates", slug="build-rates")
        for size in sizes:
            counts = counts_for(size)
            plan = synthetic_plan_create(
                organization=organization, name=f"Plan {size}", seed=size, **counts
            )
            entries = sum(counts.values())
            for fmt in FORMATS:
                if size == sizes[0]:
                    export_bytes(plan, fmt)  # warm-up: imports, templates, fonts
                seconds = timed(plan, fmt, args.runs)
                rows[size, fmt] = (seconds, entries)
                estimate = build_seconds(fmt, counts)
                print(
                    f"{size:>6} activities ({entries} entries) {fmt:<4}: {seconds:7.2f} s, "
                    f"{1000 * seconds / entries:.2f} ms per entry "
                    f"(the code's estimate: {estimate:.2f} s)",
                    flush=True,
                )
    if len(sizes) > 1:
        low, high = sizes[0], sizes[-1]
        for fmt in FORMATS:
            (t_low, e_low), (t_high, e_high) = rows[low, fmt], rows[high, fmt]
            slope = (t_high - t_low) / (e_high - e_low)
            print(f"{fmt}: {1000 * slope:.2f} ms per further entry ({low} → {high} activities)")
    if machine := harness.describe_machine():
        print(machine)
    return 0


if __name__ == "__main__":
    sys.exit(main())
