"""The Word document, re-opened with python-docx: the demo plan of Norrviks kommun in each of
the four plan languages, hostile text, and (slow) LibreOffice's rendering of it."""

from __future__ import annotations

import copy
import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from docx.table import Table

from komplan.exports.content import Revision
from komplan.exports.exports import build
from komplan.exports.word import plan_docx
from komplan.plans.planjson import plan_to_json
from tests.exports.conftest import HOSTILE_PIECES, HUGE, with_activities
from tests.exports.expected import (
    ACTIVITY_TITLES,
    CHANNEL_NAMES,
    GROUP_NAMES,
    HEADINGS,
    LABELS,
    MESSAGE_TEXTS,
    assert_in_order,
    squash,
)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
XML_LANG = {"sv": "sv-SE", "da": "da-DK", "nb": "nb-NO", "en": "en-GB"}


def reopen(body: bytes) -> Any:
    return docx.Document(io.BytesIO(body))


def headings(document: Any) -> list[tuple[str, str]]:
    return [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]


def table_after(document: Any, first_header: str) -> Table:
    for table in document.tables:
        if table.rows[0].cells[0].text == first_header:
            return table
    raise AssertionError(f"no table starting with {first_header!r}")


def activity_plan_table(document: Any) -> Table:
    """The activity plan: the last table whose header ends with the status (the
    spokespersons and risks follow it)."""
    return [t for t in document.tables if len(t.rows[0].cells) == 6][-1]


def column(table: Table, index: int = 0) -> list[str]:
    return [row.cells[index].text for row in table.rows[1:]]


def section_text(document: Any, start: str, end: str) -> str:
    """The paragraphs from Heading 1 `start` to Heading 1 `end` (not the contents' entries)."""
    lines, inside = [], False
    for paragraph in document.paragraphs:
        if paragraph.style.name == "Heading 1":
            inside = paragraph.text == start or (inside and paragraph.text != end)
        if inside:
            lines.append(paragraph.text)
    return "\n".join(lines)


def body_text(document: Any) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def test_the_demo_plan_reads_like_the_plan_document(
    demo_json: dict[str, Any], language: str
) -> None:
    words = LABELS[language]
    document = reopen(plan_docx(demo_json))
    found = headings(document)
    titles = [text for _, text in found]
    assert_in_order("\n".join(titles), [words[key] for key in HEADINGS], "headings")
    assert ("Heading 1", words["groups"]) in found
    assert ("Heading 2", words["activities"]) in found
    assert [text for style, text in found if style == "Heading 3"] == [
        f"6.1.{n} {title}" for n, title in enumerate(ACTIVITY_TITLES, start=1)
    ]
    groups = table_after(document, words["group_column"])
    assert column(groups) == GROUP_NAMES
    assert column(groups, 1)[0] == words["internal"]
    channels = table_after(document, words["channel_column"])
    assert column(channels) == CHANNEL_NAMES
    activity_plan = activity_plan_table(document)
    assert column(activity_plan) == ACTIVITY_TITLES
    assert column(activity_plan, 5)[0] == words["done"]
    messages = section_text(document, words["messages"], words["channels"])
    assert_in_order(messages, MESSAGE_TEXTS, "messages")
    assert words["clarification"] in messages
    title_page = [(p.style.name, p.text) for p in document.paragraphs[:12] if p.text]
    assert title_page[:3] == [
        ("Normal", "Norrviks kommun"),
        ("Title", "Digital bokning av lokaler"),
        ("Subtitle", words["document"]),
    ]


