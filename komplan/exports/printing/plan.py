"""The plan document laid out on the pages: cover, contents, chapters 1-6 on portrait A4, the
activity plan and the sections after it (spokespersons, risks, the cascade) on landscape A4,
in the order and the page orientation of the Word builder."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

import pydyf

from komplan.exports.content import ExtraSection, Heading, PlanDocument, Table, page_header
from komplan.exports.printing.document import (
    CM,
    SIDE,
    TOP,
    Anchor,
    Element,
    Page,
    Printer,
    pdf_text,
)
from komplan.exports.printing.drawing import form, render
from komplan.exports.printing.fonts import face
from komplan.exports.printing.lines import Style, break_lines
from komplan.exports.printing.tables import Look, print_table

__all__ = ["print_plan"]


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    return tuple(int(hex_colour[n : n + 2], 16) / 255 for n in (1, 3, 5))  # type: ignore[return-value]


BLACK, GREY, BLUE = (0.0, 0.0, 0.0), _rgb("#595959"), _rgb("#1F3864")
HEAD_ROW, DONE_ROW, FACT_LABEL = _rgb("#D9E2F3"), _rgb("#F4CCCC"), _rgb("#F2F2F2")


class _Styles:
    def __init__(self) -> None:
        regular, bold, italic = face("regular"), face("bold"), face("italic")
        self.cache: dict[tuple[str, float, tuple[float, float, float]], Style] = {}
        self.faces = {"regular": regular, "bold": bold, "italic": italic}
        self.faces["bold-italic"] = face("bold-italic")

    def __call__(self, key: str, size: float, colour: tuple[float, float, float] = BLACK) -> Style:
        found = self.cache.get((key, size, colour))
        if found is None:
            found = self.cache[(key, size, colour)] = Style(self.faces[key], size, colour)
        return found


# Headings by level: size, top and bottom margin, colour.
HEADINGS = {1: (16.0, 18.0, 6.0, BLUE), 2: (13.0, 12.0, 4.0, BLUE), 3: (11.0, 10.0, 3.0, BLACK)}


class _Plan:
    def __init__(self, doc: PlanDocument) -> None:
        self.doc = doc
        self.p = Printer()
        self.s = _Styles()
        self.body = self.s("regular", 10)
        self.p.decorate = self.decorate

    # Blocks

    def heading(self, heading: Heading) -> None:
        level = heading.level
        size, top, bottom, colour = HEADINGS[level]
        style = self.s("bold", size, colour)
        lines = break_lines([(heading.title, style)], self.p.width)
        height = size * 1.2 * len(lines)
        p = self.p
        element = Element(f"H{level}", p.root)  # in the tree before what it keeps with

        def draw() -> None:
            p.place(0, top)
            p.anchors[heading.anchor] = Anchor(level, heading.title, p.page, p.y)
            p.outline.append(heading.anchor)
            p.paragraph([(heading.title, style)], element, leading=1.2, margin=(0, bottom))

        p.keep(height, (top, bottom), draw)

    def text(
        self, text: str, style: Style | None = None, margin: tuple[float, float] = (0, 6)
    ) -> None:
        self.p.paragraph([(text, style or self.body)], Element("P", self.p.root), margin=margin)

    def none(self) -> None:
        self.text(self.doc.labels["none"], self.s("italic", 10, GREY))

    def runs(self, runs: Sequence[tuple[str, Style]], margin: tuple[float, float] = (0, 6)) -> None:
        self.p.paragraph(runs, Element("P", self.p.root), margin=margin)

    def items(self, items: Sequence[Sequence[tuple[str, Style]]], bullet: bool) -> None:
        p = self.p
        listing = Element("L", p.root)
        for n, runs in enumerate(items):
            item = Element("LI", listing)
            label = Element("Lbl", item) if bullet else None
            body = Element("LBody", item)
            last = n == len(items) - 1
            margin = (0.0, 6.0 if last else (0.0 if bullet else 3.0))

            def draw(baseline: float, label: Element | None = label) -> bytes:
                bullet = p.show(p.left + 5, baseline, [("•", self.body)])
                return p.mark(label) + b" " + bullet + b" EMC" if label is not None else b""

            p.paragraph(
                runs,
                body,
                indent=16 if bullet else 0,
                margin=margin,
                label=draw if label is not None else None,
            )

    def table(self, table: Table, *, plain: bool = False, dense: bool = False) -> None:
        """A register's table; `dense`: the activity plan's 8 points."""
        size = 8.0 if dense else 9.0
        look = Look(
            self.s("regular", size),
            self.s("bold", size),
            leading=1.2 if dense else 1.35,
            pad=(1.0, 3.0) if dense else (2.0, 4.0),
            head=HEAD_ROW,
            done=DONE_ROW,
            plain=plain,
        )
        print_table(self.p, table, look, margin=0.0 if dense else 8.0)

    # The document

    def build(self) -> None:
        doc, labels, p = self.doc, self.doc.labels, self.p
        p.new_page()
        p.y -= 5 * CM
        p.fresh = False
        self.text(doc.organization, self.s("regular", 12, GREY))
        title = self.s("bold", 28, BLUE)
        p.paragraph([(doc.title, title)], Element("H1", p.root), leading=1.15, margin=(0, 6))
        self.text(doc.document_type, self.s("regular", 18, GREY), margin=(0, 24))
        grey = self.s("regular", 10, GREY)
        facts = [(labels["version"], f"{doc.version} · {doc.status}")]
        if not doc.draft:
            facts.append((labels["publication_date"], doc.publication_date or "–"))
        facts += [(label, value) for label, value in doc.facts[1:3] if value]
        for label, value in facts:
            self.runs([(f"{label}:", grey), (f" {value}", self.body)], margin=(0, 3))
        self.contents()
        p.new_page()
        self.chapters()
        p.new_page(landscape=True)
        self.heading(doc.headings["activity_plan"])
        self.text(labels["activity_plan_text"].format(file=doc.spreadsheet))
        if doc.activity_plan_summary:
            self.text(doc.activity_plan_summary, self.s("italic", 10, GREY))
        self.table(doc.activity_plan, dense=True)
        for section in doc.after_activity_plan:
            self.extra(section)
        p.place(0)  # a heading with nothing after it is drawn too

    def contents(self) -> None:
        p, doc = self.p, self.doc
        p.new_page()
        size, _, _, colour = HEADINGS[1]
        heading = Element("H2", p.root)
        p.paragraph(
            [(doc.labels["contents"], self.s("bold", size, colour))],
            heading,
            leading=1.2,
            margin=(0, 12),
        )
        toc = Element("TOC", p.root)
        number_width = 24.0
        for entry in (h for h in doc.outline if h.level <= 2):
            style = self.s("bold" if entry.level == 1 else "regular", 10)
            indent = 0.0 if entry.level == 1 else 16.0
            link = Element("Link", Element("TOCI", toc))
            lines = break_lines([(entry.title, style)], p.width - indent - number_width)
            height = 13.5 * len(lines)
            p.place(height, 6.0 if entry.level == 1 else 0.0)
            page, top = p.page, p.y
            page.ops.append(p.mark(link))
            baseline = top
            for line, _ in lines:
                baseline = p.y - 1.165 - 9.05
                page.ops.append(p.show(p.left + indent, baseline, line))
                p.y -= 13.5
            page.ops.append(b"EMC")
            number = p.mark(link)  # the page number is the link's too; the dots, artifacts
            page.ops.append(
                self._leader(entry.anchor, style, lines[-1][1] + indent, baseline, number)
            )
            page.links.append(((p.left, p.y, p.right, top), entry.anchor, link))

    def _leader(self, anchor: str, style: Style, start: float, baseline: float, mark: bytes) -> Any:
        """The dots (an artifact) and the page number (marked with `mark`) of a contents
        line, drawn once the pages are known: on the contents' page, whatever page the flow
        is on by then."""
        p = self.p
        left, end = p.left, p.right

        def draw() -> bytes:
            number = str(p.anchors[anchor].page.index + 1)
            width = style.face.width(number) * style.size / 1000
            dot = style.face.width(".") * style.size / 1000
            dots = "." * max(int((end - left - start - width - 6) / dot), 0)
            right = end - width
            return b" ".join(
                (
                    b"/Artifact BMC",
                    p.show(right - dot * len(dots) - 3, baseline, [(dots, style)]),
                    b"EMC",
                    mark,
                    p.show(right, baseline, [(number, style)]),
                    b"EMC",
                )
            )

        return draw

    def chapters(self) -> None:
        doc, labels = self.doc, self.doc.labels
        h = doc.headings
        self.heading(h["assignment"])
        facts = Table(("", ""), [(label, value or "–") for label, value in doc.facts], (30, 70))
        look = Look(self.s("regular", 9), self.s("bold", 9), labels=FACT_LABEL, lead=True)
        print_table(self.p, facts, look)
        self.heading(h["dates"])
        for label, value in doc.dates:
            self.text(f"{label}: {value}")
        self.heading(h["revisions"])
        self.table(doc.revisions, plain=True)
        self.heading(h["introduction"])
        for key, texts in (("background", doc.background), ("purpose", doc.purpose)):
            self.heading(h[key])
            for text in texts:
                self.text(text)
            if not texts:
                self.none()
        self.heading(h["goals"])
        if doc.goals:
            self.items([[(goal, self.body)] for goal in doc.goals], bullet=True)
        else:
            self.none()
        self.heading(h["structure"])
        self.text(labels["structure_text"])
        self.heading(h["target_groups"])
        self.text(labels["priority_definition"])
        bold = self.s("bold", 10)
        for name, definition in doc.tier_definitions:
            self.runs([(name, bold), (f" – {definition}" if definition else "", self.body)], (0, 3))
        self.registers(doc.groups)
        self.heading(h["messages"])
        note = self.s("italic", 10, GREY)
        for section in doc.message_sections:
            self.heading(section.heading)
            items = [
                [
                    (f"{m.number}.", bold),
                    (f" {m.text}", self.body),
                    *([(f" {m.note}", note)] if m.note else []),
                ]
                for m in section.messages
            ]
            if items:
                self.items(items, bullet=False)
            else:
                self.none()
            if section.clarifications:
                self.text(labels["clarification"], self.s("bold-italic", 10), margin=(6, 6))
                for number, texts in section.clarifications:
                    for n, text in enumerate(texts):
                        self.runs([(f"{number}. " if n == 0 else "", bold), (text, self.body)])
        self.heading(h["channels"])
        self.registers(doc.channels)
        self.heading(h["planning"])
        self.heading(h["activities"])
        if doc.activities_summary:
            self.text(doc.activities_summary, self.s("italic", 10, GREY))
        for activity in doc.activity_sections:
            self.heading(activity.heading)
            for text in activity.paragraphs:
                self.text(text)
            if not activity.paragraphs:
                self.p.place(0)  # the heading alone
        if not doc.activity_sections:
            self.none()

    def registers(self, table: Table) -> None:
        if table.rows:
            self.table(table)
        else:
            self.none()

    def extra(self, section: ExtraSection) -> None:
        self.heading(section.heading)
        for text in section.paragraphs:
            self.text(text)
        if section.svg:
            alt = f" /Alt {pdf_text(section.alt or section.heading.text)}"
            figure = Element("Figure", self.p.root, alt)
            whole = render(section.svg)
            drawings = [whole]
            if whole[2] * min(1.0, self.p.width / whole[1]) > self.p.body_height():
                # Taller than a page: the pieces cut for Word, one under the other.
                drawings = [render(piece) for piece in section.pieces] or drawings
            for drawn, width, height in drawings:  # only these go into the file
                self.p.drawing(form(self.p.pdf, drawn), width, height, figure)
        if section.table.rows:
            self.table(section.table)

    # Every page

    def decorate(self, page: Page) -> list[bytes]:
        """The header (plan, document type, page number, version; a rule under it) and the
        footer (organisation) of `page`, as artifacts."""
        p, header = self.p, page_header(self.doc)
        small = self.s("regular", 8)
        width = page.width - 2 * SIDE
        left = break_lines([(header.left, small)], width * 0.45)
        centre = break_lines([(header.centre, small)], width * 0.35)
        number = self.doc.labels["page"].format(page=page.index + 1, pages=len(p.pages))
        right = break_lines([(f"{number}\n{header.version}", small)], width * 0.2)
        rule = page.height - TOP
        ops = [b"/Artifact <</Type /Pagination /Subtype /Header>> BDC"]
        for lines, align in ((left, 0), (centre, 1), (right, 2)):
            baseline = rule + 3 + 10.8 * len(lines) - 0.93 - 7.24
            for line, line_width in lines:
                x = (SIDE, (page.width - line_width) / 2, page.width - SIDE - line_width)[align]
                ops.append(p.show(x, baseline, line))
                baseline -= 10.8
        ops.append(
            b"0.502 0.502 0.502 RG %.2f %.2f m %.2f %.2f l S 0 0 0 RG EMC"
            % (SIDE, rule, page.width - SIDE, rule)
        )
        footer = break_lines([(header.footer, self.s("regular", 8, GREY))], width)[0]
        ops.append(b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC")
        ops.append(p.show((page.width - footer[1]) / 2, SIDE / 2 - 3, footer[0]) + b" EMC")
        return ops

    def write(self) -> bytes:
        doc = self.doc
        title = f"{doc.title} – {doc.document_type}"
        catalog = {
            "Lang": pydyf.String(doc.xml_language),
            "MarkInfo": pydyf.Dictionary({"Marked": "true"}),
            "ViewerPreferences": pydyf.Dictionary({"DisplayDocTitle": "true"}),
        }
        info = {
            "Title": pdf_text(title),
            "Author": pdf_text(doc.organization),
            "Subject": pdf_text(doc.document_type),
            "Keywords": pdf_text(doc.document_type),
            "Creator": "(komplan)",
            "Producer": "(komplan)",
        }
        for key, day in (("CreationDate", doc.created), ("ModDate", doc.modified)):
            if len(day) >= 10:
                info[key] = f"(D:{day[:10].replace('-', '')}000000Z)"
        return self.p.write(catalog, info, _xmp(title, doc))


def _xmp(title: str, doc: PlanDocument) -> bytes:
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<pdfuaid:part>1</pdfuaid:part>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{escape(doc.organization)}</rdf:li></rdf:Seq></dc:creator>
<dc:language><rdf:Bag><rdf:li>{escape(doc.xml_language)}</rdf:li></rdf:Bag></dc:language>
<pdf:Producer>komplan</pdf:Producer>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>""".encode()


def print_plan(doc: PlanDocument) -> bytes:
    """The PDF of `doc`."""
    plan = _Plan(doc)
    plan.build()
    return plan.write()
