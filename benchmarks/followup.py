"""Follow-up benchmark: server time of the follow-up page of the 10,000-activity plan with 20
goals (target p95 < 250 ms), and of one goal's page; and the final report's download as Word
(target < 5 s) and as PDF (target < 20 s), end to end through the view.

Run with `python benchmarks/followup.py [--runs N] [--answers N] [--report-runs N]`. Like the other
benchmarks it never touches the configured database: it creates a throwaway test database,
fills it with the plan `komplan generate` makes (10,000 activities, 20 goals), gives the goals
indicators (a third counted from the plan, a third entered with 24 measurements each, a third
from a survey with 5,000 answers), records 2,000 activities as marked done in the history,
and drops the database again. Server time is one request through Django's test client.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks import harness

DEFAULT_RUNS = 30
TARGET_P95_MS = 250.0
REPORT_TARGET_S = {"docx": 5.0, "pdf": 20.0}
DEFAULT_REPORT_RUNS = 3
ACTIVITIES, GOALS = 10_000, 20


def build(organization: Any, answers: int) -> Any:
    from django.utils import timezone

    from komplan.audit.models import AuditEvent
    from komplan.demo.synthetic import synthetic_plan_create
    from komplan.followup.models import Indicator, Measurement, Method
    from komplan.plans.models import Activity, ActivityStatus
    from komplan.surveys.models import Answer, Question, Response, Survey

    plan = synthetic_plan_create(
        organization=organization,
        activities=ACTIVITIES,
        groups=200,
        messages=100,
        channels=40,
        goals=GOALS,
        name="Benchmark: follow-up",
    )
    goals = list(plan.goals.order_by("position"))
    activities = list(plan.activities.order_by("position").values_list("pk", flat=True))
    link = Activity.goals.through
    link.objects.bulk_create(
        [link(activity_id=a, goal_id=goals[n % GOALS].pk) for n, a in enumerate(activities)],
        batch_size=5_000,
        ignore_conflicts=True,
    )
    survey = Survey.objects.create(plan=plan, title="Nyttoenkät", status="closed")
    questions = [
        Question.objects.create(survey=survey, position=n, kind="likert", text=f"Fråga {n}")
        for n in range(6)
    ]
    responses = Response.objects.bulk_create(
        Response(survey=survey, submitted_at=timezone.now()) for _ in range(answers // 6 + 1)
    )
    Answer.objects.bulk_create(
        (
            Answer(response=r, question=q, value=1 + (n + i) % 5)
            for n, r in enumerate(responses)
            for i, q in enumerate(questions)
        ),
        batch_size=5_000,
    )
    for n, goal in enumerate(goals):
        method = [Method.COUNTED, Method.ENTERED, Method.SURVEYED][n % 3]
        indicator = Indicator.objects.create(
            goal=goal,
            method=method,
            kind="konferens" if n % 6 == 0 else "",
            question=questions[n % 6] if method == Method.SURVEYED else None,
        )
        if method == Method.ENTERED:
            Measurement.objects.bulk_create(
                Measurement(
                    indicator=indicator,
                    date=dt.date(2026, 1, 1) + dt.timedelta(days=15 * m),
                    value=m * 3,
                )
                for m in range(24)
            )
    done = activities[::5]
    Activity.objects.filter(pk__in=done).update(status=ActivityStatus.DONE)
    AuditEvent.objects.bulk_create(
        (
            AuditEvent(
                organization=organization,
                plan=plan,
                register="activities",
                object_id=pk,
                action="update",
                changes=[{"field": "status", "old_value": "planned", "new_value": "done"}],
            )
            for pk in done
        ),
        batch_size=5_000,
    )
    return plan


def time_reports(client: Any, plan: Any, runs: int) -> dict[str, tuple[list[float], int, int]]:
    """The final report's Word and PDF through the view, `runs` times each: seconds, the
    file's size and the queries of the last run. The report summarises: it counts the
    10,000 activities by status, channel and group, and never lists them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from komplan.followup.models import ReportTexts

    ReportTexts.objects.update_or_create(
        plan=plan,
        defaults={
            "evaluation": "Projektet nådde sina mål.\n\n- Utbildningen\n- Intranätet",
            "lessons": "Börja tidigare.\n\n1. Förankra\n2. Följ upp",
        },
    )
    found = {}
    for fmt in ("docx", "pdf"):
        url = f"/plans/{plan.pk}/follow-up/report/final.{fmt}"
        seconds = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                seconds.append(time.perf_counter() - start)
            assert response.status_code == 200, response.status_code
        found[fmt] = (seconds, len(response.content), len(queries.captured_queries))
        print(f"final report {fmt}: " + ", ".join(f"{s:.2f} s" for s in seconds), flush=True)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS)
    parser.add_argument("--answers", type=int, default=5_000)
    parser.add_argument("--report-runs", type=int, default=DEFAULT_REPORT_RUNS)
    args = parser.parse_args(argv)
    harness.bootstrap()
    with harness.throwaway_database("followup"):
        from django.test import Client

        from benchmarks.pages import measure
        from komplan.accounts.models import Membership, Organization, Role, User

        organization = Organization.objects.create(name="Benchmarks kommun", slug="benchmarks")
        user = User.objects.create_user(username="bench", password="bench-password-1")
        Membership.objects.create(user=user, organization=organization, role=Role.ADMIN)
        client = Client()
        client.force_login(user)
        start = time.perf_counter()
        plan = build(organization, args.answers)
        print(f"built the plan in {time.perf_counter() - start:.1f} s", flush=True)
        goal = plan.goals.order_by("position").first()
        results = [
            measure(
                client,
                "follow-up page",
                "10k",
                f"/plans/{plan.pk}/follow-up/",
                args.runs,
                TARGET_P95_MS,
            ),
            measure(
                client,
                "goal page",
                "10k",
                f"/plans/{plan.pk}/follow-up/goals/{goal.pk}/",
                args.runs,
                TARGET_P95_MS,
            ),
        ]
        reports = time_reports(client, plan, args.report_runs)
        print()
        print(harness.describe_run(args.runs))
        if machine := harness.describe_machine():
            print(machine)
        for r in results:
            verdict = "ok" if r.p95_ms < TARGET_P95_MS else "OVER"
            print(
                f"{r.page:<16} median {r.median_ms:7.1f} ms  p95 {r.p95_ms:7.1f} ms "
                f"(target < {TARGET_P95_MS:.0f} ms) {verdict}  queries {r.queries}"
            )
        for fmt, (seconds, size, queries) in reports.items():
            target = REPORT_TARGET_S[fmt]
            verdict = "ok" if max(seconds) < target else "OVER"
            print(
                f"final report {fmt:<4} median {statistics.median(seconds):6.2f} s  "
                f"max {max(seconds):6.2f} s (target < {target:.0f} s) {verdict}  "
                f"{size // 1024} KiB  queries {queries}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
