"""A live plan's documents, made once per content and kept: in the request when small, by a
task when large.

The rules:

- A document is made from the plan as it is; `document_stamp(plan)` changes whenever anything
  the document shows changes (every register and the other apps' parts of the plan through
  `Plan.content_stamp`, the plan's facts and its revision table). A made file is kept
  through Django's storage API under `documents/<plan id>/<stamp>.<extension>`, its download
  name beside it (`….name`), so a second request for the same unchanged plan, on any
  server, is answered from storage.
- `build_seconds(fmt, counts)` estimates from the register counts how long making the file
  takes; above `settings.KOMPLAN_BACKGROUND_SECONDS` the download is made by the task
  `komplan.exports.tasks.build_document` while a progress page waits, below it in the request.
- One task per plan, format and stamp at a time, across all servers: the job is claimed with
  `cache.add` (atomic in Redis and in the database cache). A job that failed says so, and the
  progress page offers to try again; a claim lapses after `JOB_SECONDS` (or three times the
  estimate, for a file that takes longer), so a task lost with its worker is made again.
- A newer file of a plan and format deletes the older ones.
- A frozen version's files go the same way under an owner of their own (a str, see
  `komplan.versions.downloads`) instead of the plan's id: kept once made, by a task when
  large. Its content never changes but by erasure, which forgets its files.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from komplan.exports.exports import FORMATS, ExportedFile, export_file, paginated
from komplan.plans.models import Plan
from komplan.plans.planjson import plan_revisions

__all__ = [
    "Job",
    "Owner",
    "build_seconds",
    "claim_job",
    "delete_kept",
    "document_stamp",
    "forget",
    "in_background",
    "job",
    "keep_file",
    "kept_file",
    "make_document",
]

# Seconds of work for each register entry, per format, end to end as the worker makes the
# file (read the plan, build every page), on the shared 2-core machine. PDF: the whole plan's
# PDF (komplan.exports.printing) of plans shaped like the large one (per 10,000 activities
# 300 groups, 600 messages, 150 channels): benchmarks/exports.py, 10,000 activities (11,050
# entries) 6.3 s at load 5 (0.57 ms per entry; WeasyPrint took 118 s at load 1–3). Word:
# benchmarks/exports.py at load 7–8, 0.17 ms per entry at 10,000 activities (11,050 entries,
# 1.9 s) and 0.18–0.19 ms at 30,000 (5.5–6.0 s), plus 5–6 s when LibreOffice lays out its
# page numbers (`OFFICE_SECONDS`; only plans of up to exports.PAGINATED_ACTIVITIES
# activities). Excel and plan JSON: benchmarks/exports.py on the 10,000-activity plan.
# Rounded up: an estimate errs towards the background, where a slow file holds no one up.
_SECONDS_PER_ENTRY: dict[str, float] = {
    "pdf": 0.002,
    "docx": 0.0002,
    "xlsx": 0.0004,
    "json": 0.00015,
}
OFFICE_SECONDS = 5.0
# Whose files: a plan's id, or the name of a frozen version's folder ("version-12").
Owner = int | str

# How long a claimed job may run before another server may claim it again.
JOB_SECONDS = 15 * 60


def build_seconds(fmt: str, counts: Mapping[str, int]) -> float:
    """About how many seconds making format `fmt` of a plan with these register counts takes:
    every entry costs about the same, activities being most of them; a Word file laid out by
    LibreOffice costs its start and layout besides."""
    entries = sum(counts.get(slug, 0) for slug in ("activities", "groups", "messages", "channels"))
    seconds = entries * _SECONDS_PER_ENTRY[fmt]
    if fmt == "docx" and paginated(counts.get("activities", 0)):
        seconds += OFFICE_SECONDS
    return seconds


def in_background(fmt: str, counts: Mapping[str, int]) -> bool:
    """Whether format `fmt` of such a plan is made by a task rather than in the request."""
    return build_seconds(fmt, counts) > settings.KOMPLAN_BACKGROUND_SECONDS


def document_stamp(plan: Plan) -> str:
    """A short hash that changes whenever the plan's documents would change."""
    made_of = (
        plan.pk,
        plan.content_stamp(),
        plan.updated_at,
        str(plan.status),
        str(plan.version),
        plan.organization.name,
        plan_revisions(plan),
    )
    return hashlib.sha256(repr(made_of).encode()).hexdigest()[:32]


