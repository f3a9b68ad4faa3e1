"""The period parser: what users write as a time, read in sv, da, nb and en. No database."""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from komplan.plans.periods import SEASON_SYSTEMS, Period, format_period, parse_period

REFERENCE = date(2026, 6, 15)  # a missing year without a plan is 2026
PLAN = {"plan_start": date(2018, 1, 1), "plan_end": date(2019, 12, 31)}
LANGUAGES = ("sv", "da", "nb", "en")


def case(
    text: str,
    start: str | None,
    end: str | None,
    open_ended: bool = False,
    preliminary: bool = False,
    lang: str = "sv",
    plan: bool = False,
) -> Any:
    """One row: ISO strings for the expected inclusive start and end."""
    return pytest.param(
        text,
        lang,
        plan,
        date.fromisoformat(start) if start else None,
        date.fromisoformat(end) if end else None,
        open_ended,
        preliminary,
        id=f"{lang}:{text}",
    )


CASES = [
    # Real-world texts from plans, re-typed.
    case("Våren 2018", "2018-03-01", "2018-05-31"),
    case("Höst 2018 –  pågående", "2018-09-01", None, open_ended=True),
    case("Höst 2018\u00a0–\u2002pågående", "2018-09-01", None, open_ended=True),
    case("Höst - pågående", "2018-09-01", None, open_ended=True, plan=True),
    case("Höst 2018 – pågående", "2018-09-01", None, open_ended=True),
    case("September 2018", "2018-09-01", "2018-09-30"),
    case("Oktober 2018", "2018-10-01", "2018-10-31"),
    case("Januari 2019", "2019-01-01", "2019-01-31"),
    case("Prel. Mars 2019 (när avtal är på plats).", "2019-03-01", "2019-03-31", preliminary=True),
    case("Mars 2019", "2019-03-01", "2019-03-31"),
    case("Mars 2019 – löpande", "2019-03-01", None, open_ended=True),
    case("April 2019", "2019-04-01", "2019-04-30"),
    case("April 2019 - löpande", "2019-04-01", None, open_ended=True),
    # Seasons, meteorological; winter YEAR runs from December of YEAR-1.
    case("våren", "2026-03-01", "2026-05-31"),
    case("sommaren 2019", "2019-06-01", "2019-08-31"),
    case("hösten 2019", "2019-09-01", "2019-11-30"),
    case("vintern 2019", "2018-12-01", "2019-02-28"),
    case("vinter 2020", "2019-12-01", "2020-02-29"),
    case("höst -18", "2018-09-01", "2018-11-30"),
    case("vår '19", "2019-03-01", "2019-05-31"),
    case("vinter", "2018-12-01", "2019-02-28", plan=True),
    case("foråret 2019", "2019-03-01", "2019-05-31", lang="da"),
    case("sommer 2019", "2019-06-01", "2019-08-31", lang="da"),
    case("efteråret 2019", "2019-09-01", "2019-11-30", lang="da"),
    case("vinteren 2019", "2018-12-01", "2019-02-28", lang="da"),
    case("forår", "2026-03-01", "2026-05-31", lang="da"),
    case("høsten 2019", "2019-09-01", "2019-11-30", lang="nb"),
    case("våren 2020", "2020-03-01", "2020-05-31", lang="nb"),
    case("sommeren 2020", "2020-06-01", "2020-08-31", lang="nb"),
    case("høst", "2018-09-01", "2018-11-30", lang="nb", plan=True),
    case("spring 2019", "2019-03-01", "2019-05-31", lang="en"),
    case("Summer 2019", "2019-06-01", "2019-08-31", lang="en"),
    case("autumn 2019", "2019-09-01", "2019-11-30", lang="en"),
    case("fall 2019", "2019-09-01", "2019-11-30", lang="en"),
    case("winter 2021", "2020-12-01", "2021-02-28", lang="en"),
    # Swedish school terms say "term" in the word itself.
    case("VT 2019", "2019-01-01", "2019-06-30"),
    case("HT18", "2018-08-01", "2018-12-31"),
    # Months, full and abbreviated, any case, with or without a dot.
    case("marts 2019", "2019-03-01", "2019-03-31", lang="da"),
    case("March 2019", "2019-03-01", "2019-03-31", lang="en"),
    case("sept. 2018", "2018-09-01", "2018-09-30"),
    case("okt 2019", "2019-10-01", "2019-10-31"),
    case("mai 2020", "2020-05-01", "2020-05-31", lang="nb"),
    case("maj 2020", "2020-05-01", "2020-05-31", lang="da"),
    case("MAJ 2020", "2020-05-01", "2020-05-31"),
    case("Dec 2019", "2019-12-01", "2019-12-31", lang="en"),
    case("desember 2019", "2019-12-01", "2019-12-31", lang="nb"),
    case("februari 2020", "2020-02-01", "2020-02-29"),
    case("mars -19", "2019-03-01", "2019-03-31"),
    case("mars 19", "2019-03-01", "2019-03-31"),
    case("March 19", "2026-03-19", "2026-03-19", lang="en"),
    case("juni", "2018-06-01", "2018-06-30", plan=True),
    case("2019-03", "2019-03-01", "2019-03-31"),
    # ISO weeks, Monday to Sunday.
    case("v. 12", "2026-03-16", "2026-03-22"),
    case("v12 2019", "2019-03-18", "2019-03-24"),
    case("vecka 12 2026", "2026-03-16", "2026-03-22"),
    case("vecka 1 2026", "2025-12-29", "2026-01-04"),
    case("uge 34, 2026", "2026-08-17", "2026-08-23", lang="da"),
    case("uge 34", "2018-08-20", "2018-08-26", lang="da", plan=True),
    case("uke 34", "2026-08-17", "2026-08-23", lang="nb"),
    case("week 12 of 2026", "2026-03-16", "2026-03-22", lang="en"),
    case("w12 2020", "2020-03-16", "2020-03-22", lang="en"),
    case("2026-W12", "2026-03-16", "2026-03-22", lang="en"),
    # Quarters, halves, tertials.
    case("Q3 2026", "2026-07-01", "2026-09-30"),
    case("kvartal 3", "2026-07-01", "2026-09-30"),
    case("3. kvartal 2026", "2026-07-01", "2026-09-30", lang="da"),
    case("kv 3 2026", "2026-07-01", "2026-09-30"),
    case("2nd quarter 2026", "2026-04-01", "2026-06-30", lang="en"),
    case("sista kvartalet 2026", "2026-10-01", "2026-12-31"),
    case("H1 2025", "2025-01-01", "2025-06-30"),
    case("första halvåret 2025", "2025-01-01", "2025-06-30"),
    case("andra halvåret", "2026-07-01", "2026-12-31"),
    case("1. halvår 2025", "2025-01-01", "2025-06-30", lang="da"),
    case("første halvår 2025", "2025-01-01", "2025-06-30", lang="nb"),
    case("second half of 2025", "2025-07-01", "2025-12-31", lang="en"),
    case("T2 2025", "2025-05-01", "2025-08-31"),
    case("tertial 2", "2026-05-01", "2026-08-31"),
    case("3:e tertialet 2025", "2025-09-01", "2025-12-31"),
    # Parts of a month (1–10, 11–20, 21–last) and of a year (tertials).
    case("primo maj 2019", "2019-05-01", "2019-05-10"),
    case("medio maj 2019", "2019-05-11", "2019-05-20"),
    case("ultimo maj 2019", "2019-05-21", "2019-05-31"),
    case("början av mars 2019", "2019-03-01", "2019-03-10"),
    case("i mitten av mars 2019", "2019-03-11", "2019-03-20"),
    case("slutet av mars 2019", "2019-03-21", "2019-03-31"),
    case("i början av 2020", "2020-01-01", "2020-04-30"),
    case("i slutet av 2020", "2020-09-01", "2020-12-31"),
    case("start of March 2019", "2019-03-01", "2019-03-10", lang="en"),
    case("mid-March 2019", "2019-03-11", "2019-03-20", lang="en"),
    case("end of March 2019", "2019-03-21", "2019-03-31", lang="en"),
    case("early March 2019", "2019-03-01", "2019-03-10", lang="en"),
    case("late February 2020", "2020-02-21", "2020-02-29", lang="en"),
    case("starten af marts 2019", "2019-03-01", "2019-03-10", lang="da"),
    case("midten af marts 2019", "2019-03-11", "2019-03-20", lang="da"),
    case("slutningen af marts 2019", "2019-03-21", "2019-03-31", lang="da"),
    case("primo 2020", "2020-01-01", "2020-04-30", lang="da"),
    case("begynnelsen av mars 2019", "2019-03-01", "2019-03-10", lang="nb"),
    case("midten av mars 2019", "2019-03-11", "2019-03-20", lang="nb"),
    case("slutten av april 2019", "2019-04-21", "2019-04-30", lang="nb"),
    case("medio 2020", "2020-05-01", "2020-08-31", lang="da"),
    # Exact days; Nordic order is day/month.
    case("2019-03-15", "2019-03-15", "2019-03-15"),
    case("15 mars 2019", "2019-03-15", "2019-03-15"),
    case("15. marts 2019", "2019-03-15", "2019-03-15", lang="da"),
    case("15/3-2019", "2019-03-15", "2019-03-15"),
    case("15/3 2019", "2019-03-15", "2019-03-15"),
    case("15.3.2019", "2019-03-15", "2019-03-15", lang="nb"),
    case("15.03.2019", "2019-03-15", "2019-03-15", lang="da"),
    case("5/3", "2026-03-05", "2026-03-05"),
    case("March 15, 2019", "2019-03-15", "2019-03-15", lang="en"),
    case("15 March 2019", "2019-03-15", "2019-03-15", lang="en"),
    case("den 15 mars", "2026-03-15", "2026-03-15"),
    case("den 1. april 2019", "2019-04-01", "2019-04-01", lang="da"),
    case("3/15/2019", "2019-03-15", "2019-03-15", lang="en"),
    # A bare year.
    case("2019", "2019-01-01", "2019-12-31"),
    case("år 2019", "2019-01-01", "2019-12-31"),
    # Ranges: start of the first part to end of the last; the year may be only on the right.
    case("mars – maj 2019", "2019-03-01", "2019-05-31"),
    case("mars—maj 2019", "2019-03-01", "2019-05-31"),
    case("mars-maj 2019", "2019-03-01", "2019-05-31"),
    case("2019-03-15 – 2019-04-15", "2019-03-15", "2019-04-15"),
    case("2019-03-15-2019-04-15", "2019-03-15", "2019-04-15"),
    case("från mars till maj 2019", "2019-03-01", "2019-05-31"),
    case("fra marts til maj 2019", "2019-03-01", "2019-05-31", lang="da"),
    case("fra mars til mai 2019", "2019-03-01", "2019-05-31", lang="nb"),
    case("from March to May 2019", "2019-03-01", "2019-05-31", lang="en"),
    case("March to May 2019", "2019-03-01", "2019-05-31", lang="en"),
    case("mars till maj 2019", "2019-03-01", "2019-05-31"),
    case("mellan mars och maj 2019", "2019-03-01", "2019-05-31"),
    case("15–20 mars 2019", "2019-03-15", "2019-03-20"),
    case("1.–15. marts 2019", "2019-03-01", "2019-03-15", lang="da"),
    case("november – februari 2020", "2019-11-01", "2020-02-29"),
    case("november 2019 – februari", "2019-11-01", "2020-02-29"),
    case("2018–2019", "2018-01-01", "2019-12-31"),
    case("2018-19", "2018-01-01", "2019-12-31"),
    case("Q1–Q2 2026", "2026-01-01", "2026-06-30"),
    case("vecka 12–14 2026", "2026-03-16", "2026-04-05"),
    case("hösten 2018 – våren 2019", "2018-09-01", "2019-05-31"),
    case("uge 10 - uge 12", "2026-03-02", "2026-03-22", lang="da"),
    case("höst 2018 - vinter", "2018-09-01", "2019-02-28"),
    case("mars/april 2019", "2019-03-01", "2019-04-30"),
    case("v 12/13", "2026-03-16", "2026-03-29"),
    case("15/3 - 20/3 2019", "2019-03-15", "2019-03-20"),
    # Open ends.
    case("löpande", None, None, open_ended=True),
    case("pågående", None, None, open_ended=True),
    case("tills vidare", None, None, open_ended=True),
    case("løbende", None, None, open_ended=True, lang="da"),
    case("fortløbende", None, None, open_ended=True, lang="da"),
    case("løpende", None, None, open_ended=True, lang="nb"),
    case("ongoing", None, None, open_ended=True, lang="en"),
    case("Continuously", None, None, open_ended=True, lang="en"),
    case("Mars 2019 och löpande", "2019-03-01", None, open_ended=True),
    case("from March 2019, ongoing", "2019-03-01", None, open_ended=True, lang="en"),
    case("fra uge 34 og fremover", "2026-08-17", None, open_ended=True, lang="da"),
    case("fr.o.m. september 2019", "2019-09-01", None, open_ended=True),
    case("vinter - pågående", "2018-12-01", None, open_ended=True, plan=True),
    # Preliminary markers anywhere.
    case("prel. v. 12 2026", "2026-03-16", "2026-03-22", preliminary=True),
    case("preliminärt mars 2019", "2019-03-01", "2019-03-31", preliminary=True),
    case("ca. april 2019", "2019-04-01", "2019-04-30", preliminary=True),
    case("cirka 15 mars 2019", "2019-03-15", "2019-03-15", preliminary=True),
    case("omkring uge 34 2026", "2026-08-17", "2026-08-23", preliminary=True, lang="da"),
    case("foreløbig marts 2019", "2019-03-01", "2019-03-31", preliminary=True, lang="da"),
    case("foreløpig mars 2019", "2019-03-01", "2019-03-31", preliminary=True, lang="nb"),
    case("preliminary Q3 2026", "2026-07-01", "2026-09-30", preliminary=True, lang="en"),
    case("tentative: May 2019", "2019-05-01", "2019-05-31", preliminary=True, lang="en"),
    case("TBC March 2019", "2019-03-01", "2019-03-31", preliminary=True, lang="en"),
    case("March 2019 (tbc)", "2019-03-01", "2019-03-31", preliminary=True, lang="en"),
    case("mars 2019?", "2019-03-01", "2019-03-31", preliminary=True),
    case("Prel. Höst 2019 – pågående", "2019-09-01", None, open_ended=True, preliminary=True),
    # Only an end.
    case("senast mars 2019", None, "2019-03-31"),
    case("by 15 March 2019", None, "2019-03-15", lang="en"),
    # Unreadable: no dates, and a reason.
    case("när det passar", None, None),
    case("", None, None),
    case("   ", None, None),
    case("???", None, None),
    case("snart", None, None),
    case("TBC", None, None, lang="en"),
    case("30 februari 2019", None, None),
    case("vecka 53 2025", None, None),
    case("2019-13-01", None, None),
    case("tidigt i vår", None, None),
    case("2019 – 2018", None, None),
    case("15", None, None),
]


