"""The cascade as a diagram: an SVG drawn on the server from plain data, no database.

`cascade_svg(nodes, title=…, description=…)` lays the steps out as an indented tree (one
row a step, one column a level; parallel branches are siblings in the same column) with
elbow lines from each step to the steps after it, and returns the SVG text. Each box is
coloured by its state *and* says the state in words, so colour is never the only signal;
the page puts the same rows in a table next to it. Presentation attributes, not CSS: the
same drawing goes into the PDF, and the pages' Content-Security-Policy forbids inline
styles. No library draws an accessible tree as SVG without a browser (graphviz needs its
binaries), and the layout of an indented tree is a few lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final
from xml.sax.saxutils import escape, quoteattr

__all__ = ["COLOURS", "Node", "cascade_svg", "cascade_svg_pieces"]

ROW: Final = 84
COLUMN: Final = 36
BOX_W: Final = 360
BOX_H: Final = 70
PAD: Final = 8
CHARS: Final = 46  # characters of a line that fit the box

# state -> (fill, stroke); the text is always near-black on these light fills (WCAG AA).
COLOURS: Final = {
    "planned": ("#e8f0fb", "#1f4e99"),
    "sent": ("#fff3d6", "#8a5a00"),
    "confirmed": ("#e3f4e6", "#1c6b31"),
    "skipped": ("#f2f2f2", "#6b6b6b"),
    "overdue": ("#fde7e7", "#b3261e"),
    "": ("#ffffff", "#4d4d4d"),
}


@dataclass(frozen=True, slots=True)
class Node:
    """One step: its key, the key of the step before it (None: straight from the release),
    its level, its number and name, a second line (how and when), and its state in words."""

    key: int
    parent: int | None
    depth: int
    title: str
    detail: str
    state: str  # a COLOURS key
    state_text: str


def _clip(text: str) -> str:
    return text if len(text) <= CHARS else text[: CHARS - 1] + "…"


def cascade_svg(
    nodes: Sequence[Node], *, title: str, description: str, rows: range | None = None
) -> str:
    """The SVG of `nodes` (in tree order: each parent before its children); with `rows`, only
    the window of those rows (the lines into it from a step above come in at its top edge)."""
    depth = max((n.depth for n in nodes), default=0)
    width = PAD * 2 + depth * COLUMN + BOX_W
    rows = rows if rows is not None else range(max(len(nodes), 1))
    top = rows.start * ROW
    height = PAD * 2 + max(len(rows), 1) * ROW - (ROW - BOX_H)
    place = {n.key: (PAD + n.depth * COLUMN, PAD + i * ROW) for i, n in enumerate(nodes)}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="cascade-diagram" '
        f'viewBox="0 {top} {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="cascade-svg-title cascade-svg-desc">',
        f'<title id="cascade-svg-title">{escape(title)}</title>',
        f'<desc id="cascade-svg-desc">{escape(description)}</desc>',
    ]
    for node in nodes:  # every line: the window's edges cut those passing through it
        if node.parent is not None and node.parent in place:
            px, py = place[node.parent]
            x, y = place[node.key]
            elbow = px + COLUMN // 2
            parts.append(
                f'<path d="M{elbow} {py + BOX_H} V{y + BOX_H // 2} H{x}" fill="none" '
                f'stroke="#4d4d4d" stroke-width="1.5"/>'
            )
    for node in (nodes[i] for i in rows if i < len(nodes)):
        x, y = place[node.key]
        fill, stroke = COLOURS.get(node.state, COLOURS[""])
        dash = ' stroke-dasharray="4 3"' if node.state == "skipped" else ""
        thick = "3" if node.state == "overdue" else "1.5"
        label = f"{node.title} · {node.detail} · {node.state_text}"
        parts.append(f"<g><title>{escape(label)}</title>")
        parts.append(
            f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="{thick}"{dash}/>'
        )
        parts.append(
            f'<text x="{x + 10}" y="{y + 20}" font-size="14" font-weight="600" '
            f'fill="#1a1a1a" font-family="sans-serif">{escape(_clip(node.title))}</text>'
        )
        for n, line in enumerate((node.detail, node.state_text)):
            weight = ' font-weight="600"' if n == 1 and node.state == "overdue" else ""
            parts.append(
                f'<text x="{x + 10}" y="{y + 40 + 18 * n}" font-size="13" fill="#1a1a1a"{weight} '
                f"font-family={quoteattr('sans-serif')}>{escape(_clip(line))}</text>"
            )
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def cascade_svg_pieces(
    nodes: Sequence[Node], *, title: str, description: str, rows_per_piece: int
) -> list[str]:
    """The diagram cut between rows into SVGs of at most `rows_per_piece` rows: Word cannot
    break one picture across pages, and a long cascade is many pages tall."""
    return [
        cascade_svg(
            nodes,
            title=title,
            description=description,
            rows=range(first, min(first + rows_per_piece, len(nodes))),
        )
        for first in range(0, max(len(nodes), 1), rows_per_piece)
    ]
