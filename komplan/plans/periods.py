"""Read the free-text time of a plan activity as a period of dates.

Users write times the way they speak ("Våren 2018", "Höst 2018 – pågående", "uge 34",
"Prel. Mars 2019 (när avtal är på plats)"). This module reads Swedish, Danish, Norwegian bokmål
and English, never raises on any text and never rewrites it: what it cannot read gives a period
without dates and a reason. Pure Python, no Django.

Conventions: end is the last day included; seasons are meteorological unless ``seasons="term"``
(spring 1 Jan – 30 Jun, autumn 1 Aug – 31 Dec); winter YEAR is 1 Dec YEAR-1 to end of Feb YEAR;
beginning/middle/end of a month are days 1–10/11–20/21–last, of a year the tertials; weeks are
ISO weeks; a missing year comes from the plan period, else from the reference date.
"""

from __future__ import annotations

import re
from calendar import isleap
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

__all__ = ["SEASON_SYSTEMS", "Period", "format_period", "parse_period"]

SEASON_SYSTEMS = ("meteorological", "term")
MAX_LENGTH = 150  # longer text is prose, not a time; also bounds the range search below
_NOTHING = "no date expression found"


@dataclass(frozen=True, slots=True)
class Period:
    """A reading of a free-text time: inclusive start/end dates, None where unknown."""

    start: date | None
    end: date | None
    open_ended: bool = False
    preliminary: bool = False
    note: str = ""
    precision: str = ""
    reason: str = ""

    @property
    def understood(self) -> bool:
        """True when the text was read, if only as "ongoing"."""
        return not self.reason


# A part is (kind, year or None, a, b); a and b depend on kind, e.g. month/day for "day".
_Part = tuple[str, int | None, int, int]


class _Context(NamedTuple):
    reference: date | None
    plan_start: date | None
    plan_end: date | None
    term: bool


# --- vocabulary -------------------------------------------------------------------------------


def _lookup(groups: str, shortest: int = 0) -> dict[str, int]:
    """Each word of the i-th "/"-separated group -> i; with ``shortest``, also its prefixes."""
    table = {}
    for index, words in enumerate(groups.split("/")):
        for word in words.split():
            for cut in range(shortest or len(word), len(word) + 1):
                table[word[:cut]] = index
    return table


