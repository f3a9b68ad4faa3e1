"""The activity plan as an Excel workbook (.xlsx), the sheet users keep beside the plan.

`plan_xlsx(data)` takes a plan JSON (see `planjson.py`) and returns the file's bytes. Sheet 1
is the activity plan: activity, purpose, target groups, messages, time as written, the start
and end komplan understood (real date cells), channel, responsible and status, with a bold
frozen header row, an autofilter, wrapped text, and done activities filled light red with the
status saying so (colour is never the only sign). Then target groups, messages, channels and
the coverage matrix (groups × messages, from the coverage core), the spokespersons and the
risk register (its score a number to sort by, its level also in words). Labels and sheet names are
in the plan's language.

openpyxl's write-only mode streams rows: a 10,000-activity plan stays within seconds. User
text is always written as text, never as a formula, whatever it starts with.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import partial
from io import BytesIO
from typing import Any

from lxml import etree
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from komplan.exports.content import is_draft
from komplan.exports.labels import labels_for
from komplan.exports.text import clean
from komplan.plans.coverage import coverage
from komplan.plans.models import risk_level
from komplan.plans.planjson import check_plan_json, parse_date, plan_graph_from_json

__all__ = ["CONTENT_TYPE", "ID_HEADER", "plan_xlsx"]

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

CELL_LIMIT = 32_767  # characters Excel keeps in one cell
LINE_HEIGHT = 15  # points, of a line of 11 pt Calibri
MAX_ROW_HEIGHT = 409  # points, Excel's limit
DATE_FORMAT = "yyyy-mm-dd"
# Excel's default font, named: without a name some programs fall back on a serif.
BOLD = Font(name="Calibri", size=11, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
# Excel's own "light red fill with dark red text", as users mark done activities by hand.
DONE_FILL = PatternFill("solid", fgColor="FFC7CE")
DONE_FONT = Font(name="Calibri", size=11, color="9C0006")
STATE_FILLS = {
    "done": PatternFill("solid", fgColor="C6EFCE"),
    "carried": PatternFill("solid", fgColor="FFEB9C"),
    "gap": PatternFill("solid", fgColor="FFC7CE"),
}
STATUS_KEYS = ("planned", "in_progress", "done", "cancelled")
# The header of the hidden column of activity ids (`komplan.imports` reads it back).
ID_HEADER = "komplan-id"
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
CENTER = Alignment(horizontal="center", vertical="top")
THIN = Border(bottom=Side(style="thin", color="808080"))


def plan_xlsx(data: Mapping[str, Any]) -> bytes:
    """The activity-plan workbook of plan JSON `data`."""
    check_plan_json(data)
    labels = labels_for(data["plan"]["language"])
    names = _names(data)
    footer = _header_code(labels["page"]).format(page="&P", pages="&N")  # Excel's page codes
    book = _Book(Workbook(write_only=True), _printed_header(data, labels), footer)
    _activities_sheet(book, data, labels, names)
    _groups_sheet(book, data, labels, names)
    _messages_sheet(book, data, labels, names)
    _channels_sheet(book, data, labels, names)
    _coverage_sheet(book, data, labels)
    _spokespersons_sheet(book, data, labels)
    _risks_sheet(book, data, labels)
    _properties(book.workbook, data, labels)
    out = BytesIO()
    book.workbook.save(out)
    return out.getvalue()


# A cell as the rows writer takes it: (value, kind, style id); kind "s" text, "n" number (dates
# are numbers with a date format), "" empty.
Cell = tuple[Any, str, int]


class _Book:
    """A write-only workbook whose rows are written by `_write_row` from plain cell tuples.

    openpyxl makes, styles and writes a Cell object per value, guessing its type; for the
    200,000 cells of a 10,000-activity plan that takes several seconds. Here each of the few
    styles is registered once, cells are (value, kind, style id) tuples whose kind is decided
    here (text is text: never a formula, whatever it starts with), and each row is written as
    one XML element. openpyxl still writes everything else: styles, sheet views, column widths,
    filters, the package. The two hooks are private openpyxl API, stable through 3.1; the tests
    re-open every workbook.
    """

    def __init__(self, workbook: Workbook, printed_header: str = "", footer: str = "") -> None:
        self.workbook = workbook
        self.printed_header = printed_header  # each printed page's header (`_printed_header`)
        self.footer = footer
        self.style_ids: dict[str, int] = {}

    def style(self, name: str) -> int:
        """The cell-style id of a named style, e.g. "text", "date:done", "state:gap"."""
        if name not in self.style_ids:
            self.style_ids[name] = self.workbook._cell_styles.add(self._make(name))
        return self.style_ids[name]

    def _make(self, name: str) -> StyleArray:
        cell = WriteOnlyCell(self.workbook.worksheets[0])
        base, _, variant = name.partition(":")
        cell.alignment = {"text": WRAP, "header": WRAP, "legend": WRAP, "state": CENTER}.get(
            base, TOP
        )
        if base == "header":
            cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, THIN
        if base == "date":
            cell.number_format = DATE_FORMAT
        if base == "state":
            cell.fill = STATE_FILLS[variant]
        if variant == "done" and base != "state":
            cell.fill, cell.font = DONE_FILL, DONE_FONT
        return cell._style

    def cell(self, value: Any, style: str = "text", *, clean_text: bool = True) -> Cell:
        """A styled cell; text is cleaned (unless it comes clean, like labels and joined
        names) and cut to Excel's limit. An empty one keeps its style: a done row is red."""
        if isinstance(value, str):
            value = (clean(value) if clean_text else value)[:CELL_LIMIT]
            return (value, "s" if value else "", self.style(style))
        if isinstance(value, date):
            return (to_excel(value), "n", self.style(style))
        return (value, "" if value is None else "n", self.style(style))

    def sheet_with_header(
        self,
        title: str,
        header: Sequence[str],
        widths: Sequence[int],
        freeze: str = "A2",
        *,
        fit_width: bool = True,
        hidden: int | None = None,
    ) -> WriteOnlyWorksheet:
        """A new sheet with a bold, frozen header row and the given column widths, printed
        landscape with the header row on every page (`fit_width`: as wide as the paper).

        Write-only sheets write everything above the rows on the first append: views and
        widths are set before it.
        """
        sheet = self.workbook.create_sheet(title=_sheet_title(title))
        for n, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(n)].width = width
        if hidden is not None:  # a column (1-based) for komplan, not for the reader
            sheet.column_dimensions[get_column_letter(hidden)].hidden = True
        sheet.freeze_panes = freeze
        # Printed: landscape, as wide as the paper, the header row on every page.
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        if fit_width:
            sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
            sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        sheet.print_title_rows = "1:1"
        sheet.oddHeader.center.text = self.printed_header
        sheet.oddFooter.center.text = self.footer
        sheet._get_writer()  # opens the sheet's writer, which the hooks replace a part of
        sheet._values_to_row = _as_is
        sheet._writer.write_row = partial(_write_row, [0, *widths])
        sheet.append([self.cell(text, "header") for text in header])
        return sheet


