"""User text made safe for document formats, and download file names. Pure: no Django.

Word and Excel files are XML 1.0, which cannot hold most control characters (a NUL or a
vertical tab breaks the file for every reader), so every text goes through `clean()` first.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

__all__ = ["attachment_header", "clean", "one_line", "paragraphs", "safe_filename"]

# Vertical tab and form feed are how some programs paste line and page breaks.
_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
# Not allowed in XML 1.0 (C0 controls but tab and newline, lone surrogates, U+FFFE/U+FFFF), plus
# DEL and the C1 controls, which are allowed but never meant.
_ILLEGAL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
# A character either of the two changes, in one class: a scan of clean text finds none.
_UNCLEAN = re.compile(f"[\\r\x0b\x0c\x85\u2028\u2029{_ILLEGAL.pattern[1:-1]}]")
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
_FILENAME_BAD = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def clean(text: str | None) -> str:
    """`text` with line breaks made "\\n" and characters XML 1.0 cannot hold removed."""
    if not text:
        return ""
    if _UNCLEAN.search(text) is None:  # most text: one scan, no copy
        return text
    return _ILLEGAL.sub("", _BREAKS.sub("\n", text))


def paragraphs(text: str | None) -> list[str]:
    """The cleaned text's paragraphs (split at blank lines), stripped, empty ones dropped.

    A paragraph may still hold single newlines: line breaks within it.
    """
    return [p.strip() for p in _BLANK_LINES.split(clean(text).strip()) if p.strip()]


def one_line(text: str, limit: int) -> str:
    """`text` on one line, shortened with an ellipsis to at most `limit` characters: for
    headers and margins, which must not grow with the text."""
    text = " ".join(clean(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def safe_filename(name: str, limit: int = 150) -> str:
    """`name` usable as a file name on Windows, macOS and Linux; never empty."""
    name = _FILENAME_BAD.sub("-", clean(name).replace("\n", " "))
    name = " ".join(name.split()).strip(" .-")
    return name[:limit].rstrip(" .") or "komplan"


def attachment_header(filename: str) -> str:
    """A Content-Disposition value with an ASCII fallback and the RFC 5987 UTF-8 name."""
    ascii_name = (
        unicodedata.normalize("NFKD", filename.replace("–", "-")).encode("ascii", "ignore").decode()
    )
    ascii_name = re.sub(r'["\\%]', "", ascii_name).strip() or "komplan"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"
