"""The words of activity sheets and plan documents in Swedish, Danish, Norwegian and English.

`find_header(rows)` finds the header row of an activity sheet wherever it is, and
`map_header(cells)` says which activity field each column holds, tolerating typos and the
different words of the four languages ("Tid", "Tidspunkt", "When"). The readers of
statuses, internal/external and priority tiers are here too. Pure Python; never raises on any
text.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from komplan.imports.importers.draft import fold

__all__ = [
    "FIELDS",
    "HeaderMatch",
    "field_for",
    "find_header",
    "guess_language",
    "guess_reach",
    "map_header",
    "read_reach",
    "read_status",
    "read_tier",
]

# The activity fields a column can hold, in the order the preview offers them.
FIELDS = (
    "title",
    "description",
    "groups",
    "messages",
    "time",
    "start_date",
    "end_date",
    "channels",
    "responsible",
    "status",
    "follow_up",
    "budget",
)
# Fields that take one column only; a second column naming them is left out.
SINGLE = {"title", "time", "start_date", "end_date", "status", "budget"}

_HEADERS: dict[str, str] = {
    "title": """aktivitet; aktiviteter; aktivitet insats; insats; insatser; atgard; atgarder;
        vad; vad ska goras; aktivitetens namn; aktivitet beskrivning; handling; opgave;
        hvad; tiltak; hva; aktivitet navn; activity; activities; action; task; what;
        activity name""",
    "description": """syfte och malgrupp; syfte och malgrupper; syfte malgrupp; syfte;
        beskrivning; syfte och mal; formal og malgruppe; formal og malgrupper; formal;
        beskrivelse; purpose and target group; purpose and target groups; purpose;
        description; details; kommentar; kommentarer; anteckning; anteckningar; notering;
        noteringar; ovrigt; bemaerkning; bemaerkninger; note; noter; merknad; merknader;
        comment; comments; notes""",
    "groups": """malgrupp; malgrupper; malgruppe; intressent; intressenter; interessent;
        interessenter; mottagare; till vem; vem; modtager; modtagere; hvem; mottaker;
        mottakere; target group; target groups; audience; audiences; stakeholder;
        stakeholders; who""",
    "messages": """budskap; budskapen; budskab; budskaber; budskapene; budskapsnummer;
        budskap nr; message; messages; key message; key messages""",
    "time": """tid; tidpunkt; tidsplan; tidsperiod; period; nar; datum; vecka; manad;
        deadline; klart senast; tidspunkt; tidsramme; hvornar; dato; uge; maned; nar;
        uke; time; timing; when; date; week; month; due; due date; schedule""",
    "start_date": """startdatum; start; borjar; fran; startdato; fra; start date; starts;
        from; begins""",
    "end_date": """slutdatum; slut; till; slutdato; sluttdato; end date; ends; end; until""",
    "channels": """kanal; kanaler; kanal forum; kanal metod; forum; medium; media; kanal og
        metode; channel; channels; medium channel""",
    "responsible": """ansvarig; ansvariga; ansvar; vem ansvarar; kontaktperson; utfors av;
        ansvarlig; ansvarlige; udfores af; utfores av; responsible; owner; responsibility;
        who is responsible; by whom; contact""",
    "status": """status; klar; klart; gjord; gjort; genomford; utford; fardig; state; done;
        completed; afsluttet; udfort; gjennomfort; utfort; ferdig""",
    "follow_up": """uppfoljning; utvardering; effekt; opfolgning; evaluering; oppfolging;
        follow up; followup; evaluation""",
    "budget": """budget; kostnad; kostnader; kostnad kr; cost; costs; pris; omkostninger;
        budsjett; kostnad sek""",
}
# Never the header of a column: the running number of rows.
_IGNORED = {"nr", "no", "nummer", "number", "id", "lopnummer", "rad", "row", "#"}

MAX_HEADER_SCAN = 50  # rows searched for the header
MAX_HEADER_CELL = 60  # longer cells are prose, not column names
_EXACT, _PREFIX, _FUZZY = 1.0, 0.8, 0.7


def _synonyms() -> dict[str, str]:
    table: dict[str, str] = {}
    for name, words in _HEADERS.items():
        for word in words.split(";"):
            key = fold(word)
            if key:
                table.setdefault(key, name)
    return table


SYNONYMS = _synonyms()
_BY_LENGTH = sorted(SYNONYMS, key=len, reverse=True)


@lru_cache(maxsize=4096)
def field_for(header: str) -> tuple[str, float]:
    """The activity field a column header names and how sure that is (0 to 1)."""
    key = fold(header)
    if not key or len(key) > MAX_HEADER_CELL or key in _IGNORED:
        return "", 0.0
    if key in SYNONYMS:
        return SYNONYMS[key], _EXACT
    # "Ansvarig person", "Tid (månad)", "Kanal/forum": a known word, then more.
    for synonym in _BY_LENGTH:
        if len(synonym) >= 3 and key.startswith(synonym + " "):
            return SYNONYMS[synonym], _PREFIX
    # Typos: "Aktivtet", "Ansvraig".
    if len(key) >= 4:
        close = difflib.get_close_matches(key, SYNONYMS, n=1, cutoff=0.84)
        if close and len(close[0]) >= 4:
            return SYNONYMS[close[0]], _FUZZY
    return "", 0.0


def map_header(cells: Sequence[str]) -> dict[int, str]:
    """Column index -> activity field for a header row; each single-valued field once."""
    mapping: dict[int, str] = {}
    best: dict[str, tuple[float, int]] = {}
    for index, cell in enumerate(cells):
        name, score = field_for(cell or "")
        if not name:
            continue
        if name in SINGLE:
            if name in best and best[name][0] >= score:
                continue
            if name in best:
                del mapping[best[name][1]]
            best[name] = (score, index)
        mapping[index] = name
    return mapping


@dataclass(frozen=True, slots=True)
class HeaderMatch:
    """The header row (index into the rows given) and its columns' fields."""

    row: int
    columns: dict[int, str]
    score: float


