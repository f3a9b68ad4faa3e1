"""The plan as a Word document (.docx), laid out like the plans organisations approve.

`plan_docx(data)` takes a plan JSON (see `planjson.py`) and returns the file's bytes: a title
page; on every page a header with publication date, project, document type, version and
"Page X (Y)" as PAGE/NUMPAGES fields; a table of contents field that Word updates on opening
(w:updateFields); then sections 1–6 of `content.plan_document`, with real Heading 1–3 styles
and real tables whose header rows repeat on every page. The activity plan gets a landscape
section of its own. The document's language is set on its styles and core properties.

python-docx provides the package, styles, header and properties. The body is written by hand
as WordprocessingML text, because python-docx has no fast path for it: its per-paragraph and
per-cell API builds an lxml element (and a proxy object) for every run, and a 10,000-activity
plan's body is ~1.5 million elements, which took seconds and over 100 MiB even when the text
was parsed in one go. The text is never parsed: python-docx saves the document with a marker
for the body, and `_Body.save` copies that file into the one returned, writing the body's
parts (the big tables a row at a time) where the marker was, compressed as they are written.
The text is what lxml would write for the same elements (tests/exports/test_word.py checks
that reading it and writing it again with lxml gives the same bytes), so the file is the one
python-docx would save.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from io import BytesIO
from typing import IO, Any
from xml.sax.saxutils import escape
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.shape import CT_Inline
from docx.shared import Cm, Emu, Pt, Twips
from lxml import etree

from komplan.core.bulk import gc_paused
from komplan.exports.content import (
    HEADER_TITLE_CHARS,
    Heading,
    PlanDocument,
    Revision,
    Table,
    plan_document,
)
from komplan.exports.text import one_line
from komplan.exports.wordfile import A4_HEIGHT, A4_WIDTH, Properties, a4, finish

__all__ = ["CONTENT_TYPE", "plan_docx"]

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

FONT = "Arial"  # metric-compatible Liberation Sans stands in where Arial is missing
ACCENT = "1F3864"  # dark blue of headings and table header rows
HEADER_FILL = "D9E2F3"
DONE_FILL = "F4CCCC"  # light red: a done activity, as users mark it by hand
LABEL_FILL = "F2F2F2"
MUTED = "595959"
# A4 in twentieths of a point, 2.2 cm margins.
PAGE_W, PAGE_H, MARGIN = A4_WIDTH, A4_HEIGHT, 1247
TEXT_W_PORTRAIT = PAGE_W - 2 * MARGIN
TEXT_W_LANDSCAPE = PAGE_H - 2 * MARGIN


@gc_paused()  # see exports._GC_PAUSED
def plan_docx(
    data: Mapping[str, Any],
    *,
    revisions: Sequence[Revision] | None = None,
    paginate: Callable[[bytes], Sequence[tuple[str, int]] | None] | None = None,
) -> bytes:
    """The .docx of plan JSON `data`; `revisions` replaces the revision rows of `data`.

    `paginate` (see `office.paginator`) lays a Word file out and returns its headings with
    their pages in document order, or None. With it the table of contents is filled with page
    numbers; without it, or when it fails, the file asks Word to update the field on opening
    and says so under the contents.
    """
    doc = plan_document(data, revisions=revisions)
    document = Document()
    _page_setup(document)
    _styles(document, doc.xml_language)
    _ask_to_update_fields(document)
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
    _extra_sections(body, doc, document)
    blob = body.save(document)
    if paginate is None:
        return blob
    pages = paginate(blob)
    if not pages or not _fill_contents(body, document, doc, pages):
        return blob
    return body.save(document)


# --- the body, as WordprocessingML text ----------------------------------------------------


class _Body:
    """Collects the body's XML (paragraphs, tables) and writes it into the saved file.

    A part is a string, or a table (`_TableXml`) whose rows are made as they are written.
    """

    def __init__(self) -> None:
        self.parts: list[str | _TableXml] = []
        self.contents = -1  # the index of the contents' paragraphs among the parts
        self._sect_pr = ""  # the body's last section properties, as XML

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
        ppr = f"<w:pPr>{ppr}</w:pPr>" if ppr else "<w:pPr/>"
        self.parts.append(f"<w:p>{ppr}{_runs(text, rpr)}</w:p>")

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
        self.parts.append(_TableXml(table, width, header=header, first_bold=first_bold))

    def save(self, document: DocumentObject) -> bytes:
        """The .docx file: `document` saved by python-docx with a marker for a body, the
        marker then replaced by the parts while the file's document part is copied into a
        new zip, compressed as it is written.

        The parts are never parsed: lxml would hold the whole body as a tree (at 10,000
        activities ~1.5 million elements, over 100 MiB, and a second to parse and serialise
        it again) only to write out the same text.
        """
        body = document.element.body
        if not self._sect_pr:
            self._sect_pr = _xml(body.sectPr)
            for child in list(body):
                body.remove(child)
            body.append(etree.Comment(_BODY_MARKER))
        skeleton = BytesIO()
        document.save(skeleton)
        member = document.part.partname.membername
        out = BytesIO()
        with ZipFile(skeleton) as source, ZipFile(out, "w", ZIP_DEFLATED) as target:
            for info in source.infolist():
                copied = ZipInfo(info.filename, info.date_time)
                copied.compress_type = info.compress_type
                copied.external_attr = info.external_attr
                if info.filename == member:
                    with target.open(copied, "w") as stream:
                        self._write(stream, source.read(info))
                else:
                    target.writestr(copied, source.read(info))
        return out.getvalue()

    def _write(self, stream: IO[bytes], skeleton: bytes) -> None:
        before, marker, after = skeleton.partition(f"<!--{_BODY_MARKER}-->".encode())
        assert marker, "the body marker was not serialised"
        stream.write(before)
        pending: list[str] = []
        size = 0
        for part in self.parts:
            for chunk in (part,) if isinstance(part, str) else part:
                pending.append(chunk)
                size += len(chunk)
                if size > _CHUNK:
                    stream.write("".join(pending).encode())
                    pending.clear()
                    size = 0
        pending.append(self._sect_pr)
        stream.write("".join(pending).encode())
        stream.write(after)


_BODY_MARKER = "komplan-body-goes-here"
_CHUNK = 1 << 18  # characters of body XML encoded and compressed at a time


def _rpr(*, bold: bool = False, italic: bool = False, color: str = "", size: int = 0) -> str:
    props = "<w:b/>" if bold else ""
    props += "<w:i/>" if italic else ""
    props += f'<w:color w:val="{color}"/>' if color else ""
    props += f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>' if size else ""
    return f"<w:rPr>{props}</w:rPr>" if props else ""


def _text(line: str) -> str:
    """A w:t element of `line` (already cleaned), escaped as lxml writes it."""
    if not line:
        return '<w:t xml:space="preserve"/>'
    line = line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<w:t xml:space="preserve">{line}</w:t>'


def _runs(text: str, rpr: str = "") -> str:
    """Runs for `text` (already cleaned), its newlines as line breaks."""
    if "\n" not in text:
        return f"<w:r>{rpr}{_text(text)}</w:r>"
    return "".join(
        f"<w:r>{rpr}{'<w:br/>' if n else ''}{_text(line)}</w:r>"
        for n, line in enumerate(text.split("\n"))
    )


class _TableXml:
    """A fixed-layout grid table; the header row repeats on every page and is not split.

    Iterating it yields its XML a row at a time: the activity plan's 10,000 rows are written
    to the file as they are made, never held as one string.
    """

    def __init__(
        self,
        table: Table,
        width: int,
        *,
        header: bool,
        first_bold: bool,
        label_fill: str = "",
    ) -> None:
        self.table = table
        self.width = width
        self.header = header
        self.first_bold = first_bold
        self.label_fill = label_fill

    def __iter__(self) -> Iterator[str]:
        table, width = self.table, self.width
        total = sum(table.widths)
        cols = [width * w // total for w in table.widths]
        grid = "".join(f'<w:gridCol w:w="{c}"/>' for c in cols)
        yield (
            "<w:tbl><w:tblPr>"
            '<w:tblStyle w:val="TableGrid"/>'
            f'<w:tblW w:w="{width}" w:type="dxa"/>'
            '<w:tblLayout w:type="fixed"/>'
            '<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="80" w:type="dxa"/>'
            '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
            f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
        )
        if self.header:
            cells = "".join(
                _cell(text, _cell_start(c, HEADER_FILL), _BOLD)
                for text, c in zip(table.header, cols, strict=True)
            )
            yield f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{cells}</w:tr>"
        # Each column's cell start, plain and shaded as done; the first column's run bold.
        first = self.label_fill
        plain = [_cell_start(c, first if i == 0 and first else "") for i, c in enumerate(cols)]
        done = [
            _cell_start(c, first if i == 0 and first else DONE_FILL) for i, c in enumerate(cols)
        ]
        bold = [_BOLD if self.first_bold and i == 0 else "" for i in range(len(cols))]
        marked = table.marked
        for n, row in enumerate(table.rows):
            starts = done if n in marked else plain
            cells = "".join(
                _cell(text, start, rpr) for text, start, rpr in zip(row, starts, bold, strict=True)
            )
            yield f"<w:tr>{cells}</w:tr>"
        yield "</w:tbl>"


_BOLD = "<w:rPr><w:b/></w:rPr>"
_CELL_PARAGRAPH = '<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr>'


def _cell_start(width: int, fill: str) -> str:
    shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shading}</w:tcPr>'


def _cell(text: str, start: str, rpr: str) -> str:
    """A table cell: `start` (`_cell_start`), then a paragraph per blank-line-separated part
    of `text`, single newlines as line breaks."""
    if not text:
        return f"{start}{_CELL_PARAGRAPH}</w:p></w:tc>"
    if "\n" not in text:
        return f"{start}{_CELL_PARAGRAPH}<w:r>{rpr}{_text(text)}</w:r></w:p></w:tc>"
    paras = "".join(
        f"{_CELL_PARAGRAPH}{_runs(line, rpr) if line else ''}</w:p>" for line in text.split("\n\n")
    )
    return f"{start}{paras}</w:tc>"


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
    a4(section, margin=Twips(MARGIN), top=Cm(3.2))
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
        # No hyphenation in narrow cells: the column widths are made to hold every word.
        "<w:pPr><w:suppressAutoHyphens/>"
        '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
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


def _ask_to_update_fields(document: DocumentObject) -> None:
    """Ask Word to update fields (the table of contents) on opening: until a word processor
    has laid the document out, the contents have no page numbers."""
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


def _fill_contents(
    body: _Body, document: DocumentObject, doc: PlanDocument, pages: Sequence[tuple[str, int]]
) -> bool:
    """Write each contents entry's page (from `pages`, the laid-out headings in document
    order) into the TOC field's result, drop the hint and Word's update question. False, and
    nothing changed, unless every entry's heading was found."""
    entries = [h for h in doc.outline if h.level <= 2]
    numbers: list[int] = []
    position = 0
    for heading in entries:
        title = " ".join(heading.title.split())
        while position < len(pages) and pages[position][0] != title:
            position += 1
        if position == len(pages):
            return False
        numbers.append(pages[position][1])
        position += 1
    body.parts[body.contents] = _toc_xml(entries, numbers)
    body.parts[body.contents + 1] = ""  # the hint that Word fills in the numbers
    settings = document.settings.element
    for update in settings.findall(qn("w:updateFields")):
        settings.remove(update)
    return True