@pytest.mark.parametrize(("text", "lang", "plan", "start", "end", "open_ended", "prel"), CASES)
def test_reads(
    text: str,
    lang: str,
    plan: bool,
    start: date | None,
    end: date | None,
    open_ended: bool,
    prel: bool,
) -> None:
    period = parse_period(text, lang, reference=REFERENCE, **(PLAN if plan else {}))
    assert (period.start, period.end) == (start, end)
    assert (period.open_ended, period.preliminary) == (open_ended, prel)
    understood = start is not None or end is not None or open_ended
    assert period.understood is understood
    assert bool(period.reason) is not understood


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 90
    assert {param.values[1] for param in CASES} == set(LANGUAGES)


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("Prel. Mars 2019 (när avtal är på plats).", "när avtal är på plats"),
        ("Mars 2019, när avtal är klart.", "när avtal är klart"),
        ("uge 34 hvis budgettet godkendes", "hvis budgettet godkendes"),
        ("Week 12 (Board Meeting) when approved", "Board Meeting; when approved"),
        ("Mars 2019", ""),
    ],
)
def test_note_is_kept_verbatim(text: str, note: str) -> None:
    period = parse_period(text, reference=REFERENCE)
    assert period.note == note
    assert period.understood


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("15 mars 2019", "day"),
        ("v. 12", "week"),
        ("mars 2019", "month"),
        ("primo maj", "part_of_month"),
        ("Q3 2026", "quarter"),
        ("H1 2025", "half"),
        ("T2 2025", "tertial"),
        ("i början av 2020", "tertial"),
        ("Våren 2018", "season"),
        ("2019", "year"),
        ("mars – maj 2019", "range"),
        ("Höst 2018 – pågående", "season"),
        ("löpande", ""),
        ("när det passar", ""),
    ],
)
def test_precision(text: str, precision: str) -> None:
    assert parse_period(text, reference=REFERENCE).precision == precision


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("  ", "empty"),
        ("när det passar", "no date expression found"),
        ("???", "no date expression found"),
        ("30 februari 2019", "invalid date"),
        ("2019 – 2018", "range ends before it starts"),
    ],
)
def test_reasons(text: str, reason: str) -> None:
    assert parse_period(text, reference=REFERENCE).reason == reason


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("våren 2019", date(2019, 1, 1), date(2019, 6, 30)),
        ("hösten 2019", date(2019, 8, 1), date(2019, 12, 31)),
        ("spring 2019", date(2019, 1, 1), date(2019, 6, 30)),
        ("sommaren 2019", date(2019, 6, 1), date(2019, 8, 31)),
        ("vintern 2019", date(2018, 12, 1), date(2019, 2, 28)),
    ],
)
def test_term_seasons(text: str, start: date, end: date) -> None:
    period = parse_period(text, seasons="term")
    assert (period.start, period.end) == (start, end)


