"""Engagement at the size of the large plan: 300 target groups, every one assessed, with 20
changes of history each (6,000 rows). Prints the median and p95 of the engagement grid (one
SVG point and one table row per group), of a group's page with its history, and of the plan
overview with its list of the groups furthest from their goal, with queries and the load.

    python benchmarks/engagement.py [--runs 30]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks import harness

GROUPS, CHANGES = 300, 20


def run(runs: int) -> None:
    from django.test import Client

    from komplan.accounts.models import Membership, Organization, Role, User
    from komplan.people.models import Engagement, EngagementChange
    from komplan.plans.models import Plan, TargetGroup

    organization = Organization.objects.create(name="Region Bench", slug="bench")
    user = User.objects.create_user("bench", password="x")
    Membership.objects.create(user=user, organization=organization, role=Role.ADMIN)
    plan = Plan.objects.create(organization=organization, name="Engagement benchmark")
    groups = TargetGroup.objects.bulk_create(
        TargetGroup(plan=plan, name=f"Målgrupp {n}", position=n + 1) for n in range(GROUPS)
    )

    def levels(n: int) -> dict[str, int]:
        return {
            "current": 1 + n % 5,
            "desired": 1 + (n * 3) % 5,
            "influence": 1 + (n * 7) % 5,
            "interest": 1 + (n * 11) % 5,
        }

    Engagement.objects.bulk_create(Engagement(group=g, **levels(n)) for n, g in enumerate(groups))
    EngagementChange.objects.bulk_create(
        EngagementChange(group=g, changed_by=user, note=f"Ändring {k}", **levels(n + k))
        for n, g in enumerate(groups)
        for k in range(CHANGES)
    )
    client = Client()
    client.force_login(user)
    pages = {
        "engagement grid": f"/plans/{plan.pk}/people/engagement/",
        "group page": f"/plans/{plan.pk}/people/groups/{groups[150].pk}/",
        "plan overview": f"/plans/{plan.pk}/",
    }
    print(f"engagement: {GROUPS} groups assessed, {GROUPS * CHANGES} changes of history")
    print(f"database: {harness.describe_database()} · {runs} requests after warm-ups")
    for label, url in pages.items():
        median, p95, queries = harness.time_requests(client, url, runs, label=label)
        print(f"{label}: median {median:.1f} ms, p95 {p95:.1f} ms, {queries} queries")
    print(harness.describe_machine())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args(argv)
    harness.bootstrap()
    with harness.throwaway_database("engagement"):
        run(args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
