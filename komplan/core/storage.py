"""Where uploads are kept: Django's file system storage, but a file appears under its name only
once it is completely written. A write that fails half way (a full disk, a broken upload)
leaves nothing behind, not even a temporary file.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from typing import Any

from django.core.files.storage import FileSystemStorage
from django.utils._os import safe_makedirs

__all__ = ["AtomicFileSystemStorage"]


class AtomicFileSystemStorage(FileSystemStorage):
    """FileSystemStorage whose `save` writes to a hidden temporary file in the target's folder
    and then links it into place: readers never see a truncated file, and an exception while
    writing deletes the temporary file. Names are never overwritten unless the storage allows
    it, as in Django's own storage."""

    def _save(self, name: str, content: Any) -> str:
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        if self.directory_permissions_mode is not None:
            safe_makedirs(directory, self.directory_permissions_mode, exist_ok=True)
        else:
            os.makedirs(directory, exist_ok=True)
        # Same folder, so the final step is a rename within one file system.
        temporary = os.path.join(directory, f".{secrets.token_hex(8)}.part")
        try:
            _write(temporary, content)
            if self.file_permissions_mode is not None:
                os.chmod(temporary, self.file_permissions_mode)
            full_path = self._move_into_place(temporary, name)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.remove(temporary)
        self._ensure_location_group_id(full_path)
        return os.path.relpath(full_path, self.location).replace("\\", "/")

    def _move_into_place(self, temporary: str, name: str) -> str:
        """Give the written file its name (or the next free one) and return its full path."""
        while True:
            full_path = self.path(name)
            if self._allow_overwrite:
                os.replace(temporary, full_path)
                return full_path
            try:
                # A hard link fails when the name is taken, where a rename would overwrite.
                os.link(temporary, full_path)
            except FileExistsError:
                name = self.get_available_name(name)
                continue
            return full_path


def _write(path: str, content: Any) -> None:
    # O_EXCL: the random name is ours alone; the process umask applies as in Django's storage.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    with os.fdopen(fd, "wb") as file:
        for chunk in content.chunks():
            file.write(chunk.encode() if isinstance(chunk, str) else chunk)
        file.flush()
        os.fsync(file.fileno())
