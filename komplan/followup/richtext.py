"""The report texts' rich text: komplan's plain convention for long texts (paragraphs split
at blank lines, as every document builder reads them) plus lists. Pure: no Django models.

- A blank line separates blocks; a single newline inside a paragraph is a line break.
- Lines starting with "- ", "* " or "• " are the items of a bulleted list.
- Lines starting with "1. ", "2) " … are the items of a numbered list.

The text is stored as typed and never holds HTML: the page escapes it (`to_html`), the Word
and PDF builders lay out the same blocks (`blocks`). Nothing to sanitise, nothing to break.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from komplan.exports.text import paragraphs

__all__ = ["Block", "blocks", "to_html"]

_BULLET = re.compile(r"^\s*[-*•]\s+(.*)$")
_NUMBER = re.compile(r"^\s*\d{1,3}[.)]\s+(.*)$")


@dataclass(frozen=True)
class Block:
    kind: str  # "p", "ul" or "ol"
    items: tuple[str, ...]  # a paragraph's one text, or the list's items


def _kind(line: str) -> tuple[str, str]:
    if found := _BULLET.match(line):
        return "ul", found.group(1).strip()
    if found := _NUMBER.match(line):
        return "ol", found.group(1).strip()
    return "p", line


def blocks(text: str | None) -> list[Block]:
    """The text's paragraphs and lists, in order (cleaned for XML: see `exports.text`)."""
    out: list[Block] = []
    for paragraph in paragraphs(text):
        pending: list[str] = []
        kind = ""
        for line in paragraph.split("\n"):
            line_kind, content = _kind(line)
            if line_kind == "p" and kind in ("ul", "ol") and pending:
                pending[-1] = f"{pending[-1]} {line.strip()}"  # a list item's next line
                continue
            if line_kind != kind and pending:
                out.append(_block(kind, pending))
                pending = []
            kind = line_kind
            pending.append(content)
        if pending:
            out.append(_block(kind, pending))
    return out


def _block(kind: str, lines: list[str]) -> Block:
    if kind == "p":
        return Block("p", ("\n".join(lines).strip(),))
    return Block(kind, tuple(lines))


def to_html(text: str | None) -> SafeString:
    """The text as escaped HTML paragraphs and lists."""
    parts = []
    for block in blocks(text):
        if block.kind == "p":
            parts.append("<p>" + escape(block.items[0]).replace("\n", "<br>") + "</p>")
        else:
            items = "".join(f"<li>{escape(item)}</li>" for item in block.items)
            parts.append(f"<{block.kind}>{items}</{block.kind}>")
    return mark_safe("".join(parts))