def _path(owner: Owner, stamp: str, fmt: str) -> str:
    return f"documents/{owner}/{stamp}.{FORMATS[fmt].extension}"


@dataclass(frozen=True, slots=True)
class KeptFile:
    """A made document in storage: where, and under which name it is downloaded."""

    path: str
    filename: str
    content_type: str


def kept_file(owner: Owner, stamp: str, fmt: str) -> KeptFile | None:
    """The document made of this content, if it was made; None otherwise."""
    path = _path(owner, stamp, fmt)
    if not default_storage.exists(path):
        return None
    with default_storage.open(path + ".name", "rb") as name:
        filename = name.read().decode()
    return KeptFile(path, filename, FORMATS[fmt].content_type)


def keep_file(owner: Owner, stamp: str, fmt: str, exported: ExportedFile) -> KeptFile:
    """Keep a made document under its stamp (the name first: a file is found only whole and
    named), and delete the plan's older files of the format."""
    path = _path(owner, stamp, fmt)
    for name in (path + ".name", path):
        if default_storage.exists(name):  # made meanwhile by another server: the same bytes
            default_storage.delete(name)
    default_storage.save(path + ".name", ContentFile(exported.filename.encode()))
    default_storage.save(path, ContentFile(exported.body))
    _delete_older(owner, stamp, fmt)
    return KeptFile(path, exported.filename, exported.content_type)


def _delete_older(owner: Owner, stamp: str, fmt: str) -> None:
    folder = f"documents/{owner}"
    extension = f".{FORMATS[fmt].extension}"
    _, names = default_storage.listdir(folder)
    for name in names:
        if name.startswith(stamp) or not name.removesuffix(".name").endswith(extension):
            continue
        default_storage.delete(f"{folder}/{name}")


def forget(owners: list[Owner]) -> None:
    """Delete every kept document of the plans (or frozen versions; erasure: the files may
    hold a name), after the transaction commits; the next download makes them anew."""
    transaction.on_commit(lambda: delete_kept(owners))


def delete_kept(owners: list[Owner]) -> None:
    """Delete every kept document of the plans or frozen versions now."""
    for owner in owners:
        folder = f"documents/{owner}"
        try:
            _dirs, names = default_storage.listdir(folder)
        except FileNotFoundError:
            continue
        for name in names:
            default_storage.delete(f"{folder}/{name}")


def make_document(plan: Plan, fmt: str, stamp: str) -> KeptFile:
    """Make the document now and keep it under `stamp`."""
    return keep_file(plan.pk, stamp, fmt, export_file(plan, fmt))


# --- Jobs ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Job:
    """A document being made by a task: since when, how long it should take, whether it
    failed."""

    started: float
    seconds: float
    failed: bool = False

    def progress(self, now: float | None = None) -> int:
        """Percent done by the estimate, never 100 before the file is there."""
        elapsed = (now if now is not None else time.time()) - self.started
        return max(1, min(95, round(100 * elapsed / max(self.seconds, 0.1))))

    def seconds_left(self, now: float | None = None) -> int:
        elapsed = (now if now is not None else time.time()) - self.started
        return max(1, round(self.seconds - elapsed))


def _job_key(owner: Owner, stamp: str, fmt: str) -> str:
    return f"komplan:document-job:{owner}:{fmt}:{stamp}"


def job(owner: Owner, stamp: str, fmt: str) -> Job | None:
    """The job making this document, if one is under way or failed."""
    value = cache.get(_job_key(owner, stamp, fmt))
    return value if isinstance(value, Job) else None


def _lapse(seconds: float) -> int:
    """How long a claim on a job estimated at `seconds` holds."""
    return max(JOB_SECONDS, round(3 * seconds))


def claim_job(owner: Owner, stamp: str, fmt: str, seconds: float) -> bool:
    """Claim making this document; False when another request (on any server) has."""
    key = _job_key(owner, stamp, fmt)
    return bool(cache.add(key, Job(time.time(), seconds), _lapse(seconds)))


def fail_job(owner: Owner, stamp: str, fmt: str) -> None:
    key = _job_key(owner, stamp, fmt)
    current = job(owner, stamp, fmt)
    started = current.started if current else time.time()
    seconds = current.seconds if current else 0
    cache.set(key, Job(started, seconds, failed=True), _lapse(seconds))


def release_job(owner: Owner, stamp: str, fmt: str) -> None:
    """Forget the job (it is done, or it failed and is to be tried again)."""
    cache.delete(_job_key(owner, stamp, fmt))
