"""Downloads of a plan as Word, PDF, Excel or plan JSON, for anyone who may view the plan.

A file already made of the plan as it is now is served from storage at once. Otherwise a small
file is made in the request; a large one is made by a task while the progress page waits
(`komplan.exports.documents` has the rules).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from komplan.accounts.access import MANAGE, VIEW
from komplan.exports import documents
from komplan.exports.exports import FORMATS, ExportedFile, export_file
from komplan.exports.text import attachment_header
from komplan.plans.access import plan_view
from komplan.plans.models import Plan


@plan_view(VIEW)  # first: an outsider gets 404 whatever the method
@require_safe
def plan_export(request: HttpRequest, plan: Plan, format: str) -> HttpResponse:
    """The plan as a file named in its language; the URL converter admits known formats only.
    A large file not made yet: to the progress page, which offers it when it is ready.
    `?contacts=1` on plan JSON, for the organisation's administrators: with the contacts'
    details (personal data, docs/gdpr.md), made now and never kept."""
    if format == "json" and request.GET.get("contacts") == "1":
        if not plan.membership.allows(MANAGE):  # type: ignore[attr-defined]
            raise PermissionDenied
        response = attachment(export_file(plan, format, personal_data=True))
        response["Cache-Control"] = "private, no-store"
        return response
    stamp = documents.document_stamp(plan)
    kept = documents.kept_file(plan.pk, stamp, format)
    if kept is None:
        counts = plan.register_counts()
        if documents.in_background(format, counts):
            _start(plan, format, stamp, documents.build_seconds(format, counts))
            return redirect("exports:progress", plan_id=plan.pk, format=format)
        kept = documents.make_document(plan, format, stamp)
    return kept_response(kept)


def _start(plan: Plan, fmt: str, stamp: str, seconds: float) -> None:
    """Ask a worker for the file, unless a request on some server already did."""
    from komplan.exports.tasks import build_document

    if documents.claim_job(plan.pk, stamp, fmt, seconds):
        build_document.enqueue(plan.pk, fmt, stamp)


@plan_view(VIEW)
@require_safe
def document_progress(request: HttpRequest, plan: Plan, format: str) -> HttpResponse:
    """How far the file is; when it is ready, the link to it. htmx asks again every second and
    swaps in the same fragment; without JavaScript the page reloads itself."""
    stamp = documents.document_stamp(plan)
    context = {
        "plan": plan,
        "nav": "overview",
        **progress_context(
            request,
            plan.pk,
            stamp,
            format,
            seconds=lambda: documents.build_seconds(format, plan.register_counts()),
            start=lambda seconds: _start(plan, format, stamp, seconds),
            download_url=reverse("exports:export", args=[plan.pk, format]),
            progress_url=reverse("exports:progress", args=[plan.pk, format]),
        ),
    }
    template = "exports/_document_progress.html" if request.htmx else "exports/progress.html"
    response = render(request, template, context)
    response["Cache-Control"] = "private, no-store"
    return response


def progress_context(
    request: HttpRequest,
    owner: documents.Owner,
    stamp: str,
    fmt: str,
    *,
    seconds: Callable[[], float],
    start: Callable[[float], None],
    download_url: str,
    progress_url: str,
) -> dict[str, Any]:
    """What `exports/_document_progress.html` shows of a document made by a task: ready, or
    the job making it (started again by `start(seconds())` when none is under way, and when
    one failed and `?again=1` asks to try again)."""
    ready = documents.kept_file(owner, stamp, fmt) is not None
    job = None
    if not ready:
        job = documents.job(owner, stamp, fmt)
        if job is not None and job.failed and request.GET.get("again"):
            documents.release_job(owner, stamp, fmt)
            job = None
        if job is None:
            start(seconds())
            # A backend that runs tasks at once (tests, development) has made it already.
            ready = documents.kept_file(owner, stamp, fmt) is not None
            job = None if ready else documents.job(owner, stamp, fmt)
    return {
        "format": FORMATS[fmt],
        "ready": ready,
        "job": job,
        "download_url": download_url,
        "progress_url": progress_url,
        "refresh": None if ready or (job and job.failed) else 2,
    }


# Files up to this size are read whole; larger ones are streamed from storage.
STREAM_BYTES = 1024 * 1024


def kept_response(kept: documents.KeptFile) -> HttpResponse:
    """A kept file as a download (a large one streamed from storage)."""
    file = default_storage.open(kept.path, "rb")
    response: HttpResponse
    if default_storage.size(kept.path) > STREAM_BYTES:
        response = FileResponse(file, content_type=kept.content_type)
    else:
        with file:
            response = HttpResponse(file.read(), content_type=kept.content_type)
    response["Content-Disposition"] = attachment_header(kept.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def attachment(exported: ExportedFile) -> HttpResponse:
    """A made file as a download under its own name; the caller says how it may be cached."""
    response = HttpResponse(exported.body, content_type=exported.content_type)
    response["Content-Disposition"] = attachment_header(exported.filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
