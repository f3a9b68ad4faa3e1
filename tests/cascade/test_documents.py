"""The cascade in plan JSON (round-trips through the one writer) and in the plan's Word and
PDF documents as the "Spridning" section."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from komplan.cascade import services
from komplan.cascade.models import Material, Step
from komplan.exports.content import plan_document
from komplan.exports.exports import plan_docx
from komplan.exports.pdf import plan_pdf
from komplan.plans.planjson import plan_to_json
from komplan.plans.planjson_read import load_plan_json, read_plan_json
from komplan.plans.services import plan_copy
from komplan.plans.writer import plan_write
from tests.cascade.factories import FIRST_MEETING, make_cascade, make_material
from tests.exports.pdfstructure import figures, marked_text

pytestmark = pytest.mark.django_db

RELEASE = FIRST_MEETING - dt.timedelta(days=3)


def _without_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


@pytest.fixture
def cascaded(plan: Any, admin_user: Any) -> Any:
    make_cascade(plan)
    material = make_material(plan)
    services.material_approve(material, user=admin_user, kind="chair", name="Mette Lund")
    services.material_release(material, user=admin_user, today=RELEASE)
    hmu = material.dispatches.get(step__forum__name="Hovedudvalget (HMU)")
    services.dispatch_mark(hmu, state="sent", user=admin_user)
    make_material(plan, title="Nyhed til intranettet", phase=2)
    return plan


def test_plan_json_carries_the_cascade_and_its_material(cascaded: Any) -> None:
    data = plan_to_json(cascaded)
    cascade = data["cascade"]
    assert cascade["approving_forum"] == "Styregruppen" and cascade["approval_required"]
    assert len(cascade["steps"]) == 6
    lmu = next(s for s in cascade["steps"] if s["delegated"])
    assert lmu["after"] == "step-2" and lmu["reaches"]["group"].startswith("group-")
    released, waiting = cascade["materials"]
    assert released["approval"]["by"] == "Mette Lund" and released["released_on"]
    assert {d["state"] for d in released["dispatches"]} == {"planned", "sent"}
    assert waiting["approval"] is None and waiting["phase"] == 2
    json.dumps(data)  # JSON types only


def test_the_cascade_round_trips_through_plan_json_and_the_one_writer(
    cascaded: Any, admin_user: Any
) -> None:
    data = plan_to_json(cascaded)
    read = load_plan_json(json.dumps(data))
    written = plan_write(data=read, user=admin_user, organization=cascaded.organization)
    again = plan_to_json(written.plan)
    assert _without_ids(again["cascade"]) == _without_ids(data["cascade"])
    assert Step.objects.filter(plan=written.plan).count() == 6


def test_a_copy_of_the_plan_has_the_cascade(cascaded: Any, admin_user: Any) -> None:
    copy = plan_copy(plan=cascaded, user=admin_user)
    assert _without_ids(plan_to_json(copy)["cascade"]) == _without_ids(
        plan_to_json(cascaded)["cascade"]
    )
    assert Material.objects.filter(plan=copy).count() == 2


def test_a_broken_cascade_in_plan_json_is_reported_by_path(cascaded: Any) -> None:
    from komplan.plans.planjson_read import PlanJSONError

    data = plan_to_json(cascaded)
    data["cascade"]["steps"][0]["how"] = "pigeon"
    with pytest.raises(PlanJSONError) as raised:
        read_plan_json(data)
    assert "$.cascade.steps[0].how" in str(raised.value.problems[0].path)


def test_the_documents_have_a_spridning_section_with_diagram_and_table(cascaded: Any) -> None:
    data = plan_to_json(cascaded)
    doc = plan_document(data)
    section = doc.extra_sections[0]
    assert section.heading.title == "7 Spridning"  # the plan's language: Swedish
    assert "<svg" in section.svg and "Hovedudvalget (HMU)" in section.svg
    assert len(section.table.rows) == 6
    hmu = next(row for row in section.table.rows if row[1] == "Hovedudvalget (HMU)")
    assert hmu[-1] == "Skickat"
    assert section.heading in doc.outline
    pdf = plan_pdf(data)
    pages = marked_text(pdf)
    start = next(n for n, page in enumerate(pages) if "7 Spridning" in page.get("H1", []))
    assert "Hovedudvalget (HMU)" in [cell for page in pages[start:] for cell in page["TD"]]
    assert figures(pdf) == [section.alt]  # the drawing, described in words
    docx = plan_docx(data)
    import zipfile
    from io import BytesIO

    body = zipfile.ZipFile(BytesIO(docx)).read("word/document.xml").decode()
    assert "Spridning" in body and "Lokaludvalgene (LMU)" in body


def test_the_word_file_has_the_diagram_as_a_picture_in_the_spridning_section(
    cascaded: Any,
) -> None:
    """Word cannot show the PDF's SVG: the .docx carries the diagram as PNG pictures (one a
    page-sized piece), after the section's heading and before its table, with alt text."""
    import zipfile
    from io import BytesIO

    from lxml import etree

    data = plan_to_json(cascaded)
    files = zipfile.ZipFile(BytesIO(plan_docx(data)))
    pngs = [name for name in files.namelist() if name.startswith("word/media/")]
    assert len(pngs) == 1 and files.read(pngs[0]).startswith(b"\x89PNG\r\n\x1a\n")
    body = etree.fromstring(files.read("word/document.xml"))
    ns = {
        "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
        "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    }
    blocks = list(body.find("w:body", ns))
    texts = ["".join(block.itertext()) for block in blocks]
    heading = len(texts) - 1 - texts[::-1].index("7 Spridning")  # not the contents' line
    pictures = [n for n, block in enumerate(blocks) if block.find(".//w:drawing", ns) is not None]
    first_table = next(n for n in range(heading, len(blocks)) if blocks[n].tag.endswith("tbl"))
    assert pictures and all(heading < n < first_table for n in pictures)
    inline = blocks[pictures[0]].find(".//wp:inline", ns)
    assert "6 " in inline.find("wp:docPr", ns).get("descr")  # six steps, in words
    embed = inline.find(".//a:blip", ns).get(f"{{{ns['r']}}}embed")
    rels = files.read("word/_rels/document.xml.rels").decode()
    assert f'Id="{embed}"' in rels and pngs[0].removeprefix("word/") in rels


def test_a_long_cascade_goes_into_word_in_page_sized_pieces() -> None:
    from komplan.cascade.diagram import Node, cascade_svg_pieces

    nodes = [Node(n, n - 1 if n else None, min(n, 3), f"{n}", "", "planned", "") for n in range(16)]
    pieces = cascade_svg_pieces(nodes, title="t", description="d", rows_per_piece=7)
    assert len(pieces) == 3
    assert [piece.count("<rect") for piece in pieces] == [7, 7, 2]
    assert 'viewBox="0 588 ' in pieces[1]  # the second window starts at row 7 (7 × 84 px)


def test_a_plan_without_cascade_has_no_such_section(plan: Any) -> None:
    assert plan_document(plan_to_json(plan)).extra_sections == []


def test_a_cascade_taller_than_a_page_is_drawn_in_pieces_each_on_the_page(plan: Any) -> None:
    """The whole drawing of 16 steps is over a page tall: the PDF draws the pieces cut for
    Word, one under the other, each within its page, under one figure."""
    import io
    import re

    from pypdf import PdfReader

    from komplan.cascade.diagram import Node, cascade_svg, cascade_svg_pieces
    from komplan.exports.content import ExtraSection, Heading, Table
    from komplan.exports.printing import print_plan

    nodes = [
        Node(n, n - 1 if n else None, min(n, 3), f"Steg {n}", "", "planned", "") for n in range(16)
    ]
    doc = plan_document(plan_to_json(plan))
    pieces = cascade_svg_pieces(nodes, title="t", description="d", rows_per_piece=7)
    svg = cascade_svg(nodes, title="t", description="d")
    doc.extra_sections = [
        ExtraSection(
            Heading(1, "7", "Spridning"), [], svg, Table(("a",), [], (1,)), pieces, "16 steg"
        )
    ]
    body = print_plan(doc)
    assert figures(body) == ["16 steg"]
    drawn = []
    for page in PdfReader(io.BytesIO(body)).pages:
        forms = page["/Resources"]["/XObject"]
        content = page.get_contents().get_data()
        for scale, bottom, name in re.findall(
            rb"([\d.]+) 0 0 [\d.]+ [\d.]+ ([\d.]+) cm (/Fm\d+) Do", content
        ):
            height = float(forms[name.decode()]["/BBox"][3]) * float(scale)
            drawn.append((float(bottom), height))
    assert len(drawn) == 3  # each piece once
    for bottom, height in drawn:
        assert bottom >= 62 and bottom + height <= 595.3 - 90  # within the landscape page's margins
    # The whole drawing, not drawn, is not in the file either (it was, fonts and all).
    import pikepdf

    with pikepdf.open(io.BytesIO(body)) as pdf:
        forms = [
            o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Form"
        ]
        assert len(forms) == 3
