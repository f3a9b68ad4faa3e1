"""The fonts embedded in the plan's PDF: subsets that keep the glyph ids, with the glyphs a
composed letter is made of; font files that cannot be embedded."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fontTools.ttLib import TTCollection, TTFont

from komplan.exports.checks import check_fonts
from komplan.exports.printing import fonts
from komplan.exports.printing.fonts import FACES, FontError, _subset, face, usable_font


def test_a_subset_keeps_the_used_glyphs_at_their_ids_and_the_parts_of_composed_ones() -> None:
    regular = face("regular")
    used = "Aå"
    gids = tuple(sorted({int(regular.hex[ord(c)], 16) for c in used} | {0}))
    font = TTFont(io.BytesIO(_subset(regular.path, gids)))
    whole = TTFont(regular.path)
    glyf, order = font["glyf"], font.getGlyphOrder()
    assert font["maxp"].numGlyphs == whole["maxp"].numGlyphs  # the ids stay
    ring = glyf[order[int(regular.hex[ord("å")], 16)]]
    parts = ring.getComponentNames(glyf) if ring.isComposite() else []
    for name in [order[int(regular.hex[ord(c)], 16)] for c in used] + parts:
        assert glyf[name].numberOfContours != 0, name  # drawn
    unused = order[int(regular.hex[ord("Z")], 16)]
    assert glyf[unused].numberOfContours == 0  # left empty
    assert len(font.reader["glyf"]) < len(whole.reader["glyf"]) / 20


def test_a_font_file_that_cannot_be_embedded_is_passed_over_or_named_at_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever fontconfig matched was used: a .ttc collection or a CFF .otf made the PDF
    download fail with a server error. The next candidate that is TrueType is used, and if
    there is none, the system check (run at start) names the file."""
    regular = face("regular").path
    collection = TTCollection()
    collection.fonts = [TTFont(regular)]
    ttc = tmp_path / "Sans.ttc"
    collection.save(str(ttc))
    broken = tmp_path / "Broken.otf"
    broken.write_bytes(b"OTTO" + b"\0" * 100)
    assert usable_font("Sans", [str(ttc), str(broken), regular]) == regular
    with pytest.raises(FontError, match=r"Sans\.ttc"):
        usable_font("Sans", [str(ttc), str(broken)])

    def unusable(key: str) -> str:
        return usable_font(FACES[key], [str(ttc)])

    monkeypatch.setattr(fonts, "font_file", unusable)
    errors = check_fonts()
    assert len(errors) == len(FACES)
    assert errors[0].id == "exports.E001" and "Sans.ttc" in errors[0].msg
