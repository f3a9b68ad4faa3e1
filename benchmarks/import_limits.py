"""Import-limits benchmark: how long komplan takes to refuse or read a Word document at the
edge of the import limits (settings.py, "Import limits").

Run from a clean clone with `python benchmarks/import_limits.py [--timeout S]`. Nothing is
written to a database: each file goes through `read_upload`, the safety checks and parsing
that the upload and preview pages do. Every run is stopped after --timeout seconds (60 by
default) and reported as over it, so the script is bounded even on code that is not.

The files are generated in memory, with fictional content:
- the file that started this (a Word document of about 8 MB that unpacks to 95 MB of
  ordinary paragraphs), which must be refused at once;
- a long plan just within the limits: 19,000 paragraphs of background, messages and
  activity descriptions, and a target-group table;
- heavy paragraphs just within the limits: 19,000 paragraphs of 27 formatted runs each,
  close to the 50 MB of XML;
- a big table just within the limits: an activity table of 4,900 rows.
"""

from __future__ import annotations

import argparse
import io
import random
import signal
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks import harness

WORDS = [
    "kommunen",
    "nämnden",
    "budskapet",
    "kanalen",
    "målgruppen",
    "aktiviteten",
    "planen",
    "intranätet",
    "mötet",
    "politikerna",
    "förvaltningen",
    "medborgarna",
    "utbildningen",
    "systemet",
    "tjänsten",
    "projektet",
]
TARGET_S = 10.0


def _words(rnd: random.Random, n: int) -> str:
    return " ".join(rnd.choice(WORDS) for _ in range(n))


def _p(text: str, style: str = "") -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}<w:r><w:t>{text}</w:t></w:r></w:p>"


def docx(body: Iterator[str]) -> bytes:
    """A Word document whose body is the paragraphs and tables `body` yields, streamed into
    the package so that the XML is never held whole."""
    import docx as python_docx

    base = io.BytesIO()
    python_docx.Document().save(base)
    source = zipfile.ZipFile(base)
    main = source.read("word/document.xml").decode()
    head, tail = main.split("<w:body>", 1)
    section = tail[tail.index("<w:sectPr") :]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info.filename, source.read(info.filename))
        with target.open("word/document.xml", "w") as stream:
            stream.write(f"{head}<w:body>".encode())
            pending: list[str] = []
            for piece in body:
                pending.append(piece)
                if len(pending) >= 500:
                    stream.write("".join(pending).encode())
                    pending = []
            stream.write(("".join(pending) + section).encode())
    return out.getvalue()


def the_95_mb_file() -> Iterator[str]:
    rnd = random.Random(95)
    yield _p("2.1 Bakgrund", "Heading2")
    lines = [_p(f"{n}. {_words(rnd, 14)}.") for n in range(2000)]
    for _ in range(270):
        yield from lines


def long_plan(paragraphs: int = 19_000) -> Iterator[str]:
    rnd = random.Random(1)
    yield _p("Digital nämndadministration", "Title")
    yield _p("2.1 Bakgrund", "Heading2")
    for _ in range(paragraphs // 3):
        yield _p(_words(rnd, 30) + ".")
    yield _p("3 Målgrupper", "Heading1")
    rows = [("Namn på målgrupp", "Intern/extern", "Prioritet", "Beskrivning")]
    rows += [(f"Målgrupp {n}", "Intern", "Kärnintressent", _words(rnd, 12)) for n in range(60)]
    cells = "".join(
        "<w:tr>" + "".join(f"<w:tc>{_p(text)}</w:tc>" for text in row) + "</w:tr>" for row in rows
    )
    yield f"<w:tbl>{cells}</w:tbl>"
    yield _p("4 Budskap", "Heading1")
    yield _p("4.1 Kärnintressenter", "Heading2")
    for _ in range(paragraphs // 3):
        yield _p(_words(rnd, 12) + ".", "ListNumber")
    yield _p("6.1 Aktiviteter", "Heading2")
    for n in range(paragraphs // 3 - 300):
        yield _p(f"6.1.{n} Aktivitet {n}", "Heading3") if n % 20 == 0 else _p(_words(rnd, 25))


def heavy_paragraphs(paragraphs: int = 19_000, runs: int = 27) -> Iterator[str]:
    rnd = random.Random(2)
    yield _p("2.1 Bakgrund", "Heading2")
    formats = ["<w:b/>", "<w:i/>", '<w:u w:val="single"/>', ""]
    for _ in range(paragraphs):
        yield (
            "<w:p>"
            + "".join(
                f'<w:r><w:rPr>{formats[n % 4]}</w:rPr><w:t xml:space="preserve">'
                f"{_words(rnd, 3)} </w:t></w:r>"
                for n in range(runs)
            )
            + "</w:p>"
        )


def big_table(rows: int = 4_900) -> Iterator[str]:
    rnd = random.Random(3)
    yield _p("6.2 Aktivitetsplan", "Heading2")
    header = ("Aktivitet", "Syfte och målgrupp", "Tid", "Ansvarig")
    yield "<w:tbl><w:tr>" + "".join(f"<w:tc>{_p(h)}</w:tc>" for h in header) + "</w:tr>"
    for n in range(rows):
        cells = (f"Aktivitet {n}", _words(rnd, 10), "Våren 2026", "Kim Lund")
        yield "<w:tr>" + "".join(f"<w:tc>{_p(c)}</w:tc>" for c in cells) + "</w:tr>"
    yield "</w:tbl>"


class _Timeout(Exception):
    pass


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise _Timeout


def measure(
    make: Callable[[], Iterator[str]], timeout: int
) -> tuple[float, float, str, float, float]:
    """(compressed MB, XML MB, outcome, seconds, CPU seconds) of reading the generated file."""
    from komplan.imports.importers import RefusedFile, read_upload

    data = docx(make())
    xml_mb = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml").file_size / 2**20
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(timeout)
    start, cpu = time.perf_counter(), time.process_time()
    try:
        draft = read_upload(data, "Kommunikationsplan.docx")
        outcome = (
            f"read: {len(draft.groups)} groups, {len(draft.messages)} messages, "
            f"{len(draft.activities)} activities"
        )
    except RefusedFile as refused:
        outcome = f"refused: {str(refused)[:70]}…"
    except _Timeout:
        outcome = f"stopped after {timeout} s"
    finally:
        signal.alarm(0)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return len(data) / 2**20, xml_mb, outcome, seconds, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=int, default=60, help="seconds per file")
    args = parser.parse_args(argv)
    harness.bootstrap(test_client=False)
    from django.utils.translation import activate

    activate("en")
    files = [
        ("the 95 MB file", the_95_mb_file),
        ("long plan", long_plan),
        ("heavy paragraphs", heavy_paragraphs),
        ("big table", big_table),
    ]
    print(f"{'file':<17} {'zip MB':>6} {'XML MB':>6} {'seconds':>8} {'CPU s':>6}  outcome")
    worst = 0.0
    for label, make in files:
        zip_mb, xml_mb, outcome, seconds, cpu = measure(make, args.timeout)
        worst = max(worst, cpu)
        print(
            f"{label:<17} {zip_mb:>6.1f} {xml_mb:>6.1f} {seconds:>8.2f} {cpu:>6.2f}  {outcome}",
            flush=True,
        )
    if machine := harness.describe_machine():
        print(machine)
    print(f"target: every file refused or read in under {TARGET_S:.0f} s of CPU time")
    print("(on a shared machine the seconds include waiting for a core; CPU s do not)")
    return 0 if worst < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