def _header_code(text: str) -> str:
    """Text as a header or footer shows it: "&" starts Excel's codes, so it is doubled."""
    return text.replace("&", "&&")


def _printed_header(data: Mapping[str, Any], labels: Mapping[str, str]) -> str:
    """The project, its version and, for a draft, "Utkast": a printed page of a draft's
    workbook must not pass for the approved plan (the Word and PDF files say the same)."""
    plan = data["plan"]
    parts = [clean(plan["name"]), f"{labels['version']} {clean(plan['version'])}"]
    if is_draft(data):
        parts.append(labels["plan_draft"])
    # Excel allows 255 characters for the header with its codes; a long name is cut.
    return _header_code(" · ".join(parts))[:240]


def _as_is(cells: list[Cell | None], row: int) -> list[Cell | None]:
    return cells


_PRESERVE = "{http://www.w3.org/XML/1998/namespace}space"
_COLUMN_LETTERS = ["", *(get_column_letter(n) for n in range(1, 16_385))]


def _write_row(widths: list[int], xf: Any, cells: list[Cell | None], row: int) -> None:
    """Write one row of cell tuples (None: an empty cell) as a single <row> element, as high
    as its wrapped text needs: not every program fits row heights on opening."""
    element = etree.Element("row", r=str(row))
    lines = 1
    for column, cell in enumerate(cells, start=1):
        if cell is None:
            continue
        value, kind, style = cell
        reference = f"{_COLUMN_LETTERS[column]}{row}"
        if kind == "s":
            lines = max(lines, _lines(value, widths[column] if column < len(widths) else 10))
            c = etree.SubElement(element, "c", r=reference, s=str(style), t="inlineStr")
            text = etree.SubElement(etree.SubElement(c, "is"), "t")
            text.text = value
            if value != value.strip():
                text.set(_PRESERVE, "preserve")
        elif kind:
            c = etree.SubElement(element, "c", r=reference, s=str(style))
            etree.SubElement(c, "v").text = repr(value) if isinstance(value, float) else str(value)
        else:
            etree.SubElement(element, "c", r=reference, s=str(style))
    if lines > 1:
        element.set("ht", str(min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines)))
        element.set("customHeight", "1")
    xf.write(element)


