from __future__ import annotations

import datetime as dt
import os
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from time_machine import TimeMachineFixture, travel

from komplan.accounts.models import Role
from tests.factories import PASSWORD, fill_everything, make_member, make_organization, make_plan

# The day the tests that read the date stand on (the `today` fixture), unless
# KOMPLAN_TEST_TODAY=YYYY-MM-DD chooses another; a Wednesday inside the factories' plans.
DEFAULT_TODAY = dt.date(2026, 10, 14)


def chosen_today() -> dt.date | None:
    """The day KOMPLAN_TEST_TODAY names, or None when it is unset; a usage error if no date."""
    value = os.environ.get("KOMPLAN_TEST_TODAY", "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise pytest.UsageError(
            f"KOMPLAN_TEST_TODAY must be a date such as 2026-12-31, not {value!r}"
        ) from None


def morning_of(day: dt.date) -> dt.datetime:
    """09:00 in komplan's time zone on `day`: a ticking clock started there keeps the date
    for the length of any run."""
    return dt.datetime.combine(day, dt.time(9), tzinfo=ZoneInfo(settings.TIME_ZONE))


# Hypothesis times each example on the wall clock (a 200 ms deadline, the too-slow health
# check): on a busy machine running two workers that fails tests that are slow, not wrong.
hypothesis_settings.register_profile(
    "komplan", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("komplan")


def pytest_configure(config: pytest.Config) -> None:
    # MD5 makes the suite several times faster; never used outside tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Laying a Word file out with LibreOffice takes seconds: only the rendering tests that
    # check the contents' page numbers turn it on (tests/exports/test_word.py).
    settings.KOMPLAN_LIBREOFFICE = ""
    # Pages name their static files unhashed, so the live server of the browser tests finds
    # them without collectstatic; tests/test_production.py collects and serves the real thing.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # A cache in each test process's memory: the database cache komplan uses without Redis
    # would add queries to the pages' pinned counts (tests/test_shared.py runs the real ones).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Tasks run at once, inside the request that enqueues them; a test that needs a queue
    # sets its own backend.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # The whole session (every xdist worker configures itself too) runs as if on the chosen
    # day, with a ticking clock, so the suite can be run "as if" at a month end or leap day.
    day = chosen_today()
    if day is not None:
        trip = travel(morning_of(day), tick=True)
        trip.start()
        config.add_cleanup(trip.stop)


def pytest_report_header(config: pytest.Config) -> str:
    day = chosen_today()
    if day is None:
        return f"komplan: date-sensitive tests stand on {DEFAULT_TODAY} (KOMPLAN_TEST_TODAY unset)"
    return f"komplan: the session runs as if on {day} (KOMPLAN_TEST_TODAY)"


_DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # A module marked `dates` stands on `today`; a test that asks for `today` or moves the
    # clock itself reads the date, so it belongs to the `dates` runs too.
    for item in items:
        names = getattr(item, "fixturenames", None)  # every fixture the test uses, at any depth
        if names is None:
            continue
        if "today" in names:
            names.remove("today")
        elif "time_machine" in names or item.get_closest_marker("time_machine"):
            item.add_marker(pytest.mark.dates)  # it sets its own day
            continue
        elif not item.get_closest_marker("dates"):
            continue
        # First, so that the plan and the rest of the test's objects are made that day.
        names.insert(0, "today")
        item.add_marker(pytest.mark.dates)
    # A test that never reaches the database (no `django_db` mark, no database fixture at any
    # depth) behaves the same on SQLite and PostgreSQL: marked, so that .ci/run's second,
    # PostgreSQL pass can leave it out (pytest-django refuses database access without them).
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if not (item.get_closest_marker("django_db") or names & _DATABASE_FIXTURES):
            item.add_marker(pytest.mark.no_database)


@pytest.fixture
def today(time_machine: TimeMachineFixture) -> dt.date:
    """The day the test stands on, with the clock started at 09:00 that day: the chosen
    KOMPLAN_TEST_TODAY, else DEFAULT_TODAY. Build the test's dates relative to it."""
    day = chosen_today() or DEFAULT_TODAY
    time_machine.move_to(morning_of(day), tick=True)
    return day


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    # Cached results are keyed by content; a fresh cache keeps tests independent anyway.
    from django.core.cache import cache

    from komplan.plans import overview
    from komplan.plans.coverage_display import forget_recent

    cache.clear()
    forget_recent()  # the coverage pages' in-process memo, keyed by content like the cache
    overview.forget()  # the overview's kept bodies, keyed by content too


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: Any) -> None:
    # Tasks run at once, inside the test, unless a test asks for the database backend and a
    # real worker (tests/core/test_worker.py).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    # Uploads (meeting attachments) go to a throwaway folder, never the working directory.
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture
def organization(db: Any) -> Any:
    return make_organization()


@pytest.fixture
def admin_user(organization: Any) -> Any:
    return make_member(organization, "alice", Role.ADMIN)


@pytest.fixture
def editor(organization: Any) -> Any:
    return make_member(organization, "bertil", Role.EDITOR)


@pytest.fixture
def viewer(organization: Any) -> Any:
    return make_member(organization, "cecilia", Role.VIEWER)


@pytest.fixture
def outsider(db: Any) -> Any:
    other = make_organization("Västby kommun", "vastby")
    return make_member(other, "olle", Role.ADMIN)


@pytest.fixture
def plan(organization: Any) -> Any:
    return make_plan(organization)


@pytest.fixture
def entries(plan: Any) -> dict[str, Any]:
    return fill_everything(plan)


def login(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def admin_client_(admin_user: Any) -> Client:
    return login(admin_user)


@pytest.fixture
def editor_client(editor: Any) -> Client:
    return login(editor)


@pytest.fixture
def viewer_client(viewer: Any) -> Client:
    return login(viewer)


@pytest.fixture
def outsider_client(outsider: Any) -> Client:
    return login(outsider)


@pytest.fixture
def demo_plan(db: Any) -> Any:
    """The demo plan of Norrviks kommun, as `komplan loaddemo` makes it."""
    from komplan.demo.services import demo_organization_create

    return demo_organization_create()
