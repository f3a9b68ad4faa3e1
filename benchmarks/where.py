"""Where a page's time goes: SQL, template rendering and the rest (Python: routing, middleware,
view), for the pages of a 10,000-activity plan that issue 21 asks to keep under 250 ms.

Run from a clean clone with `python benchmarks/where.py [--runs N]`; `DATABASE_URL=…` selects
PostgreSQL as in komplan/settings.py. Like `pages.py` it builds and drops its own throwaway test
database. Each request is split by wrapping the database cursor (`connection.execute_wrapper`)
and the template backend's `render`: SQL run from inside a template (a lazy queryset read in a
loop) counts as SQL, not template. Medians of N requests after warm-ups, in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks import harness

PLAN = {"activities": 10_000, "groups": 300, "messages": 600, "channels": 150}
FILTERED = "?status=planned&start=2026-03-01&end=2026-08-31&q=m%C3%B6te&sort=start"


def _pages(plan: Any) -> list[tuple[str, str]]:
    from django.urls import reverse

    matrix = reverse("plans:coverage", args=[plan.pk])
    gaps = reverse("plans:coverage_gaps", args=[plan.pk])
    activities = reverse("plans:activity_plan", args=[plan.pk])
    timeline = reverse("plans:timeline", args=[plan.pk])
    return [
        ("coverage matrix", matrix),
        ("matrix, only groups with gaps", f"{matrix}?gaps=on"),
        ("gap list", gaps),
        ("gap list, last page", f"{gaps}?page=9999"),
        ("activity plan", activities),
        ("activity plan, filtered", activities + FILTERED),
        ("timeline", f"{timeline}?year=2026"),
        ("target group list", reverse("plans:register", args=[plan.pk, "groups"])),
        ("message list", reverse("plans:register", args=[plan.pk, "messages"])),
        ("channel list", reverse("plans:register", args=[plan.pk, "channels"])),
    ]


class Split:
    """Time of one request by kind, in seconds."""

    def __init__(self) -> None:
        self.sql = 0.0
        self.template = 0.0
        self.depth = 0  # inside a template render

    @contextmanager
    def watching(self) -> Iterator[None]:
        from django.db import connection
        from django.template.backends.django import Template

        original = Template.render

        def render(template: Any, *args: Any, **kwargs: Any) -> Any:
            self.depth += 1
            start, sql_before = time.perf_counter(), self.sql
            try:
                return original(template, *args, **kwargs)
            finally:
                self.depth -= 1
                if not self.depth:
                    spent = time.perf_counter() - start
                    self.template += spent - (self.sql - sql_before)

        def execute(run: Callable[..., Any], *args: Any) -> Any:
            start = time.perf_counter()
            try:
                return run(*args)
            finally:
                self.sql += time.perf_counter() - start

        Template.render = render  # type: ignore[method-assign]
        try:
            with connection.execute_wrapper(execute):
                yield
        finally:
            Template.render = original  # type: ignore[method-assign]


def measure(client: Any, url: str, runs: int) -> dict[str, float]:
    for _ in range(harness.WARMUPS):
        if client.get(url).status_code != 200:
            raise SystemExit(f"GET {url} did not answer 200")
    rows: dict[str, list[float]] = {"total": [], "sql": [], "template": [], "python": []}
    size = 0
    for _ in range(runs):
        split = Split()
        with split.watching():
            start = time.perf_counter()
            response = client.get(url)
            total = time.perf_counter() - start
        size = len(response.content)
        rows["total"].append(total * 1000)
        rows["sql"].append(split.sql * 1000)
        rows["template"].append(split.template * 1000)
        rows["python"].append((total - split.sql - split.template) * 1000)
    result = {kind: statistics.median(values) for kind, values in rows.items()}
    result["p95"] = harness.percentile(rows["total"], 0.95)
    result["kib"] = size / 1024
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=15, help="timed requests per page")
    args = parser.parse_args(argv)
    harness.bootstrap()
    with harness.throwaway_database("where"):
        from django.test import Client

        from komplan.accounts.models import Membership, Organization, Role, User
        from komplan.demo.synthetic import synthetic_plan_create

        organization = Organization.objects.create(name="Benchmarks kommun", slug="benchmarks")
        user = User.objects.create_user(username="bench", password="bench-password-1")
        Membership.objects.create(user=user, organization=organization, role=Role.ADMIN)
        plan = synthetic_plan_create(organization=organization, **PLAN)
        client = Client()
        client.force_login(user)
        print(harness.describe_run(args.runs))
        header = (
            f"{'page':<30} {'median':>7} {'p95':>7} {'SQL':>7} {'template':>9} {'Python':>7}"
            f" {'KiB':>6}"
        )
        print(header)
        print("-" * len(header))
        for label, url in _pages(plan):
            r = measure(client, url, args.runs)
            print(
                f"{label:<30} {r['total']:>7.1f} {r['p95']:>7.1f} {r['sql']:>7.1f} "
                f"{r['template']:>9.1f} {r['python']:>7.1f} {r['kib']:>6.0f}"
            )
        if machine := harness.describe_machine():
            print(machine)
    return 0


if __name__ == "__main__":
    sys.exit(main())
