"""The follow-up pages: a goal's indicator, measurements, chart and status, and the plan's
follow-up page for the steering group. Every page takes the plan through `plan_view`:
reading is for viewers, changing for editors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import CharField, Count, Q
from django.db.models.functions import Cast, Coalesce, Substr
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from komplan.accounts.access import EDIT, VIEW
from komplan.audit.models import Action, AuditEvent
from komplan.followup import charts, reach
from komplan.followup.forms import IndicatorForm, MeasurementForm
from komplan.followup.models import Indicator, Measurement
from komplan.followup.progress import GoalProgress, goal_progress
from komplan.followup.report_views import report_links
from komplan.followup.status import slipped
from komplan.plans.access import plan_view
from komplan.plans.activity_plan import FINISHED, quick_view
from komplan.plans.coverage_display import coverage_summary
from komplan.plans.editing import confirm_delete, save_form
from komplan.plans.models import ActivityStatus, Goal, Plan
from komplan.surveys.models import Question
from komplan.surveys.results import Share, shares_at_least

LIST = 20  # the overdue and slipped activities listed; the rest are counted
MONTHS_SHOWN = 120  # the month bars fill empty months over at most this span


def today() -> dt.date:
    """The edge reads the clock; the core takes the day as a parameter."""
    return dt.date.today()


def _context(plan: Plan, **extra: Any) -> dict[str, Any]:
    return {
        "plan": plan,
        "organization": plan.organization,
        "nav": "followup",
        "can_edit": plan.membership.allows(EDIT),  # type: ignore[attr-defined]
        **extra,
    }


def _goal(plan: Plan, goal_id: int) -> Goal:
    try:
        return plan.goals.get(pk=goal_id)
    except Goal.DoesNotExist:
        raise Http404 from None


def goal_url(plan_id: int, goal_id: int) -> str:
    return reverse("followup:goal", args=[plan_id, goal_id])


def chart(row: GoalProgress, plan: Plan, day: dt.date) -> Any:
    goal = row.goal
    target = goal.target_value
    deadline = row.deadline
    value = "—" if row.value is None else formats.number_format(row.value, decimal_pos=None)
    desc = _(
        "Value now %(value)s %(unit)s; target %(target)s by %(deadline)s; status: %(status)s."
    ) % {
        "value": value,
        "unit": goal.unit,
        "target": "—" if target is None else formats.number_format(target),
        "deadline": formats.date_format(deadline) if deadline else "—",
        "status": STATUS_WORDS()[row.status],
    }
    return charts.progress_svg(
        ident=f"goal-{goal.pk}",
        points=row.points,
        baseline=row.baseline,
        target=target,
        start=plan.start_date,
        deadline=deadline,
        today=day,
        text=charts.ChartText(
            title=_("Progress towards the goal: %(goal)s") % {"goal": goal.text[:120]},
            desc=desc,
            target=_("Target"),
            deadline=_("Deadline"),
            today=_("Today"),
        ),
    )


def STATUS_WORDS() -> dict[str, str]:
    return {
        "no_target": _("No target"),
        "on_track": _("On track"),
        "at_risk": _("At risk"),
        "achieved": _("Achieved"),
        "missed": _("Missed"),
    }


@plan_view(VIEW)
def goal_page(request: HttpRequest, plan: Plan, goal_id: int) -> HttpResponse:
    day = today()
    rows = goal_progress(plan, today=day, goal_id=goal_id)
    if not rows:
        raise Http404
    row = rows[0]
    return render(
        request,
        "followup/goal.html",
        _context(
            plan,
            row=row,
            goal=row.goal,
            status_word=STATUS_WORDS()[row.status],
            chart=chart(row, plan, day),
            today=day,
        ),
    )


@plan_view(EDIT)
def indicator_edit(request: HttpRequest, plan: Plan, goal_id: int) -> HttpResponse:
    goal = _goal(plan, goal_id)
    indicator = Indicator.objects.filter(goal=goal).first() or Indicator(goal=goal)
    form = IndicatorForm(request.POST or None, instance=indicator, plan=plan)
    url = goal_url(plan.pk, goal.pk)
    return save_form(
        request,
        form,
        "followup/form.html",
        _context(plan, heading=_("How the goal is measured"), intro=goal.text, cancel_url=url),
        url,
        _("The indicator was saved."),
    )


@plan_view(EDIT)
def measurement_add(request: HttpRequest, plan: Plan, goal_id: int) -> HttpResponse:
    goal = _goal(plan, goal_id)
    # A goal without an indicator gets one (entered) with its first saved measurement, not
    # when the form is only opened.
    indicator = Indicator.objects.filter(goal=goal).first() or Indicator(goal=goal)
    form = MeasurementForm(
        request.POST or None, instance=Measurement(indicator=indicator), initial={"date": today()}
    )

    def save(form: MeasurementForm) -> Any:
        if indicator.pk is None:
            indicator.updated_by = request.user
            indicator.save()
            form.instance.indicator = indicator
        return form.save_locked(user=request.user)

    url = goal_url(plan.pk, goal.pk)
    return save_form(
        request,
        form,
        "followup/form.html",
        _context(plan, heading=_("Add a measurement"), intro=goal.text, cancel_url=url),
        url,
        _("The measurement was added."),
        save=save,
    )


def _measurement(plan: Plan, goal_id: int, measurement_id: int) -> Measurement:
    try:
        return Measurement.objects.select_related("indicator__goal").get(
            pk=measurement_id, indicator__goal_id=goal_id, indicator__goal__plan=plan
        )
    except Measurement.DoesNotExist:
        raise Http404 from None


@plan_view(EDIT)
def measurement_edit(
    request: HttpRequest, plan: Plan, goal_id: int, measurement_id: int
) -> HttpResponse:
    measurement = _measurement(plan, goal_id, measurement_id)
    url = goal_url(plan.pk, goal_id)
    return save_form(
        request,
        MeasurementForm(request.POST or None, instance=measurement),
        "followup/form.html",
        _context(plan, heading=_("Change the measurement"), cancel_url=url),
        url,
        _("The measurement was saved."),
    )


@plan_view(EDIT)
def measurement_delete(
    request: HttpRequest, plan: Plan, goal_id: int, measurement_id: int
) -> HttpResponse:
    measurement = _measurement(plan, goal_id, measurement_id)
    url = goal_url(plan.pk, goal_id)
    return confirm_delete(
        request,
        measurement,
        "followup/confirm_delete.html",
        _context(plan, entry=measurement, cancel_url=url),
        url,
        _("The measurement was deleted."),
    )


# --- the plan's follow-up page --------------------------------------------------------------


def month_bars(plan: Plan) -> list[charts.MonthBar]:
    """Activities (not cancelled) per month of their end (else start): planned and done,
    every month from the first to the last.
    The month is the date's first seven characters ("2026-03"), the same text in SQLite and
    PostgreSQL and far cheaper than truncating 10,000 dates."""
    when = Cast(Coalesce("ends_on", "starts_on"), CharField())
    rows = (
        plan.activities.exclude(status=ActivityStatus.CANCELLED)
        .annotate(month=Substr(when, 1, 7))
        .filter(month__isnull=False)
        .order_by()
        .values("month")
        .annotate(planned=Count("pk"), done=Count("pk", filter=Q(status=ActivityStatus.DONE)))
        .order_by("month")
    )
    counts = {(int(r["month"][:4]), int(r["month"][5:7])): r for r in rows}
    if not counts:
        return []
    # Every month from the first to the last, those without activities too: the bars are a
    # time axis, and a month left out would make the next look adjacent. (Not over more than
    # ten years: a mistyped year would make thousands of empty months.)
    (first_year, first_month), (last_year, last_month) = min(counts), max(counts)
    span = (last_year - first_year) * 12 + last_month - first_month + 1
    months = (
        [
            (first_year + (first_month - 1 + n) // 12, (first_month - 1 + n) % 12 + 1)
            for n in range(span)
        ]
        if span <= MONTHS_SHOWN
        else sorted(counts)
    )
    bars = []
    for year, month in months:
        r = counts.get((year, month), {"planned": 0, "done": 0})
        day = dt.date(year, month, 1)
        label = formats.date_format(day, "YEAR_MONTH_FORMAT")
        bars.append(charts.MonthBar(day, label, r["planned"], r["done"]))
    return bars


def done_days(plan: Plan) -> dict[int, dt.date]:
    """When each activity was last marked done, from the audit trail: its changes only, for
    an activity written already done (a copy, an import, a restored version) was not done on
    the day it was written."""
    found: dict[int, dt.date] = {}
    events = AuditEvent.objects.filter(
        plan=plan,
        register="activities",
        action=Action.UPDATE,
        changes__icontains='"new_value": "done"',
    ).order_by("at")
    # Only a choice field keeps "new_value", and of an activity's only its status can be
    # "done": the text match is the whole test, and the JSON need not be read. The day is the
    # stored timestamp's (UTC) date as text: 10,000 aware datetimes cost more than the page.
    day = Substr(Cast("at", CharField()), 1, 10)
    for object_id, text in events.annotate(day=day).values_list("object_id", "day"):
        found[object_id] = dt.date.fromisoformat(text)
    return found


def slipped_activities(
    plan: Plan, done_on: dict[int, dt.date] | None = None
) -> list[dict[str, Any]]:
    """The done activities marked done after their period ended (title, ends_on, done_on),
    in document order: the done days from the audit trail (`done_days`, read unless given),
    the activities in one query."""
    done_on = done_days(plan) if done_on is None else done_on
    if not done_on:
        return []
    rows = (
        plan.activities.filter(status=ActivityStatus.DONE, ends_on__isnull=False)
        .order_by("position", "pk")
        .values("pk", "title", "ends_on")
    )
    return [
        {**row, "done_on": done_on[row["pk"]]}
        for row in rows
        if slipped(done_on.get(row["pk"]), row["ends_on"])
    ]


def survey_results(plan: Plan) -> tuple[list[dict[str, Any]], dict[tuple[int, int], Share]]:
    """Each survey of the plan with its scale and yes/no questions' agreeing shares (4–5 or
    yes), and those shares by (question id, minimum) for the goals measured by them."""
    questions = list(
        Question.objects.filter(survey__plan=plan)
        .exclude(kind="text")
        .select_related("survey")
        .order_by("survey__created_at", "survey_id", "position", "pk")
    )
    agreeing = {q.pk: 4 if q.kind == "likert" else 1 for q in questions}
    shares = shares_at_least(agreeing.items())
    surveys: dict[int, dict[str, Any]] = {}
    for q in questions:
        entry = surveys.setdefault(q.survey_id, {"survey": q.survey, "questions": []})
        entry["questions"].append((q, shares[(q.pk, agreeing[q.pk])]))
    return list(surveys.values()), shares


@plan_view(VIEW)
def plan_followup(request: HttpRequest, plan: Plan) -> HttpResponse:
    day = today()
    surveys, shares = survey_results(plan)
    goals = goal_progress(plan, today=day, shares=shares)
    words = STATUS_WORDS()
    for row in goals:
        row.word = words[row.status]  # type: ignore[attr-defined]
    bars = month_bars(plan)
    counts = plan.activities.filter(~Q(status__in=FINISHED)).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=quick_view("overdue", day))
    )
    overdue = plan.activities.filter(quick_view("overdue", day)).order_by("ends_on", "position")
    done_on = done_days(plan)
    slipped_rows = slipped_activities(plan, done_on)
    reached = reach_context(plan, day, done_on)
    return render(
        request,
        "followup/plan.html",
        _context(
            plan,
            goals=goals,
            today=day,
            bars=bars,
            bars_chart=charts.month_bars_svg(
                ident="months",
                bars=bars,
                title=_("Activities per month, planned and done"),
                desc=_(
                    "Outlined bars: activities planned to end that month; filled: done. "
                    "The table below has the numbers."
                ),
            ),
            counts=counts,
            overdue=list(overdue[:LIST]),
            slipped=slipped_rows[:LIST],
            slipped_count=len(slipped_rows),
            list_limit=LIST,
            coverage=coverage_summary(plan),
            surveys=surveys,
            reports=report_links(plan, day),
            **reached,
        ),
    )


def reach_context(plan: Plan, day: dt.date, done_on: dict[int, dt.date]) -> dict[str, Any]:
    """The section "Coverage reached over time": the months (`reach.plan_reach`) and their
    chart."""
    points = reach.plan_reach(plan, day, done_on)
    steps = [
        charts.ReachStep(p.month, formats.date_format(p.month, "YEAR_MONTH_FORMAT"), p.percent)
        for p in points
    ]
    return {
        "reach_not_begun": bool(plan.start_date and plan.start_date > day),
        "reach_rows": list(zip(points, steps, strict=True)),
        "reach_chart": charts.reach_svg(
            ident="reach",
            steps=steps,
            title=_("Coverage reached over time"),
            desc=_(
                "The share of the required coverage cells (a target group and a message it "
                "must know) reached by the end of each month. The table below has the numbers."
            ),
        )
        if points
        else None,
    }


def overview_context(plan: Plan) -> dict[str, Any] | None:
    """The overview's pointer to the follow-up page (no query)."""
    return {"url": reverse("followup:plan", args=[plan.pk])}
