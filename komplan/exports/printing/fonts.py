"""The faces the plan's PDF is set in, the four of Liberation Sans and, for the characters
they lack, DejaVu Sans upright and bold: metrics for the layout, glyphs for the content
streams, and each face used embedded once per document as a TrueType subset with a ToUnicode
map.

Text is written as two-byte glyph ids (Identity-H) of the whole font; the subset keeps the
glyph ids (the other glyphs are left empty), so a line is encoded once, while it is laid out.
"""

from __future__ import annotations

import functools
import io
import struct
import subprocess
import threading
import zlib
from collections.abc import Iterable, Sequence

import pydyf
from django.core.exceptions import ImproperlyConfigured
from fontTools.ttLib import TTFont
from fontTools.ttLib.sfnt import SFNTWriter

__all__ = ["FACES", "REPLACEMENT", "Face", "FontError", "face", "font_file", "usable_font"]

REPLACEMENT = "\ufffd"  # drawn for a character no face has
WORD_CHARS, WORDS = 64, 200_000  # the longest word and the most words a face's cache keeps

FACES = {
    "regular": "Liberation Sans",
    "bold": "Liberation Sans:bold",
    "italic": "Liberation Sans:italic",
    "bold-italic": "Liberation Sans:bold:italic",
    # For the characters Liberation Sans lacks (Arabic, symbols), as the print stylesheet's
    # font list had it: DejaVu Sans, upright.
    "fallback": "DejaVu Sans",
    "fallback-bold": "DejaVu Sans:bold",
}
FALLBACK = {
    "regular": "fallback",
    "italic": "fallback",
    "bold": "fallback-bold",
    "bold-italic": "fallback-bold",
}


class FontError(ImproperlyConfigured):
    """No font file for a face that this writer can embed."""


