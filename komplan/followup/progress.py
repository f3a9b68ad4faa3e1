"""Reading a plan's goals with their indicators and values: the edge between the database
and the pure rules of `komplan.followup.status`. A constant number of queries for any number
of goals and activities (the goal page and the follow-up page pin it)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Coalesce

from komplan.followup.models import Indicator, Measurement, Method
from komplan.followup.status import Point, Status, counted_points, current_value, goal_status
from komplan.plans.models import Activity, ActivityStatus, Goal, Plan
from komplan.surveys.results import Share, shares_at_least


@dataclass
class GoalProgress:
    goal: Goal
    indicator: Indicator | None
    points: list[Point] = field(default_factory=list)
    value: Decimal | None = None
    status: Status = Status.NO_TARGET
    share: Share | None = None  # surveyed: the answers behind the value
    measurements: list[Measurement] = field(default_factory=list)
    deadline: dt.date | None = None  # the goal's own, else the plan's end

    @property
    def baseline(self) -> Decimal:
        return self.indicator.baseline if self.indicator else Decimal(0)

    @property
    def method(self) -> str:
        return self.indicator.method if self.indicator else ""


def survey_day(survey: Any, today: dt.date) -> dt.date:
    """The day a survey's share stands for: when it closed, else today."""
    if survey.closed_at is not None:
        return min(today, survey.closed_at.date())
    if survey.closes_on is not None and survey.closes_on < today:
        return survey.closes_on
    return today


def goal_progress(
    plan: Plan,
    *,
    today: dt.date,
    goal_id: int | None = None,
    shares: Mapping[tuple[int, int], Share] | None = None,
) -> list[GoalProgress]:
    """Every goal of `plan` (or the one `goal_id`) with its points, value and status.
    `shares` are survey shares by (question id, minimum) already read: not read again."""
    goals = plan.goals.select_related("indicator__question__survey").order_by("position", "pk")
    if goal_id is not None:
        goals = goals.filter(pk=goal_id)
    rows = []
    for goal in goals:
        indicator = getattr(goal, "indicator", None)
        rows.append(GoalProgress(goal, indicator))
    by_method: dict[str, list[GoalProgress]] = defaultdict(list)
    for row in rows:
        if row.indicator is not None:
            by_method[row.indicator.method].append(row)
    if by_method[Method.ENTERED]:
        _entered(by_method[Method.ENTERED])
    if by_method[Method.COUNTED]:
        _counted(by_method[Method.COUNTED], today)
    if by_method[Method.SURVEYED]:
        _surveyed(by_method[Method.SURVEYED], today, shares or {})
    for row in rows:
        baseline = row.baseline
        row.deadline = row.goal.deadline or plan.end_date
        row.value = current_value(row.points, baseline, today) if row.indicator else None
        row.status = goal_status(
            baseline=baseline,
            target=row.goal.target_value,
            start=plan.start_date,
            deadline=row.deadline,
            points=row.points,
            today=today,
        )
    return rows


def _entered(rows: list[GoalProgress]) -> None:
    by_indicator = {row.indicator.pk: row for row in rows if row.indicator}
    for m in Measurement.objects.filter(indicator_id__in=by_indicator).order_by("date", "pk"):
        row = by_indicator[m.indicator_id]
        row.measurements.append(m)
        row.points.append(Point(m.date, m.value))


def _counted(rows: list[GoalProgress], today: dt.date) -> None:
    """Done activities linked to each goal; with a kind, only those whose title or one of
    whose channels contains it (ignoring case). Counted in SQL per goal and day."""
    by_goal = {row.goal.pk: row for row in rows}
    links = Activity.goals.through.objects.filter(activity__status=ActivityStatus.DONE)
    which = Q()
    for goal_id, row in by_goal.items():
        kind = (row.indicator.kind if row.indicator else "").strip()
        if not kind:
            which |= Q(goal_id=goal_id)
            continue
        channel = Activity.channels.through.objects.filter(
            activity_id=OuterRef("activity_id"), channel__name__icontains=kind
        )
        which |= Q(goal_id=goal_id) & (Q(activity__title__icontains=kind) | Exists(channel))
    counts = (
        links.filter(which)
        .annotate(day=Coalesce("activity__ends_on", "activity__starts_on"))
        .order_by()
        .values_list("goal_id", "day")
        .annotate(n=Count("activity_id"))
    )
    days: dict[int, list[dt.date | None]] = defaultdict(list)
    for goal_id, day, n in counts:
        days[goal_id].extend([day] * n)
    for goal_id, row in by_goal.items():
        row.points = counted_points(days[goal_id], baseline=row.baseline, today=today)


def _surveyed(
    rows: list[GoalProgress], today: dt.date, known: Mapping[tuple[int, int], Share]
) -> None:
    asked = [
        (row, row.indicator, row.indicator.question)
        for row in rows
        if row.indicator is not None and row.indicator.question is not None
    ]
    wanted = {(question.pk, indicator.minimum) for _row, indicator, question in asked}
    shares = {**known, **shares_at_least(wanted - set(known))}
    for row, indicator, question in asked:
        row.share = shares[(question.pk, indicator.minimum)]
        percent = row.share.percent
        if percent is not None:
            row.points = [Point(survey_day(question.survey, today), percent)]
