"""Versions benchmark: freezing a 10,000-activity plan and comparing two versions of it.

Run from a clean clone with `python benchmarks/versions.py [--runs N]`; add
`DATABASE_URL=postgres://user@host:5432/name` for PostgreSQL. The script never touches the
configured database: it makes a throwaway test database, fills it with a synthetic plan
(10,000 activities, 300 groups, 600 messages, 150 channels) and drops it again.

Timed, each end to end as the application does it:
- snapshot: `services.take_snapshot` — read the plan into plan JSON and store it (a submit,
  approval or publication does this once);
- diff: what the comparison page computes for "approved version against the plan now" after
  an editor's changes (30 activities, 5 groups and 5 messages edited, 20 activities added and
  10 removed): load the frozen version, read the plan now, and diff the two;
- compare page: the whole GET of the comparison page through the test client.
Targets: snapshot and diff under 2 s each.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks import harness

LARGE = {"activities": 10_000, "groups": 300, "messages": 600, "channels": 150}
TARGET_S = 2.0


def _edit(plan: object) -> None:
    """An editor's afternoon: some changes of every kind."""
    from komplan.plans.models import Activity, Message, TargetGroup

    activities = list(Activity.objects.filter(plan=plan).order_by("position")[:60])
    for activity in activities[:30]:
        activity.title += " (ändrad)"
        activity.time_text = "Våren 2027"
        activity.save()
    for activity in activities[30:40]:
        activity.delete()
    for group in TargetGroup.objects.filter(plan=plan).order_by("position")[:5]:
        group.description = (group.description + " Nu också chefer.").strip()
        group.save()
    for message in Message.objects.filter(plan=plan).order_by("position")[:5]:
        message.text = message.text.replace(" ", " verkligen ", 1)
        message.save()
    for n in range(20):
        Activity.objects.create(plan=plan, title=f"Ny aktivitet {n}", time_text="Hösten 2027")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    harness.bootstrap()

    with harness.throwaway_database("versions"):
        from django.test import Client

        from komplan.accounts.models import Membership, Organization, Role, User
        from komplan.demo.synthetic import synthetic_plan_create
        from komplan.plans.planjson import plan_to_json
        from komplan.versions import services
        from komplan.versions.diff import diff_plans
        from komplan.versions.models import Snapshot

        organization = Organization.objects.create(name="Benchmarks kommun", slug="benchmarks")
        plan = synthetic_plan_create(organization=organization, **LARGE)
        user = User.objects.create_user("bench", password="bench")
        Membership.objects.create(user=user, organization=organization, role=Role.EDITOR)

        snapshot_times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            snapshot = services.take_snapshot(plan)
            snapshot_times.append(time.perf_counter() - start)
        size_mb = len(str(snapshot.data).encode()) / 1e6

        _edit(plan)
        diff_times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            old = Snapshot.objects.only("data").get(pk=snapshot.pk).data
            new = plan_to_json(plan)
            diff = diff_plans(old, new)
            diff_times.append(time.perf_counter() - start)
        pure = []
        for _ in range(args.runs):
            start = time.perf_counter()
            diff_plans(old, new)
            pure.append(time.perf_counter() - start)

        client = Client()
        client.force_login(user)
        url = f"/plans/{plan.pk}/versions/compare/?old={snapshot.pk}&new=current"
        page_median_ms, page_p95_ms, queries = harness.time_requests(
            client, url, max(3, args.runs), warmups=1, label="compare page"
        )

        print(f"database: {harness.describe_database()}")
        print(
            "plan: {activities:,} activities, {groups} groups, {messages} messages, "
            "{channels} channels".format(**LARGE)
        )
        print(f"snapshot size: {size_mb:.1f} MB of plan JSON")
        print(
            f"snapshot: median {statistics.median(snapshot_times):.2f} s, "
            f"best {min(snapshot_times):.2f} s (target < {TARGET_S:.0f} s)"
        )
        print(
            f"diff (load frozen + read plan now + compare): median "
            f"{statistics.median(diff_times):.2f} s, best {min(diff_times):.2f} s "
            f"(target < {TARGET_S:.0f} s); the comparison alone {statistics.median(pure):.3f} s"
        )
        counts = diff.counts
        print(f"diff found: {counts}")
        print(
            f"compare page: median {page_median_ms / 1000:.2f} s, p95 {page_p95_ms / 1000:.2f} s, "
            f"{queries} queries"
        )
        machine = harness.describe_machine()
        if machine:
            print(machine)
        slow = max(statistics.median(snapshot_times), statistics.median(diff_times))
        return 0 if slow < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
