"""An upload that fails half way leaves no file behind: not under its name, not as a
temporary file beside it."""

from __future__ import annotations

import errno
import io
import os
import resource
import signal
from pathlib import Path
from typing import Any

import pytest
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from komplan.core.storage import AtomicFileSystemStorage

MINUTES = b"%PDF-1.7\n" + b"Protokoll fr\xc3\xa5n styrgruppen i Ekby kommun.\n" * 20_000  # ~1 MB


class BrokenUpload(io.BytesIO):
    """A browser's upload whose connection breaks after `good` bytes."""

    def __init__(self, data: bytes, good: int) -> None:
        super().__init__(data)
        self.good = good

    def read(self, size: int | None = -1) -> bytes:
        left = self.good - self.tell()
        if left <= 0:
            raise OSError(errno.ECONNRESET, "Connection reset by peer")
        return super().read(left if size is None or size < 0 else min(size, left))


def files_under(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_the_uploads_are_kept_by_the_atomic_storage() -> None:
    assert isinstance(default_storage, AtomicFileSystemStorage)


def test_an_upload_broken_half_way_leaves_no_file(settings: Any) -> None:
    upload = File(BrokenUpload(MINUTES, good=len(MINUTES) // 2), name="protokoll.pdf")
    with pytest.raises(OSError, match="Connection reset"):
        default_storage.save("meetings/protokoll.pdf", upload)
    assert files_under(Path(settings.MEDIA_ROOT)) == []


def test_a_write_that_runs_out_of_room_leaves_no_file(settings: Any) -> None:
    # The process may write files of at most 256 KB: the kernel refuses the rest of the
    # write (EFBIG) as it refuses a full disk's (ENOSPC).
    limits = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, limits[1]))
    try:
        with pytest.raises(OSError) as refused:
            default_storage.save("meetings/protokoll.pdf", ContentFile(MINUTES))
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, limits)
        signal.signal(signal.SIGXFSZ, previous)
    assert refused.value.errno == errno.EFBIG
    assert files_under(Path(settings.MEDIA_ROOT)) == []


def test_a_whole_upload_is_stored_and_never_overwrites_another(settings: Any) -> None:
    first = default_storage.save("meetings/protokoll.pdf", ContentFile(MINUTES))
    second = default_storage.save("meetings/protokoll.pdf", ContentFile(b"%PDF-1.7\nKallelse"))
    assert first == "meetings/protokoll.pdf" and second != first
    assert default_storage.open(first).read() == MINUTES
    assert default_storage.open(second).read() == b"%PDF-1.7\nKallelse"
    assert files_under(Path(settings.MEDIA_ROOT)) == sorted([first, second])
    # Readable like any upload Django stores, not private like a temporary file.
    mode = os.stat(default_storage.path(first)).st_mode & 0o777
    assert mode == settings.FILE_UPLOAD_PERMISSIONS == 0o644
