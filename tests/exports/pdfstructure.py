"""The table headers of a tagged PDF, read back with pikepdf from its structure tree."""

from __future__ import annotations

import io

import pikepdf


def table_headers(body: bytes) -> list[tuple[str, str | None]]:
    """(section the TH is in, its /A /Scope or None) for every TH element: the section is
    "/THead", "/TBody" or "/Table" (a row straight in the table)."""
    found: list[tuple[str, str | None]] = []
    with pikepdf.open(io.BytesIO(body)) as pdf:

        def walk(element: object, section: str) -> None:
            if not isinstance(element, pikepdf.Dictionary):
                return
            tag = str(element.get("/S", ""))
            if tag == "/TH":
                attributes = element.get("/A")
                scope = attributes.get("/Scope") if attributes is not None else None
                found.append((section, None if scope is None else str(scope)))
            if tag in ("/THead", "/TBody", "/TFoot", "/Table"):
                section = tag
            kids = element.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                walk(kid, section)

        walk(pdf.Root.StructTreeRoot, "")
    return found
