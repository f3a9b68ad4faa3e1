"""The cascade's size benchmark: a cascade of 200 steps with 100 materials over 50 forums
with 12 meetings each. Prints the cascade page's median and p95 (target < 150 ms) and the
time to schedule every material (pure `scheduling.schedule`, target < 200 ms), with the load.

    python benchmarks/cascade.py [--runs 30] [--profile]

Also prints the CPU time of a request (process time: what other work on a shared machine
does not add to), and with --profile the functions one request spends its time in.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks import harness

STEPS, MATERIALS, FORUMS, MEETINGS = 200, 100, 50, 12
RELEASE = dt.date(2026, 9, 1)
APPROVED = dt.datetime(2026, 8, 31, 12, tzinfo=dt.UTC)


def make_cascade() -> tuple[Any, Any, Any, list[Any]]:
    """The benchmark's plan, its admin, the one released material and the forums."""
    from komplan.accounts.models import Membership, Organization, Role, User
    from komplan.cascade import services
    from komplan.cascade.models import Material, Step
    from komplan.meetings.models import Forum, Meeting
    from komplan.plans.models import Plan

    organization = Organization.objects.create(name="Region Bench", slug="bench")
    user = User.objects.create_user("bench", password="x")
    Membership.objects.create(user=user, organization=organization, role=Role.ADMIN)
    plan = Plan.objects.create(organization=organization, name="Cascade benchmark")
    forums = Forum.objects.bulk_create(
        Forum(organization=organization, name=f"Forum {n}") for n in range(FORUMS)
    )
    Meeting.objects.bulk_create(
        Meeting(forum=f, date=RELEASE + dt.timedelta(days=30 * k + n % 20), start_time=dt.time(9))
        for n, f in enumerate(forums)
        for k in range(MEETINGS)
    )
    steps: list[Step] = []
    for n in range(STEPS):
        after = steps[(n - 1) // 3] if n and n % 4 else None  # a tree with parallel branches
        step = Step(
            plan=plan,
            forum=forums[n % FORUMS],
            how="meeting" if n % 2 else "written",
            lead_days=n % 5,
            delegated=bool(after and n % 3 == 0),
            after=after,
            position=n + 1,
        )
        step.save()
        steps.append(step)
    Material.objects.bulk_create(
        Material(plan=plan, title=f"Material {n}", approved_by_name="Chair", approved_at=APPROVED)
        for n in range(MATERIALS)
    )
    material = Material.objects.filter(plan=plan).first()
    services.material_release(material, user=user, today=RELEASE)  # dispatches for one
    return plan, user, material, forums


def run(runs: int, *, profile: bool = False) -> None:
    from django.test import Client

    from komplan.cascade import scheduling, services

    plan, user, material, forums = make_cascade()
    loaded = list(services.steps_of(plan))
    specs = services.step_specs(loaded)
    meetings = services.forum_meetings([f.pk for f in forums], RELEASE)
    start = time.perf_counter()
    for n in range(MATERIALS):
        scheduling.schedule(specs, release=RELEASE + dt.timedelta(days=n), meetings=meetings)
    scheduled_ms = (time.perf_counter() - start) * 1000

    client = Client()
    client.force_login(user)
    url = f"/plans/{plan.pk}/cascade/?material={material.pk}"
    median, p95, queries = harness.time_requests(client, url, runs, label="cascade")
    cpu = []
    for _ in range(runs):
        start_cpu = time.process_time()
        client.get(url)
        cpu.append((time.process_time() - start_cpu) * 1000)
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(client.get, url)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
    load = os.getloadavg()
    print(f"cascade: {STEPS} steps, {MATERIALS} materials, {FORUMS} forums × {MEETINGS} meetings")
    print(f"database: {harness.describe_database()} · {runs} requests after warm-ups")
    print(
        f"cascade page: median {median:.1f} ms, p95 {p95:.1f} ms (target < 150), {queries} queries"
    )
    print(
        f"CPU per request: median {statistics.median(cpu):.1f} ms, "
        f"p95 {harness.percentile(cpu, 0.95):.1f} ms"
    )
    print(f"scheduling all {MATERIALS} materials: {scheduled_ms:.1f} ms (target < 200)")
    print(f"load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--profile", action="store_true", help="profile one request (cProfile)")
    args = parser.parse_args(argv)
    harness.bootstrap()
    with harness.throwaway_database("cascade"):
        run(args.runs, profile=args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
