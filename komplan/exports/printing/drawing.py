"""A drawing (SVG) in the plan's PDF as vectors: cairosvg draws it as a one-page PDF, whose
page is copied, with its fonts, into a Form XObject of the plan's PDF."""

from __future__ import annotations

import io
from typing import Any

import pydyf
from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    StreamObject,
    TextStringObject,
)

__all__ = ["Drawn", "form", "render"]

Drawn = Any  # a drawing rendered as a PDF page (pypdf's PageObject)


def render(svg: str) -> tuple[Drawn, float, float]:
    """The SVG drawing as a one-page PDF's page, its width and height in points (cairosvg's:
    0.75 points a pixel); nothing is added to the plan's PDF yet."""
    import cairosvg

    page = PdfReader(io.BytesIO(cairosvg.svg2pdf(bytestring=svg.encode()))).pages[0]
    box = page.mediabox
    return page, float(box.width), float(box.height)


def form(pdf: pydyf.PDF, drawn: Drawn) -> pydyf.Stream:
    """The Form XObject of the `render`ed drawing, added to `pdf` (with its fonts)."""
    box = drawn.mediabox
    seen: dict[int, Any] = {}
    resources = _copy(pdf, drawn.get("/Resources", DictionaryObject()), seen)
    content = drawn.get_contents()
    stream = pydyf.Stream(
        [content.get_data() if content is not None else b""],
        {
            "Type": "/XObject",
            "Subtype": "/Form",
            "BBox": pydyf.Array(
                [float(box.left), float(box.bottom), float(box.right), float(box.top)]
            ),
            "Resources": resources,
        },
        compress=True,
    )
    pdf.add_object(stream)
    return stream


def _copy(pdf: pydyf.PDF, value: Any, seen: dict[int, Any]) -> Any:
    """`value` of pypdf as pydyf's; indirect objects added to `pdf` once each."""
    if isinstance(value, IndirectObject):
        if value.idnum not in seen:
            target = value.get_object()
            if not isinstance(target, (DictionaryObject, ArrayObject)):
                return _copy(pdf, target, seen)
            copied = (
                pydyf.Stream(compress=True)
                if isinstance(target, StreamObject)
                else (pydyf.Dictionary() if isinstance(target, DictionaryObject) else pydyf.Array())
            )
            pdf.add_object(copied)
            seen[value.idnum] = copied
            _fill(pdf, copied, target, seen)
        return seen[value.idnum].reference
    if isinstance(value, (DictionaryObject, ArrayObject)):
        copied = (
            pydyf.Stream(compress=True)
            if isinstance(value, StreamObject)
            else (pydyf.Dictionary() if isinstance(value, DictionaryObject) else pydyf.Array())
        )
        _fill(pdf, copied, value, seen)
        if isinstance(copied, pydyf.Stream):  # a stream is always an indirect object
            pdf.add_object(copied)
            return copied.reference
        return copied
    if isinstance(value, BooleanObject):
        return "true" if value else "false"
    if isinstance(value, NullObject) or value is None:
        return "null"
    if isinstance(value, NameObject):
        return str(value)
    if isinstance(value, (TextStringObject, ByteStringObject)):
        data = value.original_bytes if isinstance(value, TextStringObject) else bytes(value)
        return b"<" + data.hex().encode() + b">"
    if isinstance(value, (int, float)):
        return value
    return float(value)  # FloatObject (a Decimal in older pypdf)


def _fill(pdf: pydyf.PDF, copied: Any, value: Any, seen: dict[int, Any]) -> None:
    if isinstance(value, StreamObject):
        copied.stream = [value.get_data()]  # decoded: pydyf compresses it anew
        skip = {"/Length", "/Filter", "/DecodeParms"}
        copied.extra = {k[1:]: _copy(pdf, v, seen) for k, v in value.items() if k not in skip}
    elif isinstance(value, DictionaryObject):
        copied.update({k[1:]: _copy(pdf, v, seen) for k, v in value.items()})
    else:
        copied.extend(_copy(pdf, v, seen) for v in value)
