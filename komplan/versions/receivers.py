"""Editing a plan that is not a draft starts the next draft (see services.start_new_draft)."""

from __future__ import annotations

from typing import Any

from komplan.versions.services import start_new_draft


def on_plan_changed(sender: Any, plan_id: int, user: Any = None, **kwargs: Any) -> None:
    start_new_draft(plan_id, user=user)
