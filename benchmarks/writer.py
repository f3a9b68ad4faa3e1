"""Writer benchmark: copying, restoring and importing a 10,000-activity plan through the one
writer of whole plans (`komplan.plans.writer`).

Run from a clean clone with `python benchmarks/writer.py [--runs N]`; add
`DATABASE_URL=postgres://user@host:5432/name` for PostgreSQL. The script never touches the
configured database: it makes a throwaway test database, fills it with a synthetic plan
(10,000 activities, 300 groups, 600 messages, 150 channels) and drops it again.

Timed, each end to end as the application does it, in one transaction with its audit trail:
- copy: `services.plan_copy` — export the plan as plan JSON, read it back, write the copy;
- restore: `versions.services.restore` of the plan frozen before an editor's afternoon of
  changes (30 activities edited, 10 deleted, 20 added, 5 groups and 5 messages edited), and
  the worst case: a version none of whose activities the plan still has (no ids, other
  titles), so that 10,000 activities are deleted, with their audit trail, and 10,000 made;
- JSON import: `komplan import plan.json` without the printing — parse and validate the
  exported file (about 10 MB), then write it into a new plan with its revision table.
Targets: copy and restore under 3 s, the JSON import under 5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks import harness

LARGE = {"activities": 10_000, "groups": 300, "messages": 600, "channels": 150}
TARGETS_S = {"copy": 3.0, "restore": 3.0, "restore, all anew": 3.0, "JSON import": 5.0}


def server_cpu() -> float | None:
    """CPU seconds the database server's process for this connection has used, read from
    /proc when the server runs on this machine (PostgreSQL); None otherwise (SQLite is in
    this process: its work is in the client's CPU)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


Times = tuple[float, float, float | None]  # wall, client CPU, server CPU


def timed(
    runs: int, action: Callable[[], Any], before: Callable[[], Any] | None = None
) -> list[Times]:
    """(wall, CPU, server CPU) seconds of `action` in each of `runs` runs; `before`
    (untimed) prepares each run. The CPU times tell what the wall time would be on a machine
    that is not busy with anything else (the database is in this process for SQLite, not
    for PostgreSQL: there the server's own CPU is read from /proc, see `server_cpu`)."""
    times: list[Times] = []
    for _ in range(runs):
        if before is not None:
            before()
        server = server_cpu()
        start, cpu = time.perf_counter(), time.process_time()
        action()
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        after = server_cpu()
        times.append((wall, cpu, None if server is None or after is None else after - server))
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    harness.bootstrap(test_client=False)
    before_load = " ".join(f"{n:.1f}" for n in os.getloadavg()) if hasattr(os, "getloadavg") else ""

    with harness.throwaway_database("writer"):
        from benchmarks.versions import _edit
        from komplan.accounts.models import Membership, Organization, Role, User
        from komplan.demo.synthetic import synthetic_plan_create
        from komplan.imports.importers.planjson_import import json_commit
        from komplan.plans.models import Plan
        from komplan.plans.planjson import plan_to_json
        from komplan.plans.services import plan_copy
        from komplan.versions import services
        from komplan.versions.models import Snapshot

        organization = Organization.objects.create(name="Benchmarks kommun", slug="benchmarks")
        plan = synthetic_plan_create(organization=organization, **LARGE)
        user = User.objects.create_user("bench", password="bench", first_name="Bänk")
        Membership.objects.create(user=user, organization=organization, role=Role.EDITOR)

        def others() -> None:
            """Delete the copies and imports of earlier runs (untimed), so that every run
            writes into tables of the same size."""
            Plan.objects.exclude(pk=plan.pk).delete()

        results: dict[str, list[Times]] = {}
        results["copy"] = timed(args.runs, lambda: plan_copy(plan=plan, user=user), others)

        frozen = services.take_snapshot(plan, user=user)
        results["restore"] = timed(
            args.runs,
            lambda: services.restore(plan, frozen, user=user),
            lambda: _edit(plan),
        )
        # The worst case: every activity of the version is one the plan no longer has (no
        # ids, other titles), so 10,000 are deleted and 10,000 made; two such versions are
        # restored by turns.
        versions = []
        for suffix in (" (a)", " (b)"):
            data = json.loads(json.dumps(frozen.data))
            for slug in ("tiers", "groups", "messages", "channels", "goals", "activities"):
                for entry in data[slug]:
                    entry.pop("id", None)
            for entry in data["activities"]:
                entry["title"] += suffix
            versions.append(
                Snapshot.objects.create(plan=plan, version="0.9", status="draft", data=data)
            )
        turn = iter(range(1_000_000))
        results["restore, all anew"] = timed(
            args.runs,
            lambda: services.restore(plan, versions[next(turn) % 2], user=user),
        )

        others()
        content = json.dumps(plan_to_json(plan), ensure_ascii=False).encode()
        results["JSON import"] = timed(
            args.runs,
            lambda: json_commit(
                content, filename="plan.json", organization=organization, user=user
            ),
            others,
        )

        print(f"database: {harness.describe_database()}")
        if before_load:
            print(f"load average before the run: {before_load}")
        print(
            "plan: {activities:,} activities, {groups} groups, {messages} messages, "
            "{channels} channels".format(**LARGE)
        )
        print(f"plan JSON: {len(content) / 1e6:.1f} MB; median and best of {args.runs} runs")
        over = False
        for name, times in results.items():
            target = TARGETS_S[name]
            median = statistics.median(wall for wall, _cpu, _server in times)
            cpu = statistics.median(cpu for _wall, cpu, _server in times)
            servers = [server for _wall, _cpu, server in times if server is not None]
            server = f", server CPU {statistics.median(servers):5.2f} s" if servers else ""
            over = over or median >= target
            print(
                f"{name:<18} median {median:5.2f} s, best {min(t[0] for t in times):5.2f} s,"
                f" CPU {cpu:5.2f} s{server} (target < {target:.0f} s)"
                f"{'' if median < target else '  OVER'}"
            )
        if machine := harness.describe_machine():
            print(machine)
        return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
