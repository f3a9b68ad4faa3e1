"""The activity-plan workbook, re-opened with openpyxl: the demo plan of Norrviks kommun in
each plan language, hostile text, and the coverage sheet."""

from __future__ import annotations

import copy
import datetime as dt
import io
from typing import Any

import openpyxl
import pytest

from komplan.exports.excel import plan_xlsx
from komplan.exports.exports import build
from tests.exports.conftest import HOSTILE, HUGE
from tests.exports.expected import (
    ACTIVITY_TITLES,
    CHANNEL_NAMES,
    GROUP_NAMES,
    LABELS,
    MESSAGE_TEXTS,
)

DONE_FILL = "FFC7CE"


def reopen(body: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(body))


def column(sheet: Any, index: int) -> list[Any]:
    return [row[index] for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_the_activity_plan_sheet(demo_json: dict[str, Any], language: str) -> None:
    words = LABELS[language]
    workbook = reopen(plan_xlsx(demo_json))
    assert workbook.sheetnames == words["sheets"]
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header[0] == ("Activity" if language == "en" else "Aktivitet")
    # The follow-up too, so that the activity plan comes back whole (#15 item 7).
    assert len(header) == 12 and header[-3] == "Status"
    assert header[-2] == {"sv": "Uppföljning", "da": "Opfølgning", "nb": "Oppfølging"}.get(
        language, "Follow-up"
    )
    # The last column, hidden, holds the activities' ids for a re-import (#15 item 3).
    assert header[-1] == "komplan-id" and sheet.column_dimensions["L"].hidden
    assert isinstance(sheet["L2"].value, int)
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:L{len(ACTIVITY_TITLES) + 1}"
    assert column(sheet, 0) == ACTIVITY_TITLES
    assert sheet.column_dimensions["A"].width >= 30
    assert sheet["B2"].alignment.wrap_text
    # Time as written, and the period komplan understood as real dates.
    first = [cell.value for cell in sheet[2]]
    assert first[4] == "Januari 2026"
    assert first[5] == dt.datetime(2026, 1, 1) and first[6] == dt.datetime(2026, 1, 31)
    assert sheet["F2"].is_date
    assert first[2] == "Projektgruppen" and first[3] == "1, 2"
    assert first[7] == "Projektgruppens veckomöte"
    # A done activity is light red and says done; the others are neither (the fourth is
    # in progress).
    assert first[9] == words["done"]
    assert {cell.fill.fgColor.rgb[-6:] for cell in sheet[2]} == {DONE_FILL}
    assert sheet["A5"].fill.fill_type is None
    assert sheet["J5"].value != words["done"]


def test_the_register_sheets_in_plan_order(demo_json: dict[str, Any], language: str) -> None:
    workbook = reopen(plan_xlsx(demo_json))
    groups, messages, channels = workbook.worksheets[1:4]
    assert column(groups, 0) == GROUP_NAMES
    assert column(groups, 4)[4] == "Enhetschefer"  # the booking officers inherit theirs
    assert column(messages, 0) == list(range(1, len(MESSAGE_TEXTS) + 1))
    assert column(messages, 1) == MESSAGE_TEXTS
    assert column(channels, 0) == CHANNEL_NAMES
    for sheet in (groups, messages, channels):
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref


def test_the_coverage_sheet_uses_the_coverage_core(
    demo_json: dict[str, Any], language: str
) -> None:
    words = LABELS[language]
    sheet = reopen(plan_xlsx(demo_json)).worksheets[4]
    assert sheet.freeze_panes == "B2"
    header = [cell.value for cell in sheet[1]]
    assert header[1:] == [str(n) for n in range(1, len(MESSAGE_TEXTS) + 1)]
    last = len(GROUP_NAMES) + 1
    rows = {row[0]: row[1:] for row in sheet.iter_rows(min_row=2, max_row=last, values_only=True)}
    assert list(rows) == GROUP_NAMES
    # The booking officers inherit message 5 from the unit managers and no activity tells it.
    assert rows["Bokningshandläggare"][4] == words["gap"]
    assert rows["Kommunstyrelsen"][0] != words["gap"] and rows["Kommunstyrelsen"][0]
    assert rows["Invånare"][1] is None  # message 2 is not owed to residents
    gap_cell = sheet.cell(row=2 + GROUP_NAMES.index("Bokningshandläggare"), column=6)
    assert gap_cell.fill.fgColor.rgb[-6:] == DONE_FILL
    legend = [row[0] for row in sheet.iter_rows(min_row=last + 1, values_only=True) if row[0]]
    assert legend and words["gap"] in legend[0]


def test_the_file_is_named_in_the_plan_language(demo_json: dict[str, Any], language: str) -> None:
    exported = build(demo_json, "xlsx")
    day = demo_json["plan"]["last_changed"]  # a draft's day is its last change
    assert exported.filename == f"{LABELS[language]['workbook']} {day}.xlsx"
    assert exported.content_type.endswith("spreadsheetml.sheet")


def test_a_drafts_printed_pages_say_draft_and_a_published_plans_do_not(
    demo_json: dict[str, Any], language: str
) -> None:
    """Every sheet prints the project, its version and, for a draft, "Utkast" in its header,
    and the page number in its footer: a printed draft must not pass for the approved plan."""
    words = LABELS[language]
    draft = reopen(plan_xlsx(demo_json))
    for sheet in draft.worksheets:
        header = sheet.oddHeader.center.text
        assert header.startswith("Digital bokning av lokaler · ") and words["draft"] in header
        assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text
    published = copy.deepcopy(demo_json)
    published["plan"]["status"] = "published"
    header = reopen(plan_xlsx(published)).worksheets[0].oddHeader.center.text
    assert words["draft"] not in header and "0.1" in header


def test_an_ampersand_in_the_name_is_printed_not_read_as_a_code(demo_json: dict[str, Any]) -> None:
    named = copy.deepcopy(demo_json)
    named["plan"]["name"] = "Vård & omsorg"
    header = reopen(plan_xlsx(named)).worksheets[0].oddHeader.center.text
    assert header.startswith("Vård && omsorg")


def test_hostile_text_stays_text(hostile_json: dict[str, Any]) -> None:
    workbook = reopen(plan_xlsx(hostile_json))
    sheet = workbook.worksheets[0]
    assert sheet["A2"].value.startswith("Startmöte för projektgruppen Donaudampf")
    description = sheet["B2"].value
    for piece in ("مرحبا", "שלום", "🎉👩🏽‍💻", '<script>alert("x")</script>', "rad ett\nrad två"):
        assert piece in description
    assert "\x00" not in description and "\x0b" not in description and "\x1b" not in description
    assert "kontroll\ntecken" in description  # the vertical tab was a line break
    assert HUGE[:500] in description and len(description) > 10_000
    # A message that looks like a formula is text in every cell it is in.
    messages = workbook.worksheets[2]
    formula_like = [c for row in messages.iter_rows() for c in row if "=HYPERLINK" in str(c.value)]
    assert formula_like and all(c.data_type == "s" for c in formula_like)
    assert all(cell.fill.fgColor.rgb[-6:] == DONE_FILL for cell in sheet[3])
    assert HOSTILE.split(" · ")[0][:20] in workbook.worksheets[1]["A2"].value


def test_a_formula_as_the_whole_text_is_not_a_formula(demo_json: dict[str, Any]) -> None:
    demo_json["activities"][0]["title"] = "=1+1"
    demo_json["activities"][0]["responsible"] = "=cmd|' /C calc'!A0"
    sheet = reopen(plan_xlsx(demo_json)).worksheets[0]
    assert sheet["A2"].value == "=1+1" and sheet["A2"].data_type == "s"
    assert sheet["I2"].data_type == "s"


@pytest.mark.parametrize("activities", [0, 1])
def test_small_and_empty_plans(demo_json: dict[str, Any], activities: int) -> None:
    demo_json["activities"] = demo_json["activities"][:activities]
    demo_json["messages"], demo_json["channels"] = [], []
    sheet = reopen(plan_xlsx(demo_json)).worksheets[0]
    assert sheet.max_row == 1 + activities
