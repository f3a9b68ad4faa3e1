"""The notice and the minutes as Word and PDF, re-opened: everything the seed minutes hold
is in them, with headings in the forum's language."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document

from komplan.meetings import documents
from komplan.meetings.labels import LABELS, LANGUAGES
from komplan.meetings.services import minutes_data
from tests.exports.pdfstructure import table_headers
from tests.meetings.factories import justera, make_attachment

pytestmark = [pytest.mark.slow, pytest.mark.rendering]


def docx_text(body: bytes) -> str:
    """The document's paragraphs and table rows, in reading order."""
    from docx.table import Table

    parts = []
    for block in Document(io.BytesIO(body)).iter_inner_content():
        if isinstance(block, Table):
            parts += [" | ".join(cell.text for cell in row.cells) for row in block.rows]
        else:
            parts.append(block.text)
    return "\n".join(parts)


def pdf_text(body: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)


def one_line(text: str) -> str:
    return " ".join(text.split())


def person(name: str, organization: str, role: str = "", attendance: str = "present") -> Any:
    return {"name": name, "organization": organization, "role": role, "attendance": attendance}


def item(number: int | None, kind: str, description: str, start: str, **more: Any) -> Any:
    return {
        "number": number,
        "kind": kind,
        "description": description,
        "responsible": "Alla",
        "duration": 15,
        "start": start,
        "end": "",
        "notes": "",
        "decisions": [],
        "actions": [],
        "previous_actions": [],
    } | more


def action(text: str, owner: str, due: str = "") -> dict[str, str]:
    return {"text": text, "owner": owner, "due": due, "status": "open"}


APPROVAL = {
    "text": "E-rådet godkänner planen med ändringen i mål 1.",
    "plan": "Kommunikationsplan e-rådet",
    "plan_version": "1.0",
}

# The shape of the e-council's minutes, with fictional people: plain data, no database.
DATA: dict[str, Any] = {
    "format": 1,
    "language": "sv",
    "organization": "Fyrby kommunalförbund",
    "forum": "E-rådet",
    "title": "E-rådet",
    "date": "2026-10-03",
    "start": "09:00",
    "end": "12:00",
    "place": "Onlinemöte via Teams",
    "online_link": "",
    "version": 1,
    "status": "justered",
    "justered_at": "2026-10-10 14:05",
    "participants": [
        person("Sara Holm", "Fyrby", "process_leader"),
        person("Jörn Hagberg", "Vänersby"),
        person("Tove Andrén", "Fyrby"),
        person("Nils Faritz", "Strömby", "vice_chair", "absent"),
        person("Gunnar Gäst", "IT", attendance="guest"),
    ],
    "agenda": [
        item(
            1,
            "I",
            "Tidigare minnesanteckningar",
            "09:00",
            notes="Inga kommentarer.",
            previous_actions=[action("Boka lokal", "Tove")],
        ),
        item(
            2,
            "D",
            "Vad kan vi förbättra?",
            "09:15",
            notes="Vi diskuterar målen.\n\nBudskapen bör följas upp.",
            actions=[action("Skicka ut planen", "Sara", "2026-11-01")],
        ),
        item(None, "break", "Fika", "09:30", duration=30),
        item(3, "B", "Beslut av kommunikationsplan", "10:00", decisions=[APPROVAL]),
    ],
    "agenda_end": "10:15",
    "overrun_minutes": 0,
    "other_decisions": [],
    "other_actions": [],
    "note_taker": "Tove Andrén",
    "adjusters": [{"name": "Sara Holm", "approved_at": "2026-10-10 14:05"}],
    "attachments": [{"name": "2026-10-03 – Presentation av möte.pdf", "size": 1000}],
}

