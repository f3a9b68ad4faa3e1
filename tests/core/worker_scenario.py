"""Set up and read back the real worker's test in a process of its own, on the database the
worker uses (the suite's SQLite database lives in memory, where no other process sees it):

    python -m tests.core.worker_scenario COMMAND [ARGS]

Commands: `digest LANGUAGE` (Alice of Ekby with one activity due and one overdue action item,
a daily digest), `enqueue FOLDER` (the task that waits for FOLDER/go; prints its id),
`result ID` (prints the task's status, tries and how many results its task has, as JSON;
with KOMPLAN_REDIS_URL the status and tries, read through the Tasks API from RQ).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys


def main(command: str, *args: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komplan.settings")
    import django

    django.setup()
    from django.utils import timezone

    if command == "digest":
        from komplan.accounts.models import Membership, Organization, Role, User
        from komplan.meetings.models import ActionItem, Forum, Meeting
        from komplan.plans.models import Activity, Plan
        from komplan.reminders.models import DigestPreference

        today = timezone.localdate()
        organization = Organization.objects.create(name="Ekby kommun", slug="ekby")
        alice = User.objects.create_user(
            "alice", "alice@example.org", "x", first_name="Alice", last_name="Ek"
        )
        Membership.objects.create(user=alice, organization=organization, role=Role.EDITOR)
        plan = Plan.objects.create(
            organization=organization,
            name="Nytt ärendesystem",
            start_date=today - dt.timedelta(days=60),
            end_date=today + dt.timedelta(days=300),
        )
        soon = today + dt.timedelta(days=3)
        Activity.objects.create(
            plan=plan,
            title="Nyhetsbrev",
            responsible="Alice Ek",
            start_override=soon,
            end_override=soon,
        )
        forum = Forum.objects.create(organization=organization, name="Styrgruppen")
        meeting = Meeting.objects.create(
            forum=forum, date=today - dt.timedelta(days=14), start_time=dt.time(9)
        )
        ActionItem.objects.create(
            meeting=meeting,
            text="Boka lokal",
            owner="alice",
            due_date=today - dt.timedelta(days=2),
        )
        DigestPreference.objects.create(user=alice, frequency="daily", language=args[0])
    elif command == "enqueue":
        from tests.core.tasks_for_tests import waits_for_go

        print(waits_for_go.enqueue(folder=args[0]).id)
    elif command == "result" and os.environ.get("KOMPLAN_REDIS_URL"):
        from tests.core.tasks_for_tests import waits_for_go

        found = waits_for_go.get_result(args[0])
        print(json.dumps({"status": found.status, "workers": len(found.worker_ids)}))
    elif command == "result":
        from django_tasks_db.models import DBTaskResult

        result = DBTaskResult.objects.get(pk=args[0])
        same = DBTaskResult.objects.filter(task_path=result.task_path).count()
        print(
            json.dumps(
                {"status": result.status, "workers": len(result.worker_ids), "results": same}
            )
        )
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(*sys.argv[1:])
