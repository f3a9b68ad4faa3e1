"""A Word document (.docx) as a flat list of blocks: paragraphs and tables in reading order.

Each paragraph carries what the plan and briefing readers need to recognise its role — its
heading level (from the style, the outline level or a section number such as "6.1.1"),
whether it is a list item, bold, italic — and each table its cells as `sheet.Cell`s, merged
cells filled in and red cells marked. Only the main body is read: headers, footers, comments
and content controls are not. The package must have passed `safety.inspect`.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from lxml import etree

from komplan.imports.importers.draft import fold
from komplan.imports.importers.safety import RefusedFile
from komplan.imports.importers.sheet import Cell, SheetRow, is_red

__all__ = ["Block", "DocxText", "read_blocks"]

_NUMBERED = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*)\.?\s+(\S.*)$")
_HEADING_STYLE = re.compile(r"^(?:heading|rubrik|overskrift|titel)\s*(\d)$")
_TOC_LINE = re.compile(r"(?:\.{4,}|\t)\s*\d+\s*$")
MAX_PSEUDO_HEADING = 90

# Compiled once: python-docx compiles its XPath expressions on every call, which made
# reading a paragraph or a table cell cost tens of microseconds per expression.
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {"w": _W}
_OUTLINE_LEVEL = etree.XPath("./w:pPr/w:outlineLvl/@w:val", namespaces=_NS)
_CELL_FILLS = etree.XPath("./w:tcPr/w:shd/@w:fill", namespaces=_NS)
_CELL_COLORS = etree.XPath(".//w:r/w:rPr/w:color/@w:val", namespaces=_NS)
_CELL_HIGHLIGHTS = etree.XPath(".//w:highlight/@w:val", namespaces=_NS)
_R, _HYPERLINK, _RPR = f"{{{_W}}}r", f"{{{_W}}}hyperlink", f"{{{_W}}}rPr"
_TYPE = f"{{{_W}}}type"
# A string, so that lxml makes no Python object per element: "" or "=" and the w:val.
_BOLD = etree.XPath(
    "substring(concat('=', w:rPr[1]/w:b[1]/@w:val), 1, 99 * count(w:rPr[1]/w:b[1]))",
    namespaces=_NS,
)
_ITALIC = etree.XPath(
    "substring(concat('=', w:rPr[1]/w:i[1]/@w:val), 1, 99 * count(w:rPr[1]/w:i[1]))",
    namespaces=_NS,
)
_T, _BR = f"{{{_W}}}t", f"{{{_W}}}br"
_P, _TBL = f"{{{_W}}}p", f"{{{_W}}}tbl"
# What python-docx reads a run's other inner-content elements as.
_RUN_TEXT = {
    f"{{{_W}}}{tag}": text
    for tag, text in [("tab", "\t"), ("ptab", "\t"), ("cr", "\n"), ("noBreakHyphen", "-")]
}


@dataclass(slots=True)
class Block:
    kind: str  # "p" or "table"
    number: int  # paragraphs and tables are numbered separately, from 1
    text: str = ""
    level: int = 0  # 1 is the top heading level; 0 for body text; 9 for a bold line
    number_text: str = ""  # "6.1.1" when the heading is numbered
    title: str = ""  # heading text without its number
    is_list: bool = False
    bold: bool = False
    italic: bool = False
    style: str = ""
    trailing_italic: str = ""  # the italic end of a paragraph, e.g. "Även till: X."
    rows: list[SheetRow] = field(default_factory=list)

    @property
    def is_heading(self) -> bool:
        return self.level > 0


@dataclass(slots=True)
class DocxText:
    blocks: list[Block]
    title: str  # from the document's properties


def read_blocks(data: bytes) -> DocxText:
    """The blocks of the .docx `data`, or RefusedFile when python-docx cannot read it."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
        # The body's paragraphs and tables by walking its children: python-docx's
        # iter_inner_content asks XPath for "./w:p | ./w:tbl", and libxml2 merges such a
        # union in time that grows with the square of the paragraphs (3.5 s for 18,000).
        container = document._body
        body = [
            Paragraph(child, container) if child.tag == _P else Table(child, container)
            for child in document.element.body.iterchildren(_P, _TBL)
        ]
        title = document.core_properties.title or ""
    except Exception:  # python-docx raises KeyError, ValueError, lxml errors… on bad files
        raise RefusedFile(
            _(
                "The document could not be read: it may be damaged. Open it in Word, save it "
                "again and upload that copy."
            )
        ) from None
    blocks: list[Block] = []
    paragraphs = tables = 0
    styles: dict[str | None, str] = {}
    for item in body:
        if isinstance(item, Paragraph):
            paragraphs += 1
            block = _paragraph(item, paragraphs, styles)
            if block is not None:
                blocks.append(block)
        else:
            tables += 1
            blocks.append(Block("table", tables, rows=_table(item)))
    return DocxText(blocks, title.strip())


def _style_name(paragraph: Any, names: dict[str | None, str]) -> str:
    """The paragraph's style name, looked up once per style: python-docx searches every style
    of the document for the default one on each paragraph, most of the reading time."""
    style_id = paragraph._p.style
    if style_id not in names:
        names[style_id] = _lookup_style_name(paragraph)
    return names[style_id]


def _lookup_style_name(paragraph: Any) -> str:
    try:
        style = paragraph.style
        return (style.name or "") if style is not None else ""
    except (KeyError, ValueError, AttributeError):
        return ""


