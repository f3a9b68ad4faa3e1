"""Shared by the audit tests: reading events and posting forms as a browser would."""

from __future__ import annotations

from typing import Any

from komplan.audit.models import AuditEvent
from tests.plans.test_locking import form_data

__all__ = ["changes", "events", "form_data"]


def events(**filters: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(**filters).order_by("at", "pk"))


def changes(event: AuditEvent) -> dict[str, tuple[str, str]]:
    """field name -> (old, new) as recorded."""
    return {c["field"]: (c["old"], c["new"]) for c in event.changes}
