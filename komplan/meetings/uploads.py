"""Which attachments a meeting accepts: a known extension AND content that is what the
extension says. The checks read the file, never trust its name or the browser's content type.
Storing (`attach`) and serving (`download`) an accepted file, for a meeting's and a
material's attachments alike.
"""

from __future__ import annotations

import zipfile
from pathlib import PurePath
from typing import IO, Any, Final

__all__ = ["CONTENT_TYPES", "EXTENSIONS", "MAX_BYTES", "attach", "download", "sniff"]

MAX_BYTES: Final = 10 * 1024 * 1024

# extension → the kind of content it must hold
EXTENSIONS: Final = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".png": "png",
    ".jpg": "jpg",
    ".jpeg": "jpg",
}

CONTENT_TYPES: Final = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpg": "image/jpeg",
}

_MAGIC: Final = {
    "pdf": b"%PDF-",
    "png": b"\x89PNG\r\n\x1a\n",
    "jpg": b"\xff\xd8\xff",
}
# An Office Open XML package is a zip whose main part names the application.
_MAIN_PART: Final = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def kind_of_name(filename: str) -> str | None:
    return EXTENSIONS.get(PurePath(filename).suffix.lower())


def sniff(filename: str, content: IO[bytes]) -> str | None:
    """The kind of an upload ("pdf", "docx", …) when its extension is allowed and its content
    matches it; None otherwise. Leaves `content` at its start."""
    kind = kind_of_name(filename)
    if kind is None:
        return None
    try:
        content.seek(0)
        if kind in _MAGIC:
            ok = content.read(len(_MAGIC[kind])) == _MAGIC[kind]
        else:
            ok = _is_office_package(content, _MAIN_PART[kind])
    finally:
        content.seek(0)
    return kind if ok else None


def _is_office_package(content: IO[bytes], main_part: str) -> bool:
    if content.read(4) != b"PK\x03\x04":
        return False
    content.seek(0)
    try:
        with zipfile.ZipFile(content) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "[Content_Types].xml" in names and main_part in names


def download(attachment: Any) -> Any:
    """A stored attachment (a meeting's or a material's) as a download: its own name, the
    content type of its checked kind, never cached or sniffed; 404 when the file is gone."""
    from django.http import FileResponse, Http404

    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.name,
        content_type=CONTENT_TYPES.get(attachment.kind, "application/octet-stream"),
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def attach(model: Any, upload: Any, user: Any, **owner: Any) -> Any:
    """A new `model` attachment (a meeting's or a material's) of the checked `upload` (see
    `AttachmentForm`: it has its `kind`), stored through Django's storage and saved. When the
    row is not written (the database failed) the stored file goes too."""
    attachment = model(
        name=upload.name[:255], size=upload.size, kind=upload.kind, uploaded_by=user, **owner
    )
    attachment.file.save(upload.name, upload, save=False)
    try:
        attachment.save()
    except BaseException:
        attachment.file.delete(save=False)
        raise
    return attachment
