"""One date style per interface language and 24-hour times everywhere (komplan/formats)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

MIDWINTER = dt.date(2026, 1, 15)
AFTERNOON = dt.datetime(2026, 1, 15, 15, 16, tzinfo=ZoneInfo(settings.TIME_ZONE))

DATES = {
    "sv": "15 jan. 2026",
    "da": "15. jan. 2026",
    "nb": "15. jan. 2026",
    "en": "15 Jan 2026",
}


def render(language: str, source: str, **context: object) -> str:
    with translation.override(language):
        return Template("{% load l10n %}" + source).render(Context(context))


@pytest.mark.parametrize(("language", "expected"), DATES.items())
def test_a_date_reads_the_same_however_a_template_shows_it(language: str, expected: str) -> None:
    shown = render(
        language,
        "{{ day }}|{{ day|date }}|{{ day|date:'SHORT_DATE_FORMAT' }}|{{ day|localize }}",
        day=MIDWINTER,
    )
    assert shown.split("|") == [expected] * 4


@pytest.mark.parametrize(("language", "expected"), DATES.items())
def test_times_are_24_hour_in_every_language(language: str, expected: str) -> None:
    shown = render(
        language,
        "{{ moment|date:'DATETIME_FORMAT' }}|{{ moment|time }}|{{ moment }}",
        moment=AFTERNOON,
    )
    assert shown.split("|") == [f"{expected} 15:16", "15:16", f"{expected} 15:16"]
    assert "p.m." not in shown


@pytest.mark.parametrize(
    ("language", "months"),
    [
        ("sv", "jan. feb. mars apr. maj juni juli aug. sep. okt. nov. dec."),
        ("da", "jan. feb. mar. apr. maj jun. jul. aug. sep. okt. nov. dec."),
        ("nb", "jan. feb. mar. apr. mai jun. jul. aug. sep. okt. nov. des."),
        ("en", "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec"),
    ],
)
def test_the_months_are_abbreviated_as_the_language_does(language: str, months: str) -> None:
    """No "maj." or "mars.": a short month name keeps no full stop it does not need."""
    shown = [
        render(language, "{{ day|date }}", day=dt.date(2026, month, 1)) for month in range(1, 13)
    ]
    assert [date.split(" ")[1] for date in shown] == months.split()


# A hand-made format with a day in it ("j M Y", "Y-m-d") makes a page mix two styles; the
# `datetime` attribute of <time> is for machines and keeps ISO 8601.
HAND_MADE = re.compile(r"""\|date:(["'])([^"']*[jdDl][^"']*)\1""")


def test_templates_show_dates_in_the_languages_style_only() -> None:
    found = []
    for path in Path(settings.BASE_DIR).rglob("templates/**/*.*"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in HAND_MADE.finditer(line):
                named = match.group(2).isupper()
                if named or re.search(r'datetime="[^"]*$', line[: match.start()]):
                    continue
                found.append(f"{path.relative_to(settings.BASE_DIR)}:{number}: {match.group(0)}")
    assert found == []
