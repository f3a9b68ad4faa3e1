"""PDF documents: the plan's, and WeasyPrint's printing of the other documents' HTML.

`plan_pdf(data)` takes a plan JSON (see `planjson.py`) and returns the PDF of the same
`PlanDocument` as the Word builder lays out, written by `komplan.exports.printing` (tagged,
PDF/UA-1): A4, the header on every page, "Page X (Y)", a table of contents with page numbers,
the activity plan on landscape pages.

`write_pdf` prints HTML with WeasyPrint (the meetings' documents, the final report, the GDPR
export), with `plan_stylesheet` and `margin_css` for the final report's look of the plan;
tagged for accessibility (PDF/UA-1) when the installed WeasyPrint can do it, which `TAGGED`
tells.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import Any

from django.template.loader import get_template

from komplan.exports.content import (
    PlanDocument,
    Revision,
    page_header,
    plan_document,
)
from komplan.exports.printing import print_plan

__all__ = [
    "CONTENT_TYPE",
    "TAGGED",
    "margin_css",
    "plan_pdf",
    "plan_stylesheet",
    "write_pdf",
]

CONTENT_TYPE = "application/pdf"
# The PDF holds every activity, of a live plan as of a frozen version: a large one is printed
# by a task (komplan.exports.documents), where the time thousands of pages take holds no one
# up.


def _pdf_variant() -> str | None:
    """ "pdf/ua-1" if this WeasyPrint writes tagged PDF/UA-1, else None (untagged PDF)."""
    try:
        from weasyprint.pdf import VARIANTS
    except ImportError:  # pragma: no cover - WeasyPrint before 53
        return None
    return "pdf/ua-1" if "pdf/ua-1" in VARIANTS else None


PDF_VARIANT = _pdf_variant()
TAGGED = PDF_VARIANT is not None


def plan_pdf(
    data: Mapping[str, Any],
    *,
    revisions: Sequence[Revision] | None = None,
    describe_activities: int | None = None,
    list_activities: int | None = None,
) -> bytes:
    """The PDF of plan JSON `data`, every activity in it; see `content.plan_document` for the
    arguments."""
    doc = plan_document(
        data,
        revisions=revisions,
        describe_activities=describe_activities,
        list_activities=list_activities,
    )
    return print_plan(doc)


def _keep_page_references() -> None:
    """Make pydyf's `PDF.page_references` (the tuple of every page's reference) computed once
    per page count rather than on every call. WeasyPrint's PDF/UA tagging asks it for each
    structure element (tens per page), so an uncached tuple of all pages made the tagging
    grow with the square of the pages: 54 of 73 s writing a 400-page PDF. pydyf 0.13 is the
    newest; the pages only ever grow (`add_page`), so the count tells a stale tuple."""
    import pydyf

    if getattr(pydyf.PDF, "_komplan_kept_references", False):
        return
    uncached = pydyf.PDF.__dict__.get("page_references")
    if not isinstance(uncached, property):  # a pydyf that keeps them otherwise: leave it be
        return

    def page_references(pdf: Any) -> tuple[bytes, ...]:
        count = len(pdf.pages["Kids"])
        kept = pdf.__dict__.get("_komplan_page_references")
        if kept is None or kept[0] != count:
            kept = pdf.__dict__["_komplan_page_references"] = (count, uncached.fget(pdf))
        return kept[1]  # type: ignore[no-any-return]

    pydyf.PDF.page_references = property(page_references)  # type: ignore[method-assign,assignment]
    pydyf.PDF._komplan_kept_references = True  # type: ignore[attr-defined]


def write_pdf(html: str, *, stylesheets: Sequence[Any] = ()) -> bytes:
    """The PDF WeasyPrint prints from `html` (no external resources) with the parsed
    `stylesheets` (see `plan_stylesheet`): tagged PDF/UA-1 when it can, with every table
    header's scope in the structure tree. The process's font configuration is reused."""
    from weasyprint import HTML

    _keep_page_references()
    options: dict[str, Any] = {"pdf_variant": PDF_VARIANT} if PDF_VARIANT else {}
    if PDF_VARIANT:
        options["finisher"] = _scope_table_headers
    pdf = HTML(string=html, base_url=None).write_pdf(
        stylesheets=list(stylesheets), font_config=font_configuration(), **options
    )
    assert pdf is not None
    return bytes(pdf)


# WeasyPrint's font configuration (fontconfig's fonts, Pango's font map and the faces read
# so far) and the plan's parsed print stylesheet, kept per thread of a process rather than
# made anew for every document. Per thread: Pango's font map is not made to be shared
# between threads.
_kept = threading.local()


def font_configuration() -> Any:
    """This thread's WeasyPrint FontConfiguration."""
    from weasyprint.text.fonts import FontConfiguration

    found = getattr(_kept, "font_config", None)
    if found is None:
        found = _kept.font_config = FontConfiguration()
    return found


def plan_stylesheet() -> Any:
    """`exports/plan_print.css` parsed once per thread, against its font configuration, and
    again when its text changes (a stylesheet edited while the server runs in DEBUG)."""
    from weasyprint import CSS

    text = get_template("exports/plan_print.css").render()
    found = getattr(_kept, "plan_css", None)
    if found is None or found[0] != text:
        found = _kept.plan_css = (text, CSS(string=text, font_config=font_configuration()))
    return found[1]


def _scope_table_headers(_document: Any, pdf: Any) -> None:
    """Give every TH structure element its /Scope (PDF/UA-1 requires it; WeasyPrint 70 writes
    none): /Column in a table's head, /Row elsewhere, which is what the print templates say
    with scope="col" in <thead> and scope="row" in <tbody>.

    Written here because WeasyPrint has no option for it; its finisher hook hands over the
    pydyf objects before they are written, and a structure element's /P names its parent.
    """
    objects = pdf.objects

    def parent(element: Any) -> Any:
        reference = element.get("P") if isinstance(element, dict) else None
        if not isinstance(reference, bytes):
            return None
        return objects[int(reference.split()[0])]

    for element in objects:
        if not isinstance(element, dict) or element.get("S") != "/TH":
            continue
        section = parent(parent(element))
        head = isinstance(section, dict) and section.get("S") == "/THead"
        attributes = element.setdefault("A", {"O": "/Table"})
        attributes.setdefault("Scope", "/Column" if head else "/Row")


def margin_css(doc: PlanDocument) -> str:
    """@page rules putting the header (publication date, project, document type, version and
    "Sida X (Y)" from the page counters) and the footer (organisation) in the page margins."""
    header = page_header(doc)
    before, _, rest = doc.labels["page"].partition("{page}")
    between, _, after = rest.partition("{pages}")
    right = (
        f"{_css_string(before)} counter(page) {_css_string(between)} counter(pages) "
        f"{_css_string(after + chr(10) + header.version)}"
    )
    return (
        f"@page {{ @top-left {{ content: {_css_string(header.left)}; }} "
        f"@top-center {{ content: {_css_string(chr(10) + header.centre)}; }} "
        f"@top-right {{ content: {right}; }} "
        f"@bottom-center {{ content: {_css_string(header.footer)}; }} }}"
    )


def _css_string(text: str) -> str:
    """`text` as a CSS string literal; newlines become the CSS escape \\A."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    escaped = escaped.replace("<", "\\3C ")  # cannot close the <style> element
    return f'"{escaped}"'
