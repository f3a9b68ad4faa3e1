"""Workflows over a whole plan: creating one with its defaults and copying one."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from komplan.plans.models import (
    Activity,
    Channel,
    Goal,
    Message,
    Plan,
    PlanStatus,
    PriorityTier,
    TargetGroup,
)
from komplan.plans.signals import entries_written as _entries_written


@transaction.atomic
def plan_create(*, form: Any, user: Any) -> Plan:
    """Save a new plan from its form and give it the three default priority tiers."""
    plan = form.save_locked(user=user)
    plan.create_default_tiers()
    entries_written(plan, "tiers", list(plan.tiers.all()), "create", user=user)
    return plan


def _copy_rows(
    model: type[Any], rows: list[Any], plan: Plan, **remap: dict[int, Any]
) -> dict[int, Any]:
    """Copy `rows` into `plan`, re-pointing foreign keys through `remap`; old pk -> copy."""
    copies = {}
    for row in rows:
        old_pk = row.pk
        row.pk = None
        row.id = None
        row.plan = plan
        row.lock_version = 0
        for field, mapping in remap.items():
            old = getattr(row, f"{field}_id")
            setattr(row, f"{field}_id", mapping[old].pk if old in mapping else None)
        copies[old_pk] = row
    model.objects.bulk_create(copies.values())
    return copies


def _copy_links(
    model: type[Any], field: str, source: dict[int, Any], target: dict[int, Any]
) -> None:
    """Copy a many-to-many relation between copied rows in one bulk insert."""
    through = getattr(model, field).through
    source_column = f"{model._meta.model_name}_id"
    target_model = model._meta.get_field(field).related_model
    target_column = f"{target_model._meta.model_name}_id"
    if source_column == target_column:  # a model related to itself
        source_column, target_column = f"from_{source_column}", f"to_{target_column}"
    links = through.objects.filter(**{f"{source_column}__in": list(source)})
    through.objects.bulk_create(
        through(**{source_column: source[old_s].pk, target_column: target[old_t].pk})
        for old_s, old_t in links.values_list(source_column, target_column)
        if old_t in target
    )


@transaction.atomic
def plan_periods_refresh(*, plan: Plan) -> int:
    """Re-read every activity's time after the plan's language, dates or seasons changed."""
    activities = list(plan.activities.all())
    for activity in activities:
        activity.refresh_period(plan)
    fields = [
        "parsed_start",
        "parsed_end",
        "open_ended",
        "preliminary",
        "period_note",
        "period_reason",
        "starts_on",
        "ends_on",
    ]
    Activity.objects.bulk_update(activities, fields, batch_size=1000)
    return len(activities)


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


@transaction.atomic
def plan_copy(*, plan: Plan, user: Any) -> Plan:
    """A new draft holding everything `plan` holds, for starting from last year's plan."""
    original_pk = plan.pk
    # The original's row lock: nobody adds, moves or deletes its entries while they are
    # copied, so the copy gets one consistent set of places 1..N per register.
    copy = Plan.objects.select_for_update().get(pk=original_pk)
    with override(copy.language):
        copy.name = _("%(name)s (copy)") % {"name": copy.name}
    copy.pk = None
    copy.id = None
    copy.status = PlanStatus.DRAFT
    copy.version = "0.1"
    copy.lock_version = 0
    copy.copied_from_id = original_pk
    copy.updated_by = user
    copy.save()

    def rows(model: type[Any]) -> list[Any]:
        return list(model.objects.filter(plan_id=original_pk).order_by("position"))

    tiers = _copy_rows(PriorityTier, rows(PriorityTier), copy)
    groups = _copy_rows(TargetGroup, rows(TargetGroup), copy, tier=tiers)
    messages = _copy_rows(Message, rows(Message), copy)
    channels = _copy_rows(Channel, rows(Channel), copy)
    goals = _copy_rows(Goal, rows(Goal), copy)
    activities = _copy_rows(Activity, rows(Activity), copy)
    _copy_links(TargetGroup, "inherits_from", groups, groups)
    _copy_links(Message, "tiers", messages, tiers)
    _copy_links(Message, "groups", messages, groups)
    _copy_links(Channel, "groups", channels, groups)
    for field, target in [
        ("groups", groups),
        ("messages", messages),
        ("channels", channels),
        ("goals", goals),
    ]:
        _copy_links(Activity, field, activities, target)
    # The copy's plan records itself (save()); its entries went in by bulk inserts.
    for register, copies in [
        ("tiers", tiers),
        ("groups", groups),
        ("messages", messages),
        ("channels", channels),
        ("goals", goals),
        ("activities", activities),
    ]:
        entries_written(copy, register, list(copies.values()), "create", user=user, links=True)
    return copy


def entries_written(
    plan: Plan, register: str, entries: list[Any], action: str, *, user: Any, links: bool = False
) -> None:
    """Tell the listeners that `entries` of `plan`'s `register` were written in bulk, where
    no model signal was sent (see `komplan.plans.signals`)."""
    if not entries:
        return
    model = type(entries[0][0] if isinstance(entries[0], tuple) else entries[0])
    _entries_written.send(
        model,
        plan=plan,
        register=register,
        entries=entries,
        action=action,
        user=user,
        links=links,
    )
