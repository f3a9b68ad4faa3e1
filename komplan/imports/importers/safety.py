"""Decide what an uploaded file is, and refuse it before any parser sees it when it is unsafe.

Office files are zip packages of XML. Before python-docx or openpyxl opens one, `inspect`
checks from the zip's central directory (without inflating anything) that it is not a zip
bomb, then reads every part once, in bounded chunks, and refuses any DOCTYPE or ENTITY
declaration: Office never writes one, and they are how XML entity expansion ("billion
laughs") and external entities get in. The package's kind comes from its content types, not
from the file name, so an Excel workbook renamed .docx is named for what it is. Encrypted
Office files and the old binary formats are OLE2 compound files and get their own message.
Macros are never run: macro-enabled packages are refused outright.

The import limits of settings.py bound what a parser may be given: the package's XML
unpacked (summed from the zip directory before anything is inflated, and counted again
while inflating, since a directory can lie), a Word document's paragraphs and table rows,
a workbook's rows and cells (counted as tags in the same single pass over the XML), and a
.csv file's size. Beyond a limit the file is refused with a message naming the limit and
what the file had, so that nothing spends minutes on it.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

from django.utils.formats import number_format
from django.utils.translation import gettext as _

__all__ = ["MAX_BYTES", "Limits", "RefusedFile", "inspect"]

MAX_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED = 100 * 1024 * 1024  # all parts together, as the zip declares them
MAX_RATIO = 200  # uncompressed / compressed, per part larger than RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_PARTS = 5_000
CHUNK = 1024 * 1024
MB = 1024 * 1024
MAX_CONTENT_TYPES = 1024 * 1024  # [Content_Types].xml lists parts: a few kilobytes

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)

# Main-part content types of the packages we read.
_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_WORD_TEMPLATE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_EXCEL = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_EXCEL_TEMPLATE = "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml"
_MACROS = ("macroenabled", "vbaproject", "vnd.ms-office.activex")
_PRESENTATION = "presentationml"
_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def _tag(name: bytes) -> re.Pattern[bytes]:
    """Start tags with local name `name`, whatever their prefix: <w:p>, <w:p w:rsidR="…">."""
    return re.compile(rb"<(?:[^\s<>/:=\"'!?]+:)?" + name + rb"[\s/>]")


# What each package's limits count, tag by tag, in the parts that are XML.
_COUNTED = {
    "docx": {"paragraphs": _tag(b"p"), "rows": _tag(b"tr")},
    "xlsx": {"rows": _tag(b"row"), "cells": _tag(b"c")},
}

EXTENSIONS = {
    "docx": "docx",
    "xlsx": "xlsx",
    "csv": "csv",
    "txt": "csv",
    "tsv": "csv",
    "json": "json",
}


class RefusedFile(Exception):
    """The file cannot be imported; the message says why and what to do, for the user."""


@dataclass(frozen=True, slots=True)
class Inspected:
    """A file that passed the checks: "docx", "xlsx", "csv" or "json" (plan JSON)."""

    format: str


def _extension(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].casefold() if "." in filename else ""


def _label(fmt: str) -> str:
    return {
        "docx": _("a Word document (.docx)"),
        "xlsx": _("an Excel workbook (.xlsx)"),
        "csv": _("a text file with values separated by commas or semicolons (.csv)"),
        "json": _("plan data (.json)"),
    }[fmt]


@dataclass(frozen=True, slots=True)
class Limits:
    """What an upload may hold (the import limits of settings.py, in bytes and counts)."""

    xml_bytes: int
    paragraphs: int
    rows: int
    cells: int
    csv_bytes: int

    @classmethod
    def from_settings(cls) -> Limits:
        from django.conf import settings

        return cls(
            xml_bytes=settings.KOMPLAN_IMPORT_MAX_XML_MB * MB,
            paragraphs=settings.KOMPLAN_IMPORT_MAX_PARAGRAPHS,
            rows=settings.KOMPLAN_IMPORT_MAX_ROWS,
            cells=settings.KOMPLAN_IMPORT_MAX_CELLS,
            csv_bytes=settings.KOMPLAN_IMPORT_MAX_CSV_MB * MB,
        )


def _mb(size: int) -> str:
    """Megabytes to one decimal, rounded up: a file just over a limit never reads as at it."""
    return number_format(math.ceil(size * 10 / MB) / 10, 1, force_grouping=True)


def _count(number: int) -> str:
    return number_format(number, force_grouping=True)


def inspect(data: bytes, filename: str) -> Inspected:
    """What `data` is, or RefusedFile with a message for the person who uploaded it."""
    if len(data) > MAX_BYTES:
        raise RefusedFile(
            _("The file is %(size)s MB; komplan imports files of at most %(limit)s MB.")
            % {"size": f"{len(data) / 1024 / 1024:.1f}", "limit": MAX_BYTES // 1024 // 1024}
        )
    if not data:
        raise RefusedFile(_("The file is empty."))
    extension = _extension(filename)
    if data.startswith(OLE2_MAGIC):
        raise RefusedFile(
            _(
                "The file is protected with a password, or it is in the old .doc or .xls "
                "format. Remove the password, or open it in Word or Excel and save it as "
                ".docx or .xlsx, then upload it again."
            )
        )
    limits = Limits.from_settings()
    if data.startswith(ZIP_MAGIC) or data.startswith(b"PK\x05\x06"):
        fmt = _package_format(data, limits)
    elif extension in ("docx", "xlsx"):
        raise RefusedFile(
            _(
                "The file is called .%(ext)s but is not one: it may be damaged. Open it in "
                "Word or Excel, save it again and upload that copy."
            )
            % {"ext": extension}
        )
    elif extension == "json":
        fmt = "json"  # whatever it holds, the plan-JSON reader says what is wrong with it
    else:
        fmt = _text_format(data)
        if len(data) > limits.csv_bytes:
            raise RefusedFile(
                _(
                    "The file is %(size)s MB; komplan imports .csv files of at most "
                    "%(limit)s MB. Split it into smaller files and import them one at a time."
                )
                % {"size": _mb(len(data)), "limit": _count(limits.csv_bytes // MB)}
            )
    expected = EXTENSIONS.get(extension)
    if expected is not None and expected != fmt:
        raise RefusedFile(
            _(
                "The file is called .%(ext)s but it is %(actual)s. Give it the right "
                "ending and upload it again, so that everyone knows what it is."
            )
            % {"ext": extension, "actual": _label(fmt)}
        )
    if expected is None:
        raise RefusedFile(
            _(
                "komplan imports activity plans as .xlsx or .csv, plan documents or "
                "briefings as .docx and plan data as .json; “%(name)s” is none of these."
            )
            % {"name": filename}
        )
    return Inspected(fmt)


def _text_format(data: bytes) -> str:
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "csv"  # UTF-16 text, as Excel's "Unicode text" writes it
    if b"\x00" in head:
        raise RefusedFile(
            _("The file is neither a Word document, an Excel workbook nor a text file.")
        )
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return "json"  # komplan's plan JSON (or JSON that its reader will say is not)
    if _DECLARATION.search(head) or head.lstrip().startswith(b"<"):
        raise RefusedFile(
            _(
                "The file looks like XML or HTML, not like a .csv file. Save the table from "
                "Excel as .xlsx or .csv and upload that."
            )
        )
    return "csv"


def _package_format(data: bytes, limits: Limits) -> str:
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        parts = package.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise RefusedFile(_damaged()) from None
    _check_sizes(parts, len(data))
    names = {part.filename for part in parts}
    if "[Content_Types].xml" not in names:
        raise RefusedFile(_damaged())
    if any(part.flag_bits & 0x1 for part in parts):
        raise RefusedFile(
            _("The file is protected with a password. Remove the password and upload it again.")
        )
    listing = package.getinfo("[Content_Types].xml")
    if listing.file_size > MAX_CONTENT_TYPES:
        raise RefusedFile(_damaged())
    _check_part(package, listing)
    raw_types = package.read(listing)
    xml_parts = _xml_parts(raw_types, parts)
    declared = sum(part.file_size for part in xml_parts)
    if declared > limits.xml_bytes:
        raise RefusedFile(_too_much_xml(_mb(declared), limits))
    fmt = _format(raw_types.decode("utf-8", "replace").casefold(), names)
    tally = _Tally(limits, _COUNTED[fmt])
    for part in parts:
        if part is not listing:
            _check_part(package, part, tally if part in xml_parts else None)
    tally.check(fmt)
    return fmt


def _xml_parts(raw_types: bytes, parts: list[zipfile.ZipInfo]) -> list[zipfile.ZipInfo]:
    """The parts a parser reads as XML: by their content type (a part's own, else its
    extension's), and every part named .xml or .rels whatever its type says."""
    try:
        root = ElementTree.fromstring(raw_types)  # no DOCTYPE: `_check_part` refused it
    except ElementTree.ParseError:
        raise RefusedFile(_damaged()) from None
    defaults = {
        (e.get("Extension") or "").casefold(): (e.get("ContentType") or "").casefold()
        for e in root.iter(f"{_TYPES_NS}Default")
    }
    overrides = {
        (e.get("PartName") or "").lstrip("/").casefold(): (e.get("ContentType") or "").casefold()
        for e in root.iter(f"{_TYPES_NS}Override")
    }
    found = []
    for part in parts:
        name = part.filename.casefold()
        kind = overrides.get(name) or defaults.get(name.rsplit(".", 1)[-1], "")
        if kind.endswith("xml") or name.endswith((".xml", ".rels")):
            found.append(part)
    return found


def _format(types: str, names: set[str]) -> str:
    """The package's kind by its content types; RefusedFile for what komplan never opens."""
    if any(word in types for word in _MACROS) or any(
        name.casefold().endswith("vbaproject.bin") for name in names
    ):
        raise RefusedFile(
            _(
                "The file contains macros. komplan never runs macros: save it without them "
                "(as .docx or .xlsx) and upload that copy."
            )
        )
    if _WORD.casefold() in types or _WORD_TEMPLATE.casefold() in types:
        return "docx"
    if _EXCEL.casefold() in types or _EXCEL_TEMPLATE.casefold() in types:
        return "xlsx"
    if _PRESENTATION in types:
        raise RefusedFile(
            _(
                "The file is a presentation. komplan imports Word documents, Excel workbooks "
                "and .csv files."
            )
        )
    raise RefusedFile(
        _("The file is a zip package but neither a Word document nor an Excel workbook.")
    )


def _too_much_xml(size: str, limits: Limits) -> str:
    return _(
        "The file unpacks to %(size)s MB of XML; komplan imports documents and workbooks of "
        "at most %(limit)s MB unpacked. Split it into smaller files and import them one at "
        "a time."
    ) % {"size": size, "limit": _count(limits.xml_bytes // MB)}


@dataclass(slots=True)
class _Tally:
    """The XML inflated so far and the tags counted in it, refused once over a limit."""

    limits: Limits
    patterns: dict[str, re.Pattern[bytes]]
    xml_bytes: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, window: bytes, tail: bytes, inflated: int) -> None:
        """Count a chunk: `window` is the tail of the previous chunk and the new one, so a tag
        cut in two by the chunk boundary is counted once."""
        self.xml_bytes += inflated
        if self.xml_bytes > self.limits.xml_bytes:
            raise RefusedFile(
                _too_much_xml(
                    _("more than %(size)s") % {"size": _count(self.limits.xml_bytes // MB)},
                    self.limits,
                )
            )
        for name, pattern in self.patterns.items():
            found = len(pattern.findall(window)) - len(pattern.findall(tail))
            self.counts[name] = self.counts.get(name, 0) + found

    def check(self, fmt: str) -> None:
        counts, limits = self.counts, self.limits
        if fmt == "docx" and counts.get("paragraphs", 0) > limits.paragraphs:
            raise RefusedFile(
                _(
                    "The document has %(count)s paragraphs (those in tables included); "
                    "komplan imports documents of at most %(limit)s paragraphs. Split it "
                    "into smaller documents and import them one at a time."
                )
                % {"count": _count(counts["paragraphs"]), "limit": _count(limits.paragraphs)}
            )
        if fmt == "docx" and counts.get("rows", 0) > limits.rows:
            raise RefusedFile(
                _(
                    "The document's tables have %(count)s rows; komplan imports documents "
                    "whose tables have at most %(limit)s rows. Split it into smaller "
                    "documents and import them one at a time."
                )
                % {"count": _count(counts["rows"]), "limit": _count(limits.rows)}
            )
        if fmt == "xlsx" and counts.get("rows", 0) > limits.rows:
            raise RefusedFile(
                _(
                    "The workbook has %(count)s rows; komplan imports workbooks of at most "
                    "%(limit)s rows, all sheets together. Split it into smaller files and "
                    "import them one at a time."
                )
                % {"count": _count(counts["rows"]), "limit": _count(limits.rows)}
            )
        if fmt == "xlsx" and counts.get("cells", 0) > limits.cells:
            raise RefusedFile(
                _(
                    "The workbook has %(count)s cells; komplan imports workbooks of at most "
                    "%(limit)s cells, all sheets together. Delete the columns and sheets "
                    "that are not part of the activity plan, or split it into smaller files."
                )
                % {"count": _count(counts["cells"]), "limit": _count(limits.cells)}
            )


def _damaged() -> str:
    return _(
        "The file is damaged or not a Word or Excel file. Open it in Word or Excel, save it "
        "again and upload that copy."
    )


def _too_big() -> str:
    return _(
        "The file unpacks to far more than its size (a “zip bomb”), so komplan will not open "
        "it. If it is a real plan, save it again from Word or Excel."
    )


def _check_sizes(parts: list[zipfile.ZipInfo], compressed_total: int) -> None:
    """Refuse a package whose declared sizes are too large before inflating any of it; the
    zip reader never returns more than a part's declared size, so the check binds."""
    if len(parts) > MAX_PARTS:
        raise RefusedFile(_too_big())
    total = 0
    for part in parts:
        total += part.file_size
        if part.file_size > RATIO_FLOOR and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise RefusedFile(_too_big())
    if total > MAX_UNCOMPRESSED or (
        total > RATIO_FLOOR and total > MAX_RATIO * max(compressed_total, 1)
    ):
        raise RefusedFile(_too_big())


def _check_part(
    package: zipfile.ZipFile, part: zipfile.ZipInfo, tally: _Tally | None = None
) -> None:
    """Read one part in chunks: refuse DOCTYPE/ENTITY declarations and non-UTF-8 XML, and
    count an XML part's bytes and tags into `tally`."""
    if part.is_dir():
        return
    tail = b""
    first = True
    read = 0
    try:
        with package.open(part) as stream:
            while chunk := stream.read(CHUNK):
                read += len(chunk)
                if read > part.file_size:  # more than the directory said: not a real package
                    raise RefusedFile(_damaged())
                if first:
                    first = False
                    # XML in UTF-16 or UTF-32 would hide a declaration from the byte search.
                    if chunk.startswith((b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")):
                        raise RefusedFile(_unsafe_xml())
                window = tail + chunk
                if _DECLARATION.search(window):
                    raise RefusedFile(_unsafe_xml())
                if tally is not None:
                    tally.add(window, tail, len(chunk))
                tail = window[-16:]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError):
        raise RefusedFile(_damaged()) from None
    except RuntimeError:  # an encrypted part
        raise RefusedFile(
            _("The file is protected with a password. Remove the password and upload it again.")
        ) from None


def _unsafe_xml() -> str:
    return _(
        "The file contains XML declarations that Word and Excel never write (a DOCTYPE or "
        "ENTITY), which can be used to attack the server, so komplan will not open it. Save "
        "it again from Word or Excel and upload that copy."
    )