EVERYTHING = [
    "Minnesanteckningar",
    "Information om möte",
    "2026-10-03",
    "09.00–12.00",
    "Onlinemöte via Teams",
    "Deltagare",
    "Sara Holm (processledare)",
    "Jörn Hagberg",
    "Tove Andrén",
    "Förhindrade",
    "Nils Faritz (vice ordförande)",
    "Gäster",
    "Gunnar Gäst",
    "Dagordning",
    "Ca tid",
    "Tidigare minnesanteckningar",
    "Vad kan vi förbättra?",
    "Fika",
    "Beslut av kommunikationsplan",
    "09.15",
    "10.00",
    "Inga kommentarer.",
    "Budskapen bör följas upp.",
    "Boka lokal",
    "Skicka ut planen",
    "E-rådet godkänner planen med ändringen i mål 1.",
    "Godkänner Kommunikationsplan e-rådet, version 1.0.",
    "Antecknat av",
    "Justerat av",
    "2026-10-03 – Presentation av möte.pdf",
    "Bilagor",
]


def test_the_word_minutes_hold_what_the_seed_minutes_hold() -> None:
    text = docx_text(documents.minutes_docx(DATA))
    for expected in EVERYTHING:
        assert expected in text, expected
    after = text.split("Antecknat av", 1)[1]
    assert "Tove Andrén" in after.split("Justerat av")[0]
    assert "Sara Holm" in after.split("Justerat av")[1]
    absent = text.split("Förhindrade", 1)[1].split("Dagordning", 1)[0]
    assert "Nils Faritz" in absent and "Jörn Hagberg" not in absent


def test_the_pdf_minutes_hold_the_same() -> None:
    text = one_line(pdf_text(documents.minutes_pdf(DATA)))
    for expected in EVERYTHING:
        assert one_line(expected) in text, expected


def test_the_pdf_minutes_and_notice_give_every_table_header_its_scope() -> None:
    for body in (documents.minutes_pdf(DATA), documents.notice_pdf(DATA)):
        headers = table_headers(body)
        assert headers and all(scope for _, scope in headers), headers
        assert {scope for section, scope in headers if section == "/THead"} == {"/Column"}
        assert ("/TBody", "/Row") in headers  # the meeting facts: a label per row


@pytest.mark.parametrize("build", [documents.minutes_docx, documents.notice_docx])
def test_the_word_files_are_a4_with_the_meetings_properties_and_language(build: Any) -> None:
    """They were US Letter (python-docx's template) while their PDFs were A4, and said
    "python-docx", 2013 and en-US in their properties and default language."""
    from docx.oxml.ns import qn

    document = Document(io.BytesIO(build(DATA)))
    section = document.sections[0]
    assert (section.page_width, section.page_height) == (11906 * 635, 16838 * 635)
    properties = document.core_properties
    assert "E-rådet" in properties.title
    assert properties.language == "sv-SE" and properties.author == DATA["organization"]
    assert properties.created.date().isoformat() == DATA["date"]
    assert "python-docx" not in properties.comments
    styles = document.styles.element
    assert {lang.get(qn("w:val")) for lang in styles.iter(qn("w:lang"))} == {"sv-SE"}


def test_the_notice_holds_the_agenda_and_the_invited_but_no_notes() -> None:
    text = docx_text(documents.notice_docx(DATA))
    assert "Kallelse" in text and "Kallade" in text
    for expected in ("Tidigare minnesanteckningar", "09.15", "Fika", "Nils Faritz", "Boka lokal"):
        assert expected in text, expected
    assert "Budskapen bör följas upp." not in text
    assert "Antecknat av" not in text


def test_unjustered_minutes_say_so() -> None:
    draft = {**DATA, "status": "draft", "adjusters": [{"name": "Sara Holm", "approved_at": ""}]}
    text = docx_text(documents.minutes_docx(draft))
    assert "Utkast – ej justerat" in text
    assert "Ej justerat" in text.split("Justerat av", 1)[1]


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("da", ["Referat", "Afbud", "Dagsorden", "Referent", "Godkendt af", "næstformand"]),
        ("nb", ["Referat", "Forfall", "Saksliste", "Referent", "Godkjent av", "nestleder"]),
        ("en", ["Minutes", "Apologies", "Agenda", "Minutes taken by", "Approved by", "09:15"]),
    ],
)
def test_the_labels_follow_the_forums_language(language: str, words: list[str]) -> None:
    text = docx_text(documents.minutes_docx({**DATA, "language": language}))
    for word in words:
        assert word in text, word
    assert "Förhindrade" not in text


