"""Tables: columns as wide as `Table.widths` share of the line, 0.5 pt rules, the header row
(bold, shaded) at the top of every page the table runs onto (unless it is taller than half a
page), a row kept on one page unless it is taller than a page, done rows shaded red. The
repeated header rows, the shading and the rules are artifacts; the structure tree has THead
(TH, scope Column) and TBody (TH, scope Row, in the first column unless `plain`; TD)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from komplan.exports.content import Table
from komplan.exports.printing.document import ASCENT, DESCENT, Element, Printer
from komplan.exports.printing.lines import Line, Style, break_lines

__all__ = ["Look", "print_table"]

Colour = tuple[float, float, float]
COLUMN = " /A <</O /Table /Scope /Column>>"
ROW = " /A <</O /Table /Scope /Row>>"


@dataclass(frozen=True, slots=True)
class Look:
    regular: Style
    bold: Style
    leading: float = 1.35
    pad: tuple[float, float] = (2.0, 4.0)  # above and below; left and right
    head: Colour | None = None  # the header row's shade; None: no header row
    done: Colour | None = None  # the shade of marked rows
    labels: Colour | None = None  # the first column's shade (the facts table)
    plain: bool = False  # no row headers: the first column is data too
    lead: bool = False  # the first row in bold


def print_table(p: Printer, table: Table, look: Look, margin: float = 8.0) -> None:
    _Grid(p, table, look).print()
    p.gap = margin


class _Grid:
    def __init__(self, p: Printer, table: Table, look: Look) -> None:
        self.p, self.table, self.look = p, table, look
        total = sum(table.widths)
        self.xs = [p.left]
        for width in table.widths:
            self.xs.append(self.xs[-1] + p.width * width / total)
        pad = look.pad
        self.inner = [
            self.xs[n + 1] - self.xs[n] - 2 * pad[1] - 0.5 for n in range(len(table.widths))
        ]
        size = look.regular.size
        self.line = size * look.leading
        self.drop = (self.line - (ASCENT + DESCENT) * size) / 2 + ASCENT * size
        self.element = Element("Table", p.root)
        self.header = self.lay(table.header, [look.bold] * len(table.header)) if look.head else []
        self.header_height = self.height(self.header) if self.header else 0.0
        # The header row is repeated on the pages the table runs onto if it leaves room there.
        self.repeat = bool(self.header) and self.header_height <= p.body_height() / 2

    def lay(self, texts: Sequence[str], styles: Sequence[Style]) -> list[list[Line]]:
        return [
            [line for line, _ in break_lines([(text, style)], width, self.p.measured)]
            for text, style, width in zip(texts, styles, self.inner, strict=True)
        ]

    def height(self, cells: list[list[Line]]) -> float:
        return max(map(len, cells)) * self.line + 2 * self.look.pad[0]

    def styles(self, first: bool) -> list[Style]:
        look = self.look
        if first and look.lead:
            return [look.bold] * len(self.table.header)
        return [look.regular if look.plain else look.bold] + [look.regular] * (
            len(self.table.header) - 1
        )

    def print(self) -> None:
        p, table, look = self.p, self.table, self.look
        rows = table.rows
        first = self.lay(rows[0], self.styles(True)) if rows else None
        room = self.header_height + (self.height(first) if first else 0.0)
        p.place(min(room, p.body_height()), 0)
        if self.header:
            row = Element("TR", Element("THead", self.element))
            self.row(self.header, [Element("TH", row, COLUMN) for _ in self.header], look.head)
        if not rows:
            return
        body = Element("TBody", self.element)
        styles = self.styles(False)
        for index, values in enumerate(rows):
            cells = first if index == 0 and first is not None else self.lay(values, styles)
            row = Element("TR", body)
            tags = [
                Element("TD", row) if n or look.plain else Element("TH", row, ROW)
                for n in range(len(cells))
            ]
            fill = look.done if index in table.marked else None
            self.row(cells, tags, fill)

    def row(self, cells: list[list[Line]], tags: list[Element], fill: Colour | None) -> None:
        """A row: on the next page if it does not fit here but would there, else in pieces of
        as many lines as each page holds, one line at least on a new page."""
        p, pad = self.p, self.look.pad
        longest = max(map(len, cells))
        header = self.header_height if self.repeat else 0.0
        whole = self.height(cells) <= p.body_height() - header
        start = 0
        fresh = False  # on a new page, under the repeated header row
        while start < longest:
            fits = int((p.room() - 2 * pad[0] + 0.01) // self.line)
            if fresh:
                fits = max(fits, 1)
            elif fits < 1 or (start == 0 and fits < longest and whole):
                self.next_page()
                fresh = True
                continue
            count = min(fits, longest - start)
            self.draw(cells, tags, fill, start, count)
            start += count
            fresh = False

    def next_page(self) -> None:
        p = self.p
        p.new_page()
        p.fresh = False
        if self.repeat:
            rows = len(max(self.header, key=len))
            self.draw(self.header, [None] * len(self.header), self.look.head, 0, rows)

    def draw(
        self,
        cells: list[list[Line]],
        tags: Sequence[Element | None],
        fill: Colour | None,
        start: int,
        count: int,
    ) -> None:
        """Lines start..start+count of each cell as a row at the flow's y; cells without a
        tag (a repeated header) as artifacts."""
        p, xs, pad = self.p, self.xs, self.look.pad
        lines = max(min(len(c) - start, count) for c in cells)
        height = max(lines, 0) * self.line + 2 * pad[0]
        top, bottom = p.y, p.y - height
        art = [b"q"]
        if fill:
            art.append(
                b"%.3f %.3f %.3f rg %.2f %.2f %.2f %.2f re f"
                % (*fill, xs[0], bottom, xs[-1] - xs[0], height)
            )
        if self.look.labels and tags and tags[0] is not None:
            art.append(
                b"%.3f %.3f %.3f rg %.2f %.2f %.2f %.2f re f"
                % (*self.look.labels, xs[0], bottom, xs[1] - xs[0], height)
            )
        rules = [
            b"%.2f %.2f %.2f %.2f re" % (xs[n], bottom, xs[n + 1] - xs[n], height)
            for n in range(len(cells))
        ]
        art.append(b" ".join(rules) + b" S Q")
        p.artifact(art)
        ops = p.page.ops
        for n, cell in enumerate(cells):
            tag = tags[n]
            parts = [p.mark(tag)] if tag is not None else [b"/Artifact BMC"]
            baseline = top - pad[0] - self.drop
            for line in cell[start : start + count]:
                if line:
                    parts.append(p.show(xs[n] + pad[1] + 0.25, baseline, line))
                baseline -= self.line
            parts.append(b"EMC")
            ops.append(b" ".join(parts))
        p.y = bottom
