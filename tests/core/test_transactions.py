"""Work that commits with its change: `before_commit` runs inside the transaction, at the end of
the level it was added at, and is dropped with every rollback of it."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, OperationalError, transaction

from komplan.core.transactions import before_commit, is_conflict, level_data, open_levels
from tests.core.races import lose_a_race

# Real commits and rollbacks, not the test's own transaction.
pytestmark = pytest.mark.django_db(transaction=True)


def names() -> list[str]:
    return sorted(Group.objects.values_list("name", flat=True))


def adding(name: str) -> Any:
    return lambda: Group.objects.create(name=name)


def test_a_hook_runs_inside_its_savepoint_just_before_it_is_released() -> None:
    with transaction.atomic():
        with transaction.atomic():
            before_commit(adding("Kommunikatörer"))
            assert names() == []
        assert names() == ["Kommunikatörer"]  # written, not yet committed
        transaction.set_rollback(True)
    assert names() == []  # and gone with the transaction


def test_a_hook_runs_just_before_the_commit() -> None:
    seen: list[bool] = []
    with transaction.atomic():
        before_commit(lambda: seen.append(transaction.get_connection().in_atomic_block))
        before_commit(adding("Styrgruppen"))
        assert seen == []
    assert seen == [False]  # the block is over, its transaction still open
    assert names() == ["Styrgruppen"]


def test_outside_a_transaction_a_hook_runs_at_once() -> None:
    before_commit(adding("Rektorer"))
    assert names() == ["Rektorer"]


def test_a_rolled_back_savepoint_drops_its_hooks() -> None:
    with transaction.atomic():
        before_commit(adding("Handläggare"))
        with pytest.raises(RuntimeError), transaction.atomic():
            before_commit(adding("Kommunstyrelsen"))
            raise RuntimeError
    assert names() == ["Handläggare"]


def test_a_rolled_back_transaction_drops_its_hooks_and_the_next_one_starts_clean() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        before_commit(adding("Kommunstyrelsen"))
        raise RuntimeError
    with transaction.atomic():
        assert open_levels() == []
    assert names() == []


def test_a_hook_that_loses_a_race_fails_the_commit_and_nothing_is_kept() -> None:
    with pytest.raises(OperationalError) as lost, transaction.atomic():
        Group.objects.create(name="Ekonomer")
        before_commit(lose_a_race)
    assert is_conflict(lost.value)
    assert names() == []


def test_a_hook_that_fails_with_any_error_fails_the_commit_and_nothing_is_kept() -> None:
    def failing() -> None:
        raise ValueError("not a database error")

    with pytest.raises(ValueError), transaction.atomic():
        Group.objects.create(name="Ekonomer")
        before_commit(failing)
    assert names() == []
    Group.objects.create(name="Jurister")  # the connection is fine again
    assert names() == ["Jurister"]


def test_a_hook_failing_at_a_savepoint_rolls_back_only_that_savepoint() -> None:
    with transaction.atomic():
        Group.objects.create(name="Ekonomer")
        with pytest.raises(IntegrityError), transaction.atomic():
            Group.objects.create(name="Jurister")
            before_commit(adding("Ekonomer"))  # the name is taken
    assert names() == ["Ekonomer"]


def test_a_hook_failing_with_any_error_at_a_savepoint_undoes_that_savepoint() -> None:
    def failing() -> None:
        Group.objects.create(name="Kommunstyrelsen")
        raise ValueError("not a database error")

    with transaction.atomic():
        Group.objects.create(name="Ekonomer")
        with pytest.raises(ValueError), transaction.atomic():
            Group.objects.create(name="Jurister")
            before_commit(failing)
    assert names() == ["Ekonomer"]


def test_each_level_has_its_own_data_and_a_rollback_empties_it() -> None:
    assert level_data() is None  # autocommit
    with transaction.atomic():
        outer = level_data()
        assert outer is not None
        outer["batch"] = "yttre"
        with pytest.raises(RuntimeError), transaction.atomic():
            inner = level_data()
            assert inner == {}
            inner["batch"] = "inre"
            assert [level.data for level in open_levels()] == [
                {"batch": "yttre"},
                {"batch": "inre"},
            ]
            raise RuntimeError
        assert level_data() is outer
        assert inner == {}


@pytest.mark.parametrize(
    ("error", "retried"),
    [
        (OperationalError("database is locked"), True),
        (OperationalError("database table is locked: plans_message"), True),
        (OperationalError("no such table: plans_message"), False),
        (IntegrityError("UNIQUE constraint failed"), False),
        (ValueError("database is locked"), False),
    ],
)
def test_only_lost_races_are_conflicts(error: BaseException, retried: bool) -> None:
    assert is_conflict(error) is retried


@pytest.mark.parametrize(
    ("sqlstate", "retried"),
    [("40P01", True), ("40001", True), ("55P03", False), ("23505", False)],
)
def test_postgresql_deadlocks_and_serialization_failures_are_conflicts(
    sqlstate: str, retried: bool
) -> None:
    psycopg = pytest.importorskip("psycopg")
    cause = psycopg.errors.lookup(sqlstate)("from PostgreSQL")
    error = OperationalError(str(cause))
    error.__cause__ = cause
    assert is_conflict(error) is retried
