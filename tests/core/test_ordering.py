"""Places 1..N among siblings (komplan/core/ordering.py): a plan's registers and a meeting's
agenda. Message numbers are what people cite in meetings, so they must stay 1..N however many
people add, move and delete at once: the concurrency tests below run real threads, each with
its own database connection, against the committed database."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from django.db import IntegrityError, connection, models, transaction
from django.test.utils import isolate_apps

from komplan.core.ordering import Positioned, renumber_positions
from komplan.core.signals import entry_moved
from komplan.meetings.models import AgendaItem
from komplan.plans import signals as plan_signals
from komplan.plans.models import Activity, Message, Plan, PriorityTier
from tests.factories import make_organization, make_plan
from tests.meetings.factories import make_forum, make_meeting

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks and concurrent writers need PostgreSQL; SQLite runs one writer at a time",
)
concurrent = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60  # seconds for all threads together; a deadlock fails instead of hanging


def at_once(work: Callable[[Any], None], args: Iterable[Any]) -> list[BaseException]:
    """Run `work(arg)` for every arg, each in its own thread with its own connection, all
    released together; the errors they raised. Fails if they do not finish in time."""
    args = list(args)
    barrier = threading.Barrier(len(args))
    errors: list[BaseException] = []

    def run(arg: Any) -> None:
        try:
            barrier.wait(timeout=TIMEOUT)
            work(arg)
        except BaseException as error:  # collected for the test to show
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(arg,)) for arg in args]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "threads still running: deadlock?"
    return errors


def positions(model: type[models.Model], **parent: Any) -> list[int]:
    entries = model._default_manager.filter(**parent).order_by("position")
    return list(entries.values_list("position", flat=True))


def numbers(plan: Plan) -> list[int]:
    return positions(Message, plan=plan)


def one_to(n: int) -> list[int]:
    return list(range(1, n + 1))


@pytest.fixture
def ekby_plan(db: Any) -> Plan:
    return make_plan(make_organization(), name="Nytt ärendesystem")


# --- one writer -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_new_entries_take_the_next_places(ekby_plan: Plan) -> None:
    for text in ("Systemet sparar tid", "Ingen data försvinner", "Support finns"):
        Message.objects.create(plan=ekby_plan, text=text)
    assert numbers(ekby_plan) == [1, 2, 3]
    assert positions(PriorityTier, plan=ekby_plan) == [1, 2, 3]  # the default tiers


@pytest.mark.django_db
def test_default_tiers_added_again_come_after_the_tiers_the_plan_has(ekby_plan: Plan) -> None:
    ekby_plan.create_default_tiers()
    assert positions(PriorityTier, plan=ekby_plan) == one_to(6)


@pytest.mark.django_db
def test_deleting_an_entry_read_before_it_moved_closes_the_right_gap(ekby_plan: Plan) -> None:
    for text in ("Ett", "Två", "Tre"):
        Message.objects.create(plan=ekby_plan, text=text)
    third = ekby_plan.messages.get(text="Tre")
    stale = Message.objects.get(pk=third.pk)  # read at place 3
    third.move(-1)  # someone else moves it to 2 meanwhile
    stale.delete()
    assert list(ekby_plan.messages.values_list("text", "position")) == [("Ett", 1), ("Två", 2)]


@pytest.mark.django_db
def test_moving_an_entry_read_before_it_moved_swaps_from_where_it_is(ekby_plan: Plan) -> None:
    for text in ("Ett", "Två", "Tre"):
        Message.objects.create(plan=ekby_plan, text=text)
    third = ekby_plan.messages.get(text="Tre")
    stale = Message.objects.get(pk=third.pk)  # read at place 3
    third.move(-1)  # now Ett, Tre, Två
    stale.move(-1)  # from place 2, not 3: Tre, Ett, Två
    assert list(ekby_plan.messages.values_list("text", flat=True)) == ["Tre", "Ett", "Två"]
    assert numbers(ekby_plan) == [1, 2, 3]


@pytest.mark.django_db
def test_an_entry_moves_to_a_place_and_the_others_close_up(ekby_plan: Plan) -> None:
    for text in "ABCDE":
        Message.objects.create(plan=ekby_plan, text=text)

    def order() -> str:
        return "".join(ekby_plan.messages.values_list("text", flat=True))

    d = ekby_plan.messages.get(text="D")
    d.move_to(2)
    assert order() == "ADBCE" and d.position == 2
    d.move_to(99)  # past the end: last
    assert order() == "ABCED" and d.position == 5
    d.move_to(0)  # before the start: first
    assert order() == "DABCE"
    assert numbers(ekby_plan) == one_to(5)


@pytest.mark.django_db
def test_a_move_is_told_to_the_listeners_with_both_places(ekby_plan: Plan) -> None:
    heard: list[tuple[str, int, int]] = []

    def listen(sender: Any, entry: Any, old_position: int, new_position: int, **_: Any) -> None:
        heard.append((str(entry), old_position, new_position))

    assert plan_signals.entry_moved is entry_moved  # plans' listeners hear the core signal
    entry_moved.connect(listen)
    try:
        meeting = make_meeting(make_forum(ekby_plan.organization))
        AgendaItem.objects.create(meeting=meeting, description="Nulägesbild")
        status = AgendaItem.objects.create(meeting=meeting, description="Status")
        status.move(-1)
        tier = ekby_plan.tiers.get(position=3)
        tier.move_to(1)
    finally:
        entry_moved.disconnect(listen)
    assert heard == [("Status", 2, 1), (tier.name, 3, 1)]


@pytest.mark.django_db
def test_a_reorder_must_name_every_entry_once(ekby_plan: Plan) -> None:
    meeting = make_meeting(make_forum(ekby_plan.organization))
    items = [AgendaItem.objects.create(meeting=meeting, description=d) for d in "ABC"]
    ids = [item.pk for item in items]
    with pytest.raises(ValueError):
        AgendaItem.reorder(meeting.pk, ids[:2])
    AgendaItem.reorder(meeting.pk, ids[::-1])
    assert list(meeting.items.values_list("description", "position")) == [
        ("C", 1),
        ("B", 2),
        ("A", 3),
    ]


@concurrent  # autocommit, as outside any request
def test_positions_change_only_inside_a_transaction(ekby_plan: Plan) -> None:
    with pytest.raises(transaction.TransactionManagementError):
        Message.next_position(ekby_plan.pk)
    with transaction.atomic():
        assert Message.next_position(ekby_plan.pk) == 1


@pytest.mark.django_db
def test_the_repair_numbers_each_plans_entries_1_to_n_in_their_order(ekby_plan: Plan) -> None:
    other = make_plan(ekby_plan.organization, name="Skolskjuts")
    # As concurrent adds left them before the lock: repeats and gaps (possible on PostgreSQL
    # too, the constraint waits for the commit and this test's transaction never commits).
    for plan, places in ((ekby_plan, [1, 6, 6, 6, 9, 11, 11]), (other, [2, 2])):
        Message.objects.bulk_create(
            Message(plan=plan, position=p, text=f"Budskap {n}") for n, p in enumerate(places)
        )
    assert renumber_positions(Message, "plan") == 7
    assert list(ekby_plan.messages.values_list("text", "position")) == [
        (f"Budskap {n}", n + 1) for n in range(7)
    ]
    assert numbers(other) == [1, 2]
    assert renumber_positions(Message, "plan") == 0


@postgres_only
@pytest.mark.django_db
def test_the_database_refuses_two_messages_with_one_number(ekby_plan: Plan) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.create(plan=ekby_plan, text="Ett", position=1)
        Message.objects.create(plan=ekby_plan, text="Också ett", position=1)
        connection.check_constraints()  # what the commit would do


@isolate_apps("komplan.plans")
def test_an_ordered_model_without_the_unique_constraint_fails_the_checks() -> None:
    class Roadmap(models.Model):  # noqa: DJ008
        class Meta:
            app_label = "plans"

    class Milestone(Positioned):
        order_parent = "roadmap"
        roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE)

        class Meta(Positioned.Meta):
            app_label = "plans"

    assert [error.id for error in Milestone.check()] == ["komplan.E001"]
    assert "komplan.E001" not in [error.id for error in Message.check()]


# --- many writers at once ---------------------------------------------------------------------


@postgres_only
@concurrent
def test_ten_people_adding_messages_at_once_get_the_numbers_1_to_10(ekby_plan: Plan) -> None:
    errors = at_once(
        lambda n: Message.objects.create(plan_id=ekby_plan.pk, text=f"Budskap {n}"), range(10)
    )
    assert errors == []
    assert numbers(ekby_plan) == one_to(10)


@postgres_only
@concurrent
def test_ten_people_moving_activities_at_once_keep_the_places_1_to_n(ekby_plan: Plan) -> None:
    for n in range(12):
        Activity.objects.create(plan=ekby_plan, title=f"Aktivitet {n + 1}")
    ids = list(ekby_plan.activities.values_list("pk", flat=True))

    def shuffle(seed: int) -> None:
        rng = random.Random(seed)
        for _ in range(8):
            activity = Activity.objects.get(pk=rng.choice(ids))
            if rng.random() < 0.7:
                activity.move(rng.choice((-1, 1)))
            else:
                activity.move_to(rng.randint(1, len(ids)))

    assert at_once(shuffle, range(10)) == []
    assert positions(Activity, plan=ekby_plan) == one_to(12)


@postgres_only
@concurrent
def test_deletes_and_adds_at_once_leave_the_numbers_1_to_n(ekby_plan: Plan) -> None:
    for n in range(15):
        Message.objects.create(plan=ekby_plan, text=f"Budskap {n + 1}")
    doomed = list(ekby_plan.messages.values_list("pk", flat=True)[::3])  # 5 of them

    def work(job: tuple[str, int]) -> None:
        action, value = job
        if action == "delete":
            Message.objects.get(pk=value).delete()
        else:
            Message.objects.create(plan_id=ekby_plan.pk, text=f"Nytt budskap {value}")

    jobs = [("delete", pk) for pk in doomed] + [("add", n) for n in range(5)]
    assert at_once(work, jobs) == []
    assert numbers(ekby_plan) == one_to(15)
    assert not Message.objects.filter(pk__in=doomed).exists()


@postgres_only
@concurrent
def test_ten_people_adding_agenda_items_at_once_get_the_places_1_to_10(ekby_plan: Plan) -> None:
    meeting = make_meeting(make_forum(ekby_plan.organization))
    errors = at_once(
        lambda n: AgendaItem.objects.create(meeting_id=meeting.pk, description=f"Punkt {n}"),
        range(10),
    )
    assert errors == []
    assert positions(AgendaItem, meeting=meeting) == one_to(10)


@postgres_only
@concurrent
def test_an_import_and_people_adding_at_once_leave_the_numbers_1_to_n(ekby_plan: Plan) -> None:
    from komplan.imports.importers.commit import import_commit
    from komplan.imports.importers.draft import ImportDraft, MessageDraft

    draft = ImportDraft(
        kind="docx", messages=[MessageDraft(text=f"Importerat budskap {n}") for n in range(20)]
    )

    def work(job: int) -> None:
        if job == 0:
            plan = Plan.objects.select_related("organization").get(pk=ekby_plan.pk)
            import_commit(draft=draft, organization=plan.organization, plan=plan)
        else:
            Message.objects.create(plan_id=ekby_plan.pk, text=f"Budskap {job}")

    assert at_once(work, range(6)) == []
    assert numbers(ekby_plan) == one_to(25)


@postgres_only
@concurrent
def test_default_tiers_and_new_tiers_added_at_once_keep_the_places_1_to_n(
    ekby_plan: Plan,
) -> None:
    def work(job: int) -> None:
        if job % 2:
            Plan.objects.get(pk=ekby_plan.pk).create_default_tiers()
        else:
            PriorityTier.objects.create(plan_id=ekby_plan.pk, name=f"Nivå {job}")

    assert at_once(work, range(8)) == []
    assert positions(PriorityTier, plan=ekby_plan) == one_to(3 + 4 * 3 + 4)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite variant of the tests above")
@concurrent
def test_on_an_sqlite_file_messages_added_at_once_never_share_a_number(
    ekby_plan: Plan, tmp_path: Path
) -> None:
    # The suite's SQLite database lives in memory, where threads lock each other out unlike
    # a deployment's file: copy it to a file and let ten threads of another process add there.
    database = tmp_path / "komplan.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(database)])
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    command = ["-m", "tests.core.sqlite_writers", str(database), str(ekby_plan.pk), "10"]
    run = subprocess.run(
        [sys.executable, *command], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout.splitlines()[-1])
    # SQLite runs one writer at a time. A writer may still be told that the database is busy
    # (not when transactions begin IMMEDIATE and wait their turn), but never take a number twice.
    if result["options"].get("transaction_mode") == "IMMEDIATE":
        assert result["errors"] == []
    assert all("database is locked" in error for error in result["errors"]), result["errors"]
    assert result["numbers"] == one_to(10 - len(result["errors"]))


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["move", "move_to", "reorder"])
def test_a_move_changes_the_stamp_kept_documents_and_coverage_are_keyed_on(
    ekby_plan: Plan, how: str
) -> None:
    # Reported: moves write positions with update(), which left `updated_at` and so the plan's
    # content stamp as they were; a kept Word or PDF file went on listing the old order.
    from komplan.exports.documents import document_stamp

    for text in "ABC":
        Message.objects.create(plan=ekby_plan, text=text)
    before = (ekby_plan.content_stamp(conveyed=True), document_stamp(ekby_plan))
    c = ekby_plan.messages.get(text="C")
    if how == "move":
        c.move(-1)
    elif how == "move_to":
        c.move_to(1)
    else:
        Message.reorder(
            ekby_plan.pk,
            list(ekby_plan.messages.order_by("-position").values_list("pk", flat=True)),
        )
    after = (ekby_plan.content_stamp(conveyed=True), document_stamp(ekby_plan))
    assert after[0] != before[0]
    assert after[1] != before[1]
