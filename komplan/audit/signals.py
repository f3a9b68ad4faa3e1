"""What the audit trail tells the apps above it (webhooks, …) without knowing them.

- `recorded(sender=AuditEvent, changes)`: audit events were written, inside the transaction
  that made the change (so a receiver that acts on them should wait for the commit, e.g.
  with `transaction.on_commit`). `changes` is a list of `Recorded`: one per event, the same
  for the events of a form's save and of a bulk write (`record_bulk`). Receivers must be
  cheap: a whole plan's import records 10,000 events in one call.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from django.dispatch import Signal

__all__ = ["Recorded", "recorded"]


class Recorded(NamedTuple):
    organization_id: int
    plan_id: int | None
    register: str
    object_id: int
    object_repr: str
    action: str
    changes: list[dict[str, Any]]
    user_id: int | None


recorded = Signal()
