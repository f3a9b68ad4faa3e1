"""Activities from the rows of a table, whatever the table came from (Excel, CSV, Word).

A reader turns its file into `SheetRow`s of `Cell`s (text, whether the cell is red, whether it
continues a merged cell); `read_activities` finds the header, maps the columns (the user's
choices win over the guess), and reads each row below it as an activity: its time as written,
its status (a red row is done, as the municipal template says: "mark the activity red when it
is done"), and the groups and channels it names. Pure Python, no ORM.
"""

from __future__ import annotations

import colorsys
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from komplan.imports.importers.draft import (
    ERROR,
    NOTE,
    ActivityDraft,
    Column,
    ImportDraft,
    fold,
)
from komplan.imports.importers.mapping import (
    FIELDS,
    SINGLE,
    find_header,
    map_header,
    read_status,
)
from komplan.plans.periods import parse_period

__all__ = ["Cell", "SheetRow", "is_red", "read_activities", "split_names"]

MAX_ROWS = 20_000
SAMPLES = 3
TITLE_MAX = 500
NAME_MAX = 300
SHORT_MAX = 200


@dataclass(slots=True)
class Cell:
    text: str = ""
    red: bool = False
    # "" for a cell of its own; "across" or "down" when it repeats the first cell of a merge.
    merged: str = ""
    day: date | None = None  # when the cell holds a date, not text


@dataclass(slots=True)
class SheetRow:
    number: int  # as the user sees it: row 1 is the first row of the sheet
    cells: list[Cell] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        return [cell.text for cell in self.cells]

    @property
    def is_empty(self) -> bool:
        return not any(cell.text.strip() for cell in self.cells)


