"""Digest benchmark: the worker time of a morning's digests, for 1,000 people over a plan of
10,000 activities (target: under 60 s).

Run with `python benchmarks/digests.py [--people N] [--activities N]`; add
`DATABASE_URL=postgres://user@host:5432/name` to measure on PostgreSQL (the database must be
empty or throwaway: the script migrates it and adds to it). Without it, the script works in
an SQLite file in a temporary folder and leaves nothing behind.

The plan comes from `komplan generate`; its activities are then shared out among the people
(each is responsible for activities/people of them, one due in three days), and each person
owns one overdue action item and wants a daily digest. The schedule's run (`queue_digests`)
is enqueued, and `komplan worker --batch` — a real worker process on the database backend —
runs it and then every person's digest, writing each email to a file. The figures: the
worker's CPU time (the work it did: the target is on this one), its wall time (which grows
with the load of a shared machine), the emails written, and the machine's load.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KOMPLAN = Path(sys.executable).with_name("komplan")
TARGET_S = 60.0


def run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(KOMPLAN), *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(done.stderr)
    return done.stdout.strip()


SET_UP = """
import datetime as dt
from django.utils import timezone
from komplan.accounts.models import Membership, Organization, User, Role
from komplan.meetings.models import ActionItem, Forum, Meeting
from komplan.plans.models import Activity, Plan
from komplan.reminders.models import DigestPreference
from komplan.reminders.tasks import queue_digests

people, plan = {people}, Plan.objects.get(pk={plan_id})
today = timezone.localdate()
users = User.objects.bulk_create(
    User(username=f"person{{i}}", email=f"person{{i}}@storvik.example", first_name="Person",
         last_name=str(i), password="!") for i in range(people))
Membership.objects.bulk_create(
    Membership(user=u, organization=plan.organization, role=Role.EDITOR) for u in users)
DigestPreference.objects.bulk_create(
    DigestPreference(user=u, frequency="daily", language="sv") for u in users)
activities = list(Activity.objects.filter(plan=plan).order_by("pk"))
soon = today + dt.timedelta(days=3)
for i, activity in enumerate(activities):
    activity.responsible = f"Person {{i % people}}"
    if i < people:
        activity.start_override = activity.end_override = soon
        activity.status = "planned"
Activity.objects.bulk_update(
    activities, ["responsible", "start_override", "end_override", "status"], batch_size=1000)
forum = Forum.objects.create(organization=plan.organization, name="Styrgruppen")
meeting = Meeting.objects.create(
    forum=forum, date=today - dt.timedelta(days=14), start_time=dt.time(9))
ActionItem.objects.bulk_create(
    ActionItem(meeting=meeting, text=f"Uppgift {{i}}", owner=f"person{{i}}",
               due_date=today - dt.timedelta(days=2)) for i in range(people))
queue_digests.enqueue()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--activities", type=int, default=10_000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "KOMPLAN_DEBUG": "0",
            "KOMPLAN_SECRET_KEY": "benchmark",
            "DATABASE_URL": os.environ.get("DATABASE_URL")
            or f"sqlite:///{Path(folder) / 'komplan.sqlite3'}",
            "KOMPLAN_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "KOMPLAN_EMAIL_FILE_PATH": str(Path(folder) / "mail"),
            "KOMPLAN_DIGEST_HOUR": "0",
            "KOMPLAN_LOG_LEVEL": "ERROR",
        }
        run(env, "migrate", "-v0")
        plan_id = int(run(env, "generate", "--activities", str(options.activities)).split()[-1])
        run(env, "shell", "-c", SET_UP.format(people=options.people, plan_id=plan_id))
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        worker = ["worker", "--batch", "--no-schedule", "--interval", "0", "-v0"]
        if os.environ.get("KOMPLAN_BENCH_PROFILE"):  # where the time goes, to a file
            profile = os.environ["KOMPLAN_BENCH_PROFILE"]
            command = [sys.executable, "-m", "cProfile", "-o", profile, str(KOMPLAN), *worker]
            subprocess.run(command, env=env, cwd=ROOT, check=True)
        else:
            run(env, *worker)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        mail = Path(folder) / "mail"
        files = list(mail.glob("*.log")) if mail.exists() else []
        sent = sum(f.read_bytes().count(b"\n" + b"-" * 79) for f in files)
        engine = "PostgreSQL" if "postgres" in env["DATABASE_URL"] else "SQLite"
        load = os.getloadavg()
        print(
            f"digests: {options.people} people, a plan of {options.activities} activities, {engine}"
        )
        print(f"  emails written: {sent}")
        print(f"  worker CPU time: {cpu:.1f} s (target < {TARGET_S:.0f} s), wall time {wall:.1f} s")
        print(f"  per digest: {1000 * cpu / max(sent, 1):.1f} ms of CPU")
        print(
            f"  load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores"
        )
        if cpu > TARGET_S or sent != options.people:
            raise SystemExit("over the target")


if __name__ == "__main__":
    main()
