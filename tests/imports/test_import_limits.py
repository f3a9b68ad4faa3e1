"""The import limits: a file beyond them is refused before any parser opens it, quickly and
without inflating it, with a message naming the limit and what the file had; a file within
them is read. Norrviks kommun's files, built in the test (the large ones streamed to disk)."""

from __future__ import annotations

import io
import math
import struct
import time
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.utils.translation import override

from komplan.imports.importers import RefusedFile, read_upload
from komplan.imports.importers.safety import MAX_BYTES
from tests.imports.import_files import (
    ROWS,
    background_paragraphs,
    csv_bytes,
    paragraph_xml,
    table_xml,
    word_document_with_body,
    workbook,
)

MB = 1024 * 1024


@pytest.fixture(autouse=True)
def _english() -> Any:
    with override("en"):
        yield


def refused(data: bytes, filename: str) -> str:
    with pytest.raises(RefusedFile) as caught:
        read_upload(data, filename)
    return str(caught.value)


def megabytes(size: int) -> str:
    return f"{math.ceil(size * 10 / MB) / 10:.1f}"


def document(body: Any) -> bytes:
    out = io.BytesIO()
    word_document_with_body(body, out)
    return out.getvalue()


def test_a_document_that_unpacks_to_too_much_xml_is_refused_at_once(tmp_path: Path) -> None:
    """As found by testing: a Word file far smaller than the upload limit whose XML unpacks
    past the limit. It used to keep the importer busy for minutes; now the zip directory
    alone refuses it."""
    path = tmp_path / "Kommunikationsplan.docx"
    word_document_with_body(background_paragraphs(420_000), path)  # about 60 MB of XML
    data = path.read_bytes()
    unpacked = sum(part.file_size for part in zipfile.ZipFile(path).infolist())
    assert len(data) < MAX_BYTES < 50 * MB < unpacked
    tracemalloc.start()
    start = time.perf_counter()
    try:
        message = refused(data, path.name)
        seconds = time.perf_counter() - start
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert f"unpacks to {megabytes(unpacked)} MB of XML" in message
    assert "at most 50 MB unpacked" in message
    assert seconds < 5
    assert peak < 5 * MB  # the XML was never inflated


def test_a_zip_directory_that_understates_a_part_is_refused(tmp_path: Path) -> None:
    """The directory says the document's XML is small; inflating it shows otherwise, and the
    file is refused after reading no more than the directory promised."""
    path = tmp_path / "plan.docx"
    word_document_with_body(background_paragraphs(40_000), path)
    data = bytearray(path.read_bytes())
    package = zipfile.ZipFile(path)
    part = package.getinfo("word/document.xml")
    struct.pack_into("<I", data, part.header_offset + 22, 1024)  # the local header: "1 kB"
    at = package.start_dir
    while data[at : at + 4] == b"PK\x01\x02":  # the central directory's entries
        name_length, extra, comment = struct.unpack_from("<HHH", data, at + 28)
        if data[at + 46 : at + 46 + name_length] == b"word/document.xml":
            struct.pack_into("<I", data, at + 24, 1024)
        at += 46 + name_length + extra + comment
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml").file_size == 1024
    start = time.perf_counter()
    assert "damaged" in refused(bytes(data), "plan.docx")
    assert time.perf_counter() - start < 5


def test_a_document_at_the_default_limits_is_read() -> None:
    """Just within the default limits: 19,900 paragraphs, a target-group table."""
    groups = [["Namn på målgrupp", "Intern/extern", "Prioritet", "Beskrivning"]]
    groups += [[f"Förvaltning {n}", "Intern", "Kärnintressent", "Berörs."] for n in range(24)]

    def body() -> Any:
        yield from background_paragraphs(19_700)
        yield paragraph_xml("3 Målgrupper", "Heading1")
        yield table_xml(groups)

    draft = read_upload(document(body()), "Kommunikationsplan.docx")
    assert not draft.errors
    assert len(draft.groups) == 24
    assert draft.facts.background.count("\n\n") == 19_698