def test_missing_year_comes_from_the_plan_then_the_reference() -> None:
    plan = {"plan_start": date(2018, 6, 1), "plan_end": date(2019, 5, 31)}
    assert parse_period("januari", reference=REFERENCE, **plan).start == date(2019, 1, 1)
    assert parse_period("hösten", reference=REFERENCE, **plan).start == date(2018, 9, 1)
    assert parse_period("april", reference=REFERENCE, **plan).start == date(2019, 4, 1)
    assert parse_period("augusti", reference=REFERENCE, **plan).start == date(2018, 8, 1)
    assert parse_period("augusti", reference=date(2030, 1, 1)).start == date(2030, 8, 1)
    assert parse_period("v. 12", plan_start=date(2021, 1, 1)).start == date(2021, 3, 22)


def test_language_settles_month_and_number() -> None:
    assert parse_period("maj 20", "sv").start == date(2020, 5, 1)
    assert parse_period("May 20", "en", reference=REFERENCE).start == date(2026, 5, 20)


def test_unknown_season_system_is_a_programming_error() -> None:
    assert SEASON_SYSTEMS == ("meteorological", "term")
    with pytest.raises(ValueError, match="seasons"):
        parse_period("våren 2019", seasons="astronomical")


@pytest.mark.parametrize(
    ("text", "lang", "written"),
    [
        ("Prel. våren 2018", "en", "1 Mar – 31 May 2018, preliminary"),
        ("Prel. våren 2018", "sv", "1 mars – 31 maj 2018, preliminärt"),
        ("Prel. våren 2018", "da", "1. mar. – 31. maj 2018, foreløbig"),
        ("Prel. våren 2018", "nb", "1. mar. – 31. mai 2018, foreløpig"),
        ("Höst 2018 – pågående", "en", "from 1 Sep 2018, ongoing"),
        ("Höst 2018 – pågående", "sv", "från 1 sep. 2018, pågående"),
        ("mars 2019", "en", "1–31 Mar 2019"),
        ("mars 2019", "da", "1.–31. mar. 2019"),
        ("vintern 2019", "sv", "1 dec. 2018 – 28 feb. 2019"),
        ("15 mars 2019", "sv", "15 mars 2019"),
        ("senast mars 2019", "en", "by 31 Mar 2019"),
        ("löpande", "nb", "løpende"),
        ("Mars 2019 (när avtal är på plats)", "sv", "1–31 mars 2019 (när avtal är på plats)"),
        ("när det passar", "sv", ""),
    ],
)
def test_format(text: str, lang: str, written: str) -> None:
    assert format_period(parse_period(text, reference=REFERENCE), lang) == written


