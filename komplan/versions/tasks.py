"""The versions' tasks: a frozen version's large file is made here, by a worker, instead of in
a request (see `komplan.versions.downloads`)."""

from __future__ import annotations

from django_tasks import task

from komplan.exports import documents
from komplan.exports.exports import build
from komplan.versions.downloads import STAMP, owner, version_data
from komplan.versions.models import Snapshot


@task()
def build_version_document(snapshot_id: int, fmt: str, public: bool) -> None:
    """Make format `fmt` of the frozen version and keep it; a failure is recorded for the
    progress page (and raised, so the queue records it too). A version deleted meanwhile:
    nothing to make."""
    key = owner(snapshot_id, public=public)
    snapshot = Snapshot.objects.filter(pk=snapshot_id).first()
    if snapshot is None:
        documents.release_job(key, STAMP, fmt)
        return
    try:
        data = version_data(snapshot, public=public)
        exported = build(data, fmt)
        snapshot.refresh_from_db(fields=["data"])
        if version_data(snapshot, public=public) != data:  # erased meanwhile: made anew
            exported = build(version_data(snapshot, public=public), fmt)
        documents.keep_file(key, STAMP, fmt, exported)
    except Exception:
        documents.fail_job(key, STAMP, fmt)
        raise
    documents.release_job(key, STAMP, fmt)