def test_one_paragraph_more_than_the_limit_is_refused_with_the_count(settings: Any) -> None:
    settings.KOMPLAN_IMPORT_MAX_PARAGRAPHS = 300
    at_limit = document(background_paragraphs(300))
    assert read_upload(at_limit, "plan.docx").facts.background
    message = refused(document(background_paragraphs(301)), "plan.docx")
    assert "has 301 paragraphs" in message and "at most 300 paragraphs" in message


def test_paragraphs_in_table_cells_count(settings: Any) -> None:
    settings.KOMPLAN_IMPORT_MAX_PARAGRAPHS = 20
    rows = [["Kanal", "Beskrivning", "Ansvarig"]] + [["Intranätet", "Webb", "Kim"]] * 6
    message = refused(document(iter([table_xml(rows)])), "plan.docx")
    assert "has 21 paragraphs" in message


def test_a_document_whose_tables_have_too_many_rows_is_refused(settings: Any) -> None:
    settings.KOMPLAN_IMPORT_MAX_ROWS = 40
    rows = [["Aktivitet", "Tid", "Ansvarig"]] + [["Nyhet", "Våren 2026", "Kim"]] * 40
    assert read_upload(document(iter([table_xml(rows[:40])])), "plan.docx").activities
    message = refused(document(iter([table_xml(rows)])), "plan.docx")
    assert "tables have 41 rows" in message and "at most 40 rows" in message


def test_a_workbook_with_too_many_rows_or_cells_is_refused(settings: Any) -> None:
    rows = ROWS * 10  # 40 activities, a title, a guidance line and a header: 43 rows
    settings.KOMPLAN_IMPORT_MAX_ROWS = 43
    assert len(read_upload(workbook(rows), "plan.xlsx").activities) == 40
    settings.KOMPLAN_IMPORT_MAX_ROWS = 42
    message = refused(workbook(rows), "plan.xlsx")
    assert "has 43 rows" in message and "at most 42 rows" in message
    settings.KOMPLAN_IMPORT_MAX_ROWS = 20_000
    settings.KOMPLAN_IMPORT_MAX_CELLS = 100
    message = refused(workbook(rows), "plan.xlsx")
    assert "cells" in message and "at most 100 cells" in message


def test_a_csv_file_with_too_many_rows_or_bytes_is_refused(settings: Any) -> None:
    data = csv_bytes(ROWS * 10)  # a title, a blank line, the header and 40 rows
    settings.KOMPLAN_IMPORT_MAX_ROWS = 43
    assert len(read_upload(data, "plan.csv").activities) == 40
    settings.KOMPLAN_IMPORT_MAX_ROWS = 42
    assert "more than 42 rows" in refused(data, "plan.csv")
    settings.KOMPLAN_IMPORT_MAX_ROWS = 20_000
    settings.KOMPLAN_IMPORT_MAX_CSV_MB = 1
    big = data + "Nyhet;Info;Våren 2026;Intranätet;Kim;\r\n".encode() * 40_000
    message = refused(big, "plan.csv")
    assert f"is {megabytes(len(big))} MB" in message and "at most 1 MB" in message


def test_the_limit_message_is_in_the_users_language(settings: Any) -> None:
    settings.KOMPLAN_IMPORT_MAX_PARAGRAPHS = 10
    data = document(background_paragraphs(12))
    for language, words in [
        ("sv", "12 stycken"),
        ("da", "12 afsnit"),
        ("nb", "12 avsnitt"),
        ("en", "12 paragraphs"),
    ]:
        with override(language):
            assert words in refused(data, "plan.docx")


@pytest.mark.django_db
def test_the_upload_page_names_the_limit_and_keeps_nothing(
    settings: Any, tmp_path: Path, editor_client: Any, organization: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    settings.MEDIA_ROOT = tmp_path
    settings.KOMPLAN_IMPORT_MAX_PARAGRAPHS = 100
    upload = SimpleUploadedFile("Kommunikationsplan.docx", document(background_paragraphs(150)))
    response = editor_client.post(
        reverse("imports:import_new_upload", args=[organization.slug]),
        {"file": upload, "kind": ""},
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 400
    assert "Dokumentet har 150 stycken" in response.content.decode()
    assert "högst 100 stycken" in response.content.decode()
    assert not (tmp_path / "imports").exists()
