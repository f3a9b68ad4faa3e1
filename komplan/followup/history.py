"""A goal's measurements in the audit trail (`komplan.audit.recording.Tracked`): each one
added, changed or deleted is an event of the goal's plan, naming who did it (on the screens
the logged-in person, through the API the token's owner), listed in the plan's history with
a history page of its own. A measurement is not the plan's content: it starts no new draft."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from komplan.audit.recording import Place, Tracked, track
from komplan.followup.models import Measurement
from komplan.plans.models import Plan

__all__ = ["connect"]


def _place(measurement: Measurement) -> Place | None:
    row = (
        Plan.objects.filter(goals__indicator__pk=measurement.indicator_id)
        .values_list("pk", "name", "organization_id")
        .first()
    )
    if row is None:
        return None
    plan_id, name, organization_id = row
    return Place(organization_id, plan_id, name)


def _current(plan: Plan, object_id: int) -> Any:
    return (
        Measurement.objects.filter(pk=object_id, indicator__goal__plan=plan)
        .select_related("indicator__goal")
        .first()
    )


def _open_url(measurement: Measurement) -> str:
    goal = measurement.indicator.goal
    return reverse("followup:measurement_edit", args=[goal.plan_id, goal.pk, measurement.pk])


def connect() -> None:
    """Record measurements from now on (from `FollowupConfig.ready`)."""
    track(
        Tracked(
            Measurement,
            "measurements",
            ("date", "value", "source", "comment"),
            _place,
            current=_current,
            open_url=_open_url,
            place_key=lambda measurement: ("indicator", measurement.indicator_id),
        )
    )
