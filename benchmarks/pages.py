"""Page benchmark: server time and SQL queries of komplan's pages for a small and a huge plan.

Run from a clean clone with `python benchmarks/pages.py [--runs N]`; add
`DATABASE_URL=postgres://user@host:5432/name` to measure on PostgreSQL. The script never
touches the configured database: it creates a throwaway test database next to it (in
memory for SQLite, `test_<name>_pages` for other databases), fills it with two synthetic
plans and drops it again.

"Server time" is one request through Django's test client: URL routing, middleware, view,
queries and template rendering, in this process, without a network or a WSGI server, with
DEBUG off and the database connection kept open between requests.

To time another page, add one line to PAGES: a label and a function from the plan to a URL.

The meeting pages (meeting, participants, agenda, minutes, a justered version, the forum) are
timed too, for a meeting of 3 items and 5 participants and one of 40 items and 60
participants, built as `benchmarks/meetings.py` builds them (that script times them alone).
"""

from __future__ import annotations

import argparse
import math
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

WARMUPS = harness.WARMUPS
DEFAULT_RUNS = 30
TARGET_P95_MS = {"small": 50.0, "large": 250.0}
MEETING_TARGET_P95_MS = 100.0
SIZES = {
    # label: (activities, groups, messages, channels)
    "small": (30, 10, 15, 8),
    "large": (10_000, 300, 600, 150),
}


def _url(name: str, *args: Any) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


def _register(plan: Any, slug: str, page: int | None = None) -> str:
    url = _url("plans:register", plan.pk, slug)
    return f"{url}?page={page}" if page else url


def _last_page(plan: Any) -> int:
    from django.conf import settings

    return max(1, math.ceil(plan.activities.count() / settings.KOMPLAN_PAGE_SIZE))


# (label, url builder): one line per page.
# The activity plan as a communicator filters it: a status, a period and a word.
FILTERED = "?status=planned&start=2026-03-01&end=2026-08-31&q=m%C3%B6te&sort=start"

PAGES: list[tuple[str, Callable[[Any], str]]] = [
    ("plan overview", lambda plan: _url("plans:overview", plan.pk)),
    ("activity list", lambda plan: _register(plan, "activities")),
    ("activity list, last page", lambda plan: _register(plan, "activities", _last_page(plan))),
    ("tier list", lambda plan: _register(plan, "tiers")),
    ("target group list", lambda plan: _register(plan, "groups")),
    ("message list", lambda plan: _register(plan, "messages")),
    ("channel list", lambda plan: _register(plan, "channels")),
    ("goal list", lambda plan: _register(plan, "goals")),
    # Lists every group, message and channel of the plan as a checkbox.
    ("new activity form", lambda plan: _url("plans:register_create", plan.pk, "activities")),
    ("activity plan, filtered", lambda plan: _register(plan, "activities") + FILTERED),
    ("timeline", lambda plan: _url("plans:timeline", plan.pk) + "?year=2026"),
    (
        "timeline, quarter by channel",
        lambda plan: _url("plans:timeline", plan.pk) + "?year=2026&quarter=3&group_by=channel",
    ),
]


@dataclass(frozen=True)
class Result:
    size: str
    page: str
    median_ms: float
    p95_ms: float
    queries: int
    target_ms: float


def measure(
    client: Any, label: str, size: str, url: str, runs: int, target_ms: float | None = None
) -> Result:
    median_ms, p95_ms, queries = harness.time_requests(
        client, url, runs, WARMUPS, label=f"{label} ({size})"
    )
    target = TARGET_P95_MS[size] if target_ms is None else target_ms
    return Result(size, label, median_ms, p95_ms, queries, target)


def build(size: str, organization: Any) -> tuple[Any, float]:
    from komplan.demo.synthetic import synthetic_plan_create

    activities, groups, messages, channels = SIZES[size]
    start = time.perf_counter()
    plan = synthetic_plan_create(
        organization=organization,
        activities=activities,
        groups=groups,
        messages=messages,
        channels=channels,
        name=f"Benchmark: {size} plan",
    )
    return plan, time.perf_counter() - start


def run(runs: int, sizes: list[str] | None = None, only: list[str] | None = None) -> list[Result]:
    from django.test import Client

    from komplan.accounts.models import Membership, Organization, Role, User

    organization = Organization.objects.create(name="Benchmarks kommun", slug="benchmarks")
    user = User.objects.create_user(username="bench", password="bench-password-1")
    Membership.objects.create(user=user, organization=organization, role=Role.ADMIN)
    client = Client()
    if not client.login(username="bench", password="bench-password-1"):
        raise SystemExit("could not log the benchmark user in")

    results = []
    for size in sizes or list(SIZES):
        plan, seconds = build(size, organization)
        counts = ", ".join(f"{n} {name}" for name, n in plan.register_counts().items())
        print(f"built the {size} plan in {seconds:.1f} s: {counts}", flush=True)
        for label, url_for in PAGES:
            if only and not any(word in label for word in only):
                continue
            results.append(measure(client, label, size, url_for(plan), runs))
    if only:
        return results
    from benchmarks import meetings

    for size in meetings.SIZES:
        meeting, seconds = meetings.build(size, organization, user)
        items, people = meetings.SIZES[size]
        print(f"built the {size} meeting in {seconds:.1f} s: {items} items, {people} people")
        for label, url_for in meetings.PAGES:
            url = url_for(meeting)
            results.append(
                measure(client, f"meeting: {label}", size, url, runs, MEETING_TARGET_P95_MS)
            )
    return results


def print_table(results: list[Result], runs: int) -> None:

    print()
    print(harness.describe_run(runs))
    if machine := harness.describe_machine():
        print(machine)
    header = (
        f"{'size':<6} {'page':<32} {'median ms':>10} {'p95 ms':>8} {'target p95':>11}  "
        f"{'':<4} {'queries':>7}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        target = r.target_ms
        verdict = "ok" if r.p95_ms < target else "OVER"
        print(
            f"{r.size:<6} {r.page:<32} {r.median_ms:>10.1f} {r.p95_ms:>8.1f} "
            f"{'< ' + format(target, '.0f') + ' ms':>11}  {verdict:<4} {r.queries:>7}"
        )
    print(
        "\nsmall: {} activities, {} groups, {} messages, {} channels; "
        "large: {} activities, {} groups, {} messages, {} channels; meetings: small 3 items "
        "and 5 participants, large 40 items and 60 participants".format(
            *SIZES["small"], *SIZES["large"]
        )
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=DEFAULT_RUNS, help="timed requests per page (default 30)"
    )
    parser.add_argument("--size", action="append", choices=list(SIZES), help="only this plan")
    parser.add_argument(
        "--page", action="append", help="only pages whose label contains this (no meetings)"
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    harness.bootstrap()
    with harness.throwaway_database("pages"):
        results = run(args.runs, args.size, args.page)
        print_table(results, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
