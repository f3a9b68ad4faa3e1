"""Follow-up in the API (docs/api.md): each goal's indicator, baseline, target, value and
status with the rule that gave it (`komplan.followup.status`), as the follow-up page reads
them (`komplan.followup.progress.goal_progress`); and a goal's measurements, entered through
the screen's form, made by the registers' machinery of `komplan.api.endpoints`."""

# No `from __future__ import annotations`: django-ninja reads the operations' annotations.

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja import Path, Query, Router
from ninja.errors import HttpError
from pydantic import Field as PydanticField

from komplan.accounts.access import VIEW
from komplan.api import examples, schemas
from komplan.api.auth import goal_for, plan_for
from komplan.api.endpoints import (
    READS,
    Entries,
    Page,
    Parent,
    PlanId,
    api,
    entries_router,
    model_out,
)
from komplan.followup.forms import MeasurementForm
from komplan.followup.models import Indicator, Measurement, Method
from komplan.followup.progress import GoalProgress, goal_progress
from komplan.followup.status import Status
from komplan.followup.views import STATUS_WORDS
from komplan.plans.models import Goal

STATUSES = [status.value for status in Status]


def _rule(status: str) -> str:
    """The rule of `komplan.followup.status` that gave `status`, as the goal page writes it."""
    return {
        Status.NO_TARGET: _("No target: the goal has no target value, so it has no status."),
        Status.ACHIEVED: _(
            "Achieved: the latest value has reached the target (at or below it when the "
            "target is below the baseline)."
        ),
        Status.MISSED: _("Missed: not achieved and the deadline has passed."),
        Status.ON_TRACK: _(
            "On track: the share of the way from baseline to target is at least the share of "
            "the time from the plan's start to the deadline, less 10 percentage points."
        ),
        Status.AT_RISK: _("At risk: otherwise."),
    }[Status(status)]


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


class GoalProgressOut(schemas.Schema):
    id: int = PydanticField(..., description="The goal's id.", examples=[4])
    text: str = PydanticField(
        ..., description="The goal.", examples=[examples.GOAL_PROGRESS["text"]]
    )
    unit: str = PydanticField(..., description="What is counted.", examples=["synpunkter"])
    method: str | None = PydanticField(
        ...,
        description="How the goal is measured (its indicator's kind): `counted` (done "
        "activities linked to the goal), `entered` (measurements entered by hand), `surveyed` "
        "(the share of a survey question's answers); null: no indicator set yet.",
        examples=["entered"],
        json_schema_extra={"enum": [*Method.values, None]},
    )
    baseline: str = PydanticField(
        ...,
        description="Where the count starts: the indicator's baseline (0 without one). A "
        "decimal number written as a string.",
        examples=["0.00"],
    )
    target_value: str | None = PydanticField(
        ...,
        description="The goal's target, a decimal number written as a string; null: none.",
        examples=["500.00"],
    )
    deadline: dt.date | None = PydanticField(
        ...,
        description="The goal's deadline, else the plan's end; null: neither.",
        examples=["2026-11-30"],
    )
    value: str | None = PydanticField(
        ...,
        description="The latest value on or before today (before any: the baseline), a "
        "decimal number written as a string; null: no indicator.",
        examples=["320.00"],
    )
    status: str = PydanticField(
        ...,
        description="`no_target`, `on_track`, `at_risk`, `achieved` or `missed`, by the rule "
        "in `rule`.",
        examples=["on_track"],
        json_schema_extra={"enum": STATUSES},
    )
    status_label: str = PydanticField(
        ..., description="The status in the request's language.", examples=["I fas"]
    )
    rule: str = PydanticField(
        ...,
        description="The rule that gave the status, in the request's language.",
        examples=[
            "I fas: andelen av vägen från utgångsvärde till mål är minst andelen av tiden från "
            "planens start till slutdatumet, minus 10 procentenheter."
        ],
    )


GoalProgressPage = schemas.page_of(GoalProgressOut, "GoalProgress")


class ProgressFilters(schemas.Schema):
    status: str | None = PydanticField(
        None,
        description="Only goals with this status.",
        examples=["at_risk"],
        json_schema_extra={"enum": [*STATUSES, None]},
    )


