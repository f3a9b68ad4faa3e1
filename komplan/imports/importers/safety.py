"""Decide what an uploaded file is, and refuse it before any parser sees it when it is unsafe.

Office files are zip packages of XML. Before python-docx or openpyxl opens one, `inspect`
checks from the zip's central directory (without inflating anything) that it is not a zip
bomb, then reads every part once, in bounded chunks, and refuses any DOCTYPE or ENTITY
declaration: Office never writes one, and they are how XML entity expansion ("billion
laughs") and external entities get in. The package's kind comes from its content types, not
from the file name, so an Excel workbook renamed .docx is named for what it is. Encrypted
Office files and the old binary formats are OLE2 compound files and get their own message.
Macros are never run: macro-enabled packages are refused outright.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

__all__ = ["MAX_BYTES", "RefusedFile", "inspect"]

MAX_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED = 100 * 1024 * 1024  # all parts together, as the zip declares them
MAX_RATIO = 200  # uncompressed / compressed, per part larger than RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_PARTS = 5_000
CHUNK = 1024 * 1024

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
    if data.startswith(ZIP_MAGIC) or data.startswith(b"PK\x05\x06"):
        fmt = _package_format(data)
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


def _package_format(data: bytes) -> str:
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        parts = package.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise RefusedFile(_damaged()) from None
    _check_sizes(parts, len(data))
    names = {part.filename for part in parts}
    if "[Content_Types].xml" not in names:
        raise RefusedFile(_damaged())
    for part in parts:
        if part.flag_bits & 0x1:
            raise RefusedFile(
                _("The file is protected with a password. Remove the password and upload it again.")
            )
        _check_part(package, part)
    types = package.read("[Content_Types].xml").decode("utf-8", "replace").casefold()
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


def _check_part(package: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    """Read one part in chunks: refuse DOCTYPE/ENTITY declarations and non-UTF-8 XML."""
    if part.is_dir():
        return
    tail = b""
    first = True
    try:
        with package.open(part) as stream:
            while chunk := stream.read(CHUNK):
                if first:
                    first = False
                    # XML in UTF-16 or UTF-32 would hide a declaration from the byte search.
                    if chunk.startswith((b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")):
                        raise RefusedFile(_unsafe_xml())
                window = tail + chunk
                if _DECLARATION.search(window):
                    raise RefusedFile(_unsafe_xml())
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
