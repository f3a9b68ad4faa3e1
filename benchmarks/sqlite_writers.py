"""SQLite writers benchmark: how many people can save at the same time on the embedded
database before saves wait too long or fail with "database is locked".

Run from a clean clone with `python benchmarks/sqlite_writers.py [--writers 1,5,10,20]
[--saves N] [--processes] [--json]`. It never touches the configured database: it makes an
SQLite file in a temporary folder with komplan's embedded default settings (WAL, immediate
transactions, busy timeout; see komplan/settings.py), migrates it and deletes it afterwards.

Each writer is one editor with a connection of its own (a thread, or with `--processes` a
process, as the workers of a WSGI server are) who, `--saves` times, adds a message to the
plan, adds an activity that carries it and then edits the message: three saves through the
same views, forms, locking and history an editor's browser goes through (Django's test
client, DEBUG off). Afterwards it checks that every save is there: every message and activity,
every edit, numbers 1..N without gaps and a history event for every save.

For each number of writers it prints the saves, the errors, saves per second and the p50, p95
and slowest save in milliseconds. `--json` prints the same as one JSON object per line.
"""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

# Run as a script, the repo root is needed to find `benchmarks`; the harness then takes this
# script's own folder off sys.path (see benchmarks/harness.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks import harness

DEFAULT_WRITERS = (1, 5, 10, 20)
DEFAULT_SAVES = 10
EDITED = " (reviderad)"
_RUNS = itertools.count(1)


def _prepare(writers: int) -> tuple[int, list[int]]:
    """A plan and `writers` editors of its organisation: (plan id, user ids)."""
    from komplan.accounts.models import Membership, Organization, Role, User
    from komplan.plans.models import Plan, TargetGroup

    run_number = next(_RUNS)
    organization = Organization.objects.create(
        name=f"Ekby kommun ({run_number})", slug=f"ekby-{run_number}"
    )
    plan = Plan.objects.create(organization=organization, name="Nytt ärendesystem")
    plan.create_default_tiers()
    TargetGroup.objects.create(plan=plan, name="Handläggare", tier=plan.tiers.first())
    users = []
    for n in range(writers):
        user = User.objects.create_user(username=f"redaktor{run_number}-{n}", password=None)
        Membership.objects.create(user=user, organization=organization, role=Role.EDITOR)
        users.append(user.pk)
    return plan.pk, users


def _write(plan_id: int, user_id: int, saves: int, start: Any) -> dict[str, Any]:
    """One editor's saves; returns their durations (ms) and the errors by message."""
    from django.db import connection
    from django.test import Client

    from komplan.accounts.models import User
    from komplan.plans.models import Message

    client = Client()
    durations: list[float] = []
    errors: dict[str, int] = {}
    base = f"/plans/{plan_id}"

    def save_with(action: Any) -> bool:
        began = time.perf_counter()
        try:
            response = action()
            ok = response is None or response.status_code == 302
            problem = "" if ok else f"HTTP {response.status_code}"
        except Exception as error:  # a failed save is what we count, whatever it is
            ok, problem = False, f"{type(error).__name__}: {error}"
        durations.append((time.perf_counter() - began) * 1000)
        if not ok:
            errors[problem] = errors.get(problem, 0) + 1
        return ok

    def save(url: str, data: dict[str, str]) -> bool:
        return save_with(lambda: client.post(url, data))

    start.wait()
    # Logging in writes the session: the first save of the day, as it were.
    if not save_with(lambda: client.force_login(User.objects.get(pk=user_id))):
        return {"durations": durations, "errors": errors}
    for n in range(1, saves + 1):
        text = f"Budskap {n} från redaktör {user_id}"
        if not save(f"{base}/messages/new/", {"text": text, "clarification": "Förtydligande"}):
            continue
        message = Message.objects.filter(plan_id=plan_id, text=text).get()
        save(
            f"{base}/activities/new/",
            {
                "title": f"Aktivitet {n} ({user_id})",
                "messages": str(message.pk),
                "status": "planned",
                "time_text": "Hösten 2026",
                "responsible": "Kommunikatör",
            },
        )
        save(
            f"{base}/messages/{message.pk}/edit/",
            {"text": text + EDITED, "lock_version": str(message.lock_version)},
        )
    connection.close()
    return {"durations": durations, "errors": errors}


