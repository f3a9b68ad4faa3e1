"""The exports' tasks (Django's Tasks API through django-tasks): large documents and stale
calendar feeds are made here, by a worker, instead of in a request.

Each task takes ids and the stamp it was asked for, reads the plan afresh and keeps its result
under the plan's stamp as it is now; a task for a plan deleted meanwhile does nothing.
"""

from __future__ import annotations

from django_tasks import task

from komplan.exports import calendar_views, documents
from komplan.plans.models import Plan


@task()
def build_document(plan_id: int, fmt: str, stamp: str) -> None:
    """Make format `fmt` of the plan and keep it; a failure is recorded for the progress page
    (and raised, so the queue records it too)."""
    plan = Plan.objects.select_related("organization").filter(pk=plan_id).first()
    if plan is None:
        documents.release_job(plan_id, stamp, fmt)
        return
    try:
        # Kept under the stamp the plan has now; a page asking for an older stamp then finds
        # the plan changed and asks for the newer file.
        documents.make_document(plan, fmt, documents.document_stamp(plan))
    except Exception:
        documents.fail_job(plan_id, stamp, fmt)
        raise
    documents.release_job(plan_id, stamp, fmt)


@task()
def build_calendar(plan_id: int, responsible: str) -> None:
    """Write the plan's (or one responsible person's) calendar as the plan is now, and keep it
    as the feed's latest copy."""
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is not None:
        calendar_views.write_calendar(plan, responsible)
