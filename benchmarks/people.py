"""People benchmark: server time of a target group's page and a contact's page in an
organisation with 5,000 contacts and 50,000 interactions (target p95 < 150 ms each), and the
time to erase a person who took part in 1,000 of them (target < 2 s).

Run from a clean clone with `python benchmarks/people.py [--runs N] [--contacts N]
[--interactions N]`; add `DATABASE_URL=postgres://user@host:5432/name` to measure on
PostgreSQL. Like `benchmarks/pages.py` it never touches the configured database: it creates a
throwaway test database (in memory for SQLite, `test_<name>_people` for other databases),
fills it and drops it again. Server time is one request through Django's test client with
DEBUG off.

The plan has 20 target groups and 50 messages; every contact belongs to one or two groups;
every interaction has one or two contacts, a group concerned and a message conveyed, so the
measured group has about 2,500 interactions and 375 contacts. The person erased took part in
1,000 interactions whose subjects and notes name them, is a participant of a meeting, and is
named in 200 audit events.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks import harness

DEFAULT_RUNS = 30
TARGET_P95_MS = 150.0
TARGET_ERASE_S = 2.0
GROUPS, MESSAGES = 20, 50
ERASED_INTERACTIONS = 1_000
NAME = "Karin Ekström"


def build(organization: Any, contacts: int, interactions: int) -> tuple[Any, Any, float]:
    """The plan, the contact to erase, and the seconds it took."""
    from komplan.audit.models import AuditEvent
    from komplan.demo.synthetic import synthetic_plan_create
    from komplan.meetings.models import Forum, Meeting
    from komplan.people import services
    from komplan.people.models import Contact, Interaction

    start = time.perf_counter()
    plan = synthetic_plan_create(
        organization=organization,
        activities=50,
        groups=GROUPS,
        messages=MESSAGES,
        channels=5,
        name="Benchmark: people",
    )
    groups = list(plan.groups.order_by("position").values_list("pk", flat=True))
    messages = list(plan.messages.order_by("position").values_list("pk", flat=True))
    made = Contact.objects.bulk_create(
        Contact(
            organization=organization,
            name=f"Kontakt {n}",
            role="Rektor",
            employer=f"Skola {n % 300}",
            email=f"kontakt{n}@example.org",
            phone=f"070-{n:06d}",
        )
        for n in range(contacts)
    )
    target = made[0]
    Contact.objects.filter(pk=target.pk).update(name=NAME, email="karin@example.org")
    target.refresh_from_db()
    in_group = Contact.groups.through
    in_group.objects.bulk_create(
        [in_group(contact_id=c.pk, targetgroup_id=groups[n % GROUPS]) for n, c in enumerate(made)]
        + [
            in_group(contact_id=c.pk, targetgroup_id=groups[(n + 7) % GROUPS])
            for n, c in enumerate(made)
            if n % 2
        ],
        batch_size=5_000,
    )
    first = dt.date(2024, 1, 1)
    logged = Interaction.objects.bulk_create(
        (
            Interaction(
                organization=organization,
                day=first + dt.timedelta(days=n % 700),
                subject=f"Samtal med {NAME}" if n < ERASED_INTERACTIONS else f"Möte {n}",
                notes=f"{NAME} lovade att sprida det." if n < ERASED_INTERACTIONS else "",
            )
            for n in range(interactions)
        ),
        batch_size=5_000,
    )
    with_contact = Interaction.contacts.through
    rows = []
    for n, interaction in enumerate(logged):
        who = target.pk if n < ERASED_INTERACTIONS else made[n % contacts].pk
        rows.append(with_contact(interaction_id=interaction.pk, contact_id=who))
        if n % 3 == 0 and n >= ERASED_INTERACTIONS:
            other = made[(n * 7 + 1) % contacts].pk
            if other != who:
                rows.append(with_contact(interaction_id=interaction.pk, contact_id=other))
    with_contact.objects.bulk_create(rows, batch_size=5_000)
    concerned = Interaction.groups.through
    concerned.objects.bulk_create(
        (
            concerned(interaction_id=i.pk, targetgroup_id=groups[n % GROUPS])
            for n, i in enumerate(logged)
        ),
        batch_size=5_000,
    )
    conveyed = Interaction.messages.through
    conveyed.objects.bulk_create(
        (
            conveyed(interaction_id=i.pk, message_id=messages[n % MESSAGES])
            for n, i in enumerate(logged)
        ),
        batch_size=5_000,
    )
    forum = Forum.objects.create(organization=organization, name="Styrgruppen")
    meeting = Meeting.objects.create(
        forum=forum, date=dt.date(2026, 3, 5), start_time=dt.time(9), end_time=dt.time(12)
    )
    services.invite(target, meeting)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            organization=organization,
            plan=plan,
            plan_name=plan.name,
            register="activities",
            object_id=n,
            object_repr=f"Aktivitet {n}",
            action="update",
            changes=[{"field": "responsible", "label": "Ansvarig", "old": "", "new": NAME}],
        )
        for n in range(200)
    )
    return plan, target, time.perf_counter() - start


def cpu_ms(client: Any, url: str, runs: int) -> tuple[float, float]:
    """(median, p95) of the CPU time of this process per request, in ms: unlike the wall time,
    it hardly grows with the load of a shared machine (the database is in this process)."""
    import statistics

    times = []
    for _ in range(runs):
        start = time.process_time()
        client.get(url)
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times), harness.percentile(times, 0.95)


def run(
    runs: int, contacts: int, interactions: int
) -> tuple[list[tuple[Any, tuple[float, float]]], float, int]:
    from django.test import Client

    from benchmarks.pages import measure
    from komplan.accounts.models import Membership, Organization, Role, User
    from komplan.people import gdpr
    from komplan.people.models import Interaction

    organization = Organization.objects.create(name="Benchmarks kommun", slug="benchmarks")
    user = User.objects.create_user(username="bench", password="bench-password-1")
    Membership.objects.create(user=user, organization=organization, role=Role.ADMIN)
    client = Client()
    if not client.login(username="bench", password="bench-password-1"):
        raise SystemExit("could not log the benchmark user in")
    plan, target, seconds = build(organization, contacts, interactions)
    print(
        f"built {contacts:,} contacts and {interactions:,} interactions in {seconds:.1f} s",
        flush=True,
    )
    group = plan.groups.order_by("position").first()
    results = [
        measure(
            client,
            "group page",
            "5k/50k",
            f"/plans/{plan.pk}/people/groups/{group.pk}/",
            runs,
            TARGET_P95_MS,
        ),
        measure(
            client,
            "contact page",
            "5k/50k",
            f"/orgs/benchmarks/contacts/{target.pk}/",
            runs,
            TARGET_P95_MS,
        ),
        measure(
            client, "contact list", "5k/50k", "/orgs/benchmarks/contacts/", runs, TARGET_P95_MS
        ),
    ]
    urls = [
        f"/plans/{plan.pk}/people/groups/{group.pk}/",
        f"/orgs/benchmarks/contacts/{target.pk}/",
        "/orgs/benchmarks/contacts/",
    ]
    cpu = [cpu_ms(client, url, runs) for url in urls]
    named = Interaction.objects.filter(contacts=target).count()
    start = time.perf_counter()
    gdpr.contact_erase(contact=target, by=user)
    erase_s = time.perf_counter() - start
    left = Interaction.objects.filter(notes__contains=NAME).count()
    if left:
        raise SystemExit(f"{left} interactions still name the erased person")
    return list(zip(results, cpu, strict=True)), erase_s, named


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help="timed requests per page")
    parser.add_argument("--contacts", type=int, default=5_000)
    parser.add_argument("--interactions", type=int, default=50_000)
    args = parser.parse_args(argv)
    if args.runs < 1 or args.contacts < 2 or args.interactions < ERASED_INTERACTIONS:
        parser.error("--runs ≥ 1, --contacts ≥ 2, --interactions ≥ 1,000")

    harness.bootstrap()
    with harness.throwaway_database("people"):
        results, erase_s, named = run(args.runs, args.contacts, args.interactions)
        print()
        print(harness.describe_run(args.runs))
        if machine := harness.describe_machine():
            print(machine)
        header = (
            f"{'page':<14} {'median ms':>10} {'p95 ms':>8} {'target p95':>11}  {'':<4} "
            f"{'queries':>7} {'CPU median':>11} {'CPU p95':>8}"
        )
        print(header)
        print("-" * len(header))
        for r, cpu in results:
            verdict = "ok" if r.p95_ms < TARGET_P95_MS else "OVER"
            print(
                f"{r.page:<14} {r.median_ms:>10.1f} {r.p95_ms:>8.1f} "
                f"{'< ' + format(TARGET_P95_MS, '.0f') + ' ms':>11}  {verdict:<4} {r.queries:>7} "
                f"{cpu[0]:>11.1f} {cpu[1]:>8.1f}"
            )
        verdict = "ok" if erase_s < TARGET_ERASE_S else "OVER"
        print(
            f"erasing a contact of {named:,} interactions: {erase_s:.2f} s "
            f"(target < {TARGET_ERASE_S:.0f} s) {verdict}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
