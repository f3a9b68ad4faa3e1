"""The plan's download links: Word, PDF, Excel and plan JSON, each with its type and size."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _

from komplan.documents.exports import size_estimate

register = template.Library()


@register.inclusion_tag("documents/_downloads.html")
def document_downloads(plan: Any, counts: Mapping[str, int]) -> dict[str, Any]:
    """Links to the plan's files; sizes are estimated from the register counts (the files are
    made on download, so their exact size is not known before)."""
    kinds = [
        ("docx", _("Word document"), ".docx"),
        ("pdf", _("PDF document"), ".pdf"),
        ("xlsx", _("Activity plan in Excel"), ".xlsx"),
        ("json", _("Plan data for other systems"), ".json"),
    ]
    links = [
        {
            "url": reverse("documents:export", args=[plan.pk, fmt]),
            "label": label,
            "extension": extension,
            "size": filesizeformat(size_estimate(fmt, counts)),
        }
        for fmt, label, extension in kinds
    ]
    return {"links": links}
