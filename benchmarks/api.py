"""API benchmark: the list endpoints of a 10,000-activity plan, paginated, and creating 1,000
activities through the API.

Run from a clean clone with `python benchmarks/api.py [--runs N]`; add
`DATABASE_URL=postgres://user@host:5432/name` for PostgreSQL. The script never touches the
configured database: it makes a throwaway test database, fills it with a synthetic plan
(10,000 activities, 300 groups, 600 messages, 150 channels, as `komplan generate` makes) and
drops it again. Every request carries a personal API token (`Authorization: Bearer`), as
another system's would.

Timed, through the test client (the whole Django stack, no network):
- each register's list, first page and last page of 100 (p95 of `--runs` requests), with the
  queries of a request, which must be the same as on a plan of ten activities;
- 1,000 activities created one request each, each linked to two groups, two messages and a
  channel.
- a forum's meetings (2,000 meetings) and a meeting's action items (2,000), first and last
  page of 100, against a forum with one meeting of one action item (`--meetings-only` runs
  just these).
Targets: every list p95 < 150 ms with constant queries; the 1,000 creates < 20 s.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks import harness

LARGE = {"activities": 10_000, "groups": 300, "messages": 600, "channels": 150}
SMALL = {"activities": 10, "groups": 3, "messages": 6, "channels": 2}
PAGE = 100
CREATES = 1_000
LIST_TARGET_MS = 150
CREATE_TARGET_S = 20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--creates", type=int, default=CREATES)
    parser.add_argument("--meetings-only", action="store_true")
    args = parser.parse_args(argv)
    harness.bootstrap()

    with harness.throwaway_database("api"):
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from komplan.accounts.models import Membership, Organization, Role, User
        from komplan.api.models import ApiToken, Scope
        from komplan.demo.synthetic import synthetic_plan_create
        from komplan.plans import schema

        organization = Organization.objects.create(name="Benchmarks kommun", slug="benchmarks")
        large_plan = SMALL if args.meetings_only else LARGE
        plan = synthetic_plan_create(organization=organization, **large_plan)
        small = synthetic_plan_create(organization=organization, **SMALL)
        user = User.objects.create_user("bench", password="bench")
        Membership.objects.create(user=user, organization=organization, role=Role.EDITOR)
        token = ApiToken(user=user, organization=organization, name="Benchmark", scope=Scope.WRITE)
        client = Client(HTTP_AUTHORIZATION=f"Bearer {token.issue()}")
        token.save()

        client.get("/api/v1/plans")  # the token's first use is recorded: not in the counts

        def queries(url: str) -> int:
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            return len(captured.captured_queries)

        print(harness.describe_run(args.runs))
        slow = meeting_lists(client, queries, organization, plan, args.runs)
        if args.meetings_only:
            print(harness.describe_machine() or "")
            return 1 if slow else 0
        print(
            "plan: {activities:,} activities, {groups} groups, {messages} messages, "
            "{channels} channels".format(**LARGE)
        )
        for register in schema.REGISTERS:
            base = f"/api/v1/plans/{plan.pk}/{register.slug}"
            count = getattr(plan, register.slug).count()
            small_queries = queries(f"/api/v1/plans/{small.pk}/{register.slug}?limit={PAGE}")
            for where, offset in (("first", 0), ("last", max(0, count - PAGE))):
                url = f"{base}?limit={PAGE}&offset={offset}"
                median, p95, n = harness.time_requests(client, url, args.runs, label=register.slug)
                same = (
                    "same as a small plan" if n == small_queries else f"small plan: {small_queries}"
                )
                print(
                    f"{register.slug:>14} ({count:>6,} entries) {where:>5} page of {PAGE}: "
                    f"median {median:6.1f} ms, p95 {p95:6.1f} ms, {n} queries ({same})"
                )
                if p95 >= LIST_TARGET_MS or n != small_queries:
                    slow.append(f"{register.slug} {where}")

        groups = list(plan.groups.order_by("position").values_list("pk", flat=True)[:20])
        messages = list(plan.messages.order_by("position").values_list("pk", flat=True)[:20])
        channels = list(plan.channels.order_by("position").values_list("pk", flat=True)[:10])
        url = f"/api/v1/plans/{plan.pk}/activities"
        start = time.perf_counter()
        for n in range(args.creates):
            body = {
                "title": f"Informationsinsats {n + 1}",
                "time_text": "Hösten 2026",
                "groups": [groups[n % 20], groups[(n + 7) % 20]],
                "messages": [messages[n % 20], messages[(n + 3) % 20]],
                "channels": [channels[n % 10]],
                "responsible": "Kommunikationsavdelningen",
            }
            response = client.post(url, json.dumps(body), content_type="application/json")
            if response.status_code != 201:
                raise SystemExit(f"create answered {response.status_code}: {response.content!r}")
        took = time.perf_counter() - start
        print(
            f"created {args.creates:,} activities through the API in {took:.1f} s "
            f"({took / args.creates * 1000:.1f} ms each; target < {CREATE_TARGET_S} s for 1,000)"
        )
        machine = harness.describe_machine()
        if machine:
            print(machine)
        if slow:
            print("over target: " + ", ".join(slow))
        return 0 if not slow and took < CREATE_TARGET_S * args.creates / CREATES else 1


MEETINGS = 2_000


def meeting_lists(
    client: object, queries: object, organization: object, plan: object, runs: int
) -> list[str]:
    """A forum's meetings and a meeting's action items, first and last page, timed; the
    queries compared with a forum of one meeting with one action item."""
    import datetime as dt

    from komplan.meetings.models import ActionItem, Forum, Meeting

    def forum_with(meetings: int, name: str) -> tuple[int, int]:
        forum = Forum.objects.create(organization=organization, name=name)
        Meeting.objects.bulk_create(
            Meeting(
                forum=forum, date=dt.date(2020, 1, 1) + dt.timedelta(days=n), start_time=dt.time(9)
            )
            for n in range(meetings)
        )
        meeting = forum.meetings.order_by("-date").first()
        meeting.plans.add(plan)
        ActionItem.objects.bulk_create(
            ActionItem(meeting=meeting, text=f"Åtgärd {n + 1}", owner="Karin Berg")
            for n in range(meetings)
        )
        return forum.pk, meeting.pk

    large, small = forum_with(MEETINGS, "Stora forumet"), forum_with(1, "Lilla forumet")
    print(f"a forum of {MEETINGS:,} meetings; a meeting of {MEETINGS:,} action items")
    slow = []
    for label, url in [
        ("meetings", "/api/v1/forums/{0}/meetings"),
        ("actions", "/api/v1/meetings/{1}/actions"),
    ]:
        small_queries = queries(url.format(*small) + f"?limit={PAGE}")  # type: ignore[operator]
        for where, offset in (("first", 0), ("last", MEETINGS - PAGE)):
            page = url.format(*large) + f"?limit={PAGE}&offset={offset}"
            median, p95, n = harness.time_requests(client, page, runs, label=label)
            print(
                f"{label:>14} ({MEETINGS:>6,} entries) {where:>5} page of {PAGE}: "
                f"median {median:6.1f} ms, p95 {p95:6.1f} ms, {n} queries (small: {small_queries})"
            )
            if p95 >= LIST_TARGET_MS or n != small_queries:
                slow.append(f"{label} {where}")
    return slow


if __name__ == "__main__":
    raise SystemExit(main())