# The project's name gets the widest column of the header: 45 %, 35 %, 20 % of the line.
_HEADER_PCT = (2250, 1750, 1000)
_HEADER_GRID = "".join(f'<w:gridCol w:w="{TEXT_W_PORTRAIT * p // 5000}"/>' for p in _HEADER_PCT)


def _header(document: DocumentObject, doc: PlanDocument) -> None:
    """A two-line header table: date and page, then project, document type and version."""
    labels = doc.labels
    header = document.sections[0].header
    header.is_linked_to_previous = False
    small = '<w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr>'
    label = f'<w:rPr><w:color w:val="{MUTED}"/><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr>'

    def cell(content: str, align: str = "left", column: int = 0) -> str:
        return (
            f'<w:tc><w:tcPr><w:tcW w:w="{_HEADER_PCT[column]}" w:type="pct"/></w:tcPr>'
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
    bold = '<w:rPr><w:b/><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr>'
    # A draft is not published: it says so where a published plan has its date.
    first = (
        _runs(doc.draft_mark, bold)
        if doc.draft
        else pair(labels["publication_date"], doc.publication_date or "–")
    )
    rows = [
        [first, "", page_runs],
        [
            pair(labels["project"], one_line(doc.title, HEADER_TITLE_CHARS)),
            pair(labels["document_type_label"], doc.document_type),
            pair(labels["version"], doc.version),
        ],
    ]
    trs = "".join(
        "<w:tr>"
        + "".join(cell(c, "right" if i == 2 else "left", i) for i, c in enumerate(row))
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
    finish(
        document,
        Properties(
            title=f"{doc.title} – {doc.document_type}",
            subject=doc.document_type,
            author=doc.organization,
            last_modified_by=doc.changed_by,
            language=doc.xml_language,
            keywords=", ".join(
                part for part in (doc.document_type, doc.organization, doc.status) if part
            ),
            created=doc.created,
            modified=doc.modified,
        ),
    )


# --- the sections --------------------------------------------------------------------------


def _title_page(body: _Body, doc: PlanDocument) -> None:
    labels = doc.labels
    for _ in range(6):
        body.paragraph()
    body.paragraph(doc.organization, color=MUTED, size=24)
    body.paragraph(doc.title, style="Title")
    body.paragraph(doc.document_type, style="Subtitle")
    facts = [(labels["version"], f"{doc.version} · {doc.status}")]
    if not doc.draft:
        facts.append((labels["publication_date"], doc.publication_date or "–"))
    facts += [(label, value) for label, value in doc.facts[1:3] if value]
    for label, value in facts:
        body.rich([(f"{label}: ", f'<w:rPr><w:color w:val="{MUTED}"/></w:rPr>'), (value, "")])
    body.page_break()


def _contents(body: _Body, doc: PlanDocument) -> None:
    """The TOC field (levels 1–2), its cached result listing the headings until Word updates
    it with page numbers on opening."""
    body.paragraph(doc.labels["contents"], style="TOCHeading")
    body.contents = len(body.parts)
    body.raw(_toc_xml([h for h in doc.outline if h.level <= 2]))
    body.paragraph(doc.labels["contents_hint"], italic=True, color=MUTED, size=16)
    body.page_break()


def _toc_xml(entries: Sequence[Heading], numbers: Sequence[int] = ()) -> str:
    """The contents' paragraphs, one per entry, in a TOC field; with `numbers`, each entry's
    page after a tab, and the field not marked for updating."""
    instruction = 'TOC \\o "1-2" \\h \\z \\u'
    dirty = "" if numbers else ' w:dirty="true"'
    begin = (
        f'<w:r><w:fldChar w:fldCharType="begin"{dirty}/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    )
    end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    out = []
    for n, heading in enumerate(entries):
        start = begin if n == 0 else ""
        page = f"<w:r><w:tab/></w:r><w:r><w:t>{numbers[n]}</w:t></w:r>" if numbers else ""
        stop = end if n == len(entries) - 1 else ""
        ppr = f'<w:pPr><w:pStyle w:val="TOC{heading.level}"/></w:pPr>'
        out.append(f"<w:p>{ppr}{start}{_runs(heading.title)}{page}{stop}</w:p>")
    return "".join(out)


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
    table = _TableXml(facts, TEXT_W_PORTRAIT, header=False, first_bold=True, label_fill=LABEL_FILL)
    return "".join(table)


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
    body.heading(doc.headings["target_groups"])
    body.paragraph(doc.labels["priority_definition"])
    for name, definition in doc.tier_definitions:
        body.rich([(name, "<w:rPr><w:b/></w:rPr>"), (f" – {definition}" if definition else "", "")])
    if doc.groups.rows:
        body.table(doc.groups, TEXT_W_PORTRAIT)
    else:
        body.paragraph(doc.labels["none"], italic=True, color=MUTED)


def _section_4(body: _Body, doc: PlanDocument) -> None:
    labels = doc.labels
    body.heading(doc.headings["messages"])
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
    body.heading(doc.headings["channels"])
    if doc.channels.rows:
        body.table(doc.channels, TEXT_W_PORTRAIT)
    else:
        body.paragraph(doc.labels["none"], italic=True, color=MUTED)


def _section_6(body: _Body, doc: PlanDocument, document: DocumentObject) -> None:
    labels = doc.labels
    body.heading(doc.headings["planning"])
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
    body.paragraph(labels["activity_plan_text"].format(file=doc.spreadsheet))
    if doc.activity_plan.rows:
        body.table(doc.activity_plan, TEXT_W_LANDSCAPE)


def _extra_sections(body: _Body, doc: PlanDocument, document: DocumentObject) -> None:
    """The spokespersons, the risks and the sections of apps above exports (the cascade),
    after the activity plan, in its landscape section: their drawing as pictures, one a
    page-sized piece, then their table."""
    shapes = 0
    for section in doc.after_activity_plan:
        body.heading(section.heading)
        for text in section.paragraphs:
            body.paragraph(text)
        for piece in section.pieces:
            shapes += 1
            body.raw(_picture(document, piece, shapes, section.alt))
        if section.table.rows:
            body.table(section.table, TEXT_W_LANDSCAPE)


PICTURE_PT_PER_PX = 0.6  # a drawing's 13 px text prints at 7.8 pt
PICTURE_SCALE = 2  # pixels of the PNG per pixel of the SVG: sharp when printed


def _picture(document: DocumentObject, svg: str, shape_id: int, alt: str) -> str:
    """A paragraph with the SVG drawn as a PNG picture, added to the file's media. Word only
    shows SVG beside a PNG fallback, LibreOffice's support of that varies: a PNG alone is read
    everywhere. cairosvg draws it with the system's cairo, which WeasyPrint's Pango needs too."""
    import cairosvg

    png = cairosvg.svg2png(bytestring=svg.encode(), scale=PICTURE_SCALE)
    rid, image = document.part.get_or_add_image(BytesIO(png))
    points = PICTURE_PT_PER_PX / PICTURE_SCALE
    cx = min(int(image.px_width * points * 12700), TEXT_W_LANDSCAPE * 635)  # EMU
    cy = cx * image.px_height // image.px_width
    inline = CT_Inline.new_pic_inline(shape_id, rid, image.filename, Emu(cx), Emu(cy))
    inline.docPr.set("descr", alt)
    return f"<w:p><w:r><w:drawing>{_xml(inline)}</w:drawing></w:r></w:p>"


def _landscape(document: DocumentObject) -> None:
    a4(document.sections[-1], landscape=True, margin=Twips(MARGIN), top=Cm(3.2))


def _xml(element: Any) -> str:
    from lxml import etree

    return etree.tostring(element, encoding="unicode")
