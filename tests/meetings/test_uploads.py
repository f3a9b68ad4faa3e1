"""Attachments are accepted by extension AND content, never by name alone."""

from __future__ import annotations

import io
import zipfile

import pytest

from komplan.meetings.uploads import sniff
from tests.meetings.factories import PDF_BYTES


def office(main_part: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(main_part, "<x/>")
    return out.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
JPG = b"\xff\xd8\xff\xe0" + b"\0" * 16


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("Presentation.pdf", PDF_BYTES, "pdf"),
        ("Protokoll.DOCX", office("word/document.xml"), "docx"),
        ("Budget.xlsx", office("xl/workbook.xml"), "xlsx"),
        ("Karta.png", PNG, "png"),
        ("Foto.jpg", JPG, "jpg"),
        ("Foto.jpeg", JPG, "jpg"),
    ],
)
def test_allowed_files_are_recognised(name: str, content: bytes, kind: str) -> None:
    handle = io.BytesIO(content)
    assert sniff(name, handle) == kind
    assert handle.tell() == 0


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("program.exe", b"MZ\x90\x00"),
        ("sida.html", b"<script>alert(1)</script>"),
        ("fake.pdf", b"<script>alert(1)</script>"),
        ("fake.png", PDF_BYTES),
        ("fake.docx", office("xl/workbook.xml")),  # a workbook renamed
        ("fake.xlsx", b"PK\x03\x04 not really a zip"),
        ("fake.jpg", b""),
        ("no-extension", PDF_BYTES),
    ],
)
def test_everything_else_is_refused(name: str, content: bytes) -> None:
    assert sniff(name, io.BytesIO(content)) is None