def header_score(cells: Sequence[str]) -> float:
    """How much a row looks like an activity header: the sum over distinct fields found."""
    found: dict[str, float] = {}
    for cell in cells:
        name, score = field_for(cell or "")
        if name:
            found[name] = max(found.get(name, 0.0), score)
    if "title" not in found:
        # A header names the activity column; without it, it only counts half.
        return sum(found.values()) / 2
    return sum(found.values())


def find_header(rows: Sequence[Sequence[str]], limit: int = MAX_HEADER_SCAN) -> HeaderMatch | None:
    """The first row that names at least the activity and one more field, else the best row
    naming two fields; None when no row within `limit` looks like a header."""
    best: HeaderMatch | None = None
    for index, cells in enumerate(rows[:limit]):
        score = header_score(cells)
        if score < 1.5:
            continue
        if best is None or score > best.score:
            best = HeaderMatch(index, map_header(cells), score)
    return best


# --- values -----------------------------------------------------------------------------------


def _words(text: str) -> set[str]:
    return {fold(word) for word in text.split(";") if fold(word)}


_STATUS = {
    "done": _words(
        """klar; klart; klara; gjord; gjort; gjorda; genomford; genomfort; genomforda; utford;
        utfort; fardig; fardigt; avslutad; avslutat; avklarad; levererad; fullfoljd; faerdig;
        faerdigt; udfort; gennemfort; afsluttet; afholdt; ferdig; gjennomfort; avsluttet;
        fullfort; levert; done; complete; completed; finished; delivered; closed; x; ja; yes;
        y; ok; 1; true; sant"""
    ),
    "in_progress": _words(
        """pagar; pagaende; paborjad; paborjat; igang; i gang; startad; startat; lopande;
        i arbete; under arbete; fortlopande; igangsat; i gang; startet; under arbejde;
        lobende; pabegynt; under arbeid; lopende; in progress; ongoing; on going; started;
        underway; doing; wip"""
    ),
    "cancelled": _words(
        """installd; installt; installda; struken; strukit; stoppad; avbruten; avbrutet;
        utgar; utgatt; stryks; aflyst; annulleret; droppet; udgar; avlyst; kansellert;
        avbrutt; utgar; cancelled; canceled; dropped; stopped; called off"""
    ),
    "planned": _words(
        """planerad; planerat; planerade; ej paborjad; ej startad; inte paborjad;
        inte startad; ej klar; att gora; kommande; planlagt; planlagd; ikke startet;
        ikke pabegyndt; ikke pabegynt; planned; not started; to do; todo; upcoming; open;
        nej; no; n; 0; false; -"""
    ),
}