def _run_text(r: Any) -> str:
    """A `w:r`'s text as python-docx's `Run.text` gives it (tabs, breaks, hyphens)."""
    parts = []
    for child in r.iterchildren():
        tag = child.tag
        if tag == _T:
            parts.append(child.text or "")
        elif tag == _BR:
            parts.append("\n" if child.get(_TYPE, "textWrapping") == "textWrapping" else "")
        elif tag in _RUN_TEXT:
            parts.append(_RUN_TEXT[tag])
    return "".join(parts)


def _run_toggle(r: Any, toggle: Any) -> bool | None:
    """A run's own bold or italic: None when the run does not set it (python-docx's
    `Font.bold`; a value Word never writes counts as off instead of raising)."""
    found = toggle(r)  # "" when the run does not set it, else "=" and the value
    if not found:
        return None
    return found in ("=", "=1", "=true", "=on")


def _paragraph_text(p: Any) -> tuple[str, list[tuple[Any, str]]]:
    """The paragraph's text as python-docx's `Paragraph.text` gives it (its runs and the
    runs of its hyperlinks), and its own runs with their texts."""
    parts = []
    runs = []
    for child in p.iterchildren(_R, _HYPERLINK):
        if child.tag == _R:
            text = _run_text(child)
            runs.append((child, text))
            parts.append(text)
        else:
            parts += [_run_text(r) for r in child.iterchildren(_R)]
    return "".join(parts), runs


def _paragraph(paragraph: Any, number: int, styles: dict[str | None, str]) -> Block | None:
    p = paragraph._p
    raw, all_runs = _paragraph_text(p)
    text = " ".join(raw.replace("\xa0", " ").split())
    if not text:
        return None
    style = _style_name(paragraph, styles)
    folded_style = fold(style)
    if folded_style.startswith("toc") or _TOC_LINE.search(raw):
        return None  # a table of contents line
    is_list = (
        (p.pPr is not None and p.pPr.numPr is not None)
        or "list" in folded_style
        or "liste" in folded_style
        or "stycke" in folded_style
    )
    runs = [(r, text) for r, text in all_runs if text.strip()]
    # Bold and italic are looked up only as far as they decide something.
    bold = bool(runs) and all(_run_toggle(r, _BOLD) for r, _t in runs)
    italic = bool(runs) and all(_run_toggle(r, _ITALIC) for r, _t in runs)
    trailing = ""
    if len(runs) > 1 and not italic and _run_toggle(runs[-1][0], _ITALIC):
        trailing = " ".join(runs[-1][1].split())
    block = Block("p", number, text, style=style, is_list=is_list, bold=bold, italic=italic)
    block.trailing_italic = trailing
    block.level, block.number_text, block.title = _heading(p, text, folded_style, bold, is_list)
    return block


def _heading(p: Any, text: str, style: str, bold: bool, is_list: bool) -> tuple[int, str, str]:
    """(level, section number, title) of a heading; level 0 for body text."""
    numbered = _NUMBERED.match(text)
    number, title = (numbered.group(1), numbered.group(2)) if numbered else ("", text)
    style_level = 0
    match = _HEADING_STYLE.match(style)
    if match:
        style_level = int(match.group(1))
    elif style in ("title", "rubrik", "titel"):
        return 1, "", text
    else:
        outline = _OUTLINE_LEVEL(p)
        if outline and outline[0].isdigit() and int(outline[0]) < 9:
            style_level = int(outline[0]) + 1
    if style_level:
        depth = number.count(".") + 1 if number else style_level
        return depth, number, title
    short = len(text) <= MAX_PSEUDO_HEADING and not text.endswith((".", ":", ";", ","))
    if number and not is_list and short:
        # "3 Målgrupper", "6.1.1 Medverka på konferenser": not "1. Målgruppen ska…".
        plain = re.match(r"^\s*\d{1,2}(?:\.\d{1,2})+\.?\s|^\s*\d{1,2}\s", text)
        if plain and title[:1].isupper():
            return number.count(".") + 1, number, title
    if bold and short and not is_list:
        return 9, number, title
    return 0, "", text


def _cell_text(tc: Any) -> str:
    lines = []
    for p in tc.iterchildren():
        if p.tag.endswith("}p"):
            # A line break within the paragraph is a new line too (komplan's own export
            # writes an activity's purpose and target groups so, in one cell).
            line = "".join(_run_text(r) for r in p.iter(_R))
            lines += [part.replace("\xa0", " ").strip() for part in line.split("\n")]
    return "\n".join(line for line in lines if line).strip()


def _cell_red(tc: Any) -> bool:
    for fill in _CELL_FILLS(tc):
        if fill and fill != "auto" and is_red(fill):
            return True
    for color in _CELL_COLORS(tc):
        if color and color != "auto" and is_red(color):
            return True
    return any(value in ("red", "darkRed") for value in _CELL_HIGHLIGHTS(tc))


def _table(table: Any) -> list[SheetRow]:
    """The table's rows on its column grid: merged cells repeat their text and say so."""
    rows: list[SheetRow] = []
    above: dict[int, Cell] = {}
    for number, tr in enumerate(table._tbl.tr_lst, start=1):
        cells: dict[int, Cell] = {}
        column = tr.grid_before
        for tc in tr.tc_lst:
            span = max(1, tc.grid_span)
            if tc.vMerge == "continue":
                origin = above.get(column, Cell())
                first = Cell(origin.text, origin.red, "down")
            else:
                first = Cell(_cell_text(tc), _cell_red(tc))
            cells[column] = first
            for extra in range(1, span):
                cells[column + extra] = Cell(first.text, first.red, "across")
            column += span
        width = max(cells, default=-1) + 1
        row = SheetRow(number, [cells.get(c, Cell()) for c in range(width)])
        rows.append(row)
        above = cells
    return rows
