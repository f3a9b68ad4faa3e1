"""Hostile and broken files are refused before any parser sees them, with a message that says
what to do: zip bombs, XML entity expansion, renamed, oversized, encrypted and damaged files."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.utils.translation import override

from komplan.imports.importers import RefusedFile, read_upload
from komplan.imports.importers.safety import MAX_BYTES, _check_sizes, inspect
from tests.imports.import_files import (
    billion_laughs_docx,
    csv_bytes,
    encrypted_office_file,
    plan_document,
    replace_part,
    workbook,
    zip_bomb,
)


@pytest.fixture(autouse=True)
def _english() -> Any:
    with override("en"):
        yield


def refused(data: bytes, filename: str) -> str:
    with pytest.raises(RefusedFile) as caught:
        read_upload(data, filename)
    return str(caught.value)


def test_the_good_files_pass() -> None:
    assert inspect(workbook(), "plan.xlsx").format == "xlsx"
    assert inspect(plan_document(), "plan.docx").format == "docx"
    assert inspect(csv_bytes(), "plan.csv").format == "csv"
    assert inspect(csv_bytes(), "plan.txt").format == "csv"


def test_a_zip_bomb_is_refused_before_it_is_inflated() -> None:
    assert "zip bomb" in refused(zip_bomb(), "plan.docx")
    assert "zip bomb" in refused(zip_bomb("xlsx"), "plan.xlsx")


def test_declared_sizes_are_checked_without_reading() -> None:
    big = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
    big.file_size, big.compress_size = 150 * 1024 * 1024, 50 * 1024 * 1024
    with pytest.raises(RefusedFile):
        _check_sizes([big], 50 * 1024 * 1024)  # ratio 3, but 150 MB in all
    many = [zipfile.ZipInfo(f"part{n}.xml") for n in range(6000)]
    with pytest.raises(RefusedFile):
        _check_sizes(many, 1000)
    fine = zipfile.ZipInfo("word/document.xml")
    fine.file_size, fine.compress_size = 2 * 1024 * 1024, 200 * 1024
    _check_sizes([fine], 300 * 1024)


def test_xml_entity_expansion_is_refused() -> None:
    message = refused(billion_laughs_docx(), "plan.docx")
    assert "DOCTYPE" in message and "ENTITY" in message


def test_a_doctype_anywhere_in_the_package_is_refused() -> None:
    types = zipfile.ZipFile(io.BytesIO(workbook())).read("[Content_Types].xml")
    hostile = types.replace(
        b"<Types", b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><Types', 1
    )
    assert hostile != types
    assert "DOCTYPE" in refused(replace_part(workbook(), "[Content_Types].xml", hostile), "p.xlsx")


def test_xml_in_utf16_is_refused() -> None:
    import docx

    out = io.BytesIO()
    docx.Document().save(out)
    part = zipfile.ZipFile(out).read("word/document.xml").decode()
    data = replace_part(out.getvalue(), "word/document.xml", part.encode("utf-16"))
    assert "DOCTYPE" in refused(data, "plan.docx")


def test_an_excel_workbook_renamed_docx_is_named_for_what_it_is() -> None:
    message = refused(workbook(), "Kommunikationsplan.docx")
    assert "called .docx" in message and "Excel workbook" in message
    message = refused(plan_document(), "aktivitetsplan.xlsx")
    assert "Word document" in message


def test_a_file_over_20_mb_is_refused() -> None:
    data = b"Aktivitet;Tid\n" + b"x;y\n" * (25 * 1024 * 1024 // 4)
    assert len(data) > MAX_BYTES
    assert "at most 20 MB" in refused(data, "plan.csv")


def test_encrypted_and_old_binary_files_are_refused() -> None:
    for name in ("plan.docx", "plan.xlsx", "plan.doc", "plan.xls"):
        assert "password" in refused(encrypted_office_file(), name)


def test_damaged_files_are_refused() -> None:
    assert "damaged" in refused(workbook()[:2000], "plan.xlsx")
    assert "damaged" in refused(b"PK\x03\x04" + b"\0" * 100, "plan.docx")
    assert "not one" in refused(b"just some text", "plan.docx")
    assert "neither" in refused(b"\0\1\2\3" * 100, "plan.csv")
    assert "empty" in refused(b"", "plan.csv")
    assert ".csv" in refused(b"<html><body>x</body></html>", "plan.csv")


def test_a_package_without_content_types_is_damaged() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("word/document.xml", "<w:document/>")
    assert "damaged" in refused(out.getvalue(), "plan.docx")


def test_macro_enabled_packages_are_refused() -> None:
    types = zipfile.ZipFile(io.BytesIO(workbook())).read("[Content_Types].xml")
    macro = types.replace(
        b"spreadsheetml.sheet.main+xml", b"../vnd.ms-excel.sheet.macroEnabled.main+xml"
    )
    assert "macros" in refused(replace_part(workbook(), "[Content_Types].xml", macro), "p.xlsx")


def test_other_file_types_are_refused_with_what_komplan_reads() -> None:
    assert ".xlsx or .csv" in refused(b"%PDF-1.7 ...", "plan.pdf")


def test_a_presentation_is_refused() -> None:
    types = zipfile.ZipFile(io.BytesIO(plan_document())).read("[Content_Types].xml")
    pptx = types.replace(
        b"wordprocessingml.document.main+xml", b"presentationml.presentation.main+xml"
    )
    assert "presentation" in refused(
        replace_part(plan_document(), "[Content_Types].xml", pptx), "p.docx"
    )
