"""Read an activity plan from an Excel workbook (.xlsx) that `safety.inspect` has passed.

The sheet whose header looks most like an activity plan is read unless the user names one.
Cells hold their values as Excel last calculated them (formulas are never evaluated, links and
macros never loaded); a merged cell's value counts for every cell it covers; a cell filled or
written in red marks its row done.
"""

from __future__ import annotations

import io
import warnings
from datetime import date, datetime, time
from typing import Any

from django.utils.translation import gettext as _

from komplan.imports.importers.draft import ImportDraft
from komplan.imports.importers.mapping import MAX_HEADER_SCAN, guess_language, header_score
from komplan.imports.importers.safety import RefusedFile
from komplan.imports.importers.sheet import MAX_ROWS, Cell, SheetRow, is_red, read_activities

__all__ = ["read_xlsx"]

MAX_COLUMNS = 60
MAX_REGISTER_ROWS = 2_000  # rows read from a sheet of groups, messages or channels


def read_xlsx(
    data: bytes,
    *,
    filename: str = "",
    sheet: str | None = None,
    header_row: int | None = None,
    columns: dict[int, str] | None = None,
    language: str = "",
) -> ImportDraft:
    """The activities of the workbook `data`; `sheet`, `header_row` and `columns` are the
    user's choices over what komplan guessed."""
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions
            book = load_workbook(io.BytesIO(data), data_only=True, keep_links=False, keep_vba=False)
    except Exception:  # openpyxl raises anything from KeyError to TypeError on a bad file
        raise RefusedFile(
            _(
                "The workbook could not be read: it may be damaged. Open it in Excel, save it "
                "again and upload that copy."
            )
        ) from None
    draft = ImportDraft(kind="activities", filename=filename)
    sheets = {ws.title: ws for ws in book.worksheets}
    draft.sheets = list(sheets)
    if not sheets:
        raise RefusedFile(_("The workbook has no sheets."))
    chosen = sheets.get(sheet or "")
    if chosen is None:
        chosen = max(sheets.values(), key=lambda ws: _best_score(_rows(ws, MAX_HEADER_SCAN)))
    draft.sheet = chosen.title
    rows = _rows(chosen, MAX_ROWS + MAX_HEADER_SCAN + 1)
    draft.language = language or guess_language(
        cell.text for row in rows[:200] for cell in row.cells
    )
    read_activities(
        rows,
        draft,
        header_row=header_row,
        columns=columns,
        language=draft.language or "sv",
    )
    others = [
        (ws.title, _rows(ws, MAX_REGISTER_ROWS)) for ws in sheets.values() if ws is not chosen
    ]
    if others:
        from komplan.imports.importers.docx_plan import registers_from_sheets

        registers_from_sheets(draft, others)
    return draft


def _best_score(rows: list[SheetRow]) -> float:
    return max((header_score(row.texts) for row in rows), default=0.0)


def _rows(ws: Any, limit: int) -> list[SheetRow]:
    """The sheet's first `limit` rows with content, merged cells filled in."""
    # The cell dictionary holds only the cells the file defines: reading it, not the sheet's
    # declared dimensions, keeps a stray cell in row 1,000,000 from costing a million rows.
    cells: dict[tuple[int, int], Any] = ws._cells
    numbers = sorted({r for (r, c), cell in cells.items() if c <= MAX_COLUMNS})
    numbers = numbers[:limit]
    if not numbers:
        return []
    last_row = numbers[-1]
    by_row: dict[int, dict[int, Cell]] = {n: {} for n in numbers}
    reds: dict[tuple[int, int], bool] = {}  # by (font, fill) of the workbook's style tables
    for (r, c), cell in cells.items():
        if r in by_row and c <= MAX_COLUMNS:
            by_row[r][c] = _cell(cell, reds)
    for merged in ws.merged_cells.ranges:
        origin = by_row.get(merged.min_row, {}).get(merged.min_col)
        if origin is None or not origin.text:
            continue
        for r in range(merged.min_row, min(merged.max_row, last_row) + 1):
            if r not in by_row:
                continue
            for c in range(merged.min_col, min(merged.max_col, MAX_COLUMNS) + 1):
                if (r, c) == (merged.min_row, merged.min_col):
                    continue
                kind = "across" if r == merged.min_row else "down"
                red = by_row[r].get(c, Cell()).red or origin.red
                by_row[r][c] = Cell(origin.text, red, kind, origin.day)
    rows = []
    for n in numbers:
        row = by_row[n]
        width = max(row, default=0)
        rows.append(SheetRow(n, [row.get(c, Cell()) for c in range(1, width + 1)]))
    return rows


def _cell(cell: Any, reds: dict[tuple[int, int], bool] | None = None) -> Cell:
    value = getattr(cell, "value", None)
    day = None
    if value is None:
        text = ""
    elif isinstance(value, datetime):
        day = value.date()
        text = day.isoformat() if value.time() == time(0) else value.isoformat(" ", "minutes")
    elif isinstance(value, date):
        day, text = value, value.isoformat()
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    return Cell(text.strip(), _red_cached(cell, reds) if reds is not None else _red(cell), "", day)


def _red_cached(cell: Any, reds: dict[tuple[int, int], bool]) -> bool:
    """`_red`, looked up once per font and fill: a sheet of 5,000 rows has a handful of
    styles, and reading a cell's fill and font builds objects each time."""
    if not getattr(cell, "has_style", False):
        return False
    style = getattr(cell, "_style", None)
    if style is None:
        return _red(cell)
    key = (style.fontId, style.fillId)
    if key not in reds:
        reds[key] = _red(cell)
    return reds[key]


def _red(cell: Any) -> bool:
    if not getattr(cell, "has_style", False):
        return False
    try:
        fill = cell.fill
        if fill is not None and fill.fill_type not in (None, "none") and _is_red(fill.fgColor):
            return True
        font = cell.font
        return font is not None and _is_red(font.color)
    except (AttributeError, IndexError, KeyError, TypeError, ValueError):
        return False


def _is_red(color: Any) -> bool:
    if color is None:
        return False
    kind = getattr(color, "type", None)
    if kind == "rgb" and isinstance(color.rgb, str):
        return is_red(color.rgb)
    if kind == "indexed":
        from openpyxl.styles.colors import COLOR_INDEX

        index = color.indexed
        return (
            isinstance(index, int) and 0 <= index < len(COLOR_INDEX) and is_red(COLOR_INDEX[index])
        )
    return False
