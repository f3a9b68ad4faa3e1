"""The plan's download links: Word, PDF, Excel and plan JSON, each with its type and size."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from komplan.exports.documents import in_background
from komplan.exports.exports import FORMATS, download_links

register = template.Library()


@register.inclusion_tag("exports/_downloads.html")
def document_downloads(
    plan: Any, counts: Mapping[str, int], personal: bool = False
) -> dict[str, Any]:
    """Links to the plan's files, with sizes estimated from the register counts; `personal`
    (for administrators) adds plan JSON with the contacts' details."""
    links = download_links(counts, lambda fmt: reverse("exports:export", args=[plan.pk, fmt]))
    for link, fmt in zip(links, FORMATS, strict=True):
        # A file made by a task opens its progress page, which a `download` link would save.
        link["background"] = in_background(fmt, counts)
    if personal:
        json_link = dict(links[list(FORMATS).index("json")])
        json_link["url"] += "?contacts=1"
        json_link["label"] = _("Plan data with the contacts' details (personal data)")
        links.append(json_link)
    return {"links": links}