def test_every_language_has_every_label() -> None:
    keys = set(LABELS["sv"])
    for language in LANGUAGES:
        assert set(LABELS[language]) == keys, language


def test_hostile_text_does_not_break_the_files() -> None:
    hostile = 'rad ett\x0btvå\x00 <script>alert("x")</script> & <b>"citat"</b>'
    data = {**DATA, "title": hostile, "agenda": [{**DATA["agenda"][1], "notes": hostile}]}
    assert "alert" in docx_text(documents.minutes_docx(data))
    assert "alert" in pdf_text(documents.minutes_pdf(data))
    assert "<script>" not in documents.print_html(documents.minutes_layout(data))


def test_the_page_numbers_are_css_counters_around_the_label() -> None:
    assert documents.page_counter_css("Sida {page} ({pages})") == (
        '"Sida " counter(page) " (" counter(pages) ")"'
    )
    assert documents.page_counter_css('"</style>{page}') == (
        '"\\"\\3C /style>" counter(page) "" counter(pages) ""'
    )


def test_file_names_are_in_the_forums_language() -> None:
    assert (
        documents.filename(DATA, "minutes", "docx") == "Minnesanteckningar E-rådet 2026-10-03.docx"
    )
    assert documents.filename({**DATA, "version": 2, "language": "da"}, "minutes", "pdf") == (
        "Referat E-rådet 2026-10-03 v2.pdf"
    )
    assert documents.filename(DATA, "notice", "pdf") == "Kallelse E-rådet 2026-10-03.pdf"


# --- from the database, through the views ---------------------------------------------------


@pytest.mark.django_db
def test_exported_minutes_of_a_real_meeting_name_everyone_and_everything(
    editor_client: Any, meeting: Any, filled: dict[str, Any], adjuster: Any
) -> None:
    make_attachment(meeting, "Bildspel.pdf")
    justera(meeting, adjuster)
    data = minutes_data(meeting)
    names = [p["name"] for p in data["participants"]]
    absent = [p["name"] for p in data["participants"] if p["attendance"] == "absent"]
    assert len(names) == 6 and len(absent) == 1
    expected = [
        *names,
        *[item.description for item in filled["items"]],
        filled["decision"].text,
        filled["action"].text,
        "Tove Andrén",  # the note-taker
        "Sara Holm",  # the adjuster
        "Bildspel.pdf",
    ]
    docx = editor_client.get(f"/meetings/{meeting.pk}/minutes.docx")
    assert docx.status_code == 200
    assert docx["Content-Type"] == documents.DOCX
    assert "Minnesanteckningar" in docx["Content-Disposition"]
    text = docx_text(docx.content)
    for thing in expected:
        assert thing in text, thing
    assert absent[0] in text.split("Förhindrade", 1)[1].split("Dagordning", 1)[0]
    noted = text.split("Antecknat av", 1)[1]
    assert "Tove Andrén" in noted.split("Justerat av")[0]
    assert "Sara Holm (justerat" in noted.split("Justerat av")[1]

    pdf = editor_client.get(f"/meetings/{meeting.pk}/minutes/versions/1/minutes.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = one_line(pdf_text(pdf.content))
    for thing in expected:
        assert one_line(thing) in text, thing


@pytest.mark.django_db
def test_the_notice_downloads_as_word_and_pdf(
    editor_client: Any, meeting: Any, filled: dict[str, Any]
) -> None:
    for fmt in ("docx", "pdf"):
        response = editor_client.get(f"/meetings/{meeting.pk}/notice.{fmt}")
        assert response.status_code == 200
        assert "Kallelse" in response["Content-Disposition"]
    text = docx_text(editor_client.get(f"/meetings/{meeting.pk}/notice.docx").content)
    assert "09.00" in text and filled["items"][0].description in text
