"""Workflows over a whole plan: creating one with its defaults and copying one."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from komplan.core.bulk import gc_paused
from komplan.plans.models import Activity, Follow, Plan
from komplan.plans.writer import entries_written, plan_data, plan_periods_refresh, plan_write

__all__ = [
    "activities_status_set",
    "entries_written",
    "organization_periods_refresh",
    "plan_copy",
    "plan_create",
    "plan_periods_refresh",
]


@transaction.atomic
def plan_create(*, form: Any, user: Any) -> Plan:
    """Save a new plan from its form and give it the three default priority tiers."""
    plan = form.save_locked(user=user)
    plan.create_default_tiers()
    Follow.objects.create(user=user, plan=plan)  # whoever makes a plan follows it
    entries_written(plan, "tiers", list(plan.tiers.all()), "create", user=user)
    return plan


def organization_periods_refresh(*, organization: Any) -> int:
    """Re-read the time of every activity in the organisation's plans after its seasons changed
    (received from `komplan.accounts.signals.seasons_changed`); returns how many were read."""
    count = 0
    for plan in organization.plans.all():
        plan.organization = organization  # the new seasons, without a query per plan
        count += plan_periods_refresh(plan=plan)
    return count


def _on_seasons_changed(sender: Any, organization: Any, **kwargs: Any) -> int:
    return organization_periods_refresh(organization=organization)


@transaction.atomic
def activities_status_set(*, plan: Plan, activity_ids: list[int], status: str, user: Any) -> int:
    """Give the plan's activities among `activity_ids` the status `status`; ids of other
    plans' activities are ignored. Returns how many activities changed."""
    changing = list(
        plan.activities.filter(pk__in=activity_ids)
        .exclude(status=status)
        .select_for_update()
        .only("pk", "title", "status", "plan_id")
    )
    if not changing:
        return 0
    Activity.objects.filter(pk__in=[a.pk for a in changing]).update(
        status=status,
        # A form opened before this change must not overwrite it silently.
        lock_version=F("lock_version") + 1,
        updated_by=user,
        updated_at=timezone.now(),
    )
    # update() sends no model signals: one audit event per activity, in one insert.
    entries_written(
        plan,
        "activities",
        [(activity, {"status": (activity.status, status)}) for activity in changing],
        "update",
        user=user,
    )
    return len(changing)


@gc_paused()  # to the commit: see komplan.core.bulk
@transaction.atomic
def plan_copy(*, plan: Plan, user: Any) -> Plan:
    """A new draft holding everything `plan` holds, for starting from last year's plan: what
    its plan JSON holds, written by the one writer as "… (copy)"."""
    data = plan_data(plan)
    with override(plan.language):
        data.facts["name"] = _("%(name)s (copy)") % {"name": plan.name}
    return plan_write(data=data, user=user, organization=plan.organization, copied_from=plan).plan
