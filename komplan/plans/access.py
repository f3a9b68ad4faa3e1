"""Plan-scoped views: the plan from the URL through the one gate, `komplan.accounts.access`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpResponse

from komplan.accounts.access import gate, scoped_view
from komplan.plans.models import Plan


def get_plan_for(user: Any, plan_id: int, role: str) -> Plan:
    """The plan `plan_id` if `user` holds at least `role` in its organisation."""
    plans = Plan.objects.select_related("organization", "updated_by")
    return gate(user, plans, plan_id, "organization_id", role)  # type: ignore[no-any-return]


def plan_view(role: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a view taking `plan_id`: it receives the checked `plan` instead.

    GET-only roles are not inferred: a view that changes data asks for EDIT itself.
    """
    return scoped_view("plan_id", get_plan_for, role)
