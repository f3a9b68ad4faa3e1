"""The plan's download links: Word, PDF, Excel and plan JSON, each with its type and size."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.urls import reverse

from komplan.exports.exports import download_links

register = template.Library()


@register.inclusion_tag("exports/_downloads.html")
def document_downloads(plan: Any, counts: Mapping[str, int]) -> dict[str, Any]:
    """Links to the plan's files, with sizes estimated from the register counts."""
    return {
        "links": download_links(counts, lambda fmt: reverse("exports:export", args=[plan.pk, fmt]))
    }