def is_red(rgb: str) -> bool:
    """Whether an "RRGGBB" or "AARRGGBB" colour is a red a person would call red: from the
    strong red of the template to Excel's light red fill (FFC7CE), not orange or pink."""
    rgb = rgb.strip().lstrip("#")[-6:]
    if len(rgb) != 6:
        return False
    try:
        r, g, b = (int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    except ValueError:
        return False
    hue, saturation, value = colorsys.rgb_to_hsv(r, g, b)
    return (hue <= 20 / 360 or hue >= 345 / 360) and saturation >= 0.18 and value >= 0.45


def row_label(number: int) -> str:
    return _("row %(number)s") % {"number": number}


_LEADING_MARK = re.compile(r"^\s*(?:[-–•*·]|\d+[.)])\s+")


def split_names(text: str) -> list[str]:
    """The names in a cell: one per line, or separated by commas or semicolons; each kept as
    written without list marks, duplicates (ignoring case and accents) left out."""
    names: list[str] = []
    seen: set[str] = set()
    for line in text.replace("\r", "\n").split("\n"):
        line = _LEADING_MARK.sub("", line)
        for piece in re.split(r"[;,•]", line):
            name = piece.strip(" \t.:")
            key = fold(name)
            if key and key not in seen:
                seen.add(key)
                names.append(name)
    return names


_NUMBERS = re.compile(
    r"^\s*\d+(?:\s*(?:,|;|&|\+|/|-|–|och|og|and|samt)\s*\d+)*\s*\.?\s*$", re.IGNORECASE
)


def split_messages(text: str) -> list[str]:
    """Message references in a cell: numbers ("1, 3 och 5") or texts, one per line."""
    if _NUMBERS.match(text):
        return re.findall(r"\d+", text)
    return split_names(text) if "\n" in text or ";" in text else [text.strip()] if text else []


def _day(cell: Cell, language: str) -> date | None:
    if cell.day is not None:
        return cell.day
    period = parse_period(cell.text, language)
    return period.start if period.precision == "day" else None


def _decimal(text: str) -> Decimal | None:
    cleaned = re.sub(r"[^\d,.-]", "", text.replace("\xa0", "").replace(" ", ""))
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    cleaned = cleaned.replace(",", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() and abs(value) < Decimal("1e12") else None


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return (cut or text[: limit - 1]) + "…"


def _header_index(rows: Sequence[SheetRow], header_row: int | None) -> tuple[int | None, bool]:
    """Index of the header among `rows` and whether it was found (not just the first row)."""
    if header_row is not None:
        for index, row in enumerate(rows):
            if row.number == header_row:
                return index, True
    match = find_header([row.texts for row in rows])
    if match is not None:
        return match.row, True
    for index, row in enumerate(rows):
        if not row.is_empty:
            return index, False
    return None, False


def read_activities(
    rows: Sequence[SheetRow],
    draft: ImportDraft,
    *,
    header_row: int | None = None,
    columns: dict[int, str] | None = None,
    language: str = "sv",
    where: Callable[[int], str] = row_label,
) -> None:
    """Find the header in `rows`, map its columns (`columns` overrides the guess, "" leaves a
    column out) and add the activity of each row below it to `draft`."""
    index, found = _header_index(rows, header_row)
    if index is None:
        draft.problem("", _("The table is empty."), ERROR)
        return
    header = rows[index]
    draft.header_row = header.number
    guessed = map_header(header.texts) if found else {}
    chosen = dict(guessed)
    for column, name in (columns or {}).items():
        if name in FIELDS:
            chosen[column] = name
        else:
            chosen.pop(column, None)
    ref_column = _id_column(header)
    if ref_column is not None:
        chosen.pop(ref_column, None)
        guessed.pop(ref_column, None)
    _keep_single(chosen)
    body = rows[index + 1 :]
    draft.columns = [c for c in _columns(header, body, guessed, chosen) if c.index != ref_column]
    if not found and header_row is None:
        draft.problem(
            where(header.number),
            _(
                "No header row found: komplan looks for a row naming the columns, such as "
                "“Aktivitet”, “Tid”, “Kanal” and “Ansvarig”. Choose below which column "
                "holds what."
            ),
            ERROR,
        )
    if "title" not in chosen.values():
        draft.problem(
            where(header.number),
            _("Choose the column that holds the activity (its name or what is done)."),
            ERROR,
        )
        return
    data_rows = [row for row in body if not row.is_empty]
    draft.rows_read = len(data_rows)
    if len(data_rows) > MAX_ROWS:
        draft.problem(
            "",
            _(
                "The table has more than %(limit)s rows; komplan imports at most %(limit)s "
                "activities at a time. Split it into smaller files."
            )
            % {"limit": f"{MAX_ROWS:,}"},
            ERROR,
        )
        return
    title_column = min(column for column, name in chosen.items() if name == "title")
    for row in data_rows:
        activity = _activity(row, header, title_column, chosen, draft, language, where)
        if activity is not None:
            if ref_column is not None and ref_column < len(row.cells):
                ref = row.cells[ref_column].text.strip()
                activity.ref = int(ref) if ref.isdigit() else None
            draft.activities.append(activity)


ID_HEADER = "komplan id"  # folded: the hidden column of activity ids komplan's export writes


def _id_column(header: SheetRow) -> int | None:
    """The column of komplan's own activity ids, in a sheet komplan exported."""
    return next((n for n, c in enumerate(header.cells) if fold(c.text) == ID_HEADER), None)


def _keep_single(chosen: dict[int, str]) -> None:
    """A single-valued field taken by two columns keeps the first of them."""
    seen: set[str] = set()
    for column in sorted(chosen):
        name = chosen[column]
        if name in SINGLE and name in seen:
            del chosen[column]
        seen.add(name)


def _columns(
    header: SheetRow, body: Sequence[SheetRow], guessed: dict[int, str], chosen: dict[int, str]
) -> list[Column]:
    width = max([len(header.cells), *(len(row.cells) for row in body[:200])], default=0)
    columns = []
    for column in range(width):
        text = header.cells[column].text.strip() if column < len(header.cells) else ""
        samples: list[str] = []
        for row in body:
            if len(samples) >= SAMPLES:
                break
            if column < len(row.cells) and row.cells[column].text.strip():
                samples.append(_cut(" ".join(row.cells[column].text.split()), 80))
        if not text and not samples:
            continue
        columns.append(
            Column(column, text, chosen.get(column, ""), guessed.get(column, ""), samples)
        )
    return columns


def _activity(
    row: SheetRow,
    header: SheetRow,
    title_column: int,
    chosen: dict[int, str],
    draft: ImportDraft,
    language: str,
    where: Callable[[int], str],
) -> ActivityDraft | None:
    values: dict[str, list[Cell]] = {}
    for column, name in chosen.items():
        if column < len(row.cells) and row.cells[column].text.strip():
            values.setdefault(name, []).append(row.cells[column])
    here = where(row.number)
    if not values:
        return None  # content only in columns that are not imported
    if _repeats_header(row, header, title_column):
        draft.problem(here, _("The header row is repeated here; the row was skipped."), NOTE)
        return None
    title_cells = values.get("title", [])
    if not title_cells:
        shown = _cut(" · ".join(c.text.strip() for cells in values.values() for c in cells), 80)
        draft.problem(
            here,
            _("No activity in this row, so it was skipped: “%(text)s”.") % {"text": shown},
        )
        return None
    filled = [c for c in row.cells if c.text.strip()]
    if len(filled) > 1 and all(c.merged == "across" for c in filled[1:]):
        draft.problem(
            here,
            _("“%(text)s” spans the whole row, so it was read as a heading, not an activity.")
            % {"text": _cut(title_cells[0].text.strip(), 80)},
            NOTE,
        )
        return None

    def text(name: str, joiner: str = "\n\n") -> str:
        return joiner.join(c.text.strip() for c in values.get(name, []))

    title = " ".join(text("title", " ").split())
    description = text("description")
    if len(title) > TITLE_MAX:
        description = f"{text('title')}\n\n{description}".strip()
        title = _cut(title, SHORT_MAX)
        draft.problem(
            here,
            _(
                "The activity is long; its first words are its name and the whole text its "
                "description."
            ),
            NOTE,
        )
    activity = ActivityDraft(title=title, description=description, where=here)
    activity.follow_up = text("follow_up")
    responsible = " ".join(text("responsible", ", ").split())
    activity.responsible = _cut(responsible, SHORT_MAX)
    for cell in values.get("time", [])[:1]:
        activity.time_text = cell.day.isoformat() if cell.day else " ".join(cell.text.split())
    if len(activity.time_text) > SHORT_MAX:
        activity.description = f"{activity.description}\n\n{activity.time_text}".strip()
        activity.time_text = _cut(activity.time_text, SHORT_MAX)
    for name in ("groups", "channels"):
        names: list[str] = []
        for cell in values.get(name, []):
            names += split_names(cell.text)
        for long_name in [n for n in names if len(n) > NAME_MAX]:
            draft.problem(
                here,
                _("A name longer than %(limit)s characters was shortened.") % {"limit": NAME_MAX},
                NOTE,
            )
            names[names.index(long_name)] = _cut(long_name, NAME_MAX)
        setattr(activity, name, names)
    for cell in values.get("messages", []):
        activity.messages += split_messages(cell.text)
    for name in ("start_date", "end_date"):
        for cell in values.get(name, [])[:1]:
            day = _day(cell, language)
            if day is None:
                draft.problem(
                    here,
                    _("“%(text)s” is not a date; it was left out.") % {"text": cell.text.strip()},
                )
            setattr(activity, name, day)
    for cell in values.get("budget", [])[:1]:
        activity.budget = _decimal(cell.text)
        if activity.budget is None:
            draft.problem(
                here,
                _("The budget “%(text)s” is not a number; it was left out.")
                % {"text": cell.text.strip()},
            )
    _status(activity, row, values.get("status", []), draft, here)
    return activity


def _repeats_header(row: SheetRow, header: SheetRow, title: int) -> bool:
    """Whether the row repeats the header, as tables printed over several pages do."""
    if title >= len(row.cells) or row.cells[title].text.casefold() != (
        header.cells[title].text.casefold()
    ):
        return False  # the cheap test first: this runs for every row
    same = sum(
        1
        for a, b in zip(row.cells, header.cells, strict=False)
        if a.text.strip() and fold(a.text) == fold(b.text)
    )
    return same >= min(2, sum(1 for c in header.cells if c.text.strip()))


def _status(
    activity: ActivityDraft, row: SheetRow, cells: list[Cell], draft: ImportDraft, here: str
) -> None:
    red = any(cell.red and cell.text.strip() for cell in row.cells) or any(
        cell.red for cell in row.cells[:1]
    )
    written = " ".join(cell.text.strip() for cell in cells)
    status = read_status(written) if written else None
    if written and status is None:
        draft.problem(
            here,
            _("The status “%(text)s” was not understood; the activity is planned.")
            % {"text": _cut(written, 60)},
        )
    if red and status not in ("cancelled",):
        activity.status, activity.done_because = "done", "red"
    elif status:
        activity.status = status
        activity.done_because = "status" if status == "done" else ""
    else:
        activity.status = "planned"
