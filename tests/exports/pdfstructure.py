"""The structure of a tagged PDF, read back with pikepdf: table headers, figures, and the
text of each page by what marks it (artifact or structure element)."""

from __future__ import annotations

import io
import re

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


def figures(body: bytes) -> list[str | None]:
    """The /Alt of every Figure element (None where it has none)."""
    found: list[str | None] = []
    with pikepdf.open(io.BytesIO(body)) as pdf:

        def walk(element: object) -> None:
            if not isinstance(element, pikepdf.Dictionary):
                return
            if str(element.get("/S", "")) == "/Figure":
                alt = element.get("/Alt")
                found.append(None if alt is None else str(alt))
            kids = element.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                walk(kid)

        walk(pdf.Root.StructTreeRoot)
    return found


def marked_text(body: bytes) -> list[dict[str, list[str]]]:
    """Per page, the text shown in its content stream by what marks it: "Artifact", the tag
    of the structure element its MCID belongs to (through the parent tree), or "" for text
    outside any marked content; a span's /ActualText is read instead of the glyphs it
    covers. Reads fonts with two-byte codes and a ToUnicode map of single codes (bfchar), as
    the plan's PDF writes them."""
    pages: list[dict[str, list[str]]] = []
    with pikepdf.open(io.BytesIO(body)) as pdf:
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        parents = {int(nums[n]): nums[n + 1] for n in range(0, len(nums), 2)}
        maps: dict[int, dict[str, str]] = {}
        for page in pdf.pages:
            fonts = page.Resources.Font
            codes: dict[str, dict[str, str]] = {}
            for name, font in fonts.items():
                key = font.objgen[0]
                if key not in maps:
                    cmap = font.ToUnicode.read_bytes().decode("latin-1")
                    maps[key] = {
                        code: bytes.fromhex(text).decode("utf-16-be")
                        for code, text in re.findall(r"<([0-9A-F]{4})> <([0-9A-F]+)>", cmap)
                    }
                codes[name] = maps[key]
            marks = parents.get(int(page.get("/StructParents", -1)))
            texts: dict[str, list[str]] = {}
            stack: list[str] = []
            actual: list[str | None] = []  # an /ActualText read instead of what it covers
            current: dict[str, str] = {}
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op in ("BDC", "BMC"):
                    tag = str(operands[0])[1:]
                    said = None
                    if op == "BDC" and "/ActualText" in operands[1]:
                        tag, said = (stack[-1] if stack else ""), str(operands[1].ActualText)
                    elif tag != "Artifact" and op == "BDC" and marks is not None:
                        tag = str(marks[int(operands[1].MCID)].S)[1:]
                    stack.append(tag)
                    actual.append(said)
                    if said is not None:
                        texts.setdefault(tag, []).append(said)
                elif op == "EMC":
                    stack.pop()
                    actual.pop()
                elif op == "Tf":
                    current = codes[str(operands[0])]
                elif op == "Tj" and not any(a is not None for a in actual):
                    raw = bytes(operands[0]).hex().upper()
                    text = "".join(current.get(raw[n : n + 4], "?") for n in range(0, len(raw), 4))
                    texts.setdefault(stack[-1] if stack else "", []).append(text)
            pages.append(texts)
    return pages


def notdef_glyphs(body: bytes) -> int:
    """How many .notdef glyphs (glyph id 0, a box) the pages' text draws (in the fonts with
    two-byte codes the plan's PDF writes)."""
    count = 0
    with pikepdf.open(io.BytesIO(body)) as pdf:
        for page in pdf.pages:
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "Tj":
                    raw = bytes(operands[0])
                    count += sum(raw[n : n + 2] == b"\0\0" for n in range(0, len(raw), 2))
    return count
