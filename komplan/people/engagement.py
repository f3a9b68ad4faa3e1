"""How engaged each target group is against where the plan needs it: saving it with its
history, the groups furthest from their desired level (for the plan's overview), and the
engagement in plan JSON (`"engagement"`, see docs/plan-json.md).

Plans know nothing of people: the overview and plan JSON reach this module through the hooks
in `komplan.plans.extensions`, registered in `PeopleConfig.ready`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Abs
from django.urls import reverse

from komplan.people.models import Engagement, EngagementChange, Level, Weight
from komplan.plans.editing import EditConflict
from komplan.plans.extensions import keyed_objects

__all__ = ["check", "dump", "engagement_save", "load", "overview_context"]

FIELDS = ("current", "desired", "influence", "interest")
OVERVIEW_LIMIT = 5

Key = Callable[[str, int | None], str | None]


def engagement_save(form: Any, *, user: Any) -> Engagement:
    """Save the group's engagement from a valid `EngagementForm` and keep the change in its
    history, in one transaction. Someone who saved after the form was opened, or who set
    the group's first engagement at the same moment, makes it an `EditConflict`."""
    group = form.instance.group
    first = form.instance._state.adding
    if not first and not form.cleaned_data.get("seen"):
        # Opened before the group had an engagement, which someone has set since.
        current = Engagement.objects.get(pk=form.instance.pk)
        raise EditConflict(current, form.changes_since_seen(current))
    try:
        with transaction.atomic():
            engagement: Engagement = form.save_locked(user=user)
            note = form.cleaned_data.get("note", "")
            if first or note or set(form.changed_data) & set(FIELDS):
                EngagementChange.objects.create(
                    group=group,
                    note=note,
                    changed_by=user if user.is_authenticated else None,
                    **{name: getattr(engagement, name) for name in FIELDS},
                )
    except IntegrityError:
        # Two first assessments at once: the other one's row is there now.
        current = Engagement.objects.get(group=group)
        raise EditConflict(current, form.changes_since_seen(current)) from None
    return engagement


def overview_context(plan: Any) -> dict[str, Any]:
    """What the plan's overview shows of engagement (`extensions.OverviewPart`), in one query:
    the assessed groups furthest from their desired level, furthest first, among equals the
    more influential, then in the plan's order; and whether any group is assessed."""
    # Without the filter on the distance, so the same query says whether any is assessed.
    first = list(
        Engagement.objects.filter(group__plan=plan)
        .annotate(distance=Abs(F("desired") - F("current")))
        .select_related("group")
        .order_by("-distance", "-influence", "group__position", "group_id")[:OVERVIEW_LIMIT]
    )
    return {
        "engagement_assessed": bool(first),
        "engagement_rows": [e for e in first if e.distance > 0],
        "engagement_url": reverse("people:engagement", args=[plan.pk]),
    }


# --- plan JSON --------------------------------------------------------------------------------


def dump(plan: Any, key: Key) -> dict[str, Any]:
    """The plan's engagement as JSON-ready data (levels by name), in the plan's order of
    groups; its history stays behind: it names people of this database."""
    rows = Engagement.objects.filter(group__plan=plan).order_by("group__position", "group_id")
    return {
        "groups": [
            {
                "group": key("groups", e.group_id),
                "current": Level(e.current).name.lower(),
                "desired": Level(e.desired).name.lower(),
                "influence": e.influence,
                "interest": e.interest,
            }
            for e in rows
        ]
    }


LEVEL_NAMES = {level.name.lower(): level.value for level in Level}


def stamp() -> list[Any]:
    """What changes with the engagement of a plan's groups (`OuterRef("pk")`): how many groups
    are assessed and the latest assessment (a `PlanPart` stamp)."""
    from komplan.plans.models import count_of, latest_change

    return [count_of(Engagement, "group__plan"), latest_change(Engagement, "group__plan")]


def check(value: Any) -> list[tuple[str, str]]:
    """What is wrong with engagement read from plan JSON (paths relative to it)."""
    problems, items = keyed_objects(
        value, items="groups", key="group", key_text="the key of a target group"
    )
    for where, item in items:
        for name in ("current", "desired"):
            if item.get(name) not in LEVEL_NAMES:
                problems.append((f"{where}.{name}", f"one of {', '.join(LEVEL_NAMES)}"))
        for name in ("influence", "interest"):
            number = item.get(name)
            if (
                not isinstance(number, int)
                or isinstance(number, bool)
                or number not in Weight.values
            ):
                problems.append((f"{where}.{name}", "a whole number from 1 to 5"))
    return problems


@transaction.atomic
def load(
    *,
    plan: Any,
    value: Mapping[str, Any],
    keys: Mapping[str, Mapping[str, int]],
    user: Any,
    replace: bool,
) -> None:
    """Write the engagement `value` into `plan` (see `komplan.plans.extensions`); each group
    written gets a history entry by `user`."""
    if replace:
        Engagement.objects.filter(group__plan=plan).delete()
    groups = keys.get("groups", {})
    by_group = {
        groups[item["group"]]: item
        for item in value.get("groups", [])
        if item.get("group") in groups
    }
    existing = {e.group_id: e for e in Engagement.objects.filter(group_id__in=by_group)}
    for group_id, item in by_group.items():
        levels = {
            "current": LEVEL_NAMES[item["current"]],
            "desired": LEVEL_NAMES[item["desired"]],
            "influence": int(item["influence"]),
            "interest": int(item["interest"]),
        }
        engagement = existing.get(group_id) or Engagement(group_id=group_id)
        for name, level in levels.items():
            setattr(engagement, name, level)
        engagement.updated_by = user
        engagement.lock_version += 1 if engagement.pk else 0
        engagement.save()
        EngagementChange.objects.create(group_id=group_id, changed_by=user, **levels)