# --- properties ---------------------------------------------------------------------------------

TOKEN_TEXT = (
    "mars maj marts mai May March sept. okt v. v12 vecka uge uke week w Q3 H1 T2 kvartal halvåret "
    "första andra 3. 1. 15 20 12 34 53 2019 2020 -18 '19 2018-03-15 15/3 15.3.2019 våren hösten "
    "høst efteråret forår spring autumn winter vinter vt ht primo medio ultimo början av slutet "
    "mitten i start of end mid- early late från till fra til from to mellan och og and – - — "
    "pågående löpande løbende ongoing tills vidare prel. ca cirka foreløbig TBC ? ( ) när hvis , . "
    "senast by den the år"
)
TOKENS = TOKEN_TEXT.split()


@settings(max_examples=300)
@given(st.text(), st.sampled_from(LANGUAGES))
def test_never_raises_and_keeps_order(text: str, lang: str) -> None:
    _check(parse_period(text, lang))


@settings(max_examples=1000)
@given(
    st.lists(st.sampled_from(TOKENS), max_size=8).map(" ".join),
    st.sampled_from(LANGUAGES),
    st.sampled_from(SEASON_SYSTEMS),
    st.booleans(),
)
def test_word_soup_never_raises_and_keeps_order(
    text: str, lang: str, seasons: str, plan: bool
) -> None:
    _check(parse_period(text, lang, reference=REFERENCE, seasons=seasons, **(PLAN if plan else {})))