_NEGATIONS = {"ej", "inte", "icke", "ikke", "not", "no"}


def read_status(text: str) -> str | None:
    """The status a cell says: done, in_progress, cancelled or planned (also for an empty
    cell); None for a value that says none of these."""
    key = fold(text)
    if not key:
        return "planned" if text.strip() in ("", "-", "–") else _symbol(text)
    if key.split(" ", 1)[0] in _NEGATIONS and key not in _STATUS["cancelled"]:
        return "planned"  # "inte klar", "ikke startet", "not done"
    for status, words in _STATUS.items():
        if key in words:
            return status
    for status, words in _STATUS.items():
        if any(len(w) >= 4 and (key.startswith(w + " ") or key.endswith(" " + w)) for w in words):
            return status
    return None


def _symbol(text: str) -> str | None:
    if any(mark in text for mark in "✓✔☑✅"):
        return "done"
    if any(mark in text for mark in "✗✘☐"):
        return "planned"
    return None


def read_reach(text: str) -> str:
    """Internal, external or "" when the text says neither ("Inter" is internal)."""
    key = fold(text)
    if not key:
        return ""
    if key.startswith(("int", "inn")):  # intern, internal, "Inter", innvendig
        return "internal"
    if key.startswith(("ext", "eks", "utan", "uden", "uten")):
        return "external"
    return ""


# Channels that reach people outside the organisation by their nature: the press, social
# media, the public website, newsletters to residents. Folded word stems, matched at the start
# of any word of the name ("Lokalpressen" has "press" inside, so compounds are matched too).
_EXTERNAL_STEMS = (
    "press", "media", "medie", "sociala medier", "sociale medier", "sosiale medier", "tidning",
    "avis", "newspaper", "radio", "tv", "facebook", "linkedin", "instagram", "twitter",
    "x com", "youtube", "tiktok", "mastodon", "bluesky", "threads", "webbplats", "hemsida",
    "hjemmeside", "nettsted", "nettside", "website", "kommunens webb", "kommunens hemsida",
    "regionens webb", "nyhetsbrev", "nyhedsbrev", "newsletter", "annons", "annonce", "annonse",
    "advert", "debattartikel", "kronik", "insandare", "lasarbrev", "leserinnlegg",
    "laeserbrev", "op ed", "podcast", "podd", "affisch", "plakat", "poster",
    "utskick till hushall", "husstand", "residents", "medborgare", "invanare", "borgere",
    "innbyggere", "allmanhet", "offentlighed",
)  # fmt: skip
_NOT_EXTERNAL = ("radiolog",)  # words that only start like one of the stems
# Words that make a channel internal whatever else it says ("intranätets nyhetsbrev").
_INTERNAL_STEMS = ("intran", "medarbetar", "medarbejder", "medarbeider", "staff", "employee",
                   "personal", "ansatt", "internal", "intern ")  # fmt: skip


def guess_reach(name: str) -> str:
    """ "external" when a channel's name says it reaches the public (press, newspapers,
    Facebook, LinkedIn, Instagram, the website, a newsletter to residents), else ""."""
    key = f" {fold(name)} "
    if any(f" {stem}" in key or stem in key for stem in _INTERNAL_STEMS):
        return ""
    words = [w for w in key.split() if not w.startswith(_NOT_EXTERNAL)]
    for stem in _EXTERNAL_STEMS:
        if " " in stem:
            found = f" {stem}" in key
        elif len(stem) < 4:  # "tv", "x": the whole word only ("tvåspråkig" is not TV)
            found = stem in words
        else:  # anywhere in a word: compounds ("Lokalaviser", "Pressmeddelande")
            found = any(stem in w for w in words)
        if found:
            return "external"
    return ""


