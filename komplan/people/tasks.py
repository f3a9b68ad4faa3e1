"""The retention period's tasks: daily, find the organisations that keep contacts for a limited
time; then one task per organisation deletes what is older (`gdpr.retention_clean_up`)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from komplan.accounts.models import Organization
from komplan.people import gdpr


@task()
def queue_retention_clean_ups() -> int:
    """Enqueue the clean-up of each organisation with a retention period."""
    ids = list(
        Organization.objects.filter(retention_months__isnull=False).values_list("pk", flat=True)
    )
    for organization_id in ids:
        retention_clean_up.enqueue(organization_id=organization_id)
    return len(ids)


@task()
def retention_clean_up(*, organization_id: int) -> tuple[int, int]:
    """Delete one organisation's contacts and interactions older than its period (safe to run
    again: what is left is what is not yet due)."""
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        return 0, 0
    return gdpr.retention_clean_up(organization=organization, today=timezone.localdate())