def _lines(text: str, width: int) -> int:
    """About how many lines `text` wraps to in a column `width` characters wide."""
    per_line = max(1, int(width * 1.2))  # the width counts zeros; text averages narrower
    return sum(-(-len(part) // per_line) or 1 for part in text.split("\n"))


def _names(data: Mapping[str, Any]) -> dict[str, str]:
    """Display name of every entry by key; messages by their number."""
    found = {t["key"]: clean(t["name"]) for t in data["tiers"]}
    found |= {g["key"]: clean(g["name"]) for g in data["groups"]}
    found |= {c["key"]: clean(c["name"]) for c in data["channels"]}
    found |= {m["key"]: str(m["number"]) for m in data["messages"]}
    return found


def _join(names: Mapping[str, str], keys: Iterable[str]) -> str:
    return ", ".join(names[k] for k in keys if k in names)


def _sheet_title(title: str) -> str:
    """Excel's sheet-name rules: at most 31 characters, none of []:*?/\\."""
    for bad in "[]:*?/\\":
        title = title.replace(bad, " ")
    return title[:31]


def _filter(sheet: WriteOnlyWorksheet, columns: int, rows: int) -> None:
    sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{max(rows, 1) + 1}"


def _activities_sheet(
    book: _Book, data: Mapping[str, Any], labels: Mapping[str, str], names: dict[str, str]
) -> None:
    header = [
        labels["activity"],
        labels["purpose"],
        labels["target_groups"],
        labels["messages"],
        labels["time"],
        labels["start_date"],
        labels["end_date"],
        labels["channel"],
        labels["responsible"],
        labels["status"],
        labels["follow_up"],
        ID_HEADER,
    ]
    widths = (36, 40, 28, 10, 22, 12, 12, 24, 18, 14, 30, 10)
    # The last column, hidden, holds each activity's id: imported back into the plan it came
    # from, a row is matched to its activity whatever the user changed in it.
    sheet = book.sheet_with_header(labels["activity_plan"], header, widths, hidden=len(header))
    _filter(sheet, len(header), len(data["activities"]))
    cell = book.cell
    status = {key: labels[f"activity_{key}"] for key in STATUS_KEYS}
    for a in data["activities"]:
        done = a["status"] == "done"
        text, day = ("text:done", "date:done") if done else ("text", "date")
        period = a["period"]
        sheet.append(
            [
                cell(a["title"], text),
                cell(a["description"], text),
                cell(_join(names, a["groups"]), text, clean_text=False),
                cell(_join(names, a["messages"]), text, clean_text=False),
                cell(a["time_text"], text),
                cell(parse_date(period["start"]), day),
                cell(parse_date(period["end"]), day),
                cell(_join(names, a["channels"]), text, clean_text=False),
                cell(a["responsible"], text),
                cell(status.get(a["status"], a["status"]), text),
                cell(a["follow_up"], text),
                cell(
                    a.get("id"), "number:done" if done else "number"
                ),  # a public snapshot has no ids
            ]
        )


def _groups_sheet(
    book: _Book, data: Mapping[str, Any], labels: Mapping[str, str], names: dict[str, str]
) -> None:
    header = [
        labels["group_name"],
        labels["reach"],
        labels["priority"],
        labels["description"],
        labels["inherits_from"],
    ]
    sheet = book.sheet_with_header(labels["target_groups"], header, (32, 14, 22, 50, 28))
    _filter(sheet, len(header), len(data["groups"]))
    cell = book.cell
    for g in data["groups"]:
        sheet.append(
            [
                cell(g["name"]),
                cell(labels.get(g["reach"], g["reach"])),
                cell(names.get(g["tier"] or "", "")),
                cell(g["description"]),
                cell(_join(names, g["inherits_from"])),
            ]
        )


def _messages_sheet(
    book: _Book, data: Mapping[str, Any], labels: Mapping[str, str], names: dict[str, str]
) -> None:
    header = [
        labels["message_number"],
        labels["message"],
        labels["clarification"],
        labels["priority"],
        labels["target_groups"],
    ]
    sheet = book.sheet_with_header(labels["messages"], header, (6, 50, 40, 24, 28))
    _filter(sheet, len(header), len(data["messages"]))
    cell = book.cell
    for m in data["messages"]:
        sheet.append(
            [
                cell(m["number"], "number"),
                cell(m["text"]),
                cell(m["clarification"]),
                cell(_join(names, m["tiers"])),
                cell(_join(names, m["groups"])),
            ]
        )


def _channels_sheet(
    book: _Book, data: Mapping[str, Any], labels: Mapping[str, str], names: dict[str, str]
) -> None:
    header = [
        labels["channel"],
        labels["description"],
        labels["responsible"],
        labels["reach"],
        labels["cadence"],
        labels["target_groups"],
    ]
    sheet = book.sheet_with_header(labels["channels"], header, (30, 44, 18, 14, 16, 30))
    _filter(sheet, len(header), len(data["channels"]))
    cell = book.cell
    for c in data["channels"]:
        sheet.append(
            [
                cell(c["name"]),
                cell(c["description"]),
                cell(c["responsible"]),
                cell(labels.get(c["reach"], c["reach"])),
                cell(c["cadence"]),
                cell(_join(names, c["groups"])),
            ]
        )


def _coverage_sheet(book: _Book, data: Mapping[str, Any], labels: Mapping[str, str]) -> None:
    """Target groups down, message numbers across; each owed pair says carried (done),
    planned or gap in words and colour. Rows and columns in document order; a legend below."""
    report = coverage(plan_graph_from_json(data))
    words = {state: labels[f"coverage_{state}"] for state in STATE_FILLS}
    count = len(data["messages"])
    header = [labels["coverage_corner"], *(str(m["number"]) for m in data["messages"])]
    widths = (34, *([11] * count))
    sheet = book.sheet_with_header(labels["coverage"], header, widths, "B2", fit_width=count < 40)
    # Node ids in the graph are 1-based document positions; only owed pairs get a cell.
    states: dict[int, dict[int, str]] = {}
    for g, m in report.cells:
        state = report.state(g, m)
        if state in words:
            states.setdefault(g, {})[m] = state
    cell = book.cell
    for g, group in enumerate(data["groups"], start=1):
        row: list[Any] = [None] * (count + 1)
        row[0] = cell(group["name"])
        for m, state in states.get(g, {}).items():
            row[m] = cell(words[state], f"state:{state}", clean_text=False)
        sheet.append(row)
    sheet.append([])
    sheet.append([cell(labels["coverage_legend"], "legend")])


def _spokespersons_sheet(book: _Book, data: Mapping[str, Any], labels: Mapping[str, str]) -> None:
    header = [labels["subject"], labels["person"], labels["role"], labels["contact"]]
    rows = data.get("spokespersons") or []  # a plan JSON from before them has none
    sheet = book.sheet_with_header(labels["spokespersons"], header, (36, 26, 30, 36))
    _filter(sheet, len(header), len(rows))
    cell = book.cell
    for p in rows:
        sheet.append([cell(p["subject"]), cell(p["name"]), cell(p["role"]), cell(p["contact"])])


def _risks_sheet(book: _Book, data: Mapping[str, Any], labels: Mapping[str, str]) -> None:
    """The risk register; the score (likelihood × consequence) is a number, so the sheet
    sorts by it, and its level is also said in words."""
    header = [
        labels["risk"],
        labels["risk_score"],
        labels["risk_level"],
        labels["likelihood"],
        labels["consequence"],
        labels["mitigation"],
        labels["owner"],
        labels["status"],
    ]
    rows = data.get("risks") or []
    sheet = book.sheet_with_header(labels["risks"], header, (44, 10, 10, 12, 12, 44, 20, 14))
    _filter(sheet, len(header), len(rows))
    cell = book.cell
    for r in rows:
        likelihood, consequence = r.get("likelihood"), r.get("consequence")
        scored = isinstance(likelihood, int) and isinstance(consequence, int)
        score = likelihood * consequence if scored else None  # type: ignore[operator]
        level = labels[f"risk_{risk_level(score)}"] if score is not None else ""
        status = str(r.get("status") or "")
        sheet.append(
            [
                cell(r["text"]),
                cell(score, "number") if score is not None else None,
                cell(level),
                cell(likelihood, "number") if scored else None,
                cell(consequence, "number") if scored else None,
                cell(r.get("mitigation") or ""),
                cell(r.get("owner") or ""),
                cell(labels.get(f"risk_{status}", status)),
            ]
        )


def _properties(workbook: Workbook, data: Mapping[str, Any], labels: Mapping[str, str]) -> None:
    props = workbook.properties
    props.title = f"{clean(data['plan']['name'])} – {labels['activity_plan']}"[:255]
    props.subject = labels["document_type"]
    props.language = data["plan"]["language"]
    props.creator = clean(data["plan"]["organization"])[:255]
