"""Add messages to one plan from several threads at once, on an SQLite file with komplan's own
settings, and print what happened as JSON: the numbers the plan's messages got and the errors.

Run by tests/core/test_ordering.py in a process of its own (the test suite's SQLite database
lives in memory, where threads lock each other out differently from a deployment's file):

    python -m tests.core.sqlite_writers DATABASE_FILE PLAN_ID WRITERS
"""

from __future__ import annotations

import json
import os
import sys
import threading


def main(database: str, plan_id: int, writers: int) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komplan.settings")
    import django

    django.setup()
    from django.db import connection

    from komplan.plans.models import Message

    barrier = threading.Barrier(writers)
    errors: list[str] = []

    def add(n: int) -> None:
        try:
            barrier.wait(timeout=30)
            Message.objects.create(plan_id=plan_id, text=f"Budskap {n + 1}")
        except Exception as error:  # reported, not raised: the test reads them
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    messages = Message.objects.filter(plan_id=plan_id).order_by("position")
    numbers = list(messages.values_list("position", flat=True))
    options = connection.settings_dict.get("OPTIONS", {})
    print(json.dumps({"numbers": numbers, "errors": errors, "options": options}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
