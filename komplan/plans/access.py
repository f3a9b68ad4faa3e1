"""Plan-scoped views: the plan from the URL through the one gate, `komplan.accounts.access`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpResponse

from komplan.accounts.access import gate_object, scoped_view
from komplan.core.prepared import PreparedObjects
from komplan.plans.models import Plan


def get_plan_for(user: Any, plan_id: int, role: str) -> Plan:
    """The plan `plan_id` if `user` holds at least `role` in its organisation (404 if there
    is no such plan, see `gate`)."""
    found = _PLAN(plan_id)
    if not found:
        raise Http404
    return gate_object(user, found[0], "organization_id", role)  # type: ignore[no-any-return]


# Compiled once (`komplan.core.prepared`): every page of a plan reads it.
_PLAN = PreparedObjects(
    Plan, lambda pk: Plan.objects.select_related("organization", "updated_by").filter(pk=pk)
)


def plan_view(role: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a view taking `plan_id`: it receives the checked `plan` instead.

    GET-only roles are not inferred: a view that changes data asks for EDIT itself.
    """
    return scoped_view("plan_id", get_plan_for, role)
