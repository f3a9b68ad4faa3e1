"""The one place that turns a plan into a downloadable file of a given format.

Views and the `komplan export` command both call `export_file(plan, fmt)`: read the plan once
into plan JSON, hand that dict to the pure builder of the format, and name the file in the
plan's language. A frozen snapshot (plan JSON saved earlier) goes through `build(data, fmt)`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from komplan.core.bulk import gc_paused
from komplan.exports import excel, office, pdf, word
from komplan.exports.content import document_filename, spreadsheet_filename
from komplan.plans.planjson import PlanJSON, plan_to_json

__all__ = [
    "FORMATS",
    "ExportedFile",
    "Format",
    "build",
    "download_links",
    "export_bytes",
    "export_file",
    "paginated",
    "size_estimate",
]


@dataclass(frozen=True, slots=True)
class Format:
    extension: str
    content_type: str
    builder: Callable[[Mapping[str, Any]], bytes]
    label: Any  # lazy: what a download link says, in the language active when it is shown


def plan_json_bytes(data: Mapping[str, Any]) -> bytes:
    """Plan JSON as compact UTF-8 (indenting would take Python's slow encoder: a second for a
    10,000-activity plan); `python -m json.tool` prints it for people."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def plan_docx(data: Mapping[str, Any]) -> bytes:
    """The Word document, its contents' page numbers laid out by LibreOffice when it is
    configured and the plan small enough to be laid out in moments (see `office`)."""
    paginate = office.paginator() if paginated(len(data["activities"])) else None
    return word.plan_docx(data, paginate=paginate)


def paginated(activities: int) -> bool:
    """Whether the Word file of a plan with this many activities is laid out by LibreOffice."""
    return activities <= PAGINATED_ACTIVITIES and office.paginator() is not None


# LibreOffice lays out the demo plan in seconds, a 10,000-activity plan not within a request:
# a larger plan's file asks Word to fill in the page numbers.
PAGINATED_ACTIVITIES = 300

# In the order the download links list them.
FORMATS: dict[str, Format] = {
    "docx": Format("docx", word.CONTENT_TYPE, plan_docx, _("Word document")),
    "pdf": Format("pdf", pdf.CONTENT_TYPE, pdf.plan_pdf, _("PDF document")),
    "xlsx": Format("xlsx", excel.CONTENT_TYPE, excel.plan_xlsx, _("Activity plan in Excel")),
    "json": Format("json", "application/json", plan_json_bytes, _("Plan data for other systems")),
}


@dataclass(frozen=True, slots=True)
class ExportedFile:
    body: bytes
    filename: str
    content_type: str


def filename(data: Mapping[str, Any], fmt: str) -> str:
    """The file's name in the plan's language: the workbook is the plan's activity plan."""
    if fmt == "xlsx":
        return spreadsheet_filename(data)
    return document_filename(data, FORMATS[fmt].extension)


def build(data: PlanJSON, fmt: str) -> ExportedFile:
    """The file of format `fmt` (a key of FORMATS) for plan JSON `data`, every entry in it."""
    spec = FORMATS[fmt]
    return ExportedFile(spec.builder(data), filename(data, fmt), spec.content_type)


def export_file(plan: Any, fmt: str, *, personal_data: bool = False) -> ExportedFile:
    """The plan, read now, as a file of format `fmt`; KeyError for an unknown format.
    `personal_data`: plan JSON with the contacts' details, not only their keys (docs/gdpr.md)."""
    if fmt not in FORMATS:
        raise KeyError(fmt)
    with gc_paused() if fmt in _GC_PAUSED else nullcontext():
        return build(plan_to_json(plan, personal_data=personal_data), fmt)


# Formats read and built without the cyclic garbage collector (see komplan.core.bulk): reading
# a 10,000-activity plan and building its Word file makes ~1 million objects that live until
# the file is made, and the collector's runs over them took 0.1–0.2 s of 0.75 s of CPU
# (benchmarks/exports.py). Measured for Word only; WeasyPrint's boxes (PDF) hold cycles.
_GC_PAUSED = frozenset({"docx"})


def export_bytes(plan: Any, fmt: str) -> bytes:
    return export_file(plan, fmt).body


# Bytes of an empty plan's file, and per entry of each register, measured on the demo plan and
# a 10,000-activity plan (benchmarks/exports.py).
_SIZE_MODEL: dict[str, tuple[int, dict[str, int]]] = {
    "docx": (40_000, {"activities": 45, "groups": 90, "messages": 150, "channels": 90}),
    "xlsx": (8_000, {"activities": 90, "groups": 40, "messages": 40, "channels": 40}),
    "pdf": (60_000, {"activities": 700, "groups": 300, "messages": 300, "channels": 300}),
    "json": (1_500, {"activities": 550, "groups": 200, "messages": 250, "channels": 250}),
}


def download_links(counts: Mapping[str, int], url: Callable[[str], str]) -> list[dict[str, str]]:
    """Every format as a link for `exports/_downloads.html`: `url(fmt)` is where it is
    downloaded. The files are made on download, so their sizes are estimated from the plan's
    register `counts`; the labels are in the active language."""
    return [
        {
            "url": url(fmt),
            "label": str(spec.label),
            "extension": f".{spec.extension}",
            "size": filesizeformat(size_estimate(fmt, counts)),
        }
        for fmt, spec in FORMATS.items()
    ]


def size_estimate(fmt: str, counts: Mapping[str, int]) -> int:
    """About how many bytes the file of format `fmt` takes, from the plan's register counts."""
    base, per_entry = _SIZE_MODEL[fmt]
    size = base + sum(size * counts.get(register, 0) for register, size in per_entry.items())
    return round(size, 2 - len(str(size)))  # two significant digits: it is an estimate
