"""Downloads of a plan as Word, PDF, Excel or plan JSON, for anyone who may view the plan."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from komplan.accounts.access import VIEW, plan_view
from komplan.documents.exports import export_file
from komplan.documents.text import attachment_header
from komplan.plans.models import Plan


@plan_view(VIEW)  # first: an outsider gets 404 whatever the method
@require_safe
def plan_export(request: HttpRequest, plan: Plan, format: str) -> HttpResponse:
    """The plan as a file named in its language; the URL converter admits known formats only."""
    exported = export_file(plan, format)
    response = HttpResponse(exported.body, content_type=exported.content_type)
    response["Content-Disposition"] = attachment_header(exported.filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
