"""The PDF file of pydyf's objects, as `pydyf.PDF.write(compress=True)` writes it (objects
in an object stream, a cross-reference stream) but compressed at zlib's usual level: pydyf
compresses at level 9, which took a plan of 10,000 activities' ~100,000 structure elements
0.6 s, longer than laying out its tables, for a file a few per cent smaller."""

from __future__ import annotations

import hashlib
import struct
import zlib

import pydyf

__all__ = ["pdf_file"]

LEVEL = 6


def pdf_file(pdf: pydyf.PDF) -> bytes:
    pdf.add_object(pdf.info)
    out = [b"%PDF-1.7\n%\xf0\x9f\x96\xa4\n"]
    position = len(out[0])
    offsets: dict[int, int] = {}
    packed = []
    for obj in pdf.objects[1:]:
        if obj.compressible:
            packed.append(obj)
        else:
            offsets[obj.number] = position
            chunk = obj.indirect + b"\n"
            out.append(chunk)
            position += len(chunk)
    datas = [obj.data for obj in packed]
    places, at = [], 0
    for obj, data in zip(packed, datas, strict=True):
        places.append(f"{obj.number} {at}")
        at += len(data) + 1
    head = " ".join(places).encode()
    body = head + b"\n" + b"\n".join(datas)
    stream_number = len(pdf.objects)
    xref_number = stream_number + 1
    packed_body = zlib.compress(body, LEVEL)
    offsets[stream_number] = position
    chunk = (
        (
            f"{stream_number} 0 obj\n<</Type /ObjStm /N {len(packed)} /First {len(head) + 1} "
            f"/Filter /FlateDecode /Length {len(packed_body)}>>\nstream\n"
        ).encode()
        + packed_body
        + b"\nendstream\nendobj\n"
    )
    out.append(chunk)
    position += len(chunk)
    offsets[xref_number] = position
    index = {obj.number: n for n, obj in enumerate(packed)}
    rows = [struct.pack(">BII", 0, 0, 65535)]
    for number in range(1, xref_number + 1):
        if number in index:
            rows.append(struct.pack(">BII", 2, stream_number, index[number]))
        else:
            rows.append(struct.pack(">BII", 1, offsets[number], 0))
    xref = zlib.compress(b"".join(rows), LEVEL)
    identifier = hashlib.md5(body, usedforsecurity=False).hexdigest()
    out.append(
        (
            f"{xref_number} 0 obj\n<</Type /XRef /Size {xref_number + 1} /W [1 4 4] "
            f"/Root {pdf.catalog.number} 0 R /Info {pdf.info.number} 0 R "
            f"/ID [<{identifier}> <{identifier}>] /Filter /FlateDecode /Length {len(xref)}>>\n"
            "stream\n"
        ).encode()
        + xref
        + f"\nendstream\nendobj\nstartxref\n{position}\n%%EOF\n".encode()
    )
    return b"".join(out)
