"""Text made safe for the document formats: `clean` turns every kind of line break into a
newline and drops what XML 1.0 cannot hold, and leaves all other text as it is (it looks
for both in one scan and copies only text that has one)."""

from __future__ import annotations

from komplan.exports.text import clean

BREAKS = ["\r\n", "\r", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"]
UNWRITABLE = [
    *map(chr, range(0x00, 0x09)),
    *map(chr, range(0x0E, 0x20)),
    *map(chr, range(0x7F, 0x85)),
    *map(chr, range(0x86, 0xA0)),
    "\ud800",
    "\udbff",
    "\udc00",
    "\udfff",
    "\ufffe",
    "\uffff",
]


def test_every_line_break_becomes_a_newline() -> None:
    for brk in BREAKS:
        assert clean(f"rad ett{brk}rad två") == "rad ett\nrad två", repr(brk)
    assert clean("a\r\n\r\nb\rc") == "a\n\nb\nc"


def test_characters_xml_cannot_hold_are_dropped() -> None:
    for char in UNWRITABLE:
        assert clean(f"kontroll{char}tecken") == "kontrolltecken", repr(char)
    assert clean("".join(UNWRITABLE)) == ""


def test_all_other_text_is_kept_as_it_is() -> None:
    changed = set("".join(BREAKS)) - {"\n"} | set(UNWRITABLE)
    kept = "".join(c for c in map(chr, range(0x3000)) if c not in changed)
    kept += "\U0001f389👩🏽‍💻 \ufeff\ufffd\U0010ffff"
    assert "\t" in kept and "\n" in kept and "<" in kept and "&" in kept
    assert clean(kept) == kept
    assert clean(None) == clean("") == ""
