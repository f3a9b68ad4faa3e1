"""A communication goal's target read from its sentence: the value, its unit and the deadline.

"Projektet presenteras på två konferenser" is 2 "konferenser"; "100 unika besökare på
plattformen innan projektet avslutas" is 100 "unika besökare" by the plan's end; "80 % av
kärnintressenterna upplever nytta" is 80 "%"; the same in Danish, Norwegian and English
("to konferencer", "100 unique visitors before the project ends"). Pure: the plan's end
comes in as a date. `read_goal` never raises on text; what it cannot find stays empty.

By hand because no library reads quantities written this way in the Nordic languages (the
quantity parsers on PyPI are English-only and want units of measurement, not "besökare");
dates go through komplan's own reader of free-text times (`plans.periods`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from komplan.plans.periods import parse_period

__all__ = ["GoalTarget", "read_goal"]

MAX_VALUE = Decimal(10) ** 12  # what a goal's target value holds (14 digits, 2 decimals)

# Number words from two upwards: "en"/"ett"/"et"/"one" are articles as often as numbers.
_NUMBER_WORDS: dict[str, dict[str, int]] = {
    "sv": {
        "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8, "nio": 9,
        "tio": 10, "elva": 11, "tolv": 12, "femton": 15, "tjugo": 20, "trettio": 30,
        "fyrtio": 40, "femtio": 50, "hundra": 100, "etthundra": 100, "tusen": 1000,
    },
    "da": {
        "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7, "otte": 8, "ni": 9,
        "ti": 10, "elleve": 11, "tolv": 12, "femten": 15, "tyve": 20, "tredive": 30,
        "fyrre": 40, "halvtreds": 50, "hundrede": 100, "tusind": 1000,
    },
    "nb": {
        "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "sju": 7, "syv": 7, "åtte": 8,
        "ni": 9, "ti": 10, "elleve": 11, "tolv": 12, "femten": 15, "tjue": 20, "tretti": 30,
        "førti": 40, "femti": 50, "hundre": 100, "tusen": 1000,
    },
    "en": {
        "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
        "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
        "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "thousand": 1000,
    },
}  # fmt: skip

# Words that end a unit: prepositions, conjunctions and the like of the four languages.
_STOP = frozenset({
    "på", "av", "i", "till", "inom", "innan", "före", "under", "per", "senast", "som", "vid",
    "efter", "med", "för", "om", "och", "eller", "samt", "från", "hos", "genom", "bland", "af",
    "inden", "før", "senest", "ved", "for", "og", "fra", "blandt", "innen", "til", "etter",
    "of", "on", "in", "to", "by", "before", "within", "during", "that", "who", "which", "with",
    "and", "or", "from", "at", "among", "after", "until", "are", "is", "will", "ska", "skal",
    "vil", "har", "have", "has", "upplever", "oplever", "opplever", "experience",
    "experiences",
})  # fmt: skip
_PERCENT = re.compile(
    r"(?<![\w.,])(\d+(?:[.,]\d+)?)\s*(?:%|procent\b|prosent\b|percent\b|per cent\b)", re.I
)
# 1 000, 1 000 000, 1.000 (Nordic thousands), 2,5 and 2.5 (decimals), 100.
_DIGITS = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:[\u00a0\u202f ]\d{3})+|\d{1,3}(?:\.\d{3})+(?![.,]?\d)|\d+(?:[.,]\d+)?)"
    r"(?![\w%])"
)
_WORD = re.compile(r"[^\W\d_][\w-]*", re.UNICODE)
_MONTH_AFTER = re.compile(
    r"^\s*\.?\s*(?:jan|feb|mar|apr|maj|may|mai|jun|jul|aug|sep|okt|oct|nov|dec|des)", re.I
)

# The plan's end, however it is said.
_PLAN_END = re.compile(
    r"""(?:innan|före|till|vid|fram\s+till|inden|før|ved|frem\s+til|innen|til|before|by|until|at)
        \s+(?:the\s+)?(?:(?:projektet|prosjektet|project|projektets|prosjektets)\s+
        (?:avslutas|slutar|slut|afsluttes|afslutning|avsluttes|avslutning|slutt|ends?|is\s+over|closes?)
        |(?:slutet|utgangen|slutten|enden|end|close)\s+(?:av|af|på|of)\s+(?:the\s+)?(?:projektet|prosjektet|project))""",
    re.I | re.X,
)
# A deadline written as a time: "senast juni 2027" (its end), "innan 2027" (the day before).
_BY = (
    r"senast|till|senest|innen|til|by|until|no\s+later\s+than|inom|under|during"
    r"|i\s+løpet\s+av|i\s+løbet\s+af"
)
_BEFORE = r"innan|före|inden|før|before|prior\s+to"
# A lookahead, so that "till 60 % senast 31 december" still finds "senast …" after "till …".
_DEADLINE = re.compile(
    rf"\b(?:(?P<by>{_BY})|(?P<before>{_BEFORE}))\s+(?=(?P<time>[^,;:()]+))", re.I
)


@dataclass(frozen=True, slots=True)
class GoalTarget:
    """What a goal's sentence says it aims at; None and "" where it does not say."""

    value: Decimal | None = None
    unit: str = ""
    deadline: date | None = None
    deadline_is_plan_end: bool = False


