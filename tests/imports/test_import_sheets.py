"""Activity sheets of Norrviks kommun read as activities: from Excel and CSV, whatever row the
header is in, with merged cells, empty rows, red rows and the four languages' column names."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils.translation import override

from komplan.imports.importers import ReadOptions, read_upload
from komplan.imports.importers.csvfile import decode, sniff_delimiter
from komplan.imports.importers.resolve import Existing, Target, resolve
from komplan.imports.importers.sheet import is_red, split_names
from tests.imports.import_files import HEADER, ROWS, csv_bytes, workbook


@pytest.fixture(autouse=True)
def _english() -> None:
    with override("en"):
        yield


def titles(draft: object) -> list[str]:
    return [a.title for a in draft.activities]  # type: ignore[attr-defined]


def test_the_header_is_found_below_the_title_and_the_guidance() -> None:
    draft = read_upload(workbook(header_row=4), "aktivitetsplan.xlsx")
    assert draft.kind == "activities"
    assert draft.header_row == 4
    assert [c.field for c in draft.columns] == [
        "title",
        "description",
        "time",
        "channels",
        "responsible",
        "status",
    ]
    assert titles(draft) == [row[0] for row in ROWS]
    assert draft.rows_read == 4
    assert not draft.errors


def test_times_are_kept_as_written_and_read_as_periods() -> None:
    draft = read_upload(workbook(), "plan.xlsx")
    plan = resolve(draft, Target(language="sv", start=dt.date(2026, 1, 1)))
    by_title = {a.draft.title: a for a in plan.activities}
    spring = by_title["Nyhet på intranätet om det nya ärendesystemet"]
    assert spring.draft.time_text == "Våren 2026"
    assert (spring.period.start, spring.period.end) == (dt.date(2026, 3, 1), dt.date(2026, 5, 31))
    ongoing = by_title["Informationsmöte med enhetschefer"]
    assert ongoing.period.open_ended and ongoing.period.start == dt.date(2026, 9, 1)
    preliminary = by_title["Workshop med handläggare"]
    assert preliminary.period.preliminary
    assert preliminary.period.note == "när avtal är på plats"
    assert "preliminärt" in preliminary.understood


def test_red_rows_and_done_statuses_become_done() -> None:
    draft = read_upload(workbook(red=[2], red_font=[3]), "plan.xlsx")
    statuses = [(a.status, a.done_because) for a in draft.activities]
    assert statuses == [("done", "status"), ("planned", ""), ("done", "red"), ("done", "red")]


def test_excel_light_red_and_the_template_red_count_orange_and_pink_do_not() -> None:
    assert is_red("FFFF0000") and is_red("FFC7CE") and is_red("C00000") and is_red("FF9999")
    assert not is_red("FFC000") and not is_red("FF99CC") and not is_red("FFFFFF")
    assert not is_red("00B050") and not is_red("") and not is_red("zzzzzz")


def test_statuses_in_four_languages() -> None:
    rows = [
        [f"Aktivitet {n}", "", "2026", "", "", status]
        for n, status in enumerate(
            [
                "Genomförd",
                "Pågår",
                "Inställd",
                "Gennemført",
                "I gang",
                "Avlyst",
                "Done",
                "ej klar",
                "✓",
                "Inte klar",
                "kanske",
            ]
        )
    ]
    draft = read_upload(workbook(rows), "plan.xlsx")
    assert [a.status for a in draft.activities] == [
        "done", "in_progress", "cancelled", "done", "in_progress", "cancelled", "done",
        "planned", "done", "planned", "planned",
    ]  # fmt: skip
    assert [p.where for p in draft.problems] == ["row 15"]
    assert "kanske" in draft.problems[0].text


def test_empty_rows_are_skipped_and_rows_keep_their_numbers() -> None:
    draft = read_upload(workbook(blank_between=True, header_row=6), "plan.xlsx")
    assert titles(draft) == [row[0] for row in ROWS]
    assert [a.where for a in draft.activities] == ["row 7", "row 9", "row 11", "row 13"]


def test_merged_cells_count_for_every_row_they_cover() -> None:
    from openpyxl import load_workbook

    book = load_workbook(__import__("io").BytesIO(workbook()))
    ws = book.active
    ws.cell(6, 3, "Hösten 2026")
    ws.merge_cells("C6:C8")  # one time for three activities
    ws.cell(10, 1, "Våren 2027")
    ws.merge_cells("A10:F10")  # a heading row across the table
    ws.cell(11, 1, "Sista aktiviteten")
    out = __import__("io").BytesIO()
    book.save(out)
    draft = read_upload(out.getvalue(), "plan.xlsx")
    times = {a.title: a.time_text for a in draft.activities}
    assert times["Informationsmöte med enhetschefer"] == "Hösten 2026"
    assert times["Workshop med handläggare"] == "Hösten 2026"
    assert times["Utskick till föreningar"] == "Hösten 2026"
    assert "Våren 2027" not in times
    assert "Sista aktiviteten" in times
    assert any(p.where == "row 10" and "heading" in p.text for p in draft.problems)


@pytest.mark.parametrize(
    "header",
    [
        ["Aktivitet", "Formål og målgruppe", "Tidspunkt", "Kanal", "Ansvarlig", "Status"],
        ["Aktivitet", "Formål og målgruppe", "Tid", "Kanal", "Ansvarlig", "Status"],
        ["Activity", "Purpose and target group", "When", "Channel", "Responsible", "Status"],
        ["AKTIVITET ", "Syfte/målgrupp", "Tid (månad)", "Kanal/forum", "Ansvraig", "Klart?"],
    ],
    ids=["da", "nb", "en", "typos"],
)
def test_column_names_in_every_language_and_with_typos(header: list[str]) -> None:
    draft = read_upload(workbook(header=header), "plan.xlsx")
    assert [c.field for c in draft.columns] == [
        "title",
        "description",
        "time",
        "channels",
        "responsible",
        "status",
    ], [c.header for c in draft.columns]


def test_a_sheet_without_a_recognisable_header_asks_for_the_columns() -> None:
    draft = read_upload(workbook(header=["A", "B", "C", "D", "E", "F"]), "plan.xlsx")
    assert draft.errors and not draft.activities
    assert all(c.field == "" for c in draft.columns)
    options = ReadOptions(header_row=4, columns={0: "title", 2: "time"})
    chosen = read_upload(workbook(header=["A", "B", "C", "D", "E", "F"]), "plan.xlsx", options)
    assert not chosen.errors
    first = chosen.activities[0]
    assert (first.title, first.time_text) == (ROWS[0][0], ROWS[0][2])


def test_the_users_mapping_wins_over_the_guess() -> None:
    options = ReadOptions(columns={4: "", 1: "groups"})
    draft = read_upload(workbook(), "plan.xlsx", options)
    first = draft.activities[0]
    assert first.responsible == ""
    assert first.groups == ["Alla medarbetare ska känna till tjänsten"]
    assert draft.columns[4].field == "" and draft.columns[4].detected == "responsible"


def test_the_sheet_that_looks_like_an_activity_plan_is_read() -> None:
    data = workbook(extra_sheets=["Anteckningar", "Budget"])
    draft = read_upload(data, "plan.xlsx")
    assert draft.sheet == "Aktivitetsplan"
    assert set(draft.sheets) == {"Anteckningar", "Budget", "Aktivitetsplan"}
    other = read_upload(data, "plan.xlsx", ReadOptions(sheet="Anteckningar"))
    assert other.sheet == "Anteckningar" and other.errors


def test_dates_in_cells_and_date_columns() -> None:
    rows = [["Nämndmöte", "", dt.datetime(2026, 3, 12), "", "", ""]]
    draft = read_upload(workbook(rows), "plan.xlsx")
    assert draft.activities[0].time_text == "2026-03-12"
    header = ["Aktivitet", "Startdatum", "Slutdatum"]
    rows = [["Kampanj", dt.date(2026, 4, 1), dt.date(2026, 4, 30)]]
    planned = resolve(read_upload(workbook(rows, header=header), "p.xlsx"), Target("sv"))
    activity = planned.activities[0]
    assert activity.draft.time_text == "2026-04-01 – 2026-04-30"
    assert (activity.period.start, activity.period.end) == (
        dt.date(2026, 4, 1),
        dt.date(2026, 4, 30),
    )


def test_channels_and_groups_are_matched_ignoring_case_and_accents() -> None:
    header = ["Aktivitet", "Målgrupp", "Kanal"]
    rows = [
        ["Nyhet", "Handläggare, Chefer", "intranatet"],
        ["Möte", "HANDLÄGGARE", "Möte och e-post"],
        ["Brev", "chefer", "E-post"],
        ["Film", "Handläggare", "Möte med ppt och talepunkter"],
        ["Workshop", "", "Möte"],
    ]
    draft = read_upload(workbook(rows, header=header), "p.xlsx")
    existing = Existing(channels=[(7, "Intranätet")], groups=[(3, "Chefer")])
    plan = resolve(draft, Target("sv", existing=existing, new_plan=False))
    assert [(e.name, e.pk) for e in plan.channels] == [
        ("Intranätet", 7),
        ("Möte", None),
        ("E-post", None),
        ("Möte med ppt och talepunkter", None),
    ]
    assert [(e.name, e.pk) for e in plan.groups] == [("Handläggare", None), ("Chefer", 3)]
    assert plan.activities[1].channels == ["mote", "email"]  # e-post, mejl and mail are one


def test_split_names_reads_lines_commas_and_bullets() -> None:
    assert split_names("• Intranätet\n• APT; chefsträffar, intranätet") == [
        "Intranätet",
        "APT",
        "chefsträffar",
    ]


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1252", "utf-16"])
def test_csv_in_every_separator_and_encoding(delimiter: str, encoding: str) -> None:
    data = csv_bytes(delimiter=delimiter, encoding=encoding)
    draft = read_upload(data, "aktivitetsplan.csv")
    assert draft.header_row == 3
    assert titles(draft) == [row[0] for row in ROWS]
    assert draft.activities[1].time_text == "Höst 2026 – pågående" or encoding == "cp1252"
    assert draft.activities[0].status == "done"


def test_a_nul_deep_in_a_csv_file_is_dropped_not_stored() -> None:
    # Past the first 4 KiB, where the file-type check looks; PostgreSQL cannot store a NUL.
    data = csv_bytes(delimiter=";", encoding="utf-8") + ("x" * 5000).encode() + b"\x00;\n"
    assert "\x00" not in decode(data)
    assert decode("Hö\x00st".encode()) == "Höst"


def test_csv_decoding_and_sniffing() -> None:
    assert decode("Höst".encode("cp1252")) == "Höst"
    assert decode("\ufeffHöst".encode()) == "Höst"
    assert sniff_delimiter("a;b;c\n1;2;3\n") == ";"
    assert sniff_delimiter("a,b\n1,2,3\nx") == ","
    assert sniff_delimiter("bara en kolumn") == ";"


def test_a_long_activity_keeps_its_text_as_description() -> None:
    text = "Ett mycket långt stycke om aktiviteten. " * 20
    draft = read_upload(workbook([[text, "", "2026", "", "", ""]]), "plan.xlsx")
    activity = draft.activities[0]
    assert len(activity.title) <= 200 and activity.title.endswith("…")
    assert activity.description.startswith(text.strip()[:50])


def test_a_repeated_header_row_is_skipped() -> None:
    draft = read_upload(workbook([*ROWS[:2], HEADER, *ROWS[2:]]), "plan.xlsx")
    assert titles(draft) == [row[0] for row in ROWS]
    assert any("repeated" in p.text for p in draft.problems)
