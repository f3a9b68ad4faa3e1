"""The plan as a Word document (.docx), laid out like the plans organisations approve.

`plan_docx(data)` takes a plan JSON (see `planjson.py`) and returns the file's bytes: a title
page; on every page a header with publication date, project, document type, version and
"Page X (Y)" as PAGE/NUMPAGES fields; a table of contents field that Word updates on opening
(w:updateFields); then sections 1–6 of `content.plan_document`, with real Heading 1–3 styles
and real tables whose header rows repeat on every page. The activity plan gets a landscape
section of its own. The document's language is set on its styles and core properties.

python-docx provides the package, styles, header and properties; the body is written as
WordprocessingML text and parsed once, which keeps a 10,000-activity plan to seconds.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

from komplan.exports.content import (
    Heading,
    PlanDocument,
    Revision,
    Table,
    plan_document,
    spreadsheet_filename,
)
from komplan.exports.text import one_line

__all__ = ["CONTENT_TYPE", "plan_docx"]

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

FONT = "Arial"  # metric-compatible Liberation Sans stands in where Arial is missing
ACCENT = "1F3864"  # dark blue of headings and table header rows
HEADER_FILL = "D9E2F3"
DONE_FILL = "F4CCCC"  # light red: a done activity, as users mark it by hand
LABEL_FILL = "F2F2F2"
MUTED = "595959"
# A4 in twentieths of a point, 2.2 cm margins.
PAGE_W, PAGE_H, MARGIN = 11906, 16838, 1247
TEXT_W_PORTRAIT = PAGE_W - 2 * MARGIN
TEXT_W_LANDSCAPE = PAGE_H - 2 * MARGIN


def plan_docx(data: Mapping[str, Any], *, revisions: Sequence[Revision] | None = None) -> bytes:
    """The .docx of plan JSON `data`; `revisions` replaces the revision rows of `data`."""
    doc = plan_document(data, revisions=revisions)
    document = Document()
    _page_setup(document)
    _styles(document, doc.xml_language)
    _settings(document, doc.xml_language)
    _header(document, doc)
    _footer(document, doc)
    _properties(document, doc)
    body = _Body()
    _title_page(body, doc)
    _contents(body, doc)
    _section_1(body, doc)
    _section_2(body, doc)
    _section_3(body, doc)
    _section_4(body, doc)
    _section_5(body, doc)
    _section_6(body, doc, document)
    body.insert_into(document)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


# --- the body, as WordprocessingML text ----------------------------------------------------


class _Body:
    """Collects body XML (paragraphs, tables) and parses it into the document in one go."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def paragraph(
        self,
        text: str = "",
        *,
        style: str = "",
        bold: bool = False,
        italic: bool = False,
        color: str = "",
        size: int = 0,
        keep_next: bool = False,
        page_break_before: bool = False,
    ) -> None:
        ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
        ppr += "<w:keepNext/>" if keep_next else ""
        ppr += "<w:pageBreakBefore/>" if page_break_before else ""
        rpr = _rpr(bold=bold, italic=italic, color=color, size=size)
        self.parts.append(f"<w:p><w:pPr>{ppr}</w:pPr>{_runs(text, rpr)}</w:p>")

    def rich(self, pieces: Iterable[tuple[str, str]], *, style: str = "") -> None:
        """One paragraph of (text, run properties XML) pieces."""
        ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
        runs = "".join(_runs(text, rpr) for text, rpr in pieces if text)
        self.parts.append(f"<w:p>{ppr}{runs}</w:p>")

    def heading(self, heading: Heading, *, page_break_before: bool = False) -> None:
        self.paragraph(
            heading.title, style=f"Heading{heading.level}", page_break_before=page_break_before
        )

    def page_break(self) -> None:
        self.parts.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')

    def raw(self, xml: str) -> None:
        self.parts.append(xml)

    def table(
        self, table: Table, width: int, *, header: bool = True, first_bold: bool = True
    ) -> None:
        self.parts.append(_table_xml(table, width, header=header, first_bold=first_bold))

    def insert_into(self, document: DocumentObject) -> None:
        """Replace the document's body with the collected parts and its section properties.

        One parse and one move: moving thousands of parsed children one by one into the
        document is quadratic in lxml.
        """
        old = document.element.body
        sect_pr = _xml(old.sectPr)
        new = parse_xml(f"<w:body {nsdecls('w', 'r')}>{''.join(self.parts)}{sect_pr}</w:body>")
        document.element.replace(old, new)


