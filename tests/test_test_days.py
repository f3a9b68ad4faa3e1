"""KOMPLAN_TEST_TODAY (tests/conftest.py): the tests that read the date run once as if on each
day it names, in one pytest session, and a day none of them passed on fails the session."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone
from time_machine import TimeMachineFixture

from tests.conftest import DEFAULT_TODAY, parse_days

REPO = Path(__file__).resolve().parents[1]


def test_days_are_separated_by_spaces_or_commas() -> None:
    assert parse_days(" 2026-12-31, 2027-02-28 ,2028-02-29  default") == [
        dt.date(2026, 12, 31),
        dt.date(2027, 2, 28),
        dt.date(2028, 2, 29),
        DEFAULT_TODAY,
    ]
    assert parse_days("") == []


@pytest.mark.parametrize(
    ("value", "named"),
    [
        ("2026-12-31 2027-02-30", "'2027-02-30'"),
        ("31.12.2026", "'31.12.2026'"),
        ("2026-12-31,2026-12-31", "'2026-12-31'"),
        (f"default {DEFAULT_TODAY}", f"'{DEFAULT_TODAY}'"),
    ],
)
def test_a_wrong_or_repeated_day_is_a_usage_error_naming_it(value: str, named: str) -> None:
    with pytest.raises(pytest.UsageError, match=named):
        parse_days(value)


def test_the_clock_stands_on_the_day_of_the_run(today: dt.date) -> None:
    assert dt.date.today() == today
    assert timezone.localtime().hour == 9  # in komplan's time zone


def test_a_test_moving_the_clock_comes_back_to_the_day_of_the_run(
    _day: dt.date | None, time_machine: TimeMachineFixture
) -> None:
    if _day is not None:  # in a plain run the clock is the real one until the test moves it
        assert dt.date.today() == _day
    time_machine.move_to(dt.datetime(2031, 5, 13, 8, tzinfo=dt.UTC), tick=False)
    assert dt.date.today() == dt.date(2031, 5, 13)


def run_pytest(days: str, *selected: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KOMPLAN_TEST_TODAY": days}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:xdist",
            "-p",
            "no:cacheprovider",
            "-o",
            "addopts=",
            "-v",
        ]
        + [f"tests/test_test_days.py::{name}" for name in selected],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.slow
def test_each_day_runs_the_date_reading_tests_in_one_session() -> None:
    run = run_pytest(
        "2027-02-28, 2028-02-29",
        "test_the_clock_stands_on_the_day_of_the_run",
        "test_a_test_moving_the_clock_comes_back_to_the_day_of_the_run",
        "test_days_are_separated_by_spaces_or_commas",
    )
    assert run.returncode == 0, run.stdout + run.stderr
    for day in ("2027-02-28", "2028-02-29"):
        assert f"test_the_clock_stands_on_the_day_of_the_run[{day}] PASSED" in run.stdout
        assert f"comes_back_to_the_day_of_the_run[{day}] PASSED" in run.stdout
    assert "test_days_are_separated_by_spaces_or_commas PASSED" in run.stdout  # once, as is
    assert "5 passed" in run.stdout


@pytest.mark.slow
def test_a_session_given_days_fails_when_no_date_reading_test_passed() -> None:
    run = run_pytest("2027-02-28", "test_days_are_separated_by_spaces_or_commas")
    assert run.returncode == pytest.ExitCode.TESTS_FAILED, run.stdout + run.stderr
    assert "no test that reads the date passed as if on 2027-02-28" in run.stdout
