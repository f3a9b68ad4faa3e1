"""The plan as a PDF, printed by WeasyPrint from the print template.

`plan_pdf(data)` takes a plan JSON (see `planjson.py`), lays out the same `PlanDocument` as
the Word builder with `exports/plan_print.html` and its print stylesheet, and returns the
PDF's bytes: A4, the header on every page, "Page X (Y)" from the CSS page counters, a table of
contents with page numbers, the activity plan on landscape pages. The PDF is tagged for
accessibility (PDF/UA-1) when the installed WeasyPrint can do it, which `TAGGED` tells.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from komplan.exports.content import (
    PlanDocument,
    Revision,
    plan_document,
    spreadsheet_filename,
)
from komplan.exports.text import one_line

__all__ = [
    "CONTENT_TYPE",
    "DESCRIBED_ACTIVITIES",
    "LISTED_ACTIVITIES",
    "TAGGED",
    "plan_pdf",
    "print_html",
]

CONTENT_TYPE = "application/pdf"
# A PDF of a very large plan describes (6.1) and lists (6.2) only its first activities and
# says where the whole activity plan is: the spreadsheet. WeasyPrint needs minutes for the
# 700 pages of a 10,000-activity plan (its table layout and PDF/UA tagging slow down with every
# page), and nobody reads such a PDF; the Word document and the workbook keep them all.
DESCRIBED_ACTIVITIES = 100
LISTED_ACTIVITIES = 500


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
    describe_activities: int | None = DESCRIBED_ACTIVITIES,
    list_activities: int | None = LISTED_ACTIVITIES,
) -> bytes:
    """The PDF of plan JSON `data`; see `content.plan_document` for the arguments."""
    from weasyprint import HTML

    doc = plan_document(
        data,
        revisions=revisions,
        describe_activities=describe_activities,
        list_activities=list_activities,
    )
    options: dict[str, Any] = {"pdf_variant": PDF_VARIANT} if PDF_VARIANT else {}
    pdf = HTML(string=print_html(doc), base_url=None).write_pdf(**options)
    assert pdf is not None
    return bytes(pdf)


def print_html(doc: PlanDocument) -> str:
    """The print template rendered for `doc` (HTML the PDF is made from)."""
    labels = doc.labels
    context = {
        "doc": doc,
        # Escaped for CSS by margin_css; HTML escaping would break the CSS strings.
        "page_margins": mark_safe(margin_css(doc)),
        "title_facts": [(label, value) for label, value in doc.facts[1:3] if value],
        "contents": [h for h in doc.outline if h.level <= 2],
        "activity_plan_text": labels["activity_plan_text"].format(
            file=spreadsheet_filename(labels)
        ),
    }
    return render_to_string("exports/plan_print.html", context)


def margin_css(doc: PlanDocument) -> str:
    """@page rules putting the header (publication date, project, document type, version and
    "Sida X (Y)" from the page counters) and the footer (organisation) in the page margins."""
    labels = doc.labels
    left = (
        f"{labels['publication_date']} {doc.publication_date or '–'}\n"
        f"{labels['project']} {one_line(doc.title, 40)}"
    )
    center = f"\n{labels['document_type_label']} {doc.document_type}"
    before, _, rest = labels["page"].partition("{page}")
    between, _, after = rest.partition("{pages}")
    right = (
        f"{_css_string(before)} counter(page) {_css_string(between)} counter(pages) "
        f"{_css_string(after + chr(10) + labels['version'] + ' ' + one_line(doc.version, 20))}"
    )
    return (
        f"@page {{ @top-left {{ content: {_css_string(left)}; }} "
        f"@top-center {{ content: {_css_string(center)}; }} "
        f"@top-right {{ content: {right}; }} "
        f"@bottom-center {{ content: {_css_string(one_line(doc.organization, 100))}; }} }}"
    )


def _css_string(text: str) -> str:
    """`text` as a CSS string literal; newlines become the CSS escape \\A."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    escaped = escaped.replace("<", "\\3C ")  # cannot close the <style> element
    return f'"{escaped}"'