def _progress_out(row: GoalProgress) -> dict[str, Any]:
    return {
        "id": row.goal.pk,
        "text": row.goal.text,
        "unit": row.goal.unit,
        "method": row.method or None,
        "baseline": str(row.baseline),
        "target_value": _decimal(row.goal.target_value),
        "deadline": row.deadline,
        "value": _decimal(row.value),
        "status": str(row.status),
        "status_label": STATUS_WORDS()[row.status],
        "rule": _rule(row.status),
    }


followup = Router(tags=["followup"])
GoalId = Annotated[int, Path(description="The goal's id.", example=4, ge=1, le=schemas.MAX_ID)]


@followup.get(
    "/{plan_id}/followup",
    response={200: GoalProgressPage, **READS},
    operation_id="followup_list",
    summary="The plan's goals with their values and status",
)
def progress_list(
    request: HttpRequest, plan_id: PlanId, filters: Query[ProgressFilters], page: Query[Page]
) -> Any:
    plan = plan_for(request, plan_id, VIEW)
    rows = goal_progress(plan, today=timezone.localdate())
    if filters.status:
        rows = [row for row in rows if row.status == filters.status]
    return {
        "count": len(rows),
        "limit": page.limit,
        "offset": page.offset,
        "items": [_progress_out(row) for row in rows[page.offset : page.offset + page.limit]],
    }


@followup.get(
    "/{plan_id}/followup/{goal_id}",
    response={200: GoalProgressOut, **READS},
    operation_id="followup_read",
    summary="One goal's value and status",
)
def progress_read(request: HttpRequest, plan_id: PlanId, goal_id: GoalId) -> Any:
    plan = plan_for(request, plan_id, VIEW)
    rows = goal_progress(plan, today=timezone.localdate(), goal_id=goal_id)
    if not rows:
        raise Http404
    return _progress_out(rows[0])


# --- a goal's measurements --------------------------------------------------------------------

with translation.override("en"):
    measurement_documents = schemas.Documents(
        Measurement,
        examples.MEASUREMENT,
        written=["date", "value", "source", "comment"],
        filters=[
            schemas.Filter(
                "from_date",
                "date__gte",
                dt.date,
                "Only measurements on or after this day.",
                "2026-09-01",
            ),
            schemas.Filter(
                "to_date",
                "date__lte",
                dt.date,
                "Only measurements on or before this day.",
                "2026-12-31",
            ),
        ],
    )


def _indicator(goal: Goal) -> Indicator:
    """The goal's indicator; a goal without one gets one (entered) with its first saved
    measurement, as on the screen."""
    return Indicator.objects.filter(goal=goal).first() or Indicator(goal=goal)


def _entered_only(goal: Goal, measurement: Measurement | None) -> None:
    """Measurements are added to a goal measured by entered values (or not measured yet):
    the goal page offers the form for those alone."""
    if measurement is None:
        indicator = Indicator.objects.filter(goal=goal).only("method").first()
        if indicator is not None and indicator.method != Method.ENTERED:
            raise HttpError(
                409,
                _(
                    "This goal is measured otherwise (%(method)s): measurements are entered "
                    "only for a goal measured by entered values."
                )
                % {"method": indicator.get_method_display()},
            )


def _save_measurement(form: Any, goal: Goal, user: Any) -> Measurement:
    indicator = form.instance.indicator
    if indicator.pk is None:
        indicator.updated_by = user
        indicator.save()
        form.instance.indicator = indicator
    return form.save_locked(user=user)  # type: ignore[no-any-return]


GOAL = Parent("goal", "/goals", goal_for)
measurements = Entries(
    slug="measurements",
    plural="measurements",
    model=Measurement,
    form_class=MeasurementForm,
    documents=measurement_documents,
    out=model_out(Measurement, ["date", "value", "source", "comment"]),
    listed=lambda goal, filters: Measurement.objects.filter(
        indicator__goal=goal, **measurement_documents.lookups(filters)
    ).order_by("date", "pk"),
    get=lambda goal, pk: Measurement.objects.get(pk=pk, indicator__goal=goal),
    form_kwargs=lambda goal: {},
    new=lambda goal: Measurement(indicator=_indicator(goal)),
    save=_save_measurement,
    guard=_entered_only,
    tag="followup",
)

api.add_router("/plans", followup)
with translation.override("en"):
    api.add_router("/goals", entries_router(GOAL, measurements))
