"""A frozen version's files, as the live plan's: made once and kept (`exports.documents`),
by a task while a progress page waits when the file is large, with every entry in it.

A version's content never changes but by erasure (a person's name taken out,
`komplan.people.gdpr`), which forgets its files (`forget`): so its files are kept under one
stamp. The public address's files leave out the entries' database ids and are kept apart
from the ones the plan's members download.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from komplan.exports import documents
from komplan.exports.exports import build
from komplan.exports.views import kept_response, progress_context
from komplan.plans import schema
from komplan.versions.models import Snapshot

__all__ = ["STAMP", "download", "forget", "owner", "progress", "register_counts", "version_data"]

# The stamp of a frozen version's files (see the module's docstring).
STAMP = "frozen"


def owner(snapshot_id: int, *, public: bool) -> str:
    """The folder a version's files are kept in (`documents.Owner`)."""
    return f"version-{snapshot_id}-public" if public else f"version-{snapshot_id}"


def without_ids(data: Mapping[str, Any]) -> dict[str, Any]:
    """The plan JSON without the entries' database ids: they serve comparing versions inside
    komplan and tell an outsider nothing they need."""
    lists = {register.slug for register in schema.REGISTERS}
    return {
        key: [{k: v for k, v in entry.items() if k != "id"} for entry in value]
        if key in lists
        else value
        for key, value in data.items()
    }


def version_data(snapshot: Snapshot, *, public: bool) -> dict[str, Any]:
    """The plan JSON a version's files are made of."""
    return without_ids(snapshot.data) if public else dict(snapshot.data)


def register_counts(data: Mapping[str, Any]) -> dict[str, int]:
    return {r.slug: len(data.get(r.slug) or []) for r in schema.REGISTERS}


def download(snapshot: Snapshot, fmt: str, *, public: bool, progress_url: str) -> HttpResponse:
    """The version's file of format `fmt`: kept, made now, or (large) asked of a worker while
    the page at `progress_url` waits."""
    key = owner(snapshot.pk, public=public)
    kept = documents.kept_file(key, STAMP, fmt)
    if kept is None:
        data = version_data(snapshot, public=public)
        counts = register_counts(data)
        if documents.in_background(fmt, counts):
            _start(snapshot.pk, fmt, public, documents.build_seconds(fmt, counts))
            return redirect(progress_url)
        kept = documents.keep_file(key, STAMP, fmt, build(data, fmt))
    return kept_response(kept)


def _start(snapshot_id: int, fmt: str, public: bool, seconds: float) -> None:
    """Ask a worker for the file, unless a request on some server already did."""
    from komplan.versions.tasks import build_version_document

    if documents.claim_job(owner(snapshot_id, public=public), STAMP, fmt, seconds):
        build_version_document.enqueue(snapshot_id, fmt, public)


def progress(
    request: HttpRequest,
    snapshot: Snapshot,
    fmt: str,
    *,
    public: bool,
    download_url: str,
    progress_url: str,
) -> dict[str, Any]:
    """The progress page's context for the version's file (see `exports.views`)."""
    return progress_context(
        request,
        owner(snapshot.pk, public=public),
        STAMP,
        fmt,
        seconds=lambda: documents.build_seconds(
            fmt, register_counts(version_data(snapshot, public=public))
        ),
        start=lambda seconds: _start(snapshot.pk, fmt, public, seconds),
        download_url=download_url,
        progress_url=progress_url,
    )


def forget(snapshot_ids: list[int]) -> None:
    """Delete the versions' kept files (their data was rewritten: a person erased) at once,
    and again after the transaction commits (a file made meanwhile of the data before);
    the next download makes them from the data as it is then. Their stamp does not change,
    unlike a live plan's, so nothing else would."""
    owners: list[documents.Owner] = [
        owner(pk, public=p) for pk in snapshot_ids for p in (False, True)
    ]
    documents.delete_kept(owners)
    documents.forget(owners)
