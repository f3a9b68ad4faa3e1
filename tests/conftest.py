from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
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

# The day the tests that read the date stand on (the `today` fixture) in a plain run; a
# Wednesday inside the factories' plans.
DEFAULT_TODAY = dt.date(2026, 10, 14)

# KOMPLAN_TEST_TODAY="2026-12-31 2027-02-28" (spaces or commas between the days) runs each
# test that reads the date once as if on each day, in the one session: the test's ID names
# the day first, e.g. test_x[2027-02-28] or test_y[2027-02-28-monday]. `default` names
# DEFAULT_TODAY. Tests that read no date run once, as in a plain run.
DAYS_VARIABLE = "KOMPLAN_TEST_TODAY"
_DAYS = pytest.StashKey[list[dt.date]]()
_DAYS_MISSING = pytest.StashKey[list[str]]()
_DAY_PROPERTY = "komplan_test_day"


def parse_days(value: str) -> list[dt.date]:
    """The days `value` names, in its order; a usage error naming a word that is no date, or
    a day named twice (a second run on it would only take time)."""
    days: list[dt.date] = []
    for word in value.replace(",", " ").split():
        try:
            day = DEFAULT_TODAY if word == "default" else dt.date.fromisoformat(word)
        except ValueError:
            raise pytest.UsageError(
                f"{DAYS_VARIABLE} must be dates such as 2026-12-31 separated by spaces or "
                f"commas, not {word!r}"
            ) from None
        if day in days:
            raise pytest.UsageError(f"{DAYS_VARIABLE} names {word!r} ({day}) twice")
        days.append(day)
    return days


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
    # The days each date-reading test runs on (every xdist worker reads them too).
    config.stash[_DAYS] = parse_days(os.environ.get(DAYS_VARIABLE, ""))


def pytest_report_header(config: pytest.Config) -> str:
    days = config.stash[_DAYS]
    if not days:
        return f"komplan: date-sensitive tests stand on {DEFAULT_TODAY} ({DAYS_VARIABLE} unset)"
    named = ", ".join(str(day) for day in days)
    return f"komplan: date-sensitive tests run as if on each of {named} ({DAYS_VARIABLE})"


def _reads_the_date(names: list[str], node: pytest.Item) -> bool:
    """A test that asks for `today`, moves the clock itself or is marked `dates` (its module
    stands on `today`)."""
    return (
        "today" in names
        or "time_machine" in names
        or any(node.iter_markers("time_machine"))
        or any(node.iter_markers("dates"))
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    days = metafunc.config.stash[_DAYS]
    if not days or not _reads_the_date(metafunc.fixturenames, metafunc.definition):
        return
    if "_day" not in metafunc.fixturenames:
        metafunc.fixturenames.append("_day")
    metafunc.parametrize("_day", days, ids=[day.isoformat() for day in days], indirect=True)


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
        if names is None or not _reads_the_date(names, item):
            continue
        item.add_marker(pytest.mark.dates)
        first = ["_day"] if "_day" in names else []  # the day of KOMPLAN_TEST_TODAY's run
        if "today" in names or not (
            "time_machine" in names or item.get_closest_marker("time_machine")
        ):
            first.append("today")  # a test that moves the clock itself sets its own day
        # First, so that the plan and the rest of the test's objects are made that day.
        for name in reversed(first):
            if name in names:
                names.remove(name)
            names.insert(0, name)
    # A test that never reaches the database (no `django_db` mark, no database fixture at any
    # depth) behaves the same on SQLite and PostgreSQL: marked, so that .ci/run's second,
    # PostgreSQL pass can leave it out (pytest-django refuses database access without them).
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if not (item.get_closest_marker("django_db") or names & _DATABASE_FIXTURES):
            item.add_marker(pytest.mark.no_database)


@pytest.fixture
def _day(request: pytest.FixtureRequest) -> Iterator[dt.date | None]:
    """The day of KOMPLAN_TEST_TODAY this run of the test stands on (pytest_generate_tests
    gives it), with the clock started at 09:00 that day for the whole test, its fixtures
    included; None in a plain run."""
    day: dt.date | None = getattr(request, "param", None)
    if day is None:
        yield None
        return
    # The report says the day, so that the session can tell that each day had its tests.
    request.node.user_properties.append((_DAY_PROPERTY, day.isoformat()))
    with travel(morning_of(day), tick=True):
        yield day


@pytest.fixture
def time_machine(_day: dt.date | None, time_machine: TimeMachineFixture) -> TimeMachineFixture:
    """time-machine's own fixture, started after the day of the run: a test that moves the
    clock itself moves it from that day, and puts it back there."""
    return time_machine


@pytest.fixture
def today(_day: dt.date | None, time_machine: TimeMachineFixture) -> dt.date:
    """The day the test stands on, with the clock started at 09:00 that day: the day of
    KOMPLAN_TEST_TODAY's run, else DEFAULT_TODAY. Build the test's dates relative to it."""
    day = _day or DEFAULT_TODAY
    time_machine.move_to(morning_of(day), tick=True)
    return day


# The days some date-reading test passed on, in this process (the controller under xdist).
_days_run: set[str] = set()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    # Under xdist the workers' reports reach the controller with their properties.
    if report.when != "call" or not report.passed:
        return
    for name, value in report.user_properties:
        if name == _DAY_PROPERTY:
            _days_run.add(str(value))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # A session asked to run the date-reading tests on several days fails when one of the days
    # had no passing test: a selection or a change that ran none of them would pass unseen.
    config = session.config
    if hasattr(config, "workerinput") or config.option.collectonly or exitstatus != 0:
        return
    missing = [str(day) for day in config.stash[_DAYS] if str(day) not in _days_run]
    if missing:
        config.stash[_DAYS_MISSING] = missing
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    missing = config.stash.get(_DAYS_MISSING, [])
    if missing:
        terminalreporter.write_line(
            f"komplan: no test that reads the date passed as if on {', '.join(missing)} "
            f"({DAYS_VARIABLE}): each day must have run some",
            red=True,
        )


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
