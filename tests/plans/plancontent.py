"""Comparing plans by their plan JSON: what a copy, an import or a restore must give back."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from typing import Any

from komplan.plans import schema
from komplan.plans.models import Activity, ActivityStatus, Goal, Plan

# The facts the workflow and the clock write, not the content.
WORKFLOW_FACTS = ("status", "version", "last_changed", "changed_by")


def content(data: dict[str, Any], *, name: str | None = None) -> dict[str, Any]:
    """Plan JSON without what differs between two plans of the same content: entry ids, the
    facts' workflow fields and the revision table (and the name, when `name` replaces it)."""
    data = copy.deepcopy(data)
    for register in schema.REGISTERS:
        for entry in data[register.slug]:
            entry.pop("id", None)
    for fact in WORKFLOW_FACTS:
        data["plan"].pop(fact, None)
    if name is not None:
        data["plan"]["name"] = name
    data.pop("revisions", None)
    return data


def enrich(plan: Plan) -> None:
    """What the demo plan may lack, so that every field of every register has a value
    somewhere: goals with target values, an activity with every field set."""
    goal = Goal.objects.create(
        plan=plan, text="Hälften av bokningarna görs digitalt", target_value=Decimal("50"), unit="%"
    )
    activity = Activity.objects.create(
        plan=plan,
        title="Enkät till föreningarna",
        description="Vad tycker föreningarna om den nya tjänsten?",
        responsible="Utvärderare",
        time_text="Prel. september 2026 (när tjänsten är i drift)",
        status=ActivityStatus.IN_PROGRESS,
        recurrence="quarterly",
        budget=Decimal("12500.50"),
        follow_up="Svarsfrekvens över 40 %",
        end_override=dt.date(2026, 10, 15),
    )
    activity.goals.add(goal)
    activity.groups.add(*plan.groups.all()[:2])
    activity.messages.add(*plan.messages.all()[:1])
    activity.channels.add(*plan.channels.all()[:1])
