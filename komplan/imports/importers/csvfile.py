"""Read an activity plan from a .csv file: any of the encodings and separators Excel writes.

The text is UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark
(Excel's "Unicode text"), or else Windows-1252 (Excel's "CSV" on a Nordic Windows). The
separator is sniffed among semicolon (Nordic Excel), comma and tab.
"""

from __future__ import annotations

import csv
import io
from collections import Counter

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from komplan.imports.importers.draft import ImportDraft
from komplan.imports.importers.mapping import guess_language
from komplan.imports.importers.safety import Limits, RefusedFile
from komplan.imports.importers.sheet import Cell, SheetRow, read_activities

__all__ = ["decode", "read_csv", "sniff_delimiter"]

DELIMITERS = ";,\t"
SAMPLE = 64 * 1024
MAX_FIELD = 1024 * 1024


def decode(data: bytes) -> str:
    """The text of `data`: UTF-16 by its byte-order mark, else UTF-8, else Windows-1252.

    NUL characters are dropped: they never mean anything in a table, and PostgreSQL refuses
    to store them, which would fail the import's commit long after the preview said yes.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16").replace("\x00", "")
        except UnicodeDecodeError:
            pass
    else:
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return data.decode(encoding).replace("\x00", "")
            except UnicodeDecodeError:
                continue
    raise RefusedFile(
        _(
            "The text of the file could not be read. Save it from Excel as “CSV UTF-8” and "
            "upload it again."
        )
    )


def sniff_delimiter(text: str) -> str:
    """The separator of the table in `text`: semicolon, comma or tab."""
    sample = text[:SAMPLE]
    lines = [line for line in sample.splitlines() if line.strip()][:30]
    try:
        dialect = csv.Sniffer().sniff("\n".join(lines), delimiters=DELIMITERS)
        if dialect.delimiter in DELIMITERS:
            return dialect.delimiter
    except csv.Error:
        pass
    # The Sniffer gives up on ragged tables: take the separator found on most lines.
    counts: Counter[str] = Counter()
    for line in lines:
        for delimiter in DELIMITERS:
            if delimiter in line:
                counts[delimiter] += 1
    return counts.most_common(1)[0][0] if counts else ";"


def read_csv(
    data: bytes,
    *,
    filename: str = "",
    header_row: int | None = None,
    columns: dict[int, str] | None = None,
    language: str = "",
) -> ImportDraft:
    """The activities of the .csv file `data`."""
    text = decode(data)
    delimiter = sniff_delimiter(text)
    draft = ImportDraft(kind="activities", filename=filename)
    rows: list[SheetRow] = []
    max_rows = Limits.from_settings().rows
    old_limit = csv.field_size_limit()
    try:
        csv.field_size_limit(MAX_FIELD)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for number, record in enumerate(reader, start=1):
            if number > max_rows:  # refused before any row is read as an activity
                raise RefusedFile(
                    _(
                        "The file has more than %(limit)s rows; komplan imports files of at "
                        "most %(limit)s rows. Split it into smaller files and import them one "
                        "at a time."
                    )
                    % {"limit": number_format(max_rows, force_grouping=True)}
                )
            rows.append(SheetRow(number, [Cell(value.strip()) for value in record]))
    except csv.Error as error:
        raise RefusedFile(
            _("Row %(row)s of the file could not be read (%(error)s).")
            % {"row": len(rows) + 1, "error": error}
        ) from None
    finally:
        csv.field_size_limit(old_limit)
    draft.language = language or guess_language(
        cell.text for row in rows[:200] for cell in row.cells
    )
    read_activities(
        rows, draft, header_row=header_row, columns=columns, language=draft.language or "sv"
    )
    return draft
