"""`komplan export PLAN_ID --format … -o FILE`: the same files as the downloads, from a shell."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from komplan.plans.planjson import plan_to_json
from tests.exports.expected import ACTIVITY_TITLES, GROUP_NAMES, LABELS


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf", "json"])
def test_each_format_is_written_to_the_file(
    demo_json: dict[str, Any], demo_plan: Any, language: str, fmt: str, tmp_path: Path
) -> None:
    target = tmp_path / f"plan.{fmt}"
    call_command("export", str(demo_plan.pk), format=fmt, output=str(target))
    body = target.read_bytes()
    if fmt == "docx":
        headings = [p.text for p in docx.Document(io.BytesIO(body)).paragraphs]
        assert LABELS[language]["groups"] in headings
    elif fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(body)).worksheets[0]
        assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ACTIVITY_TITLES
    elif fmt == "pdf":
        assert LABELS[language]["page"].format(
            page=1, pages=len(PdfReader(io.BytesIO(body)).pages)
        ) in (PdfReader(io.BytesIO(body)).pages[0].extract_text())
    else:
        assert [g["name"] for g in json.loads(body)["groups"]] == GROUP_NAMES


def test_without_output_the_file_gets_the_download_name(
    demo_plan: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    call_command("export", str(demo_plan.pk), format="xlsx")
    day = plan_to_json(demo_plan)["plan"]["last_changed"]
    expected = f"Digital bokning av lokaler – Aktivitetsplan v0.1 {day}.xlsx"
    assert [p.name for p in tmp_path.iterdir()] == [expected]


def test_a_dash_writes_to_standard_output(demo_plan: Any, capsysbinary: Any) -> None:
    call_command("export", str(demo_plan.pk), format="json", output="-")
    data = json.loads(capsysbinary.readouterr().out)
    assert data["format"] == "komplan-plan"


def test_an_unknown_plan_is_an_error_with_status_2(db: Any) -> None:
    with pytest.raises(CommandError, match="no plan with id 4711") as error:
        call_command("export", "4711", format="pdf")
    assert error.value.returncode == 2


def test_an_unknown_format_is_an_error_with_status_2(demo_plan: Any) -> None:
    with pytest.raises(CommandError, match="unknown format 'odt': use one of docx") as error:
        call_command("export", str(demo_plan.pk), format="odt")
    assert error.value.returncode == 2


def test_the_console_script_exits_with_status_2(tmp_path: Path) -> None:
    """From a shell: the message on standard error and exit status 2, no traceback."""
    env = {**os.environ, "KOMPLAN_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": ""}
    env.pop("DJANGO_SETTINGS_MODULE")
    result = subprocess.run(
        [sys.executable, "-m", "komplan.cli", "export", "1", "--format", "odt", "-o", "x"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 2
    assert "unknown format 'odt'" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x").exists()
