"""Breaking text into lines: greedy, at spaces, a hard break at each newline; a word wider
than the whole line (a URL, hostile text) is broken between characters, as CSS's
`overflow-wrap: anywhere` does, and only such a word."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from komplan.exports.printing.fonts import Face

__all__ = ["Line", "Style", "break_lines", "wrap"]


@dataclass(frozen=True, slots=True)
class Style:
    face: Face
    size: float
    color: tuple[float, float, float] = (0.0, 0.0, 0.0)


@functools.cache
def _normalising() -> tuple[dict[int, str | None], re.Pattern[str]]:
    """The table `normal` translates with, and a pattern finding what it changes: made at the
    first PDF, not at import (the scan of Unicode's planes takes ~20 ms, and every process
    imports this module).

    Whitespace but a newline (a tab from a pasted spreadsheet, an em space) is a space, where a
    line may break; the no-break spaces stay, keeping their words together. Format characters
    (bidirectional overrides, zero-width joiners and spaces, ...; Unicode's category Cf, in
    planes 0, 1 and 14) and soft hyphens are left out: nothing here shapes text or
    hyphenates, and drawn they are thin marks or hyphens."""
    table: dict[int, str | None] = {
        code: " "
        for code in range(0x3001)
        if chr(code).isspace() and chr(code) not in " \n\xa0\u2007\u202f"
    }
    planes = (*range(0x20000), *range(0xE0000, 0xE0080))
    table.update(dict.fromkeys((c for c in planes if unicodedata.category(chr(c)) == "Cf"), None))
    table[0xAD] = None
    return table, re.compile("[" + "".join(re.escape(chr(code)) for code in table) + "]")


def normal(text: str) -> str:
    """`text` as it is laid out: other whitespace made spaces, format characters and soft
    hyphens left out."""
    table, odd = _normalising()
    return text.translate(table) if odd.search(text) else text


# A line's pieces: (text, style), the text of one style with its inner spaces.
Line = list[tuple[str, Style]]


def break_lines(
    runs: Sequence[tuple[str, Style]],
    width: float,
    measured: dict[tuple[Face, str], float] | None = None,
) -> list[tuple[Line, float]]:
    """The lines of `runs` (texts in their styles, one after the other) within `width`
    points, each with its width. Spaces, tabs and other whitespace collapse into one space as
    in HTML, but for the no-break spaces; "\\n" breaks the line. `measured`: widths of whole
    texts by face, a cache the caller keeps for one document (a plan's registers repeat
    their cells' texts)."""
    runs = [(normal(text), style) for text, style in runs]
    if len(runs) == 1:  # one style that fits on one line: most table cells
        text, style = runs[0]
        if "\n" not in text and "  " not in text and text == text.strip():
            face = style.face
            if measured is None:
                wide = face.width(text)
            else:
                found = measured.get((face, text))
                if found is None:
                    found = measured[(face, text)] = face.width(text)
                wide = found
            wide *= style.size / 1000
            if wide <= width + 1e-6:
                return [([(text, style)] if text else [], wide)]
    lines: list[tuple[Line, float]] = []
    line: Line = []
    used = 0.0
    space = False  # a space before the next word
    limit = width + 1e-6
    for text, style in runs:
        scale = style.size / 1000
        face = style.face
        for n, paragraph in enumerate(text.split("\n")):
            if n:
                lines.append((line, used))
                line, used, space = [], 0.0, False
            for i, word in enumerate(paragraph.split(" ")):
                if i:
                    space = True
                if not word:
                    continue
                wide = face.width(word) * scale
                gap = face.width(" ") * scale if space and line else 0.0
                if used + gap + wide <= limit:
                    if line and line[-1][1] is style:
                        line[-1] = (line[-1][0] + (" " if gap else "") + word, style)
                    else:
                        line.append(((" " if gap else "") + word, style))
                    used += gap + wide
                elif wide <= limit:
                    lines.append((line, used))
                    line, used = [(word, style)], wide
                else:
                    if line:
                        lines.append((line, used))
                    for piece, piece_width in _pieces(word, face, scale, limit):
                        lines.append(([(piece, style)], piece_width))
                    line, used = lines.pop()
                space = False
    lines.append((line, used))
    return lines


def _pieces(word: str, face: Face, scale: float, limit: float) -> list[tuple[str, float]]:
    """An overlong word cut into pieces each within `limit` (one glyph at least)."""
    pieces = []
    start, used = 0, 0.0
    for n, char in enumerate(word):
        wide = face.char_width(char) * scale
        if used + wide > limit and n > start:
            pieces.append((word[start:n], used))
            start, used = n, 0.0
        used += wide
    pieces.append((word[start:], used))
    return pieces


def wrap(text: str, style: Style, width: float) -> list[str]:
    """`text` in one style broken into lines within `width` points."""
    return ["".join(piece for piece, _ in line) for line, _ in break_lines([(text, style)], width)]
