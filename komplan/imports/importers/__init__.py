"""Bring existing plans in: activity sheets (.xlsx, .csv), plan documents and briefings (.docx),
and komplan's own plan JSON (`planjson_import`, which needs no draft: the file is the data).

`read_upload(data, filename, options)` checks the file (`safety`), picks the reader by what
the file really is and returns an `ImportDraft`: plain data, nothing written. The preview
(`resolve.resolve`) says what the draft would create or link in a plan, and
`commit.import_commit` writes exactly that, in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from komplan.imports.importers.draft import KINDS, NOTE, ImportDraft
from komplan.imports.importers.safety import RefusedFile, inspect

__all__ = ["KINDS", "ImportDraft", "ReadOptions", "RefusedFile", "read_upload"]


@dataclass(slots=True)
class ReadOptions:
    """The user's choices over what komplan guessed; empty means "guess"."""

    kind: str = ""  # "activities", "plan" or "briefing"
    sheet: str = ""
    header_row: int | None = None
    columns: dict[int, str] = field(default_factory=dict)
    language: str = ""


def read_upload(data: bytes, filename: str, options: ReadOptions | None = None) -> ImportDraft:
    """The draft of the uploaded file, or RefusedFile saying why it cannot be read."""
    options = options or ReadOptions()
    fmt = inspect(data, filename).format
    if fmt == "json":
        raise ValueError("plan JSON is read by importers.planjson_import, not as a draft")
    if fmt in ("xlsx", "csv"):
        draft = _read_sheet(data, filename, fmt, options)
        if options.kind in ("plan", "briefing"):
            draft.problem(
                "",
                _(
                    "Plan documents and briefings are read from Word documents (.docx); this "
                    "file was read as an activity plan."
                ),
                NOTE,
            )
        return draft
    from komplan.imports.importers.briefing import briefing_from_text, looks_like_briefing
    from komplan.imports.importers.docx_plan import looks_like_plan, plan_from_text
    from komplan.imports.importers.docxblocks import read_blocks

    text = read_blocks(data)
    kind = options.kind
    if kind not in ("plan", "briefing"):
        kind = (
            "briefing"
            if looks_like_briefing(text.blocks) > looks_like_plan(text.blocks)
            else "plan"
        )
    if kind == "briefing":
        draft = briefing_from_text(text, filename=filename)
    else:
        draft = plan_from_text(text, filename=filename)
    if options.language:
        draft.language = options.language
    return draft


def _read_sheet(data: bytes, filename: str, fmt: str, options: ReadOptions) -> ImportDraft:
    if fmt == "xlsx":
        from komplan.imports.importers.xlsx import read_xlsx

        return read_xlsx(
            data,
            filename=filename,
            sheet=options.sheet or None,
            header_row=options.header_row,
            columns=options.columns,
            language=options.language,
        )
    from komplan.imports.importers.csvfile import read_csv

    return read_csv(
        data,
        filename=filename,
        header_row=options.header_row,
        columns=options.columns,
        language=options.language,
    )
