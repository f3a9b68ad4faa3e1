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

from komplan.imports.importers.draft import fold
from komplan.imports.importers.safety import RefusedFile
from komplan.imports.importers.sheet import Cell, SheetRow, is_red

__all__ = ["Block", "DocxText", "read_blocks"]

_NUMBERED = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*)\.?\s+(\S.*)$")
_HEADING_STYLE = re.compile(r"^(?:heading|rubrik|overskrift|titel)\s*(\d)$")
_TOC_LINE = re.compile(r"(?:\.{4,}|\t)\s*\d+\s*$")
MAX_PSEUDO_HEADING = 90


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

    try:
        document = docx.Document(io.BytesIO(data))
        body = list(document.iter_inner_content())
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
    for item in body:
        if hasattr(item, "runs"):
            paragraphs += 1
            block = _paragraph(item, paragraphs)
            if block is not None:
                blocks.append(block)
        else:
            tables += 1
            blocks.append(Block("table", tables, rows=_table(item)))
    return DocxText(blocks, title.strip())


def _style_name(paragraph: Any) -> str:
    try:
        style = paragraph.style
        return (style.name or "") if style is not None else ""
    except (KeyError, ValueError, AttributeError):
        return ""


def _paragraph(paragraph: Any, number: int) -> Block | None:
    text = " ".join(paragraph.text.replace("\xa0", " ").split())
    if not text:
        return None
    style = _style_name(paragraph)
    folded_style = fold(style)
    if folded_style.startswith("toc") or _TOC_LINE.search(paragraph.text):
        return None  # a table of contents line
    p = paragraph._p
    is_list = (
        (p.pPr is not None and p.pPr.numPr is not None)
        or "list" in folded_style
        or "liste" in folded_style
        or "stycke" in folded_style
    )
    runs = [(run.text, run.bold, run.italic) for run in paragraph.runs if run.text.strip()]
    bold = bool(runs) and all(b for _t, b, _i in runs)
    italic = bool(runs) and all(i for _t, _b, i in runs)
    trailing = ""
    if len(runs) > 1 and runs[-1][2] and not italic:
        trailing = " ".join(runs[-1][0].split())
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
        outline = p.xpath("./w:pPr/w:outlineLvl/@w:val")
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
            line = "".join(t.text or "" for t in p.iter() if t.tag.endswith("}t"))
            lines.append(line.replace("\xa0", " ").strip())
    return "\n".join(line for line in lines if line).strip()


def _cell_red(tc: Any) -> bool:
    for fill in tc.xpath("./w:tcPr/w:shd/@w:fill"):
        if fill and fill != "auto" and is_red(fill):
            return True
    for color in tc.xpath(".//w:r/w:rPr/w:color/@w:val"):
        if color and color != "auto" and is_red(color):
            return True
    return any(value in ("red", "darkRed") for value in tc.xpath(".//w:highlight/@w:val"))


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
