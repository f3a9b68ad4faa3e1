"""Shared by the audit tests: reading events and posting forms as a browser would."""

from __future__ import annotations

from typing import Any

from komplan.audit.models import AuditEvent


def events(**filters: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(**filters).order_by("at", "pk"))


def changes(event: AuditEvent) -> dict[str, tuple[str, str]]:
    """field name -> (old, new) as recorded."""
    return {c["field"]: (c["old"], c["new"]) for c in event.changes}


def form_data(response: Any) -> dict[str, Any]:
    """What the browser would post back: the form's initial values, unchanged."""
    form = response.context["form"]
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(v.pk if hasattr(v, "pk") else v) for v in value]
        else:
            data[name] = value
    return data