def _font_file(pattern: str) -> str:
    """The file of the first font fontconfig matches to `pattern` that is a TrueType font
    (glyf outlines, one font a file): `_subset` embeds no other kind (a .ttc collection, a
    CFF-flavoured .otf)."""
    listed = subprocess.run(
        ["fc-match", "-s", "-f", "%{file}\n", pattern], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    return usable_font(pattern, [path for path in listed[:20] if path])


def usable_font(pattern: str, candidates: Sequence[str]) -> str:
    """The first of `candidates` that is a TrueType font file; FontError naming them if none
    is."""
    for path in candidates:
        if _truetype(path):
            return path
    tried = ", ".join(candidates[:3]) or "none"
    raise FontError(
        f"No TrueType font file (with glyf outlines, not a .ttc collection) for "
        f"{pattern!r} to embed in the plan's PDF; fontconfig offered: {tried}. Install "
        f"Debian's fonts-liberation and fonts-dejavu-core."
    )


def _truetype(path: str) -> bool:
    try:
        font = TTFont(path, lazy=True)
    except Exception:  # a collection (asks for a font number), not a font, unreadable
        return False
    try:
        return font.sfntVersion in ("\x00\x01\x00\x00", "true") and all(
            tag in font.reader for tag in ("glyf", "loca", "hmtx", "cmap", "OS/2", "post")
        )
    finally:
        font.close()


@functools.cache
def font_file(key: str) -> str:
    """The file of the face `key` (of FACES), found once per process."""
    return _font_file(FACES[key])


class Face:
    """One font file: advance widths in thousandths of an em, glyph ids as hex by character."""

    def __init__(self, key: str, path: str) -> None:
        self.key = key
        self.path = path
        font = TTFont(path, lazy=True)
        self.units = font["head"].unitsPerEm
        cmap = font.getBestCmap()
        order = {name: gid for gid, name in enumerate(font.getGlyphOrder())}
        metrics = font["hmtx"].metrics
        scale = 1000 / self.units
        self.advance = {gid: metrics[name][0] * scale for name, gid in order.items()}
        self.widths: dict[str, float] = {}  # character -> width (1/1000 em)
        self.hex: dict[int, str] = {}  # code point -> glyph id as four hex digits
        self.unicode: dict[int, int] = {}  # glyph id -> a code point (ToUnicode)
        for code, name in cmap.items():
            gid = order[name]
            self.widths[chr(code)] = self.advance[gid]
            self.hex[code] = f"{gid:04X}"
            self.unicode.setdefault(gid, code)
        self.missing = self.advance[0]
        self.fallback_key = FALLBACK.get(key)
        self.covered: dict[int, None] = dict.fromkeys(self.hex)  # deletes what it has
        # word -> width, 1/1000 em: a cache, kept by the process, of single words only (no
        # space, at most WORD_CHARS characters), so that it holds no one's sentences.
        self.words: dict[str, float] = {}
        os2, head, post = font["OS/2"], font["head"], font["post"]
        self.ascent = os2.sTypoAscender * scale
        self.descent = os2.sTypoDescender * scale
        self.cap_height = getattr(os2, "sCapHeight", os2.sTypoAscender) * scale
        self.bbox = [round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)]
        self.italic_angle = float(post.italicAngle)
        self.name = font["name"].getDebugName(6) or "LiberationSans"
        font.close()

    def width(self, text: str) -> float:
        """`text`'s advance in thousandths of an em (no kerning)."""
        found = self.words.get(text)
        if found is None:
            widths = self.widths
            try:
                found = sum(map(widths.__getitem__, text))
            except KeyError:
                found = sum(map(self.char_width, text))
            if len(text) <= WORD_CHARS and " " not in text:
                if len(self.words) >= WORDS:  # full: begun anew, not frozen
                    self.words.clear()
                self.words[text] = found
        return found

    @functools.cached_property
    def fallback(self) -> Face | None:
        """The face for the characters this one lacks, read when one is first met."""
        return face(self.fallback_key) if self.fallback_key else None

    @functools.cached_property
    def replacement(self) -> Face:
        """The face that draws U+FFFD, "\ufffd", for a character neither this face nor its
        fallback has (DejaVu Sans; a .notdef box only if no face has it)."""
        for candidate in (self, self.fallback):
            if candidate is not None and ord(REPLACEMENT) in candidate.hex:
                return candidate
        return self

    def char_width(self, char: str) -> float:
        found = self.widths.get(char)
        if found is None:
            fallback = self.fallback
            found = fallback.widths.get(char) if fallback is not None else None
        if found is None:
            found = self.replacement.widths.get(REPLACEMENT)
        return self.missing if found is None else found

    def runs(self, text: str) -> list[tuple[Face, str, str]]:
        """`text` cut into runs of this face and its fallback, which draws the characters this
        one lacks. A character neither has is drawn as U+FFFD, its run giving the characters
        it stands for as the third item (an /ActualText, so that they are read back); the
        others have "" there."""
        if not text.translate(self.covered):
            return [(self, text, "")]
        fallback = self.fallback
        found: list[tuple[Face, str, str]] = []
        for char in text:
            code = ord(char)
            actual = ""
            if code in self.hex:
                drawn = self
            elif fallback is not None and code in fallback.hex:
                drawn = fallback
            else:
                drawn, actual = self.replacement, char
            shown = REPLACEMENT if actual else char
            if found and found[-1][0] is drawn and bool(found[-1][2]) == bool(actual):
                last = found[-1]
                found[-1] = (drawn, last[1] + shown, last[2] + actual)
            else:
                found.append((drawn, shown, actual))
        return found

    def encode(self, text: str) -> str:
        """`text` as hex glyph ids (`runs` leaves no character the face lacks; one would be
        its .notdef box)."""
        return text.translate(self._table)

    @functools.cached_property
    def _table(self) -> dict[int, str]:
        return _MissingTable(self.hex)

    def embed(self, pdf: pydyf.PDF, used: Iterable[str]) -> pydyf.Dictionary:
        """The Type0 font of this face holding the glyphs of the characters `used`."""
        gids = sorted({int(self.hex.get(ord(c), "0000"), 16) for c in used} | {0})
        program = _subset(self.path, tuple(gids))
        number = zlib.crc32(repr((self.key, gids)).encode())
        tag = "".join(chr(65 + number // 26**n % 26) for n in range(6))
        base = f"/{tag}+{self.name.replace(' ', '')}"
        file = pydyf.Stream([program], {"Length1": len(program)}, compress=True)
        pdf.add_object(file)
        flags = 32 | (64 if self.italic_angle else 0)
        descriptor = pydyf.Dictionary(
            {
                "Type": "/FontDescriptor",
                "FontName": base,
                "Flags": flags,
                "FontBBox": pydyf.Array(self.bbox),
                "ItalicAngle": self.italic_angle,
                "Ascent": round(self.ascent),
                "Descent": round(self.descent),
                "CapHeight": round(self.cap_height),
                "StemV": 80,
                "FontFile2": file.reference,
            }
        )
        pdf.add_object(descriptor)
        widths = " ".join(f"{g} [{self.advance[g]:.0f}]" for g in gids)
        cid = pydyf.Dictionary(
            {
                "Type": "/Font",
                "Subtype": "/CIDFontType2",
                "BaseFont": base,
                "CIDSystemInfo": pydyf.Dictionary(
                    {
                        "Registry": pydyf.String("Adobe"),
                        "Ordering": pydyf.String("Identity"),
                        "Supplement": 0,
                    }
                ),
                "FontDescriptor": descriptor.reference,
                "DW": round(self.missing),
                "W": f"[{widths}]".encode(),
                "CIDToGIDMap": "/Identity",
            }
        )
        pdf.add_object(cid)
        to_unicode = pydyf.Stream([_cmap(self.unicode, gids)], compress=True)
        pdf.add_object(to_unicode)
        font = pydyf.Dictionary(
            {
                "Type": "/Font",
                "Subtype": "/Type0",
                "BaseFont": base,
                "Encoding": "/Identity-H",
                "DescendantFonts": pydyf.Array([cid.reference]),
                "ToUnicode": to_unicode.reference,
            }
        )
        pdf.add_object(font)
        return font


class _MissingTable(dict[int, str]):
    """A str.translate table that turns a character the face lacks into .notdef."""

    def __missing__(self, code: int) -> str:
        return "0000"


def _cmap(unicode: dict[int, int], gids: list[int]) -> bytes:
    lines = []
    for start in range(0, len(gids), 100):
        chunk = [g for g in gids[start : start + 100] if g in unicode]
        lines.append(f"{len(chunk)} beginbfchar")
        for gid in chunk:
            code = unicode[gid]
            text = chr(code).encode("utf-16-be").hex().upper()
            lines.append(f"<{gid:04X}> <{text}>")
        lines.append("endbfchar")
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        + "\n".join(lines)
        + "\nendcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()


# The tables a TrueType font program embedded in a PDF needs (ISO 32000-1, 9.9).
EMBEDDED_TABLES = ("head", "hhea", "maxp", "hmtx", "cvt ", "fpgm", "prep", "loca", "glyf")


@functools.lru_cache(maxsize=32)
def _subset(path: str, gids: tuple[int, ...]) -> bytes:
    """The font file with the outlines of `gids` only (and the glyphs they are composed
    of), every other glyph empty, so that glyph ids stay as they are. Written here from the
    raw tables: fontTools' subsetter took ~80 ms a face, most of a small plan's PDF; this
    takes a few. Kept for the next document that uses the same glyphs."""
    font = TTFont(path, lazy=True)
    raw = {tag: font.reader[tag] for tag in EMBEDDED_TABLES if tag in font.reader}
    font.close()
    head = bytearray(raw["head"])
    long_offsets = struct.unpack(">h", head[50:52])[0] == 1
    loca = raw["loca"]
    if long_offsets:
        offsets = struct.unpack(f">{len(loca) // 4}I", loca)
    else:
        offsets = tuple(2 * o for o in struct.unpack(f">{len(loca) // 2}H", loca))
    glyf = raw["glyf"]
    keep = set(gids)
    todo = [g for g in gids if g + 1 < len(offsets)]
    while todo:  # composite glyphs: their components too
        data = glyf[offsets[todo[-1]] : offsets[todo.pop() + 1]]
        if len(data) < 10 or struct.unpack(">h", data[:2])[0] >= 0:
            continue
        at, more = 10, True
        while more:
            flags, component = struct.unpack(">HH", data[at : at + 4])
            if component not in keep and component + 1 < len(offsets):
                keep.add(component)
                todo.append(component)
            at += 4 + (4 if flags & 1 else 2)
            at += 2 if flags & 8 else 4 if flags & 0x40 else 8 if flags & 0x80 else 0
            more = bool(flags & 0x20)
    glyphs, starts = [], [0]
    for gid in range(len(offsets) - 1):
        data = glyf[offsets[gid] : offsets[gid + 1]] if gid in keep else b""
        data += b"\0" * (-len(data) % 4)
        glyphs.append(data)
        starts.append(starts[-1] + len(data))
    raw["glyf"] = b"".join(glyphs)
    raw["loca"] = struct.pack(f">{len(starts)}I", *starts)
    head[50:52] = struct.pack(">h", 1)  # long offsets in loca
    head[8:12] = b"\0\0\0\0"  # the checksum adjustment, made anew by the writer
    raw["head"] = bytes(head)
    out = io.BytesIO()
    writer = SFNTWriter(out, len(raw), sfntVersion="\x00\x01\x00\x00")
    for tag in sorted(raw):
        writer[tag] = raw[tag]
    writer.close()
    return out.getvalue()


_lock = threading.RLock()
_faces: dict[str, Face] = {}


def face(key: str) -> Face:
    """The face "regular", "bold", "italic" or "bold-italic" (or a fallback), read once per
    process."""
    with _lock:
        found = _faces.get(key)
        if found is None:
            found = _faces[key] = Face(key, font_file(key))
        return found
