"""The follow-up and final reports as Word (.docx) and PDF, laid out from one
`ReportDocument` with the plan documents' furniture: the same cover, the header with report
date, project, document type, version and "Page X (Y)", the organisation in the footer, Arial
(Liberation Sans) and the same heading and table styles.

The plan documents' builders (`komplan.exports.word`, `komplan.exports.pdf`) lay out a
`PlanDocument`; a `ReportDocument` has the attributes their header, footer and cover read,
under the same names, so the reports reuse those pieces rather than copy them. A goal's
chart is SVG in the PDF and a PNG picture (drawn by cairosvg, as the cascade's diagram is)
in Word, each with its values in a table beside it.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any, cast

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from komplan.exports import word
from komplan.exports.content import PlanDocument, Table
from komplan.exports.pdf import margin_css, plan_stylesheet, write_pdf
from komplan.exports.wordfile import Properties, finish
from komplan.followup.report import ReportDocument
from komplan.followup.richtext import Block

__all__ = ["DOCX", "PDF", "report_docx", "report_pdf"]

DOCX = word.CONTENT_TYPE
PDF = "application/pdf"
CHART_PT_PER_PX = 0.7  # the 640 px chart prints 448 pt wide: within the portrait line


def _as_plan_document(doc: ReportDocument) -> PlanDocument:
    """The report where the plan documents' header and footer builders take a plan document:
    they read only the attributes both have."""
    return cast(PlanDocument, doc)


# --- Word ----------------------------------------------------------------------------------


def report_docx(doc: ReportDocument) -> bytes:
    from docx import Document

    document = Document()
    word._page_setup(document)
    word._styles(document, doc.xml_language)
    word._ask_to_update_fields(document)  # the contents' page numbers, when Word opens it
    word._header(document, _as_plan_document(doc))
    word._footer(document, _as_plan_document(doc))
    finish(
        document,
        Properties(
            title=f"{doc.title} – {doc.document_type}",
            subject=doc.document_type,
            author=doc.organization,
            last_modified_by=doc.changed_by or doc.organization,
            language=doc.xml_language,
            keywords=", ".join(p for p in (doc.document_type, doc.organization) if p),
            created=doc.publication_date,
            modified=doc.publication_date,
        ),
    )
    body = word._Body()
    _cover(body, doc)
    word._contents(body, _as_plan_document(doc))
    _word_sections(body, doc, document)
    return body.save(document)


def _cover(body: Any, doc: ReportDocument) -> None:
    labels = doc.labels
    for _ in range(6):
        body.paragraph()
    body.paragraph(doc.organization, color=word.MUTED, size=24)
    body.paragraph(doc.title, style="Title")
    body.paragraph(doc.document_type, style="Subtitle")
    muted = f'<w:rPr><w:color w:val="{word.MUTED}"/></w:rPr>'
    facts = [(labels["version"], f"{doc.version} · {doc.status}"), *doc.facts]
    for label, value in facts:
        body.rich([(f"{label}: ", muted), (value, "")])
    body.page_break()


def _none(body: Any, doc: ReportDocument, text: str = "") -> None:
    body.paragraph(text or doc.labels["none"], italic=True, color=word.MUTED)


def _word_blocks(body: Any, blocks: list[Block], doc: ReportDocument) -> None:
    if not blocks:
        _none(body, doc, doc.labels["not_written"])
    for block in blocks:
        if block.kind == "p":
            body.paragraph(block.items[0])
            continue
        style = "ListBullet" if block.kind == "ul" else "ListNumber"
        for n, item in enumerate(block.items, start=1):
            # Numbers written out: Word's list numbering would run on across lists.
            text = item if block.kind == "ul" else f"{n}. {item}"
            body.paragraph(text, style=style if block.kind == "ul" else "")


def _word_sections(body: Any, doc: ReportDocument, document: Any) -> None:
    width = word.TEXT_W_PORTRAIT
    labels = doc.labels
    body.heading(doc.purpose_heading)
    body.paragraph(labels["purpose"], bold=True, keep_next=True)
    for text in doc.purpose or []:
        body.paragraph(text)
    if not doc.purpose:
        _none(body, doc)
    body.paragraph(labels["goals"], bold=True, keep_next=True)
    for goal in doc.goals:
        body.paragraph(goal, style="ListBullet")
    if not doc.goals:
        _none(body, doc)

    body.heading(doc.fulfilment_heading)
    body.paragraph(doc.fulfilment_text)
    if doc.goal_table.rows:
        body.table(doc.goal_table, width)
    shapes = 0
    for section in doc.goal_sections:
        body.heading(section.heading)
        # The heading, facts, rule and chart kept on one page: every paragraph of the facts
        # and the rule keeps with the next.
        facts = word._facts_xml(Table(("", ""), section.facts, (2, 5)))
        keep = '<w:pPr><w:pStyle w:val="TableText"/><w:keepNext/></w:pPr>'
        body.raw(facts.replace('<w:pPr><w:pStyle w:val="TableText"/></w:pPr>', keep))
        rule = word._runs(f"{labels['rule']}: ", "<w:rPr><w:b/></w:rPr>") + word._runs(section.rule)
        keep_rule = "<w:keepNext/>" if section.svg else ""
        body.raw(f'<w:p><w:pPr>{keep_rule}<w:spacing w:before="120"/></w:pPr>{rule}</w:p>')
        if section.svg:
            shapes += 1
            body.raw(_chart_picture(document, section.svg, shapes, section.alt))

    body.heading(doc.activity_heading)
    body.paragraph(doc.activity_text)
    body.table(doc.activity_totals, width)
    for heading, table in (
        (doc.by_channel_heading, doc.by_channel),
        (doc.by_group_heading, doc.by_group),
    ):
        body.heading(heading)
        if table.rows:
            body.table(table, width)
        else:
            _none(body, doc)

    body.heading(doc.coverage_heading)
    body.paragraph(doc.coverage_text)

    if doc.cascade_heading is not None:
        body.heading(doc.cascade_heading)
        body.paragraph(doc.cascade_text)
        if doc.cascade_table is not None and doc.cascade_table.rows:
            body.table(doc.cascade_table, width)

    body.heading(doc.surveys_heading)
    if not doc.survey_sections:
        _none(body, doc, labels["surveys_none"])
    for survey in doc.survey_sections:
        body.heading(survey.heading)
        body.paragraph(survey.facts, italic=True, color=word.MUTED)
        if survey.table.rows:
            body.table(survey.table, width, first_bold=True)
        for note in survey.notes:
            body.paragraph(note)

    for closing, blocks in (
        (doc.evaluation_heading, doc.evaluation),
        (doc.lessons_heading, doc.lessons),
    ):
        if closing is not None:
            body.heading(closing)
            _word_blocks(body, blocks, doc)


def _chart_picture(document: Any, svg: str, shape_id: int, alt: str) -> str:
    """The goal's chart as a PNG picture across the portrait line."""
    import cairosvg
    from docx.oxml.shape import CT_Inline
    from docx.shared import Emu

    png = cairosvg.svg2png(bytestring=svg.encode(), scale=2)
    rid, image = document.part.get_or_add_image(BytesIO(png))
    cx = min(int(image.px_width / 2 * CHART_PT_PER_PX * 12700), word.TEXT_W_PORTRAIT * 635)
    cy = cx * image.px_height // image.px_width
    inline = CT_Inline.new_pic_inline(shape_id, rid, image.filename, Emu(cx), Emu(cy))
    inline.docPr.set("descr", alt)
    return f"<w:p><w:r><w:drawing>{word._xml(inline)}</w:drawing></w:r></w:p>"


# --- PDF -----------------------------------------------------------------------------------


def print_html(doc: ReportDocument) -> str:
    return render_to_string(
        "followup/report_print.html",
        {
            "doc": doc,
            # Escaped for CSS by margin_css; HTML escaping would break the CSS strings.
            "page_margins": mark_safe(margin_css(_as_plan_document(doc))),
            "contents": doc.outline,
            "goals": [(s, mark_safe(s.svg)) for s in doc.goal_sections],
            "closing": [
                (heading, blocks)
                for heading, blocks in (
                    (doc.evaluation_heading, doc.evaluation),
                    (doc.lessons_heading, doc.lessons),
                )
                if heading is not None
            ],
        },
    )


def report_pdf(doc: ReportDocument) -> bytes:
    return write_pdf(print_html(doc), stylesheets=[plan_stylesheet()])
