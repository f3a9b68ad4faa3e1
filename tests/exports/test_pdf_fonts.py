"""The fonts embedded in the plan's PDF: subsets that keep the glyph ids, with the glyphs a
composed letter is made of."""

from __future__ import annotations

import io

from fontTools.ttLib import TTFont

from komplan.exports.printing.fonts import _subset, face


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
