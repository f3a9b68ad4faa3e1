"""Pages, the structure tree and the PDF file: the flow that blocks of text, tables and
pictures are laid out on, top to bottom, page after page, each piece of content marked with
its structure element, and the file written with pydyf at the end.

Lengths are PDF points, y upwards from the page's bottom edge as in PDF.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pydyf

from komplan.exports.printing.fonts import Face, face
from komplan.exports.printing.lines import Line, Style, break_lines
from komplan.exports.printing.pdffile import pdf_file

__all__ = ["Anchor", "Element", "Page", "Printer", "pdf_text"]

CM = 72 / 2.54
A4 = (595.276, 841.89)
TOP, SIDE = 3.2 * CM, 2.2 * CM  # page margins: top; right, bottom and left
PADDING_TOP = 10.0  # between the header's rule and the text
RESOURCE = {
    "regular": "R",
    "bold": "B",
    "italic": "I",
    "bold-italic": "J",
    "fallback": "F",
    "fallback-bold": "G",
}
ASCENT, DESCENT = 0.905, 0.212  # Liberation Sans's line box (hhea), in ems


def pdf_text(text: str) -> str:
    """`text` as a PDF text string (UTF-16 with its byte order mark, in hex)."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


class Element:
    """A structure element: its tag, parent, kids (elements, (page, MCID) or annotations)."""

    __slots__ = ("extra", "kids", "number", "page", "parent", "tag")

    def __init__(self, tag: str, parent: Element | None, extra: str = "") -> None:
        self.tag = tag
        self.parent = parent
        self.kids: list[Any] = []
        self.extra = extra
        self.page: Page | None = None
        self.number = 0
        if parent is not None:
            parent.kids.append(self)


@dataclass(slots=True, eq=False)
class Page:
    index: int
    width: float
    height: float
    ops: list[Any] = field(default_factory=list)  # bytes, or callables giving bytes at the end
    marks: list[Element] = field(default_factory=list)  # the element of each MCID
    links: list[tuple[tuple[float, ...], str, Element]] = field(default_factory=list)
    number: int = 0
    packed: bytes = b""  # the ops, compressed once the page is finished (then emptied)

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    def pack(self, last: bool = False) -> None:
        """Compress the finished page's content, freeing its operators; a page with parts
        drawn at the end (the contents' page numbers) is packed then, `last`."""
        if not self.packed and (last or all(isinstance(op, bytes) for op in self.ops)):
            self.packed = _deflate(self.content())
            self.ops = []

    def content(self) -> bytes:
        """The page's content (without the header and footer), uncompressed."""
        if self.packed:
            return zlib.decompress(self.packed)
        return b"\n".join(op if isinstance(op, bytes) else op() for op in self.ops)


def _deflate(data: bytes) -> bytes:
    # zlib's usual level: pydyf's (9) took twice the time of the whole layout for a thousand
    # pages, for a file a few per cent smaller.
    return zlib.compress(data, 6)


class _Raw(pydyf.Object):  # type: ignore[misc]
    """An object whose bytes are written by hand (structure elements, outline items)."""

    data = b""

    def __init__(self) -> None:
        super().__init__()


@dataclass(frozen=True, slots=True)
class Anchor:
    level: int
    title: str
    page: Page
    y: float


