"""Helpers of `versions/_document.html`, the plan document laid out for reading on screen."""

from __future__ import annotations

from django import template

from komplan.exports.content import Heading, PlanDocument

register = template.Library()

# The page's own <h1> is the plan's name: the document's level-1 headings are <h2>.
_TAGS = {1: "h2", 2: "h3", 3: "h4"}


@register.filter
def heading_tag(heading: Heading) -> str:
    """The HTML element of a document heading: "h2" for level 1, "h3" for 2, "h4" for 3."""
    return _TAGS.get(heading.level, "h5")


@register.filter
def contents(doc: PlanDocument) -> list[tuple[Heading, list[Heading]]]:
    """The table of contents as (chapter, its sections): levels 1 and 2, like the PDF's.

    The activities' own headings (6.1.n, up to a hundred) stay out of it."""
    tree: list[tuple[Heading, list[Heading]]] = []
    for heading in doc.outline:
        if heading.level == 1 or not tree:
            tree.append((heading, []))
        elif heading.level == 2:
            tree[-1][1].append(heading)
    return tree


@register.filter
def activity_plan_text(doc: PlanDocument) -> str:
    """E.g. "Aktivitetsplanen finns också som kalkylblad: ”Kommunikationsplan – …xlsx”."""
    return doc.labels["activity_plan_text"].format(file=doc.spreadsheet)