def _rpr(*, bold: bool = False, italic: bool = False, color: str = "", size: int = 0) -> str:
    props = "<w:b/>" if bold else ""
    props += "<w:i/>" if italic else ""
    props += f'<w:color w:val="{color}"/>' if color else ""
    props += f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>' if size else ""
    return f"<w:rPr>{props}</w:rPr>" if props else ""


def _runs(text: str, rpr: str = "") -> str:
    """Runs for `text` (already cleaned), its newlines as line breaks."""
    lines = text.split("\n")
    out = []
    for n, line in enumerate(lines):
        brk = "<w:br/>" if n else ""
        out.append(f'<w:r>{rpr}{brk}<w:t xml:space="preserve">{escape(line)}</w:t></w:r>')
    return "".join(out)


def _table_xml(
    table: Table, width: int, *, header: bool, first_bold: bool, label_fill: str = ""
) -> str:
    """A fixed-layout grid table; the header row repeats on every page and is not split."""
    total = sum(table.widths)
    cols = [width * w // total for w in table.widths]
    grid = "".join(f'<w:gridCol w:w="{c}"/>' for c in cols)
    out = [
        "<w:tbl><w:tblPr>"
        '<w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="{width}" w:type="dxa"/>'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="80" w:type="dxa"/>'
        '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
    ]
    if header:
        cells = "".join(
            _cell(text, c, HEADER_FILL, bold=True)
            for text, c in zip(table.header, cols, strict=True)
        )
        out.append(f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{cells}</w:tr>")
    marked = table.marked
    for n, row in enumerate(table.rows):
        fill = DONE_FILL if n in marked else ""
        cells = "".join(
            _cell(
                text, c, label_fill if i == 0 and label_fill else fill, bold=first_bold and i == 0
            )
            for i, (text, c) in enumerate(zip(row, cols, strict=True))
        )
        out.append(f"<w:tr>{cells}</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _cell(text: str, width: int, fill: str, *, bold: bool = False) -> str:
    shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    paras = "".join(
        f'<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr>{_runs(line, rpr) if line else ""}</w:p>'
        for line in (text.split("\n\n") if text else [""])
    )
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shading}</w:tcPr>{paras}</w:tc>'


def _field(instruction: str, placeholder: str, rpr: str = "") -> str:
    """A complex field (PAGE, NUMPAGES, …) with a cached result shown until it is updated."""
    return (
        f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{rpr}<w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{rpr}<w:t>{escape(placeholder)}</w:t></w:r>"
        f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
    )


# --- page, styles, settings, header and properties -----------------------------------------


def _page_setup(document: DocumentObject) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_W * 635, PAGE_H * 635  # twips → EMU
    for side in ("left_margin", "right_margin", "bottom_margin"):
        setattr(section, side, MARGIN * 635)
    section.top_margin = Cm(3.2)
    section.header_distance = Cm(1.0)
    section.footer_distance = Cm(1.0)


def _style_ppr(
    before: int, after: int, *, outline: int | None = None, tabs: str = "", indent: int = 0
) -> str:
    """Paragraph properties, in the order WordprocessingML's schema requires."""
    keep = "<w:keepNext/><w:keepLines/>" if outline is not None else ""
    spacing = f'<w:spacing w:before="{before}" w:after="{after}"/>'
    ind = f'<w:ind w:left="{indent}"/>' if indent else ""
    level = f'<w:outlineLvl w:val="{outline}"/>' if outline is not None else ""
    return f"<w:pPr>{keep}{tabs}{spacing}{ind}{level}</w:pPr>"


def _style_rpr(size: int, color: str = "", *, bold: bool = False) -> str:
    props = "<w:b/><w:bCs/>" if bold else ""
    props += f'<w:color w:val="{color}"/>' if color else ""
    return f'<w:rPr>{props}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'


# Paragraph and run properties of the template's styles komplan uses (half-points, twips).
_STYLE_XML = {
    "Title": _style_ppr(0, 120) + _style_rpr(56, ACCENT, bold=True),
    "Subtitle": _style_ppr(0, 480) + _style_rpr(36, MUTED),
    "Heading1": _style_ppr(360, 120, outline=0) + _style_rpr(32, ACCENT, bold=True),
    "Heading2": _style_ppr(240, 80, outline=1) + _style_rpr(26, ACCENT, bold=True),
    "Heading3": _style_ppr(200, 60, outline=2) + _style_rpr(22, "000000", bold=True),
    "TOCHeading": _style_ppr(0, 240) + _style_rpr(32, ACCENT, bold=True),
}

_TOC_TAB = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_W_PORTRAIT}"/></w:tabs>'
_NEW_STYLES = [
    # (style id, name, properties): table text, and the TOC levels Word fills in.
    (
        "TableText",
        "Table Text",
        '<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        + _style_rpr(18),
    ),
    ("TOC1", "toc 1", _style_ppr(120, 40, tabs=_TOC_TAB) + "<w:rPr><w:b/></w:rPr>"),
    ("TOC2", "toc 2", _style_ppr(0, 40, tabs=_TOC_TAB, indent=440)),
]


def _styles(document: DocumentObject, language: str) -> None:
    """Arial 10 pt in the plan's language everywhere; sober headings; table and TOC styles."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    fonts = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:eastAsia="{FONT}"/>'
    lang = f'<w:lang w:val="{language}" w:eastAsia="{language}" w:bidi="ar-SA"/>'
    defaults.getparent().replace(
        defaults,
        parse_xml(
            f"<w:docDefaults {nsdecls('w')}><w:rPrDefault><w:rPr>{fonts}"
            f'<w:sz w:val="20"/><w:szCs w:val="20"/>{lang}</w:rPr></w:rPrDefault>'
            '<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/>'
            "</w:pPr></w:pPrDefault></w:docDefaults>"
        ),
    )
    normal = document.styles["Normal"].element
    normal.append(parse_xml(f"<w:rPr {nsdecls('w')}>{fonts}{lang}</w:rPr>"))
    for style_id, xml in _STYLE_XML.items():
        style = styles.get_by_id(style_id)
        for old in style.findall(qn("w:pPr")) + style.findall(qn("w:rPr")):
            style.remove(old)
        for part in parse_xml(f"<w:x {nsdecls('w')}>{xml}</w:x>"):
            style.append(part)
    for style_id, name, xml in _NEW_STYLES:
        styles.append(
            parse_xml(
                f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="{style_id}">'
                f'<w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>'
                f'<w:uiPriority w:val="39"/>{xml}</w:style>'
            )
        )


def _settings(document: DocumentObject, language: str) -> None:
    """Ask Word to update fields (the table of contents) on opening; set the theme language."""
    settings = document.settings.element
    update = parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>')
    # The schema orders settings: updateFields comes before these.
    later = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids")
    anchor = next(
        (
            settings.find(qn(f"w:{tag}"))
            for tag in later
            if settings.find(qn(f"w:{tag}")) is not None
        ),
        None,
    )
    if anchor is not None:
        anchor.addprevious(update)
    else:
        settings.append(update)
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), language)


_HEADER_GRID = '<w:gridCol w:w="3000"/>' * 3


def _header(document: DocumentObject, doc: PlanDocument) -> None:
    """A two-line header table: date and page, then project, document type and version."""
    labels = doc.labels
    header = document.sections[0].header
    header.is_linked_to_previous = False
    small = '<w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr>'
    label = f'<w:rPr><w:color w:val="{MUTED}"/><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr>'

    def cell(content: str, align: str = "left") -> str:
        return (
            '<w:tc><w:tcPr><w:tcW w:w="1667" w:type="pct"/></w:tcPr>'
            '<w:p><w:pPr><w:pStyle w:val="Header"/><w:spacing w:after="0"/>'
            f'<w:jc w:val="{align}"/></w:pPr>'
            f"{content}</w:p></w:tc>"
        )

    def pair(name: str, value: str) -> str:
        return _runs(f"{name} ", label) + _runs(value, small)

    page = labels["page"]
    before, _, rest = page.partition("{page}")
    between, _, after = rest.partition("{pages}")
    page_runs = (
        _runs(before, small)
        + _field("PAGE", "1", small)
        + _runs(between, small)
        + _field("NUMPAGES", "1", small)
        + _runs(after, small)
    )
    rows = [
        [pair(labels["publication_date"], doc.publication_date or "–"), "", page_runs],
        [
            pair(labels["project"], one_line(doc.title, 60)),
            pair(labels["document_type_label"], doc.document_type),
            pair(labels["version"], doc.version),
        ],
    ]
    trs = "".join(
        "<w:tr>"
        + "".join(cell(c, "right" if i == 2 else "left") for i, c in enumerate(row))
        + "</w:tr>"
        for row in rows
    )
    table = parse_xml(
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="5000" w:type="pct"/>'
        '<w:tblBorders><w:bottom w:val="single" w:sz="6" w:space="0" w:color="808080"/>'
        '</w:tblBorders><w:tblLook w:val="0000"/></w:tblPr>'
        f"<w:tblGrid>{_HEADER_GRID}</w:tblGrid>"
        f"{trs}</w:tbl>"
    )
    first = header.paragraphs[0]._p
    first.addprevious(table)
    first.get_or_add_pPr().append(parse_xml(f'<w:spacing {nsdecls("w")} w:after="0"/>'))


def _footer(document: DocumentObject, doc: PlanDocument) -> None:
    footer = document.sections[0].footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.text = doc.organization
    paragraph.alignment = 1  # centre
    for run in paragraph.runs:
        run.font.size = Pt(8)


def _properties(document: DocumentObject, doc: PlanDocument) -> None:
    props = document.core_properties
    props.title = f"{doc.title} – {doc.document_type}"[:255]
    props.subject = doc.document_type
    props.language = doc.xml_language
    props.author = doc.organization[:255]
    props.last_modified_by = ""
    props.keywords = doc.document_type
    props.comments = ""
    props.revision = 1
    day = _day(doc.publication_date)
    stamp = dt.datetime(day.year, day.month, day.day) if day else dt.datetime(2000, 1, 1)
    props.created = props.modified = stamp
    props.last_printed = stamp


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


# --- the sections --------------------------------------------------------------------------


def _title_page(body: _Body, doc: PlanDocument) -> None:
    labels = doc.labels
    for _ in range(6):
        body.paragraph()
    body.paragraph(doc.organization, color=MUTED, size=24)
    body.paragraph(doc.title, style="Title")
    body.paragraph(doc.document_type, style="Subtitle")
    facts = [
        (labels["version"], f"{doc.version} · {doc.status}"),
        (labels["publication_date"], doc.publication_date or "–"),
    ]
    facts += [(label, value) for label, value in doc.facts[1:3] if value]
    for label, value in facts:
        body.rich([(f"{label}: ", f'<w:rPr><w:color w:val="{MUTED}"/></w:rPr>'), (value, "")])
    body.page_break()


def _contents(body: _Body, doc: PlanDocument) -> None:
    """The TOC field (levels 1–2), its cached result listing the headings until Word updates
    it with page numbers on opening."""
    body.paragraph(doc.labels["contents"], style="TOCHeading")
    entries = [h for h in doc.outline if h.level <= 2]
    instruction = 'TOC \\o "1-2" \\h \\z \\u'
    begin = (
        '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    )
    end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    for n, heading in enumerate(entries):
        style = f"TOC{heading.level}"
        start = begin if n == 0 else ""
        stop = end if n == len(entries) - 1 else ""
        ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
        body.raw(f"<w:p>{ppr}{start}{_runs(heading.title)}{stop}</w:p>")
    body.paragraph(doc.labels["contents_hint"], italic=True, color=MUTED, size=16)
    body.page_break()


def _section_1(body: _Body, doc: PlanDocument) -> None:
    h = doc.headings
    body.heading(h["assignment"])
    facts = Table(("", ""), [(label, value or "–") for label, value in doc.facts], (2, 5))
    body.raw(_facts_xml(facts))
    body.heading(h["dates"])
    for label, value in doc.dates:
        body.paragraph(f"{label}: {value}")
    body.heading(h["revisions"])
    body.table(doc.revisions, TEXT_W_PORTRAIT, first_bold=False)


def _facts_xml(facts: Table) -> str:
    """Label | value rows; labels shaded, the project row bold as in the seed plan."""
    return _table_xml(facts, TEXT_W_PORTRAIT, header=False, first_bold=True, label_fill=LABEL_FILL)


def _section_2(body: _Body, doc: PlanDocument) -> None:
    h, none = doc.headings, doc.labels["none"]
    body.heading(h["introduction"])
    body.heading(h["background"])
    _paragraphs(body, doc.background, none)
    body.heading(h["purpose"])
    _paragraphs(body, doc.purpose, none)
    body.heading(h["goals"])
    if not doc.goals:
        body.paragraph(none, italic=True, color=MUTED)
    for goal in doc.goals:
        body.paragraph(goal, style="ListBullet")
    body.heading(h["structure"])
    body.paragraph(doc.labels["structure_text"])


def _paragraphs(body: _Body, texts: list[str], empty: str) -> None:
    if not texts:
        body.paragraph(empty, italic=True, color=MUTED)
    for text in texts:
        body.paragraph(text)


def _section_3(body: _Body, doc: PlanDocument) -> None:
    body.heading(doc.headings["target_groups"], page_break_before=True)
    body.paragraph(doc.labels["priority_definition"])
    for name, definition in doc.tier_definitions:
        body.rich([(name, "<w:rPr><w:b/></w:rPr>"), (f" – {definition}" if definition else "", "")])
    if doc.groups.rows:
        body.table(doc.groups, TEXT_W_PORTRAIT)
    else:
        body.paragraph(doc.labels["none"], italic=True, color=MUTED)


def _section_4(body: _Body, doc: PlanDocument) -> None:
    labels = doc.labels
    body.heading(doc.headings["messages"], page_break_before=True)
    for section in doc.message_sections:
        body.heading(section.heading)
        if not section.messages:
            body.paragraph(labels["none"], italic=True, color=MUTED)
        for item in section.messages:
            note = f" {item.note}" if item.note else ""
            body.rich(
                [
                    (f"{item.number}. ", "<w:rPr><w:b/></w:rPr>"),
                    (item.text, ""),
                    (note, f'<w:rPr><w:i/><w:color w:val="{MUTED}"/></w:rPr>'),
                ]
            )
        if section.clarifications:
            body.paragraph(labels["clarification"], bold=True, italic=True, keep_next=True)
            for number, texts in section.clarifications:
                for i, text in enumerate(texts):
                    lead = f"{number}. " if i == 0 else ""
                    body.rich([(lead, "<w:rPr><w:b/></w:rPr>"), (text, "")])


def _section_5(body: _Body, doc: PlanDocument) -> None:
    body.heading(doc.headings["channels"], page_break_before=True)
    if doc.channels.rows:
        body.table(doc.channels, TEXT_W_PORTRAIT)
    else:
        body.paragraph(doc.labels["none"], italic=True, color=MUTED)


def _section_6(body: _Body, doc: PlanDocument, document: DocumentObject) -> None:
    labels = doc.labels
    body.heading(doc.headings["planning"], page_break_before=True)
    body.heading(doc.headings["activities"])
    if not doc.activity_sections:
        body.paragraph(labels["none"], italic=True, color=MUTED)
    if doc.activities_summary:
        body.paragraph(doc.activities_summary, italic=True)
    for section in doc.activity_sections:
        body.heading(section.heading)
        for text in section.paragraphs:
            body.paragraph(text)
    # The activity plan is wide: a landscape section of its own, with the same header.
    portrait = copy.deepcopy(document.sections[0]._sectPr)
    body.raw(f"<w:p><w:pPr>{_xml(portrait)}</w:pPr></w:p>")
    _landscape(document)
    body.heading(doc.headings["activity_plan"])
    body.paragraph(labels["activity_plan_text"].format(file=spreadsheet_filename(labels)))
    if doc.activity_plan.rows:
        body.table(doc.activity_plan, TEXT_W_LANDSCAPE)


def _landscape(document: DocumentObject) -> None:
    section = document.sections[-1]
    section.orientation = 1  # WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_H * 635, PAGE_W * 635
    section.top_margin = Cm(3.2)


def _xml(element: Any) -> str:
    from lxml import etree

    return etree.tostring(element, encoding="unicode")
