"""LibreOffice as a layout engine: on which page each heading of a Word file lands.

A Word file's table of contents is a field; its page numbers exist only once a word processor
has laid the document out. Asking Word to update the fields on opening (w:updateFields) makes
it ask the reader a question every time. Instead, when LibreOffice is installed, komplan lays
the finished file out once with it (`soffice --headless --convert-to pdf`, in a throwaway
profile, with a time limit), reads the page of every heading from the PDF's bookmarks, and
writes the numbers into the field's result (see `word.plan_docx`). LibreOffice's pages are
Word's as far as the fonts allow: the documents use Arial, for which LibreOffice has the
metric-compatible Liberation Sans.

Settings: KOMPLAN_LIBREOFFICE (the soffice program; found on PATH by default, "" turns this
off) and KOMPLAN_LIBREOFFICE_TIMEOUT (seconds, default 60). Without LibreOffice, or when it
fails or takes too long, the file keeps the field for Word to fill and says so.
"""

from __future__ import annotations

import io
import logging
import os
import signal
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

__all__ = ["Paginator", "heading_pages", "paginator"]

logger = logging.getLogger(__name__)

# The page (1-based) of each bookmark, in document order: (title, page).
Paginator = Callable[[bytes], list[tuple[str, int]] | None]


def paginator() -> Paginator | None:
    """`heading_pages` with the configured LibreOffice, or None when there is none."""
    program = getattr(settings, "KOMPLAN_LIBREOFFICE", "")
    if not program:
        return None
    timeout = float(getattr(settings, "KOMPLAN_LIBREOFFICE_TIMEOUT", 60))
    return lambda docx: heading_pages(docx, program=program, timeout=timeout)


def heading_pages(docx: bytes, *, program: str, timeout: float) -> list[tuple[str, int]] | None:
    """Every heading of the Word file `docx` with the page LibreOffice puts it on, in
    document order; None when LibreOffice fails or takes longer than `timeout` seconds."""
    with tempfile.TemporaryDirectory(prefix="komplan-office-") as folder:
        work = Path(folder)
        source = work / "document.docx"
        source.write_bytes(docx)
        command = [
            program,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ]
        # A session of its own, so that a timeout ends soffice.bin too, not only the script
        # that started it.
        try:
            process = subprocess.Popen(
                command,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                start_new_session=True,
            )
        except OSError as error:
            logger.warning("LibreOffice could not be started (%s): %s", program, error)
            return None
        try:
            _, errors = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            logger.warning("LibreOffice took more than %s s to lay out a Word file", timeout)
            return None
        pdf = work / "document.pdf"
        if process.returncode != 0 or not pdf.exists():
            logger.warning(
                "LibreOffice could not lay out a Word file (status %s): %s",
                process.returncode,
                errors.decode(errors="replace")[-500:],
            )
            return None
        return _bookmarks(pdf.read_bytes())


def _bookmarks(pdf: bytes) -> list[tuple[str, int]] | None:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(pdf))
        found: list[tuple[str, int]] = []

        def walk(items: list[object]) -> None:
            for item in items:
                if isinstance(item, list):
                    walk(item)
                else:
                    page = reader.get_destination_page_number(item)  # type: ignore[arg-type]
                    found.append((" ".join(str(item.title).split()), page + 1))  # type: ignore[attr-defined]

        walk(reader.outline)
    except (PyPdfError, ValueError, KeyError) as error:
        logger.warning("The PDF LibreOffice made could not be read: %s", error)
        return None
    return found