def test_furniture_header_fields_contents_and_language(
    demo_json: dict[str, Any], language: str
) -> None:
    words = LABELS[language]
    body = plan_docx(demo_json)
    document = reopen(body)
    header = document.sections[0].header
    header_xml = header._element.xml
    instructions = [squash(t.text) for t in header._element.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    header_text = squash(
        " ".join(cell.text for t in header.tables for row in t.rows for cell in row.cells)
    )
    before = words["page"].split("{page}")[0]
    assert before.strip() in header_text and words["draft"] in header_text
    assert words["publication_date"] not in header_text  # a draft is not published
    assert "Digital bokning av lokaler" in header_text and words["document"] in header_text
    assert "0.1" in header_text
    assert "fldChar" in header_xml
    # Every section (the activity plan is landscape) shows the same header.
    assert len(document.sections) == 2
    assert document.sections[1].page_width > document.sections[1].page_height
    assert all(s.header.tables for s in document.sections)

    body_xml = document.element.body.xml
    assert 'TOC \\o "1-2"' in body_xml

    styles = document.styles.element
    langs = styles.findall(f".//{qn('w:rPrDefault')}//{qn('w:lang')}")
    assert langs[0].get(qn("w:val")) == XML_LANG[language]
    assert document.core_properties.language == XML_LANG[language]
    assert document.core_properties.title == f"Digital bokning av lokaler – {words['document']}"

    # Real tables: every register table's first row repeats as a header on each page.
    for table in document.tables[1:]:  # the first is the project facts: no header row
        first_row = table.rows[0]._tr
        assert first_row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    # The done activity is shaded light red and says so.
    done_row = activity_plan_table(document).rows[1]._tr
    fills = {shd.get(qn("w:fill")) for shd in done_row.iter(qn("w:shd"))}
    assert fills == {"F4CCCC"}


def test_the_builder_takes_revision_rows(demo_plan: Any) -> None:
    rows = [
        Revision("0.1", "2026-02-01", "Utkast framtaget", "Anna Lindqvist"),
        Revision("1.0", "2026-03-10", "Godkänd av styrgruppen", "Erik Holm"),
    ]
    data = plan_to_json(demo_plan)
    data["plan"]["status"] = "published"
    document = reopen(plan_docx(data, revisions=rows))
    table = table_after(document, "Version")
    assert [[c.text for c in row.cells] for row in table.rows[1:]] == [
        ["0.1", "2026-02-01", "Utkast framtaget", "Anna Lindqvist"],
        ["1.0", "2026-03-10", "Godkänd av styrgruppen", "Erik Holm"],
    ]
    header = document.sections[0].header.tables[0]
    assert "2026-03-10" in header.rows[0].cells[0].text  # published with the latest revision


def test_hostile_text_keeps_the_file_valid(hostile_json: dict[str, Any]) -> None:
    document = reopen(plan_docx(hostile_json))
    text = body_text(document) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    for piece in HOSTILE_PIECES[:6]:
        first_line = piece.split("\n")[0]
        assert first_line in text, first_line
    assert "kontrolltecken" not in text and "kontroll" in text  # \x0b became a line break
    assert "\x00" not in text and "\x1b" not in text and "\x07" not in text
    assert HUGE[:200] in text
    assert '=HYPERLINK("http://example.invalid","klicka")' in text


@pytest.mark.slow
@pytest.mark.rendering
def test_libreoffice_renders_the_document_with_real_page_numbers(
    demo_json: dict[str, Any], language: str, tmp_path: Path
) -> None:
    """Word's layout engine stand-in: LibreOffice converts the .docx to PDF, pdftoppm renders
    the pages to test-artifacts/word-*.png for a person to look at."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        reason = "LibreOffice not found: install Debian's libreoffice-writer-nogui"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    source = tmp_path / "plan.docx"
    source.write_bytes(plan_docx(demo_json))
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    from pypdf import PdfReader

    reader = PdfReader(tmp_path / "plan.pdf")
    pages = len(reader.pages)
    assert pages >= 6
    # LibreOffice computed the PAGE and NUMPAGES fields of the header.
    for number in (1, pages):
        text = squash(reader.pages[number - 1].extract_text())
        assert LABELS[language]["page"].format(page=number, pages=pages) in text
    all_text = squash(" ".join(page.extract_text() for page in reader.pages))
    assert_in_order(
        all_text, [f"6.1.{n} {t}" for n, t in enumerate(ACTIVITY_TITLES, 1)], "activities"
    )
    if shutil.which("pdftoppm"):
        ARTIFACTS.mkdir(exist_ok=True)
        prefix = f"word-{language}"
        for old in ARTIFACTS.glob(f"{prefix}-*.png"):
            old.unlink()
        subprocess.run(
            ["pdftoppm", "-r", "80", "-png", str(tmp_path / "plan.pdf"), str(ARTIFACTS / prefix)],
            check=True,
            timeout=120,
        )
        assert len(list(ARTIFACTS.glob(f"{prefix}-*.png"))) == pages


# --- a file that needs no touch-up ----------------------------------------------------------

A4 = (11906 * 635, 16838 * 635)  # EMU


def test_every_page_is_a4_and_the_properties_are_the_plans(
    demo_json: dict[str, Any], language: str
) -> None:
    body = plan_docx(demo_json)
    document = reopen(body)
    portrait, landscape = document.sections
    assert (portrait.page_width, portrait.page_height) == A4
    assert (landscape.page_height, landscape.page_width) == A4
    properties = document.core_properties
    assert properties.title == f"Digital bokning av lokaler – {LABELS[language]['document']}"
    assert properties.language == XML_LANG[language]
    assert properties.author == "Norrviks kommun"
    assert properties.last_modified_by  # the person who changed the plan last
    assert "python-docx" not in (properties.comments + properties.author + properties.keywords)
    assert properties.created.year >= 2026 and properties.modified >= properties.created
    assert LABELS[language]["document"] in properties.keywords
    # Every run's default language, and no style of the template left in en-US.
    styles = document.styles.element
    default = styles.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}"
    )
    assert default.get(qn("w:val")) == XML_LANG[language]
    assert {lang.get(qn("w:val")) for lang in styles.iter(qn("w:lang"))} == {XML_LANG[language]}


def test_no_leftovers_of_python_docx_template(demo_json: dict[str, Any]) -> None:
    with zipfile.ZipFile(io.BytesIO(plan_docx(demo_json))) as package:
        names = set(package.namelist())
        app = package.read("docProps/app.xml").decode()
        settings = package.read("word/settings.xml").decode()
        xml = "".join(package.read(name).decode() for name in names if name.endswith(".xml"))
    assert not any("thumbnail" in name or "customXml" in name for name in names)
    assert "word/stylesWithEffects.xml" not in names
    assert "Macintosh" not in app and "Normal.dotm" not in app and "komplan" in app
    assert "en-US" not in xml and "python-docx" not in xml
    assert "proofState" not in settings  # Word checks the spelling itself


def test_a_drafts_document_says_draft_and_has_no_publication_date(
    demo_json: dict[str, Any], language: str
) -> None:
    words = LABELS[language]
    document = reopen(plan_docx(demo_json))
    header = " ".join(
        cell.text for t in document.sections[0].header.tables for r in t.rows for cell in r.cells
    )
    cover = body_text(document).split(words["contents"])[0]
    assert words["draft"] in header and words["draft"] in cover
    assert words["publication_date"] not in header + cover
    published = copy.deepcopy(demo_json)
    published["plan"]["status"] = "published"
    published["revisions"][-1]["date"] = "2026-09-01"
    document = reopen(plan_docx(published))
    header = " ".join(
        cell.text for t in document.sections[0].header.tables for r in t.rows for cell in r.cells
    )
    assert f"{words['publication_date']} 2026-09-01" in squash(header)
    cover = body_text(document).split(words["contents"])[0]
    assert "2026-09-01" in cover and words["published"] in cover  # the cover's status


def toc_entries(document: Any) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name in ("toc 1", "toc 2")]


def test_without_libreoffice_the_contents_stay_a_field_word_fills(
    demo_json: dict[str, Any],
) -> None:
    """No layout engine: the field lists the headings, Word is asked to update it, and the
    document says that it will."""
    document = reopen(build(demo_json, "docx").body)  # KOMPLAN_LIBREOFFICE is "" in tests
    settings = document.settings.element
    assert settings.find(qn("w:updateFields")).get(qn("w:val")) == "true"
    assert LABELS[demo_json["plan"]["language"]]["contents"] in body_text(document)
    assert not any(entry[-1].isdigit() for entry in toc_entries(document))


def test_laid_out_pages_fill_the_contents_and_word_is_not_asked(
    demo_json: dict[str, Any],
) -> None:
    def paginate(body: bytes) -> list[tuple[str, int]]:
        outline = reopen(body)
        headings = [p.text for p in outline.paragraphs if p.style.name.startswith("Heading")]
        return [(title, n + 3) for n, title in enumerate(headings)]

    document = reopen(plan_docx(demo_json, paginate=paginate))
    entries = toc_entries(document)
    assert entries[0] == f"{LABELS[demo_json['plan']['language']]['assignment']}\t3"
    assert all(entry.split("\t")[-1].isdigit() for entry in entries)
    assert document.settings.element.find(qn("w:updateFields")) is None
    # A layout that misses a heading leaves the field to Word.
    document = reopen(plan_docx(demo_json, paginate=lambda body: [("1 Något annat", 3)]))
    assert document.settings.element.find(qn("w:updateFields")) is not None


@pytest.mark.slow
@pytest.mark.rendering
def test_libreoffice_fills_the_contents_with_the_pages_it_lays_out(
    demo_json: dict[str, Any], language: str, tmp_path: Path, settings: Any
) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        reason = "LibreOffice not found: install Debian's libreoffice-writer-nogui"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    settings.KOMPLAN_LIBREOFFICE = soffice
    body = build(demo_json, "docx").body
    document = reopen(body)
    entries = dict(entry.rsplit("\t", 1) for entry in toc_entries(document))
    words = LABELS[language]
    assert set(entries) >= {words[key] for key in HEADINGS}
    assert document.settings.element.find(qn("w:updateFields")) is None
    # The numbers are the pages the filled document's headings are on.
    from komplan.exports.office import heading_pages

    laid_out = dict(heading_pages(body, program=soffice, timeout=180) or [])
    for title, page in entries.items():
        assert laid_out[title] == int(page), title
    assert int(entries[words["assignment"]]) == 3  # after the cover and the contents


def test_a_large_plan_holds_every_activity_in_order(demo_plan: Any) -> None:
    """The body is built in one pass (word._Body): a plan of 1,500 activities reads back with
    every activity described under its heading and listed in the activity plan, in the
    plan's order, and the chapters around them in place."""
    data, titles = with_activities(plan_to_json(demo_plan), 1_500)
    document = reopen(plan_docx(data))
    found = headings(document)
    assert [text for style, text in found if style == "Heading 3"] == [
        f"6.1.{n} {title}" for n, title in enumerate(titles, start=1)
    ]
    words = LABELS["sv"]
    assert_in_order("\n".join(text for _, text in found), [words[k] for k in HEADINGS], "headings")
    assert column(activity_plan_table(document)) == titles
    described = section_text(document, words["planning"], "")
    assert f"6.1.1500 {titles[-1]}" in described


def document_xml(body: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(body)).read("word/document.xml")


@pytest.mark.parametrize("laid_out", [False, True], ids=["field", "laid-out"])
def test_the_body_written_as_text_is_what_lxml_writes(
    hostile_json: dict[str, Any], laid_out: bool
) -> None:
    """The body is streamed into the file as text, never parsed (word._Body.save): it must be
    well-formed XML, hostile text escaped, and byte for byte what lxml (python-docx) would
    write for the same elements, with and without the contents' page numbers filled in."""
    from lxml import etree

    from komplan.exports.content import plan_document

    def paginate(body: bytes) -> list[tuple[str, int]]:
        outline = plan_document(hostile_json).outline
        return [(" ".join(h.title.split()), n + 3) for n, h in enumerate(outline)]

    xml = document_xml(plan_docx(hostile_json, paginate=paginate if laid_out else None))
    root = etree.fromstring(xml)  # raises on a bad escape or a control character
    assert etree.tostring(root, encoding="UTF-8", standalone=True) == xml
    assert (b"<w:tab/></w:r><w:r><w:t>3</w:t>" in xml) is laid_out


def cell_text(cell: Any) -> str:
    """A cell's text as the plan document gave it: paragraphs apart by a blank line, line
    breaks as newlines."""
    return "\n\n".join(
        "\n".join(t.text or "" for t in paragraph.iter(qn("w:t")))
        for paragraph in cell.iterchildren(qn("w:p"))
    )


def test_every_activity_is_in_the_activity_plan_with_its_fields_in_order(
    hostile_json: dict[str, Any],
) -> None:
    """The activity plan's rows are written a row at a time: each of 1,200 activities is in
    its row in the plan's order with its six fields exactly as the plan document has them
    (hostile text escaped, control characters gone, line breaks and paragraphs kept), and
    only the done ones are shaded."""
    from komplan.exports.content import plan_document
    from komplan.exports.word import DONE_FILL

    data, titles = with_activities(hostile_json, 1_200)
    for n, activity in enumerate(data["activities"]):
        activity["title"] = f"{titles[n]} & <b>fet</b> ]]> \"x\" 'y'\x0bny rad\x07"
        activity["status"] = "done" if n % 3 == 0 else "planned"
    expected = plan_document(data).activity_plan
    document = reopen(plan_docx(data))
    rows = activity_plan_table(document)._tbl.findall(qn("w:tr"))
    found = [tuple(cell_text(tc) for tc in row.findall(qn("w:tc"))) for row in rows]
    assert found[0] == expected.header
    assert found[1:] == list(expected.rows)
    assert found[1][0] == "Aktivitet nr 0001 & <b>fet</b> ]]> \"x\" 'y'\nny rad"
    assert any(HOSTILE_PIECES[2] in cell for row in found for cell in row)
    shaded = [
        n
        for n, row in enumerate(rows[1:])
        if all(
            (shd := tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}")) is not None
            and shd.get(qn("w:fill")) == DONE_FILL
            for tc in row.findall(qn("w:tc"))
        )
    ]
    assert shaded == sorted(expected.marked) == list(range(0, 1_200, 3))
    assert not any(
        row.find(f"{qn('w:tc')}/{qn('w:tcPr')}/{qn('w:shd')}") is not None
        for n, row in enumerate(rows[1:])
        if n % 3
    )
