"""A time written without a year takes its year from the plan's dates, else from the nearest
row above it that has one; the preview marks each guess and the import writes what it showed;
a new plan made by the import spans the periods read (#15 item 4)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils.translation import override

from komplan.plans.models import Plan
from tests.imports.import_files import HEADER, csv_bytes

pytestmark = pytest.mark.django_db

ROWS_2018 = [
    ["Upphandlingen startar", "Alla", "Våren 2018", "Intranätet", "Kim Lund", ""],
    ["Informationsmöten", "Chefer", "Höst - pågående", "Möte", "Kim Lund", ""],
    ["Nyhetsbrev", "Alla", "v.34", "E-post", "Kim Lund", ""],
    ["Avtal klart", "Alla", "Mars 2019", "Intranätet", "Kim Lund", ""],
    ["Utvärdering", "Styrgruppen", "Prel. maj", "Möte", "Kim Lund", ""],
]


def run(tmp_path: Path, rows: list[list[str]], *args: str) -> str:
    path = tmp_path / "aktivitetsplan-2018.csv"
    path.write_bytes(csv_bytes(rows, header=HEADER))
    out = io.StringIO()
    with override("en"):
        call_command("import", str(path), *args, stdout=out)
    return out.getvalue()


def test_a_year_less_time_takes_the_year_of_the_nearest_dated_row_above(
    organization: Any, editor: Any, tmp_path: Path
) -> None:
    out = run(tmp_path, ROWS_2018, "--org", organization.slug, "--user", "bertil")
    # The rows are rows 4–8 of the file (a title line, an empty line, the header).
    assert (
        "Informationsmöten | Höst - pågående -> from 1 Sep 2018, ongoing (year taken from row 4)"
        in out
    )
    assert "Nyhetsbrev | v.34 -> " in out and "2018 (year taken from row 4)" in out
    assert "Utvärdering | Prel. maj -> 1–31 May 2019, preliminary (year taken from row 7)" in out
    assert (
        "Upphandlingen startar | Våren 2018 -> " in out
        and "(year taken" not in out.split("Upphandlingen startar")[1].split("\n")[0]
    )
    plan = Plan.objects.get()
    by_title = {a.title: a for a in plan.activities.all()}
    assert by_title["Informationsmöten"].starts_on == dt.date(2018, 9, 1)
    assert by_title["Informationsmöten"].open_ended
    assert by_title["Nyhetsbrev"].starts_on == dt.date(2018, 8, 20)  # week 34 of 2018
    assert by_title["Utvärdering"].starts_on == dt.date(2019, 5, 1)
    assert by_title["Utvärdering"].time_text == "Prel. maj"  # kept as written
    # The new plan spans what was read: spring 2018 to May 2019.
    assert (plan.start_date, plan.end_date) == (dt.date(2018, 3, 1), dt.date(2019, 5, 31))


def test_in_a_plan_with_dates_the_year_comes_from_the_plan(
    organization: Any, editor: Any, tmp_path: Path
) -> None:
    plan = Plan.objects.create(
        organization=organization,
        name="Nytt ärendesystem",
        start_date=dt.date(2026, 2, 1),
        end_date=dt.date(2027, 1, 31),
    )
    rows = [["Informationsmöten", "Chefer", "Höst - pågående", "Möte", "Kim Lund", ""]]
    out = run(tmp_path, rows, "--org", organization.slug, "--plan", str(plan.pk), "--user",
              "bertil")  # fmt: skip
    assert "from 1 Sep 2026, ongoing (year taken from the plan's dates)" in out
    activity = plan.activities.get()
    assert activity.starts_on == dt.date(2026, 9, 1) and activity.start_override is None


def test_times_with_their_year_are_not_marked(organization: Any, tmp_path: Path) -> None:
    rows = [[*row[:2], f"Mars {2018 + n}", *row[3:]] for n, row in enumerate(ROWS_2018)]
    out = run(tmp_path, rows, "--org", organization.slug, "--dry-run")
    assert "year taken" not in out


# The same sheet written in Danish, Norwegian and English: a season, a week and a month
# without a year take the year of the dated row above them (#15: every item in four languages).
ROWS_BY_LANGUAGE = {
    "sv": [
        ["Upphandlingen startar", "Alla", "Våren 2018", "Intranätet", "Kim Lund", ""],
        ["Informationsmöten", "Chefer", "Hösten", "Möte", "Kim Lund", ""],
        ["Nyhetsbrev", "Alla", "v.34", "E-post", "Kim Lund", ""],
        ["Utvärdering", "Styrgruppen", "december", "Möte", "Kim Lund", ""],
    ],
    "da": [
        ["Udbuddet starter", "Alle", "Foråret 2018", "Intranettet", "Kim Lund", ""],
        ["Informationsmøder", "Ledere", "Efteråret", "Møde", "Kim Lund", ""],
        ["Nyhedsbrev", "Alle", "uge 34", "E-mail", "Kim Lund", ""],
        ["Evaluering", "Styregruppen", "december", "Møde", "Kim Lund", ""],
    ],
    "nb": [
        ["Anskaffelsen starter", "Alle", "Våren 2018", "Intranettet", "Kim Lund", ""],
        ["Informasjonsmøter", "Ledere", "Høsten", "Møte", "Kim Lund", ""],
        ["Nyhetsbrev", "Alle", "uke 34", "E-post", "Kim Lund", ""],
        ["Evaluering", "Styringsgruppen", "desember", "Møte", "Kim Lund", ""],
    ],
    "en": [
        ["Procurement starts", "Everyone", "Spring 2018", "Intranet", "Kim Lund", ""],
        ["Briefings", "Managers", "Autumn", "Meeting", "Kim Lund", ""],
        ["Newsletter", "Everyone", "week 34", "Email", "Kim Lund", ""],
        ["Evaluation", "Steering group", "December", "Meeting", "Kim Lund", ""],
    ],
}


@pytest.mark.parametrize("language", ["sv", "da", "nb", "en"])
def test_year_less_times_take_the_year_above_in_every_language(
    language: str, organization: Any, editor: Any, tmp_path: Path
) -> None:
    rows = ROWS_BY_LANGUAGE[language]
    out = run(tmp_path, rows, "--org", organization.slug, "--user", "bertil")
    for title in (row[0] for row in rows[1:]):
        line = next(line for line in out.splitlines() if f": {title} | " in line)
        assert "2018 (year taken from row 4)" in line, line
    starts = {a.title: a.starts_on for a in Plan.objects.get().activities.all()}
    assert starts[rows[1][0]] == dt.date(2018, 9, 1)  # autumn
    assert starts[rows[2][0]] == dt.date(2018, 8, 20)  # week 34 of 2018
    assert starts[rows[3][0]] == dt.date(2018, 12, 1)