def _check(plan_id: int, writers: int, saves: int) -> list[str]:
    """What is missing or out of order after the run; empty when every save is there."""
    from komplan.audit.models import AuditEvent
    from komplan.plans.models import Activity, Message

    expected = writers * saves
    problems = []
    messages = list(Message.objects.filter(plan_id=plan_id).order_by("position"))
    activities = list(Activity.objects.filter(plan_id=plan_id).order_by("position"))
    for name, rows in (("messages", messages), ("activities", activities)):
        if len(rows) != expected:
            problems.append(f"{len(rows)} {name}, expected {expected}")
        if [row.position for row in rows] != list(range(1, len(rows) + 1)):
            problems.append(f"the {name}' numbers are not 1..{len(rows)}")
    unedited = sum(not m.text.endswith(EDITED) for m in messages)
    if unedited:
        problems.append(f"{unedited} messages lost their edit")
    unlinked = Activity.objects.filter(plan_id=plan_id, messages=None).count()
    if unlinked:
        problems.append(f"{unlinked} activities lost their message")
    # A create and an edit of every message, a create of every activity.
    events = AuditEvent.objects.filter(plan_id=plan_id).exclude(register="plan").count()
    if events < 3 * expected:
        problems.append(f"{events} history events, expected at least {3 * expected}")
    return problems


def _run_in_process(args: tuple[int, int, int]) -> dict[str, Any]:
    # A child process: Django is set up (forked); it opens a connection of its own.
    plan_id, user_id, saves = args
    ready = threading.Event()
    ready.set()
    return _write(plan_id, user_id, saves, ready)


def run(writers: int, saves: int, *, processes: bool = False) -> dict[str, Any]:
    """Let `writers` editors save `saves` times each at once; their figures and problems."""
    from django.db import connections

    plan_id, users = _prepare(writers)
    began = time.perf_counter()
    if processes:
        connections.close_all()  # a forked child must not share the parent's connection
        with multiprocessing.get_context("fork").Pool(writers) as pool:
            results = pool.map(_run_in_process, [(plan_id, u, saves) for u in users])
    else:
        start = threading.Barrier(writers)
        results = [{} for _ in users]

        def work(i: int, user_id: int) -> None:
            results[i] = _write(plan_id, user_id, saves, start)

        threads = [threading.Thread(target=work, args=(i, u)) for i, u in enumerate(users)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    elapsed = time.perf_counter() - began
    durations = [d for result in results for d in result["durations"]]
    errors: dict[str, int] = {}
    for result in results:
        for problem, count in result["errors"].items():
            errors[problem] = errors.get(problem, 0) + count
    return {
        "writers": writers,
        "mode": "processes" if processes else "threads",
        "saves": len(durations),
        "errors": sum(errors.values()),
        "error_kinds": errors,
        "seconds": round(elapsed, 2),
        "saves_per_second": round(len(durations) / elapsed, 1),
        "p50_ms": round(harness.percentile(durations, 0.5), 1),
        "p95_ms": round(harness.percentile(durations, 0.95), 1),
        "max_ms": round(max(durations), 1),
        "problems": _check(plan_id, writers, saves),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writers", default=",".join(map(str, DEFAULT_WRITERS)))
    parser.add_argument("--saves", type=int, default=DEFAULT_SAVES, help="per writer, ×3")
    parser.add_argument("--processes", action="store_true", help="a process per writer")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="komplan-writers-") as folder:
        # The embedded default, whatever the environment says: this measures SQLite.
        os.environ.pop("DATABASE_URL", None)
        os.environ["KOMPLAN_DATA_DIR"] = folder
        harness.bootstrap()
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        if not args.json:
            print(f"{harness.describe_database(in_memory=False)}, file in {folder}")
            print(
                f"{'writers':>7} {'saves':>6} {'errors':>6} {'saves/s':>8} "
                f"{'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}  problems"
            )
        run(1, 1)  # warm up: templates, URL resolvers and the first connection
        failed = False
        for writers in (int(n) for n in args.writers.split(",")):
            result = run(writers, args.saves, processes=args.processes)
            failed = failed or bool(result["errors"] or result["problems"])
            if args.json:
                print(json.dumps(result), flush=True)
            else:
                print(
                    f"{writers:>7} {result['saves']:>6} {result['errors']:>6} "
                    f"{result['saves_per_second']:>8} {result['p50_ms']:>7} "
                    f"{result['p95_ms']:>7} {result['max_ms']:>7}  "
                    f"{'; '.join(result['problems']) or 'none'}",
                    flush=True,
                )
                for problem, count in result["error_kinds"].items():
                    print(f"        {count} × {problem}")
        connection.close()
        if not args.json and (machine := harness.describe_machine()):
            print(machine)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
