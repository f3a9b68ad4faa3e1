"""Period parser benchmark: free-text activity times read per second.

Run from a clean clone with `python benchmarks/periods.py [seconds]`. It parses a corpus of a few
hundred distinct expressions in sv, da, nb and en over and over, for a few seconds, and prints
expressions per second. `parse_period` has no whole-call cache, so every call does the full work.
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

# The repo root replaces this script's own folder on sys.path, so that nothing in benchmarks/
# can shadow a module imported later.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

from komplan.plans.periods import parse_period  # noqa: E402  (needs the sys.path set above)

TARGET_PER_SECOND = 50_000
REFERENCE = date(2026, 6, 15)
PLAN = (date(2018, 1, 1), date(2019, 12, 31))

MONTHS = {
    "sv": "januari februari mars april maj juni juli augusti september oktober november december",
    "da": "januar februar marts april maj juni juli august september oktober november december",
    "nb": "januar februar mars april mai juni juli august september oktober november desember",
    "en": "January February March April May June July August September October November December",
}
SEASONS = {
    "sv": ("Våren", "Sommaren", "Hösten", "Vintern", "vår", "höst"),
    "da": ("Foråret", "Sommeren", "Efteråret", "Vinteren", "forår", "efterår"),
    "nb": ("Våren", "Sommeren", "Høsten", "Vinteren", "vår", "høst"),
    "en": ("Spring", "Summer", "Autumn", "Winter", "fall", "spring"),
}
WORDS = {  # week, ongoing, preliminary, from, to, beginning-of, end-of, half
    "sv": ("vecka", "pågående", "prel.", "från", "till", "början av", "slutet av", "halvåret"),
    "da": ("uge", "løbende", "foreløbig", "fra", "til", "starten af", "slutningen af", "halvår"),
    "nb": ("uke", "løpende", "foreløpig", "fra", "til", "begynnelsen av", "slutten av", "halvår"),
    "en": ("week", "ongoing", "tentative", "from", "to", "start of", "end of", "half of"),
}
ODD = [
    "när det passar",
    "",
    "???",
    "Höst 2018 –  pågående",
    "Prel. Mars 2019 (när avtal är på plats).",
    "15/3-2019",
    "15.03.2019",
    "2019-03-15 - 2019-04-15",
    "Q3 2026",
    "H1 2025",
    "T2 2025",
    "v. 12",
    "w12",
    "primo maj",
    "ultimo 2020",
    "mid-March 2019",
    "15–20 mars 2019",
    "2018-2019",
    "vt19",
    "ht-18",
    "tills vidare",
    "ca. v. 34 (om budget finns)",
]


def corpus() -> list[tuple[str, str]]:
    """Distinct (text, language) pairs covering every form the parser reads."""
    items: list[tuple[str, str]] = [(text, "sv") for text in ODD]
    for lang, names in MONTHS.items():
        months = names.split()
        week, ongoing, prel, since, to, begin, end, half = WORDS[lang]
        for i, month in enumerate(months):
            year = 2018 + i % 3
            items.append((f"{month} {year}", lang))
            items.append((f"{month[:3]}. {year}", lang))
            items.append((f"{i + 10} {month} {year}", lang))
            items.append((f"{begin} {month}", lang))
            items.append((f"{end} {month} {year}", lang))
            items.append((f"{prel} {month} {year}", lang))
            items.append((f"{month} {year} – {ongoing}", lang))
            items.append((f"{since} {month} {to} {months[(i + 2) % 12]} {year + 1}", lang))
            items.append((f"{week} {i * 4 + 1}", lang))
            items.append((f"{week} {i * 4 + 2}, {year}", lang))
        for season in SEASONS[lang]:
            items.append((f"{season} 2019", lang))
            items.append((f"{season} - {ongoing}", lang))
            items.append((f"{prel} {season} 2020 ({lang})", lang))
        for q in range(1, 5):
            items.append((f"Q{q} 202{q}", lang))
            items.append((f"{q}. kvartal 2026", lang))
        items.append((f"första {half} 2025" if lang == "sv" else f"1. {half} 2025", lang))
        items.append((ongoing, lang))
    return list(dict.fromkeys(items))


def run(seconds: float) -> tuple[float, float]:
    """Parse the corpus repeatedly for about `seconds`; expressions per wall and per CPU second.

    The CPU figure is what this process got done per second it actually ran: on a busy machine
    it stays put while the wall-clock figure drops.
    """
    items = corpus()
    parsed = 0
    wall, cpu = time.perf_counter(), time.process_time()
    deadline = wall + seconds
    while time.perf_counter() < deadline:
        for i, (text, lang) in enumerate(items):
            if i % 2:  # half the calls carry a plan period, as the app's calls do
                parse_period(text, lang, reference=REFERENCE, plan_start=PLAN[0], plan_end=PLAN[1])
            else:
                parse_period(text, lang, reference=REFERENCE)
        parsed += len(items)
    return parsed / (time.perf_counter() - wall), parsed / (time.process_time() - cpu)


def main() -> int:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    items = corpus()
    read = sum(parse_period(t, lang, reference=REFERENCE).understood for t, lang in items)
    print(f"corpus: {len(items)} distinct expressions (sv, da, nb, en), {read} understood")
    run(0.3)  # warm-up
    per_wall, per_cpu = run(seconds)
    ok = per_wall >= TARGET_PER_SECOND
    print(f"parse_period: {per_wall:,.0f} expressions/s over {seconds:.0f} s wall clock")
    print(f"              {per_cpu:,.0f} expressions per CPU second of this process")
    print(f"target {TARGET_PER_SECOND:,}/s (wall clock): {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