# The three usual tiers: a name starting with one of these words is that tier, typos and all
# ("Kärntressent", "Primärntressent", "Sekundärintressent").
_TIER_STEMS = (
    ("core", ("karn", "kaern", "kjern", "kern", "core", "key ", "nyckel", "hoved")),
    ("primary", ("primar", "primaer", "primary", "prim ")),
    ("secondary", ("sekundar", "sekundaer", "secondary", "sekunder", "sek ")),
)
SLOTS = tuple(slot for slot, _ in _TIER_STEMS)


def tier_slot(text: str) -> str:
    """The usual tier a name says (core, primary or secondary), else ""."""
    key = fold(text) + " "
    for slot, stems in _TIER_STEMS:
        if key.startswith(stems):
            return slot
    return ""


def read_tier(text: str, known: Iterable[tuple[str, str]] = ()) -> str:
    """The key of the tier `text` names: one of `known` (key, name) pairs when close enough,
    else the usual tier slot, else ""."""
    key = fold(text)
    if not key:
        return ""
    slot = tier_slot(text)
    if slot:
        return slot
    names = {fold(name): tier_key for tier_key, name in known}
    if key in names:
        return names[key]
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.8)
    return names[close[0]] if close else ""


# --- language ---------------------------------------------------------------------------------

_LANGUAGE_WORDS = {
    "sv": _words(
        """och; att; for; som; med; ar; av; till; ska; det; pa; malgrupp; malgrupper;
        budskap; forstydligande; fortydligande; ansvarig; syfte; bakgrund; beskrivning;
        bakgrundsbeskrivning; uppdragsinformation; planering; tid; hosten; varen; kanaler;
        intressenter; sida; genomford; klar; beställare; bestallare; datum; andrad;
        kommunikationsplan; aktivitet; aktiviteter; inledning; vecka"""
    ),
    "da": _words(
        """og; at; af; til; skal; det; pa; som; med; er; ikke; hvad; budskab; budskaber;
        uddybning; ansvarlig; formal; baggrund; beskrivelse; malgruppe; tidspunkt;
        planlaegning; efterar; foraret; uge; dato; aendret; projektejer; indledning;
        bliver; hvornar; gennemfort; aflyst"""
    ),
    "nb": _words(
        """og; av; til; skal; det; pa; som; med; er; ikke; hva; budskapene; utdyping;
        ansvarlig; formal; bakgrunn; beskrivelse; malgruppe; planlegging; hosten; varen;
        uke; dato; endret; oppdragsgiver; innledning; blir; gjennomfort; avlyst; oppstart;
        kommunikasjonsplan; kommunikasjonsmal"""
    ),
    "en": _words(
        """and; the; to; of; for; with; is; are; will; activity; activities; message;
        messages; clarification; responsible; purpose; background; description; target;
        group; groups; time; channel; channels; planning; autumn; spring; week; date;
        changed; client; introduction; done; cancelled"""
    ),
}
_TOKEN = re.compile(r"\w+")


def guess_language(texts: Iterable[str]) -> str:
    """The language (sv, da, nb or en) of the words in `texts`; "" when they give no clue."""
    scores = dict.fromkeys(_LANGUAGE_WORDS, 0.0)
    seen = 0
    for text in texts:
        if seen > 20_000:
            break
        for raw in _TOKEN.findall(text.casefold()):
            seen += 1
            if raw in ("ä", "ö") or any(c in raw for c in "äö"):
                scores["sv"] += 1
            elif any(c in raw for c in "æø"):
                scores["da"] += 0.5
                scores["nb"] += 0.5
            word = fold(raw)
            for language, words in _LANGUAGE_WORDS.items():
                if word in words:
                    scores[language] += 1
    language, score = max(scores.items(), key=lambda item: item[1])
    return language if score > 0 else ""