class Printer:
    """The flow: `place` a block's height, draw it; new pages as the text runs over."""

    def __init__(self) -> None:
        self.pages: list[Page] = []
        self.root = Element("Document", None)
        self.used: dict[str, set[str]] = {key: set() for key in RESOURCE}
        self.anchors: dict[str, Anchor] = {}
        self.outline: list[str] = []  # anchors in document order
        self.pdf = pydyf.PDF()
        self.forms: list[tuple[str, pydyf.Stream]] = []  # drawings, added to the PDF
        self.page: Page
        self.y = 0.0
        self.gap = 0.0  # the bottom margin of the last block, collapsing with the next's top
        self.fresh = True  # nothing on this page yet: margins at its top are dropped
        self.pending: list[Callable[[], None]] = []  # headings kept with what follows
        self.pending_sizes: list[tuple[float, float, float]] = []  # their margins and heights
        self.decorate: Callable[[Page], list[bytes]] = lambda page: []
        self.measured: dict[tuple[Face, str], float] = {}  # this document's texts' widths

    # Pages

    def new_page(self, landscape: bool | None = None) -> None:
        if landscape is None:
            landscape = self.pages[-1].landscape if self.pages else False
        width, height = (A4[1], A4[0]) if landscape else A4
        if self.pages:
            self.pages[-1].pack()  # nothing is drawn on an earlier page after this
        self.page = Page(len(self.pages), width, height, [b"0.5 w"])
        self.pages.append(self.page)
        self.y = height - TOP - PADDING_TOP
        self.left, self.right, self.bottom = SIDE, width - SIDE, SIDE
        self.fresh, self.gap = True, 0.0

    @property
    def width(self) -> float:
        return self.right - self.left

    def room(self) -> float:
        return self.y - self.bottom

    def body_height(self) -> float:
        return self.page.height - TOP - PADDING_TOP - SIDE

    # Blocks

    def keep(self, height: float, margin: tuple[float, float], draw: Callable[[], None]) -> None:
        """A heading `height` high with its top and bottom `margin`: drawn with the first line
        of the block after it, on the same page."""
        self.pending.append(draw)
        self.pending_sizes.append((margin[0], height, margin[1]))

    def kept_height(self, margin: float) -> float:
        """The height of the headings kept with the next block, from the last block's bottom
        to the next one's top `margin` (margins collapsing as they are drawn)."""
        used, gap = 0.0, self.gap
        for top, height, bottom in self.pending_sizes:
            used += max(gap, top) + height
            gap = bottom
        return used + max(gap, margin)

    def place(self, height: float, margin: float = 0.0) -> None:
        """Make room for `height` after a top `margin` (and the headings kept with it): a new
        page when this one has not room enough, then move down by the margin."""
        gap = 0.0 if self.fresh else max(self.gap, margin)
        if self.pending:
            gap = self.kept_height(margin)
        if not self.fresh and self.y - gap - height < self.bottom:
            self.new_page()
        if self.pending:
            pending, self.pending, self.pending_sizes = self.pending, [], []
            for draw in pending:
                draw()
            gap = max(self.gap, margin)
        elif self.fresh:
            gap = 0.0
        self.y -= gap
        self.gap = 0.0
        self.fresh = False

    def mark(self, element: Element, tag: str | None = None) -> bytes:
        """Begin marked content of `element` on this page."""
        page = self.page
        mcid = len(page.marks)
        page.marks.append(element)
        element.kids.append((page, mcid))
        if element.page is None:
            element.page = page
        return b"/%s <</MCID %d>> BDC" % ((tag or element.tag).encode(), mcid)

    def show(self, x: float, baseline: float, line: Line) -> bytes:
        """The operators drawing `line` from (x, baseline)."""
        ops = [f"BT {x:.2f} {baseline:.2f} Td"]
        current: tuple[Face, float] | None = None
        colour: tuple[float, float, float] | None = None
        used = self.used
        for text, style in line:
            if style.color != colour:
                colour = style.color
                ops.append(f"{colour[0]:.3f} {colour[1]:.3f} {colour[2]:.3f} rg")
            for drawn, part, actual in style.face.runs(text):
                if (drawn, style.size) != current:
                    current = (drawn, style.size)
                    ops.append(f"/{RESOURCE[drawn.key]} {style.size:g} Tf")
                if actual:  # drawn as U+FFFD, read as what it stands for
                    ops.append(
                        f"/Span <</ActualText {pdf_text(actual)}>> BDC "
                        f"<{drawn.encode(part)}> Tj EMC"
                    )
                else:
                    ops.append(f"<{drawn.encode(part)}> Tj")
                used[drawn.key].update(part)
        ops.append("ET")
        return " ".join(ops).encode()

    def paragraph(
        self,
        runs: Sequence[tuple[str, Style]],
        element: Element,
        *,
        indent: float = 0.0,
        leading: float = 1.35,
        margin: tuple[float, float] = (0.0, 6.0),
        label: Callable[[float], bytes] | None = None,
    ) -> list[tuple[Page, float]]:
        """`runs` broken into lines across the width less `indent`, as content of `element`;
        the (page, baseline) of each line. `label`: the operators of a list item's label,
        given the first line's baseline, drawn before it."""
        size = max(style.size for _, style in runs)
        height = size * leading
        lines = break_lines(runs, self.width - indent, self.measured)
        placed = []
        page = None
        for n, (line, _) in enumerate(lines):
            if n == 0:
                self.place(height, margin[0])
            elif self.y - height < self.bottom - 0.01:
                self.page.ops.append(b"EMC")
                self.new_page()
                self.fresh = False
            baseline = self.y - (height - (ASCENT + DESCENT) * size) / 2 - ASCENT * size
            if self.page is not page:
                page = self.page
                if n == 0 and label is not None:
                    page.ops.append(label(baseline))
                page.ops.append(self.mark(element))
            if line:
                page.ops.append(self.show(self.left + indent, baseline, line))
            placed.append((page, baseline))
            self.y -= height
        self.page.ops.append(b"EMC")
        self.gap = margin[1]
        return placed

    def artifact(self, ops: Sequence[bytes]) -> None:
        self.page.ops.append(b"/Artifact BMC " + b" ".join(ops) + b" EMC")

    def drawing(self, drawn: pydyf.Stream, width: float, height: float, element: Element) -> None:
        """A Form XObject of `width` × `height` points (shrunk to the page if larger), as
        content of `element`."""
        scale = min(1.0, self.width / width, self.body_height() / height)
        width, height = width * scale, height * scale
        self.place(min(height, self.body_height()), 6.0)
        if height > self.room() + 0.01 and not self.fresh:
            self.new_page()
        name = f"Fm{len(self.forms)}"
        self.forms.append((name, drawn))
        y = self.y - height
        self.page.ops.append(
            self.mark(element)
            + f" q {scale:.4f} 0 0 {scale:.4f} {self.left:.2f} {y:.2f} cm /{name} Do Q EMC".encode()
        )
        self.y = y
        self.gap = 6.0

    # The file

    def write(self, catalog: dict[str, Any], info: dict[str, str], xmp: bytes) -> bytes:
        # Page numbers and contents' lines drawn first: their glyphs go into the fonts.
        decorations = []
        for page in self.pages:
            decorations.append(b"\n".join(self.decorate(page)) + b"\n")
            page.pack(last=True)
        pdf = self.pdf
        fonts = {}
        for key, chars in self.used.items():
            if chars:
                fonts[RESOURCE[key]] = face(key).embed(pdf, chars).reference
        xobjects = {name: stream.reference for name, stream in self.forms}
        resources = pydyf.Dictionary({"Font": pydyf.Dictionary(fonts)})
        if xobjects:
            resources["XObject"] = pydyf.Dictionary(xobjects)
        pdf.add_object(resources)
        # Numbers first: pages and elements refer to each other.
        page_objects = []
        for page in self.pages:
            page_object = pydyf.Dictionary(
                {
                    "Type": "/Page",
                    "Parent": pdf.pages.reference,
                    "MediaBox": pydyf.Array([0, 0, page.width, page.height]),
                    "Resources": resources.reference,
                    "StructParents": page.index,
                    "Tabs": "/S",
                }
            )
            pdf.add_page(page_object)
            page.number = page_object.number
            page_objects.append(page_object)
        elements: list[Element] = []
        stack = [self.root]
        while stack:
            element = stack.pop()
            elements.append(element)
            stack.extend(kid for kid in reversed(element.kids) if isinstance(kid, Element))
        raws = []
        for element in elements:
            raw = _Raw()
            pdf.add_object(raw)
            element.number = raw.number
            raws.append(raw)
        tree = _Raw()
        pdf.add_object(tree)
        # The parent tree's keys in ascending order (ISO 32000-1, 7.9.7): the pages' first,
        # then the links'.
        parent_tree: list[str] = []
        link_entries: list[str] = []
        annotation_key = len(self.pages)
        for page, page_object, decoration in zip(
            self.pages, page_objects, decorations, strict=True
        ):
            # Two streams: the header and footer, drawn once the pages are counted, and the
            # page's content, compressed as soon as the page was finished.
            contents = []
            for packed in (_deflate(decoration), page.packed):
                content = pydyf.Stream([packed], {"Filter": "/FlateDecode"})
                pdf.add_object(content)
                contents.append(content.reference)
            page.packed = b""
            page_object["Contents"] = pydyf.Array(contents)
            marks = " ".join(f"{e.number} 0 R" for e in page.marks)
            parent_tree.append(f"{page.index} [{marks}]")
            annotations = []
            for rect, target, link in page.links:
                anchor = self.anchors[target]
                annotation = _Raw()
                pdf.add_object(annotation)
                box = " ".join(f"{v:.2f}" for v in rect)
                annotation.data = (
                    f"<</Type /Annot /Subtype /Link /Rect [{box}] /Border [0 0 0] "
                    f"/StructParent {annotation_key} /Contents {pdf_text(anchor.title)} "
                    f"/Dest [{anchor.page.number} 0 R /XYZ {SIDE:.2f} {anchor.y:.2f} 0]>>"
                ).encode()
                link.kids.append(("OBJR", annotation.number, page))
                link_entries.append(f"{annotation_key} {link.number} 0 R")
                annotation_key += 1
                annotations.append(annotation.reference)
            if annotations:
                page_object["Annots"] = pydyf.Array(annotations)
        parent_tree += link_entries
        for element, raw in zip(elements, raws, strict=True):
            raw.data = _element_data(element, tree.number).encode()
        tree.data = (
            f"<</Type /StructTreeRoot /K {self.root.number} 0 R /ParentTreeNextKey "
            f"{annotation_key} /ParentTree <</Nums [{' '.join(parent_tree)}]>>>>"
        ).encode()
        metadata = pydyf.Stream([xmp], {"Type": "/Metadata", "Subtype": "/XML"})
        pdf.add_object(metadata)
        outline = self._outline(pdf)
        pdf.catalog.update(catalog)
        pdf.catalog["StructTreeRoot"] = tree.reference
        pdf.catalog["Metadata"] = metadata.reference
        if outline:
            pdf.catalog["Outlines"] = outline
            pdf.catalog["PageMode"] = "/UseOutlines"
        for key, value in info.items():
            pdf.info[key] = value.encode() if value.startswith(("<", "(")) else value
        return pdf_file(pdf)

    def _outline(self, pdf: pydyf.PDF) -> bytes | None:
        """The bookmarks: every heading's anchor, nested by level."""
        if not self.outline:
            return None
        root = _Raw()
        pdf.add_object(root)
        items: list[tuple[_Raw, Anchor, _Raw, list[_Raw], list[_Raw], int]] = []
        parents: list[tuple[int, _Raw, list[_Raw]]] = [(0, root, [])]
        for key in self.outline:
            anchor = self.anchors[key]
            while parents[-1][0] >= anchor.level:
                parents.pop()
            raw = _Raw()
            pdf.add_object(raw)
            kids: list[_Raw] = []
            family = parents[-1][2]
            items.append((raw, anchor, parents[-1][1], family, kids, len(family)))
            family.append(raw)
            parents.append((anchor.level, raw, kids))
        for raw, anchor, parent, family, kids, at in items:
            parts = [
                f"<</Title {pdf_text(anchor.title)} /Parent {parent.number} 0 R",
                f"/Dest [{anchor.page.number} 0 R /XYZ {SIDE:.2f} {anchor.y:.2f} 0]",
            ]
            if at:
                parts.append(f"/Prev {family[at - 1].number} 0 R")
            if at + 1 < len(family):
                parts.append(f"/Next {family[at + 1].number} 0 R")
            if kids:
                parts.append(f"/First {kids[0].number} 0 R /Last {kids[-1].number} 0 R")
                parts.append(f"/Count -{len(kids)}")
            raw.data = (" ".join(parts) + ">>").encode()
        top = parents[0][2]
        root.data = (
            f"<</Type /Outlines /First {top[0].number} 0 R /Last {top[-1].number} 0 R "
            f"/Count {len(top)}>>"
        ).encode()
        return f"{root.number} 0 R".encode()


def _element_data(element: Element, tree: int) -> str:
    parent = element.parent.number if element.parent is not None else tree
    page = element.page
    kids = []
    for kid in element.kids:
        if isinstance(kid, Element):
            kids.append(f"{kid.number} 0 R")
            if page is None:
                page = kid.page
        elif kid[0] == "OBJR":
            kids.append(f"<</Type /OBJR /Obj {kid[1]} 0 R /Pg {kid[2].number} 0 R>>")
        elif kid[0] is page:
            kids.append(str(kid[1]))
        else:
            kids.append(f"<</Type /MCR /Pg {kid[0].number} 0 R /MCID {kid[1]}>>")
    on_page = f" /Pg {page.number} 0 R" if element.page is not None and page else ""
    return (
        f"<</Type /StructElem /S /{element.tag} /P {parent} 0 R{on_page} "
        f"/K [{' '.join(kids)}]{element.extra}>>"
    )
