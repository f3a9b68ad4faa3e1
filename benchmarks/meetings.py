"""Meeting benchmark: server time and SQL queries of the meeting pages for a small and a
large meeting.

Run from a clean clone with `python benchmarks/meetings.py [--runs N]`; add
`DATABASE_URL=postgres://user@host:5432/name` to measure on PostgreSQL. Like
`benchmarks/pages.py` it never touches the configured database: it creates a throwaway test
database (in memory for SQLite, `test_<name>_meetings` for other databases), fills it and
drops it again. Server time is one request through Django's test client with DEBUG off.

The small meeting has 3 agenda items and 5 participants; the large one 40 items and 60
participants, with a decision and an action item on every item, attachments, a previous
meeting with open action items to review, and a justered version 1 behind the open version 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Run as a script, the repo root is needed to find `benchmarks`; the harness then takes this
# script's own folder off sys.path (see benchmarks/harness.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks import harness

DEFAULT_RUNS = 30
TARGET_P95_MS = 100.0
SIZES = {"small": (3, 5), "large": (40, 60)}  # agenda items, participants
PDF = b"%PDF-1.4\n%%EOF\n"

PAGES: list[tuple[str, Callable[[Any], str]]] = [
    ("meeting", lambda m: f"/meetings/{m.pk}/"),
    ("participants", lambda m: f"/meetings/{m.pk}/participants/"),
    ("agenda", lambda m: f"/meetings/{m.pk}/agenda/"),
    ("minutes", lambda m: f"/meetings/{m.pk}/minutes/"),
    ("justered version 1", lambda m: f"/meetings/{m.pk}/minutes/versions/1/"),
    ("forum", lambda m: f"/forums/{m.forum_id}/"),
]


def build(size: str, organization: Any, user: Any) -> tuple[Any, float]:
    """A forum whose meeting has `SIZES[size]` items and participants, and all the rest."""
    from django.core.files.base import ContentFile

    from komplan.meetings import services
    from komplan.meetings.models import (
        ActionItem,
        AgendaItem,
        Attachment,
        Attendance,
        Decision,
        Forum,
        ForumMember,
        ItemKind,
        Meeting,
    )
    from komplan.plans.models import Plan

    start = time.perf_counter()
    items, participants = SIZES[size]
    plan = Plan.objects.create(organization=organization, name=f"Plan för {size} möte")
    forum = Forum.objects.create(organization=organization, name=f"Styrgrupp ({size})")
    ForumMember.objects.bulk_create(
        ForumMember(
            forum=forum,
            name=f"Ledamot {n}",
            organization=f"Kommun {n % 9}",
            email=f"ledamot{n}@example.org",
        )
        for n in range(1, participants + 1)
    )
    kinds = [ItemKind.INFORMATION, ItemKind.DISCUSSION, ItemKind.DECISION, ItemKind.WORK]
    made = []
    for date in (dt.date(2026, 1, 15), dt.date(2026, 3, 5)):
        meeting = Meeting.objects.create(
            forum=forum, date=date, start_time=dt.time(9), end_time=dt.time(12), place="Sal 3"
        )
        meeting.plans.add(plan)
        services.meeting_started(meeting)
        people = services.members_add(meeting, forum.members.all(), user=None)
        for participant in people[: participants // 5]:
            participant.attendance = Attendance.ABSENT
            participant.save()
        for n in range(items):
            item = AgendaItem.objects.create(
                meeting=meeting,
                kind=ItemKind.BREAK if n == items // 2 else kinds[n % 4],
                description=f"Punkt {n + 1}",
                responsible="Sara",
                duration=10,
                notes="Anteckningar. " * 20,
            )
            Decision.objects.create(meeting=meeting, item=item, text="Beslut.", plan=plan)
            ActionItem.objects.create(meeting=meeting, item=item, text="Åtgärd", owner="Sara")
        for n in range(max(1, items // 4)):
            Attachment.objects.create(
                meeting=meeting,
                file=ContentFile(PDF, name="bilaga.pdf"),
                name=f"Bilaga {n}.pdf",
                size=len(PDF),
                kind="pdf",
            )
        adjuster = people[-1]
        adjuster.user, adjuster.adjuster = user, True
        adjuster.save()
        meeting.note_taker = people[-2]
        meeting.save()
        made.append(meeting)
    meeting = made[-1]
    services.minutes_submit(meeting, user=user)
    meeting.refresh_from_db()
    services.minutes_approve(meeting, user=user)
    meeting.refresh_from_db()
    services.minutes_correct(meeting, user=user, reason="Rättelse")
    meeting.refresh_from_db()
    return meeting, time.perf_counter() - start


def run(runs: int) -> list[Any]:
    from django.test import Client

    from benchmarks.pages import measure
    from komplan.accounts.models import Membership, Organization, Role, User

    organization = Organization.objects.create(name="Benchmarks kommun", slug="benchmarks")
    user = User.objects.create_user(username="bench", password="bench-password-1")
    Membership.objects.create(user=user, organization=organization, role=Role.ADMIN)
    client = Client()
    if not client.login(username="bench", password="bench-password-1"):
        raise SystemExit("could not log the benchmark user in")
    results = []
    for size in SIZES:
        meeting, seconds = build(size, organization, user)
        items, participants = SIZES[size]
        print(
            f"built the {size} meeting in {seconds:.1f} s: {items} items, "
            f"{participants} participants",
            flush=True,
        )
        for label, url_for in PAGES:
            results.append(measure(client, label, size, url_for(meeting), runs))
    return results


def print_table(results: list[Any], runs: int) -> None:

    print()
    print(harness.describe_run(runs))
    if machine := harness.describe_machine():
        print(machine)
    header = (
        f"{'meeting':<8} {'page':<20} {'median ms':>10} {'p95 ms':>8} {'target p95':>11}  "
        f"{'':<4} {'queries':>7}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        verdict = "ok" if r.p95_ms < TARGET_P95_MS else "OVER"
        print(
            f"{r.size:<8} {r.page:<20} {r.median_ms:>10.1f} {r.p95_ms:>8.1f} "
            f"{'< ' + format(TARGET_P95_MS, '.0f') + ' ms':>11}  {verdict:<4} {r.queries:>7}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=DEFAULT_RUNS, help="timed requests per page (default 30)"
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    import tempfile

    from django.test import override_settings

    harness.bootstrap()
    # The attachments are written somewhere throwaway too, never into the data directory.
    with (
        harness.throwaway_database("meetings"),
        tempfile.TemporaryDirectory(prefix="komplan-bench-media-") as media,
        override_settings(MEDIA_ROOT=media),
    ):
        results = run(args.runs)
        print_table(results, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