# Month names of all four languages; any prefix of three letters or more is read as the month.
_MONTHS = _lookup(
    "/januari january januar/februari february februar/mars march marts/april/maj may mai"
    "/juni june/juli july/augusti august/september/oktober october/november/december desember",
    shortest=3,
)
# Season words -> (0 spring .. 3 winter, 1 when the word itself names a school term).
_SEASONS = {
    word: (index % 4, index // 4)
    for word, index in _lookup(
        "vår våren forår foråret spring/sommar sommaren sommer sommeren summer"
        "/höst hösten høst høsten efterår efteråret autumn fall/vinter vintern vinteren winter"
        "/vt vårtermin vårterminen forårssemester forårssemestret vårsemester vårsemesteret/"
        "/ht hösttermin höstterminen efterårssemester efterårssemestret høstsemester høstsemesteret"
    ).items()
}
_SEASONS.update({"spring term": (0, 1), "autumn term": (2, 1), "fall term": (2, 1)})

_ORDINALS = {
    **dict.fromkeys(("första", "förste", "første", "forste", "first"), 1),
    **dict.fromkeys(("andra", "anden", "andet", "andre", "second"), 2),
    **dict.fromkeys(("tredje", "third"), 3),
    **dict.fromkeys(("fjärde", "fjerde", "fourth"), 4),
    **dict.fromkeys(("sista", "sidste", "siste", "last"), -1),
}
_UNIT_KINDS = {"q": "quarter", "k": "quarter", "h": "half", "t": "tertial"}
_UNIT_COUNT = {"quarter": 4, "half": 2, "tertial": 3}
_MONTHS_IN = {"month": 1, "quarter": 3, "tertial": 4, "half": 6, "year": 12}

# --- regular expressions, compiled once -------------------------------------------------------

_DASHES = (("‐", "-"), ("‑", "-"), ("\xad", ""), *((dash, " - ") for dash in "‒–—―−"))
_PAREN = re.compile(r"\(([^()]*)\)")
_CONDITION_WORDS = (
    r"(?<!\w)(?:när|når|hvis|when|if|once|provided|förutsatt|forudsat|forutsatt|"
    r"beroende\s+på|afhængig\s+af|avhengig\s+av|depending\s+on|så\s+snart|så\s+fort|"
    r"as\s+soon\s+as)(?!\w)"
)
_CONDITION = re.compile(_CONDITION_WORDS)  # on casefolded text: IGNORECASE is 3x slower
_CONDITION_ANY_CASE = re.compile(_CONDITION_WORDS, re.IGNORECASE)
_PRELIMINARY = re.compile(
    r"(?<!\w)(?:prel(?:iminärt?|iminært?|iminary|iminarily)?\.?|foreløbigt?|foreløpigt?|"
    r"ca\.?|c:a|cirka|circa|omkring|omkr\.?|kring|around|about|approx(?:imately|\.)?|"
    r"tentative(?:ly)?|tbc|tbd|tba)(?!\w)"
)
_OPEN = re.compile(
    r"(?<!\w)(?:pågående|fortlöpande|löpande|fortløbende|løbende|fortløpende|løpende|"
    r"tills\s+vidare|indtil\s+videre|inntil\s+videre|until\s+further\s+notice|on-?going|"
    r"continuous(?:ly)?|(?:och\s+|og\s+|and\s+)?(?:framåt|fremover|fremad|onwards?))(?!\w)"
)
_DANGLING = re.compile(r"(?:\s*(?:[-,&+.;:!]|\b(?:och|og|and|samt|sedan|then)\b))+$")
_MARKER = re.compile(f"{_PRELIMINARY.pattern}|{_OPEN.pattern}")  # one scan when there are none
_PREFIX = re.compile(
    r"(?:(?P<from>från\s+och\s+med|fra\s+og\s+med|fr\.\s?o\.\s?m\.?|f\.\s?o\.\s?m\.?|från|"
    r"fra|from|since|sedan|siden|starting(?:\s+(?:in|from|on))?|med\s+start(?:\s+i)?)(?!\w)"
    r"|(?P<by>senast|senest|by|no\s+later\s+than|not\s+later\s+than|till\s+och\s+med|"
    r"til\s+og\s+med|t\.\s?o\.\s?m\.?|until|till|til|indtil|inntil|up\s+to)(?=\s)"
    r"|(?P<between>mellan|mellem|mellom|between)(?=\s))\s*"
)
_FILLER = re.compile(
    r"(?:(?:i|under|in|during|inom|at|on|den|hela|hele|heile|whole|the|år|year)\s+)+"
)
_LEAD_WORD = re.compile(r"[^\W\d_]+")
_SEP_STRONG = re.compile(r"\s+(?:-|till?|tills|to|until|through|thru|t\.o\.m\.?|och|og|and|&)\s+")
_SEP_WEAK = re.compile(r"\s*[-/]\s*")  # tried last: these also join dates ("2019-03-15", "15/3")

_Y = r"(?P<y>(?:19|20|21)\d\d)"
_YEAR_TAIL = rf"(?:\s*,?\s*(?:of\s+|i\s+|år\s+)?{_Y}|\s*['’\-]\s?(?P<yy>\d\d))?"
_UNIT_TAIL = rf"(?:\s*(?:,|/|-|of|i|av|af|år)?\s*{_Y}|\s*['’](?P<yy>\d\d))?"
_MONTH = r"(?P<m>[^\W\d_]{3,9})\.?"  # looked up in _MONTHS, so one pattern serves all languages
_ORD = r"(?:\.|:[ae]|st|nd|rd|th)?"
_WEEK = r"(?:vecka|veckan|veckorna|vecko|v|uge|ugen|ugerne|uger|uke|uka|ukene|uker|weeks?|wk|w)\.?"
_UNITS = r"kvartal(?:et)?|quarter|tertial(?:et)?|halvår(?:et)?|half(?:[- ]?year)?|halvdel(?:en)?"
_PART_BEGIN = (
    r"primo|början\s+(?:av|på)|(?:starten|begyndelsen|begynnelsen)\s+(?:af|av|på)|"
    r"(?:start|beginning)\s+of|early|først\s+i|tidigt?\s+i"
)
_PART_MIDDLE = r"medio|mitten\s+(?:av|på)|midten\s+(?:af|av|på)|midt\s+i|middle\s+of|mid-?"
_PART_END = (
    r"ultimo|slutet\s+(?:av|på)|slutningen\s+(?:af|på)|slutten\s+(?:av|på)|sidst\s+i|sent\s+i|"
    r"end\s+of|late"
)
_Patterns = tuple[tuple[re.Pattern[str], str], ...]


def _compile(*patterns: tuple[str, str]) -> _Patterns:
    return tuple((re.compile(pattern), kind) for kind, pattern in patterns)


# Patterns are grouped by how the text starts, so each call tries only a few.
_SEASON = ("season", rf"(?P<s>[^\W\d_]+(?:\s+term)?)(?:\s*,?\s*{_Y}|\s*['’\-]?\s?(?P<yy>\d\d))?")
_STARTS_WITH_DIGIT = _compile(
    ("year", _Y),
    ("day", rf"{_Y}[-/.](?P<m>\d\d?)[-/.](?P<d>\d\d?)"),
    ("month_number", rf"{_Y}-(?P<m>\d\d?)"),
    ("week", rf"{_Y}\s*[-/,]?\s*{_WEEK}\s*(?P<w>\d\d?)"),
    ("unit", rf"{_Y}\s*[-/,]?\s*(?P<u>q|h|t)(?P<n>\d)"),
    ("numeric", rf"(?P<d>\d\d?)[./](?P<m>\d\d?)(?:[./\-\s]\s*{_Y}|[./\-](?P<yy>\d\d))?\.?"),
    ("day_month", rf"(?P<d>\d\d?){_ORD}\s*(?:of\s+)?{_MONTH}{_YEAR_TAIL}"),
    ("unit", rf"(?P<n>\d){_ORD}\s*(?P<u>{_UNITS}){_UNIT_TAIL}"),
    ("num", rf"(?P<n>\d\d?){_ORD}(?:\s*,?\s*{_Y})?"),
)
_STARTS_WITH_MONTH = _compile(
    ("month", rf"{_MONTH}{_YEAR_TAIL}"),
    ("month_day", rf"{_MONTH}\s*(?P<d>\d\d?)(?P<o>st|nd|rd|th|:[ae]|\.)?(?:\s*,?\s*{_Y})?"),
)
_STARTS_WITH_SEASON = _compile(_SEASON)
_STARTS_WITH_WORD = _compile(
    ("week", rf"{_WEEK}\s*(?P<w>\d\d?)(?:\s*(?:,|/|-|of|i|år)?\s*{_Y}|\s*['’](?P<yy>\d\d))?"),
    ("unit", rf"(?P<u>q|h|t|kv|{_UNITS})\.?\s*(?P<n>\d){_UNIT_TAIL}"),
    ("unit", rf"(?P<w>[^\W\d_]+)\s*(?P<u>{_UNITS}){_UNIT_TAIL}"),
    (
        "part",
        rf"(?:(?P<p0>{_PART_BEGIN})|(?P<p1>{_PART_MIDDLE})|(?P<p2>{_PART_END}))\s*"
        rf"(?:{_MONTH}{_YEAR_TAIL}|(?P<yb>(?:19|20|21)\d\d)|året|år|year)",
    ),
)

# --- reading ----------------------------------------------------------------------------------


def parse_period(
    text: str,
    language: str = "sv",
    *,
    reference: date | None = None,
    plan_start: date | None = None,
    plan_end: date | None = None,
    seasons: str = "meteorological",
) -> Period:
    """Read a free-text time; never raises on text, and gives a reason when nothing was read.

    ``language`` settles ambiguous forms ("mars 19" is March 2019 in sv/da/nb, "March 19" is a
    day in en); words of all four languages are read whatever it says.
    """
    if seasons not in SEASON_SYSTEMS:
        raise ValueError(f"seasons must be one of {SEASON_SYSTEMS}, not {seasons!r}")
    language = language[:2].casefold()  # "en-GB" reads as "en"
    s, note = _split_note(text)
    if not s.isascii():
        for dash, replacement in _DASHES:
            if dash in s:
                s = s.replace(dash, replacement)
    s = " ".join(s.split())
    if not s and not note:
        return Period(None, None, reason="empty")
    if len(s) > MAX_LENGTH:
        return Period(None, None, note=note, reason="too long to be a time")
    n_prel = n_open = 0
    if _MARKER.search(s) is not None:
        s, n_prel = _PRELIMINARY.subn(" ", s)
        s, n_open = _OPEN.subn(" ", s)
    preliminary = bool(n_prel) or "?" in s or bool(note and _PRELIMINARY.search(note.casefold()))
    s = " ".join(s.replace("?", " ").split()).strip(" .,;:!-")
    if n_open:
        s = _DANGLING.sub("", s).lstrip(" .,;:!-")
    if not s:
        if n_open:
            return Period(None, None, True, preliminary, note)
        return Period(None, None, note=note, reason=_NOTHING)
    context = _Context(reference, plan_start, plan_end, seasons == "term")
    found = _read(s, language, context)
    if isinstance(found, str):
        return Period(None, None, note=note, reason=found)
    start, end, precision, from_only = found
    # An open end replaces the end of a single part; a written range keeps its own end.
    open_ended = (bool(n_open) or from_only) and precision != "range" and start is not None
    return Period(start, None if open_ended else end, open_ended, preliminary, note, precision)


def _split_note(text: str) -> tuple[str, str]:
    """Casefolded text without its parentheses and trailing condition, and those kept verbatim."""
    notes = []
    if "(" in text:
        notes = [inner.strip() for inner in _PAREN.findall(text)]
        text = _PAREN.sub(" ", text)
    folded = text.casefold()
    if len(folded) == len(text):  # then casefolding kept every character in place
        condition = _CONDITION.search(folded)
    else:
        condition = _CONDITION_ANY_CASE.search(text)
    if condition is not None:
        notes.append(text[condition.start() :].strip().rstrip(".,;:!"))
        folded = text[: condition.start()].casefold()
    return folded, "; ".join(note for note in notes if note)


def _read(
    s: str, language: str, context: _Context
) -> tuple[date | None, date | None, str, bool] | str:
    """Read text as one part or a range: (start, end, precision, from_only) or a reason."""
    mode = ""
    prefix = _PREFIX.match(s)
    if prefix is not None:
        s, mode = s[prefix.end() :], prefix.lastgroup or ""
    part = _part(s, language)
    reason = _NOTHING
    if part is not None and part[0] != "num":
        try:
            start, end = _span(_with_year(part, part[1] or _guess_year(part, context)), context)
        except ValueError:
            reason = "invalid date"  # e.g. 30 February; a range reading may still succeed
        else:
            return (None if mode == "by" else start), end, part[0], mode == "from"
    found = _range(s, language, context)
    if isinstance(found, str):
        return found if reason == _NOTHING else reason
    return found[0], found[1], "range", False


def _part(s: str, language: str) -> _Part | None:
    """Read one side of a range with the first pattern that matches and makes sense."""
    filler = _FILLER.match(s)
    if filler is not None:
        s = s[filler.end() :]
    s = s.strip(" .,;:")
    if s[:1].isdigit():
        patterns = _STARTS_WITH_DIGIT
    else:
        lead = _LEAD_WORD.match(s)
        word = lead.group() if lead is not None else ""
        patterns = (
            _STARTS_WITH_MONTH
            if word in _MONTHS
            else _STARTS_WITH_SEASON
            if word in _SEASONS
            else _STARTS_WITH_WORD
        )
    for pattern, kind in patterns:
        matched = pattern.fullmatch(s)
        if matched is not None:
            part = _build(kind, matched.groupdict(), language)
            if part is not None:
                return part
    return None


def _build(kind: str, g: dict[str, str | None], language: str) -> _Part | None:
    """Turn a pattern's groups into a part, or None when the words are not what they seemed."""
    y, yy = g.get("y") or g.get("yb"), g.get("yy")
    year = int(y) if y else (2000 + int(yy) if yy else None)
    if kind == "year":
        return "year", year, 1, 0
    if kind in ("day", "numeric", "month_number"):
        month, day = int(g["m"] or 0), int(g.get("d") or 0)
        if kind == "numeric" and month > 12 >= day:
            month, day = day, month  # 3/15/2019 can only be month first
        return ("month", year, month, 0) if kind == "month_number" else ("day", year, month, day)
    if kind == "week":
        return "week", year, int(g["w"] or 0), 0
    if kind == "season":
        season = _SEASONS.get(g["s"] or "")
        return None if season is None else ("season", year, *season)
    if kind == "num":
        return "num", year, int(g["n"] or 0), 0
    if kind == "unit":
        unit = _UNIT_KINDS[(g["u"] or "q")[0]]
        n = int(g.get("n") or 0) or _ORDINALS.get(g.get("w") or "", 0)
        return (unit, year, _UNIT_COUNT[unit] if n == -1 else n, 0) if n else None
    month = _MONTHS.get(g.get("m") or "", 0)
    if g.get("m") and not month:
        return None  # "tidigt i vår": a word where a month was expected
    if kind == "part":
        part = 0 if g["p0"] else (1 if g["p1"] else 2)
        return ("part_of_month", year, month, part) if month else ("tertial", year, part + 1, 0)
    if kind == "month":
        return "month", year, month, 0
    digits = g["d"] or ""
    if kind == "month_day" and not (g["o"] or year) and len(digits) == 2 and language != "en":
        return "month", 2000 + int(digits), month, 0  # "mars 19" is how sv/da/nb write March 2019
    return "day", year, month, int(digits)


def _with_year(part: _Part, year: int) -> _Part:
    return part[0], year, part[2], part[3]


def _guess_year(part: _Part, context: _Context) -> int:
    """The first year whose reading of the part starts inside the plan, else the reference's."""
    bounds = [bound for bound in (context.plan_start, context.plan_end) if bound is not None]
    if bounds:
        low, high = context.plan_start or date.min, context.plan_end or date.max
        for year in range(bounds[0].year, bounds[-1].year + 2):  # +2: winter starts in December
            try:
                start = _span(_with_year(part, year), context)[0]
            except ValueError:
                continue
            if low <= start <= high:
                return year
    return (context.reference or date.today()).year


def _span(part: _Part, context: _Context) -> tuple[date, date]:
    """First and last day of a part that has a year; ValueError when it names no real day."""
    kind, year, a, b = part
    if year is None:
        raise ValueError("no year")
    if kind == "day":
        return date(year, a, b), date(year, a, b)
    if kind == "week":
        return date.fromisocalendar(year, a, 1), date.fromisocalendar(year, a, 7)
    if kind == "part_of_month":
        last = 10 * b + 10 if b < 2 else _last_day(year, a)
        return date(year, a, 10 * b + 1), date(year, a, last)
    if kind == "season":
        if a == 3:
            return date(year - 1, 12, 1), date(year, 2, _last_day(year, 2))
        if (b or context.term) and a != 1:
            return _months(year, 1, 6) if a == 0 else _months(year, 8, 12)
        return _months(year, 3 * a + 3, 3 * a + 5)
    size = _MONTHS_IN.get(kind, 0)
    if not size:
        raise ValueError(f"{kind} is not a period")
    first = size * (a - 1) + 1  # the a-th month, quarter, tertial or half; a year is its first
    return _months(year, first, first + size - 1)


def _months(year: int, first: int, last: int) -> tuple[date, date]:
    if not 1 <= first <= last <= 12:
        raise ValueError("no such month")
    return date(year, first, 1), date(year, last, _last_day(year, last))


def _last_day(year: int, month: int) -> int:
    if month == 2:
        return 29 if isleap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _range(s: str, language: str, context: _Context) -> tuple[date, date] | str:
    """Split at the first separator that leaves two readable sides; strong separators first."""
    reason = _NOTHING
    weak = "-" in s or "/" in s
    for separator in (_SEP_STRONG, _SEP_WEAK) if weak else (_SEP_STRONG,):
        for matched in separator.finditer(s):
            left = _part(s[: matched.start()], language)
            if left is None:
                continue
            right = _part(s[matched.end() :], language)
            if right is None:
                continue
            found = _pair(left, right, context)
            if not isinstance(found, str):
                return found
            reason = found
    return reason


def _pair(left: _Part, right: _Part, context: _Context) -> tuple[date, date] | str:
    """Join two sides; a bare number or missing year is lent by the other side."""
    left = _borrow(left, right) if left[0] == "num" else left
    right = _borrow(right, left) if right[0] == "num" else right
    if left[0] == "num" or right[0] == "num":
        return _NOTHING
    try:
        if left[1] is None and right[1] is None:
            left = _with_year(left, _guess_year(left, context))
        if left[1] is None and right[1] is not None:
            left = _with_year(left, right[1])
            if _span(left, context)[0] > _span(right, context)[1]:  # "november – februari 2020"
                left = _with_year(left, right[1] - 1)
        elif right[1] is None and left[1] is not None:
            right = _with_year(right, left[1])
            if _span(right, context)[1] < _span(left, context)[0]:  # "november 2019 – februari"
                right = _with_year(right, left[1] + 1)
        start, end = _span(left, context)[0], _span(right, context)[1]
    except ValueError:
        return "invalid date"
    return (start, end) if start <= end else "range ends before it starts"


def _borrow(num: _Part, other: _Part) -> _Part:
    """Give a bare number ("15" in "15–20 mars") the unit of the other side."""
    kind, year, a, _ = other
    own_year = num[1] if num[1] is not None else year
    if kind == "day":
        return "day", own_year, a, num[2]
    if kind in ("week", "quarter", "half", "tertial"):
        return kind, own_year, num[2], 0
    if kind == "year" and year is not None and num[1] is None:  # "2018-19"
        full = year - year % 100 + num[2]
        return ("year", full, 1, 0) if full > year else num
    return num


# --- writing ----------------------------------------------------------------------------------


class _Words(NamedTuple):
    months: tuple[str, ...]
    day_suffix: str
    since: str
    by: str
    ongoing: str
    preliminary: str


def _words(months: str, *rest: str) -> _Words:
    return _Words(tuple(months.split()), *rest)


# The months as the interface's dates write them (komplan/formats: "15 jan. 2026"), so that a
# period reads like every other date on the page; parse_period reads the abbreviations back.
_WORDS = {
    "sv": _words(
        "jan. feb. mars apr. maj juni juli aug. sep. okt. nov. dec.",
        *("", "från", "senast", "pågående", "preliminärt"),
    ),
    "da": _words(
        "jan. feb. mar. apr. maj jun. jul. aug. sep. okt. nov. dec.",
        *(".", "fra", "senest", "løbende", "foreløbig"),
    ),
    "nb": _words(
        "jan. feb. mar. apr. mai jun. jul. aug. sep. okt. nov. des.",
        *(".", "fra", "senest", "løpende", "foreløpig"),
    ),
    "en": _words(
        "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
        *("", "from", "by", "ongoing", "preliminary"),
    ),
}


def format_period(period: Period, language: str) -> str:
    """Human text for a period that parse_period reads back to the same dates and flags.

    Unread periods give "". Unknown languages fall back to English; "no"/"nn" write bokmål.
    """
    if not period.understood:
        return ""
    code = language.casefold()[:2]
    words = _WORDS.get("nb" if code in ("no", "nn") else code, _WORDS["en"])
    start, end = period.start, period.end
    pieces = []
    if start is not None and end is not None:
        pieces.append(_format_range(start, end, words))
    elif start is not None:
        pieces.append(f"{words.since} {_format_day(start, words)}")
    elif end is not None:
        pieces.append(f"{words.by} {_format_day(end, words)}")
    if period.open_ended:
        pieces.append(words.ongoing)
    if period.preliminary:
        pieces.append(words.preliminary)
    text = ", ".join(pieces)
    note = period.note.replace("(", "").replace(")", "").strip()
    return f"{text} ({note})" if note else text


def _format_range(start: date, end: date, words: _Words) -> str:
    """Write "1 Mar – 31 May 2018": the year, and the month, only where they change."""
    if start == end:
        return _format_day(start, words)
    if start.year != end.year:
        return f"{_format_day(start, words)} – {_format_day(end, words)}"
    if start.month != end.month:
        first = f"{start.day}{words.day_suffix} {words.months[start.month - 1]}"
        return f"{first} – {_format_day(end, words)}"
    return f"{start.day}{words.day_suffix}–{_format_day(end, words)}"


def _format_day(day: date, words: _Words) -> str:
    return f"{day.day}{words.day_suffix} {words.months[day.month - 1]} {day.year}"
