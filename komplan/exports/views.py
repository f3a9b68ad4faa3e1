"""Downloads of a plan as Word, PDF, Excel or plan JSON, for anyone who may view the plan."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from komplan.accounts.access import VIEW
from komplan.exports.exports import ExportedFile, export_file
from komplan.exports.text import attachment_header
from komplan.plans.access import plan_view
from komplan.plans.models import Plan


@plan_view(VIEW)  # first: an outsider gets 404 whatever the method
@require_safe
def plan_export(request: HttpRequest, plan: Plan, format: str) -> HttpResponse:
    """The plan as a file named in its language; the URL converter admits known formats only."""
    response = attachment(export_file(plan, format))
    response["Cache-Control"] = "private, no-store"
    return response


def attachment(exported: ExportedFile) -> HttpResponse:
    """A made file as a download under its own name; the caller says how it may be cached."""
    response = HttpResponse(exported.body, content_type=exported.content_type)
    response["Content-Disposition"] = attachment_header(exported.filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