def read_goal(text: str, language: str = "sv", *, plan_end: date | None = None) -> GoalTarget:
    """The target value, unit and deadline of the goal `text` in `language` (sv, da, nb, en;
    digits and "%" in any)."""
    text = " ".join(str(text).split())[:1000]
    language = (language or "")[:2].casefold()
    deadline, rest, is_plan_end = _deadline(text, language, plan_end)
    value, unit = _quantity(rest, language)
    return GoalTarget(value, unit, deadline, is_plan_end and deadline is not None)


def _deadline(text: str, language: str, plan_end: date | None) -> tuple[date | None, str, bool]:
    """The deadline and the text without the words that gave it."""
    found = _PLAN_END.search(text)
    if found is not None:
        return plan_end, text[: found.start()] + text[found.end() :], True
    for match in _DEADLINE.finditer(text):
        words = match.group("time").strip(" .")
        period = parse_period(words, language or "sv", plan_end=plan_end)
        if period.start is None or not any(c.isdigit() for c in words):
            continue  # "innan" without a date ("innan de beslutar"); a year is always written
        day = period.start - timedelta(days=1) if match.group("before") else period.end
        end = match.end() + len(match.group("time"))
        return day or period.start, text[: match.start()] + text[end:], False
    return None, text, False


def _quantity(text: str, language: str) -> tuple[Decimal | None, str]:
    found = _PERCENT.search(text)
    if found is not None:
        return _number(found.group(1), language), "%"
    words = _NUMBER_WORDS.get(language, {})
    candidates: list[tuple[int, int, Decimal]] = []  # (start, end, value)
    for match in _DIGITS.finditer(text):
        number = _number(match.group(1), language)
        if number is None or _is_date(text, match, number):
            continue
        candidates.append((match.start(), match.end(), number))
    for match in _WORD.finditer(text):
        value = words.get(match.group().casefold())
        if value is not None:
            candidates.append((match.start(), match.end(), Decimal(value)))
    for _start, end, number in sorted(candidates, key=lambda c: c[0]):
        unit = _unit(text[end:])
        if unit:
            return number, unit
    return None, ""


def _number(written: str, language: str) -> Decimal | None:
    digits = written.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", digits) and language != "en":
        digits = digits.replace(".", "")  # 1.000 is a thousand in the Nordic languages
    try:
        number = Decimal(digits.replace(",", "."))
    except InvalidOperation:
        return None
    return number if number < MAX_VALUE else None


def _is_date(text: str, match: re.Match[str], number: Decimal) -> bool:
    """A year (2026) or a day of a month ("31 december") is part of a date, not a value."""
    if number == number.to_integral_value() and 1900 <= number <= 2100:
        return True
    return _MONTH_AFTER.match(text[match.end() :]) is not None


def _unit(after: str) -> str:
    """The noun after a number: up to three words, ending at a stop word or punctuation."""
    unit: list[str] = []
    for token in re.split(r"\s+", after.strip()):
        word = _WORD.match(token)
        if word is None or word.group().casefold() in _STOP:
            break
        unit.append(word.group())
        if word.end() < len(token) or len(unit) == 3:
            break  # punctuation right after the word ends the unit
    return " ".join(unit)
