"""The queries every page runs (komplan.core.prepared) answer as the ORM does, and on
PostgreSQL the server prepares them once per connection: it parses and plans them on their
first run only, also after a rolled-back transaction, unless KOMPLAN_DB_PREPARE is off."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, F, QuerySet

from komplan.accounts.models import Membership, User
from komplan.core.prepared import PreparedObjects, PreparedRow
from tests.conftest import login
from tests.factories import fill_everything, make_plan

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements of PostgreSQL"
)

# A query of its own per test, so that none finds another's statement on the connection.
USER_ROW = PreparedRow(
    User, lambda pk: User.objects.filter(pk=pk).values_list("username", "date_joined", "pk")
)
USER_ROW_UNPREPARED = PreparedRow(
    User, lambda pk: User.objects.filter(pk=pk).values_list("date_joined", "username")
)
USER_ROW_AFTER_ROLLBACK = PreparedRow(
    User, lambda pk: User.objects.filter(pk=pk).values_list("pk", "username", "date_joined")
)
MEMBERSHIPS = PreparedObjects(
    Membership,
    lambda user_id: (
        Membership.objects.filter(user_id=user_id)
        .select_related("organization")
        .annotate(others=Count("organization__memberships"), slug_again=F("organization__slug"))
        .order_by("organization__slug")
    ),
)


def as_sent(queryset: QuerySet[Any, Any]) -> str:
    """`queryset`'s SQL as psycopg sends it to be prepared (placeholders $1, $2, …)."""
    sql, params = queryset.query.get_compiler(using=connection.alias).as_sql()
    for n in range(1, len(params) + 1):
        sql = sql.replace("%s", f"${n}", 1)
    return sql.replace("%%", "%")


def prepared(text: str, *, like: bool = False) -> list[tuple[int, int]]:
    """(generic, custom) plan counts of each statement prepared on this connection that is
    `text` (or, `like`, has it)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements "
            f"WHERE statement {'LIKE' if like else '='} %s",
            [f"%{text}%" if like else text],
        )
        return list(cursor.fetchall())


def runs(statements: list[tuple[int, int]]) -> int:
    return sum(generic + custom for generic, custom in statements)


def test_a_prepared_row_answers_as_the_orm(editor: User) -> None:
    orm = User.objects.filter(pk=editor.pk).values_list("username", "date_joined", "pk")[0]
    assert USER_ROW(editor.pk) == orm
    assert USER_ROW(editor.pk) == orm  # run again, prepared
    assert USER_ROW(editor.pk + 1000) is None


def test_prepared_objects_answer_as_the_orm(editor: User, organization: Any) -> None:
    orm = list(
        Membership.objects.filter(user_id=editor.pk)
        .select_related("organization")
        .annotate(others=Count("organization__memberships"), slug_again=F("organization__slug"))
        .order_by("organization__slug")
    )
    for _ in range(2):
        found = MEMBERSHIPS(editor.pk)
        assert found == orm
        assert [(m.organization.name, m.others, m.slug_again) for m in found] == [
            (m.organization.name, m.others, m.slug_again) for m in orm
        ]
        assert found[0].organization == organization
    assert MEMBERSHIPS(editor.pk + 1000) == []


def test_each_prepared_query_counts_as_one_logged_query(
    editor: User, django_assert_num_queries: Any
) -> None:
    USER_ROW(editor.pk)
    with django_assert_num_queries(2) as captured:
        USER_ROW(editor.pk)
        MEMBERSHIPS(editor.pk)
    # Logged with its values, as the ORM's queries are.
    assert f'WHERE "accounts_user"."id" = {editor.pk}' in captured.captured_queries[0]["sql"]
    assert '"accounts_membership"' in captured.captured_queries[1]["sql"]


@postgres_only
def test_postgresql_prepares_the_query_once_and_runs_it_again(editor: User) -> None:
    USER_ROW(editor.pk)
    USER_ROW(editor.pk)
    statements = prepared(
        as_sent(User.objects.filter(pk=0).values_list("username", "date_joined", "pk"))
    )
    assert len(statements) == 1
    assert runs(statements) == 2
    # Django's own statements stay unprepared: psycopg's automatic preparing is still off.
    assert connection.connection.prepare_threshold is None


@postgres_only
def test_the_gate_and_the_stamp_of_a_plan_page_are_prepared(
    editor: User, organization: Any
) -> None:
    plan = make_plan(organization)
    fill_everything(plan, activities=3)
    client = login(editor)
    for _ in range(3):
        assert client.get(f"/plans/{plan.pk}/").status_code == 200
    # The plan with its stamps (the gate's read on the overview) and the memberships.
    assert runs(prepared('FROM "plans_plan"', like=True)) >= 2
    assert runs(prepared('FROM "accounts_membership"', like=True)) >= 2
    assert len(plan.content_stamp()) > 10
    assert runs(prepared("COUNT(", like=True)) >= 1


@postgres_only
def test_off_nothing_is_prepared(editor: User, settings: Any) -> None:
    settings.KOMPLAN_DB_PREPARE = False
    orm = User.objects.filter(pk=editor.pk).values_list("date_joined", "username")[0]
    assert USER_ROW_UNPREPARED(editor.pk) == orm
    assert USER_ROW_UNPREPARED(editor.pk) == orm
    sql = as_sent(User.objects.filter(pk=0).values_list("date_joined", "username"))
    assert prepared(sql) == []


@postgres_only
def test_a_failed_statement_rolled_back_leaves_the_prepared_query_working(editor: User) -> None:
    sql = as_sent(User.objects.filter(pk=0).values_list("pk", "username", "date_joined"))
    expected = (editor.pk, editor.username, editor.date_joined)
    with pytest.raises(DatabaseError), transaction.atomic():
        assert USER_ROW_AFTER_ROLLBACK(editor.pk) == expected  # prepared inside
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 / 0")
    # Prepared in the rolled-back savepoint: PostgreSQL keeps it (or psycopg prepares it
    # again after forgetting it); either way one statement, run again.
    assert USER_ROW_AFTER_ROLLBACK(editor.pk) == expected
    assert USER_ROW_AFTER_ROLLBACK(editor.pk) == expected
    statements = prepared(sql)
    assert len(statements) == 1
    assert runs(statements) >= 2


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_leaves_the_prepared_query_working() -> None:
    user = User.objects.create_user(username="rolled", password=None)
    expected = (user.pk, "rolled", user.date_joined)
    assert connection.get_autocommit()
    assert USER_ROW_AFTER_ROLLBACK(user.pk) == expected  # prepared outside a transaction
    with pytest.raises(DatabaseError), transaction.atomic():
        assert USER_ROW_AFTER_ROLLBACK(user.pk) == expected
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 / 0")
    assert USER_ROW_AFTER_ROLLBACK(user.pk) == expected
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(username="renamed")
        assert USER_ROW_AFTER_ROLLBACK(user.pk) == (user.pk, "renamed", user.date_joined)
        transaction.set_rollback(True)
    assert USER_ROW_AFTER_ROLLBACK(user.pk) == expected
    sql = as_sent(User.objects.filter(pk=0).values_list("pk", "username", "date_joined"))
    assert len(prepared(sql)) == 1


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite variant")
def test_on_sqlite_the_prepared_cursor_is_djangos_own() -> None:
    with connection.prepared_cursor() as cursor, connection.cursor() as plain:  # type: ignore[attr-defined]
        assert type(cursor) is type(plain)
        assert type(cursor.cursor) is type(plain.cursor)