def _check(period: Period) -> None:
    if period.start is not None and period.end is not None:
        assert period.start <= period.end
    if period.open_ended:
        assert period.end is None
    if not period.understood:
        assert period.start is None and period.end is None and period.reason


def _months(year: int, first: int, last: int) -> tuple[date, date]:
    return date(year, first, 1), date(year, last, monthrange(year, last)[1])


@st.composite
def periods(draw: st.DrawFn) -> Period:
    """Periods as the parser makes them: from months, seasons, quarters, weeks and days."""
    year = draw(st.integers(1901, 2198))
    kind = draw(st.sampled_from(["month", "season", "quarter", "week", "days", "day", "none"]))
    if kind == "month":
        month = draw(st.integers(1, 12))
        start, end = _months(year, month, month)
    elif kind == "season":
        season = draw(st.integers(0, 3))
        if season == 3:
            start, end = date(year - 1, 12, 1), _months(year, 2, 2)[1]
        else:
            start, end = _months(year, 3 * season + 3, 3 * season + 5)
    elif kind == "quarter":
        quarter = draw(st.integers(1, 4))
        start, end = _months(year, 3 * quarter - 2, 3 * quarter)
    elif kind == "week":
        start = date.fromisocalendar(year, draw(st.integers(1, 52)), 1)
        end = start + timedelta(days=6)
    else:
        days = st.dates(date(1900, 1, 1), date(2199, 12, 31))
        start = draw(days)
        end = max(start, draw(days)) if kind == "days" else start
    shape = draw(st.sampled_from(["closed", "closed", "open", "until", "ongoing"]))
    preliminary = draw(st.booleans())
    note = draw(st.sampled_from(["", "när avtal är på plats", "om budget finns", "Board (draft)"]))
    if shape == "open":
        return Period(start, None, True, preliminary, note)
    if shape == "until":
        return Period(None, end, False, preliminary, note)
    if shape == "ongoing":
        return Period(None, None, True, preliminary, note)
    return Period(start, end, False, preliminary, note)


@settings(max_examples=500)
@given(periods(), st.sampled_from(LANGUAGES), st.dates(date(1990, 1, 1), date(2100, 1, 1)))
def test_format_then_parse_round_trips(period: Period, lang: str, reference: date) -> None:
    text = format_period(period, lang)
    again = parse_period(text, lang, reference=reference)
    assert again.understood, (text, again.reason)
    assert (again.start, again.end, again.open_ended, again.preliminary) == (
        period.start,
        period.end,
        period.open_ended,
        period.preliminary,
    ), text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_day_reads_as_the_interface_writes_dates(lang: str) -> None:
    """A period's day reads like every other date on the page (komplan/formats)."""
    from django.utils import formats, translation

    for month in range(1, 13):
        day = date(2026, month, 15)
        with translation.override(lang):
            shown = formats.date_format(day)
        assert format_period(Period(day, day), lang) == shown
