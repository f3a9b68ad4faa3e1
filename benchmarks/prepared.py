"""Prepared-statement benchmark: the demo plan's overview served again, and the queries every
page runs (komplan.core.prepared), with `KOMPLAN_DB_PREPARE` on and off, in this process.

Run from a clean clone with

    DATABASE_URL=postgres://user@host:5432/name python benchmarks/prepared.py [--runs N]

(SQLite works too: there the two settings run the same code). The script makes a throwaway
test database (`test_<name>_prepared`), loads the demo and times, alternating the setting
round by round so that a change of the machine's load falls on both, the mean of `--runs`
calls of: the plan's content stamp, the overview's plan with its stamps (the gate's read),
the reader's memberships, the overview page through the test client (kept: served again,
4 queries) and throughput.py's session view beside it. It prints the means in ms and the
machine's load average.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks import harness

ROUNDS = 6


def measure(runs: int) -> None:
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from komplan.accounts.access import _MEMBERSHIPS
    from komplan.accounts.models import Membership, Role, User
    from komplan.plans.models import Plan
    from komplan.plans.overview import _PLAN_WITH_STAMPS

    call_command("loaddemo", stdout=io.StringIO())
    plan = Plan.objects.filter(organization__slug="norrvik").order_by("pk")[0]
    user = User.objects.create_user(username="prepared", password=None)
    Membership.objects.create(user=user, organization=plan.organization, role=Role.ADMIN)
    client = Client()
    client.force_login(user)
    url = f"/plans/{plan.pk}/"

    def page(url: str) -> Callable[[], None]:
        def get() -> None:
            assert client.get(url, HTTP_ACCEPT_LANGUAGE="en").status_code == 200

        return get

    timed: dict[str, Callable[[], Any]] = {
        "content stamp": plan.content_stamp,
        "overview's plan with stamps": lambda: _PLAN_WITH_STAMPS(plan.pk, user.pk),
        "memberships": lambda: _MEMBERSHIPS(user.pk),
        "overview page (kept)": page(url),
        "reference: session view": page("/reference/session/"),
    }
    means: dict[tuple[str, bool], list[float]] = {}
    for round_ in range(ROUNDS):
        for prepare in (True, False) if round_ % 2 else (False, True):
            settings.KOMPLAN_DB_PREPARE = prepare
            for label, call in timed.items():
                for _ in range(harness.WARMUPS):
                    call()
                start = time.perf_counter()
                for _ in range(runs):
                    call()
                elapsed = (time.perf_counter() - start) * 1000 / runs
                means.setdefault((label, prepare), []).append(elapsed)
    print(f"database: {harness.describe_database(in_memory=False)} · DEBUG off")
    print(f"mean ms of {runs} calls, median of {ROUNDS // 2} rounds per setting")
    print(f"{'':<30} {'prepare off':>12} {'prepare on':>11}")
    for label in timed:
        off = statistics.median(means[(label, False)])
        on = statistics.median(means[(label, True)])
        print(f"{label:<30} {off:>12.2f} {on:>11.2f}")
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} (1/5/15 min)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="calls per round (default 200)")
    args = parser.parse_args(argv)
    harness.bootstrap()
    from django.test import override_settings

    # The session view of throughput.py beside the overview (its URLs add it).
    with (
        harness.throwaway_database("prepared"),
        override_settings(ROOT_URLCONF="benchmarks.throughput_urls"),
    ):
        measure(args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
