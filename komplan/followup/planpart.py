"""The goals' indicators and measurements in plan JSON ("indicators"): written by the
follow-up app through `komplan.plans.extensions` and written back by the one writer (copies,
imports, restored versions). docs/plan-json.md describes the shape."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from komplan.followup.models import Indicator, Measurement, Method, ReportTexts
from komplan.plans.extensions import keyed_objects
from komplan.plans.planjson import encode
from komplan.surveys.models import Question

Key = Callable[[str, int | None], str | None]


def dump(plan: Any, key: Key) -> dict[str, Any]:
    """The plan's indicators, in the order of its goals, each with its measurements; a
    surveyed one names its question by the survey's title and the question's text."""
    indicators = (
        Indicator.objects.filter(goal__plan=plan)
        .select_related("question__survey")
        .prefetch_related("measurements")
        .order_by("goal__position", "goal_id")
    )
    return {
        "indicators": [
            {
                "goal": key("goals", i.goal_id),
                "method": i.method,
                "baseline": encode(i.baseline),
                "kind": i.kind,
                "question": (
                    {"survey": i.question.survey.title, "text": i.question.text}
                    if i.question
                    else None
                ),
                "minimum": i.minimum,
                "measurements": [
                    {
                        "date": encode(m.date),
                        "value": encode(m.value),
                        "source": m.source,
                        "comment": m.comment,
                    }
                    for m in i.measurements.all()
                ],
            }
            for i in indicators
        ]
    }


def stamp() -> list[Any]:
    """What changes with a plan's indicators (`OuterRef("pk")`): how many measurements, and
    the latest change of an indicator or a measurement."""
    from komplan.plans.models import count_of, latest_change

    return [
        count_of(Measurement, "indicator__goal__plan"),
        latest_change(Indicator, "goal__plan"),
        latest_change(Measurement, "indicator__goal__plan"),
    ]


TEXT_OF = ("survey", "text")  # how a surveyed indicator names its question


def _is_decimal(value: Any) -> bool:
    try:
        Decimal(str(value))
    except (InvalidOperation, ValueError):
        return False
    return not isinstance(value, bool) and value is not None


def check(value: Any) -> list[tuple[str, str]]:
    """What is wrong with indicators read from plan JSON (paths relative to the part)."""
    problems, items = keyed_objects(
        value, items="indicators", key="goal", key_text="the key of a goal"
    )
    for where, item in items:
        if item.get("method") not in Method.values:
            problems.append((f"{where}.method", f"one of {', '.join(Method.values)}"))
        if not _is_decimal(item.get("baseline", 0)):
            problems.append((f"{where}.baseline", "a number"))
        minimum = item.get("minimum", 4)
        if not isinstance(minimum, int) or isinstance(minimum, bool) or not 0 <= minimum <= 5:
            problems.append((f"{where}.minimum", "a whole number from 0 to 5"))
        if not isinstance(item.get("kind", ""), str):
            problems.append((f"{where}.kind", "a text"))
        asked = item.get("question")
        if asked is not None and not (
            isinstance(asked, dict) and all(isinstance(asked.get(n), str) for n in TEXT_OF)
        ):
            problems.append((f"{where}.question", "null or {survey: text, text: text}"))
        rows = item.get("measurements") or []
        if not isinstance(rows, list):
            problems.append((f"{where}.measurements", "a list"))
            continue
        for m, row in enumerate(rows):
            at = f"{where}.measurements[{m}]"
            if not isinstance(row, dict):
                problems.append((at, "not an object"))
                continue
            for name in ("source", "comment"):
                if not isinstance(row.get(name, ""), str):
                    problems.append((f"{at}.{name}", "a text"))
            try:
                dt.date.fromisoformat(str(row.get("date")))
            except ValueError:
                problems.append((f"{at}.date", "a date (YYYY-MM-DD)"))
            if not _is_decimal(row.get("value")):
                problems.append((f"{at}.value", "a number"))
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
    """Write the indicators `value` into `plan` (see `komplan.plans.extensions`). A surveyed
    indicator's question is found among the plan's surveys by title and text; without one the
    indicator keeps its method and waits for a question to be chosen."""
    if replace:
        Indicator.objects.filter(goal__plan=plan).delete()
    goals = keys.get("goals", {})
    questions = {
        (q.survey.title, q.text): q
        for q in Question.objects.filter(survey__plan=plan).select_related("survey")
    }
    for item in value.get("indicators", []):
        goal_id = goals.get(item.get("goal"))
        if goal_id is None:
            continue
        asked = item.get("question") or {}
        Indicator.objects.filter(goal_id=goal_id).delete()
        indicator = Indicator.objects.create(
            goal_id=goal_id,
            method=item["method"],
            baseline=Decimal(str(item.get("baseline", 0))),
            kind=item.get("kind", "")[:100],
            question=questions.get((asked.get("survey"), asked.get("text"))),
            minimum=item.get("minimum", 4),
            updated_by=user,
        )
        Measurement.objects.bulk_create(
            Measurement(
                indicator=indicator,
                date=dt.date.fromisoformat(row["date"]),
                value=Decimal(str(row["value"])),
                source=row.get("source", "")[:300],
                comment=row.get("comment", ""),
                updated_by=user,
            )
            for row in item.get("measurements") or []
        )


# --- the report texts ("report") ------------------------------------------------------------

REPORT_TEXTS = ("evaluation", "lessons")


def dump_report(plan: Any, key: Key) -> dict[str, str]:
    """The texts the team wrote for the final report (empty texts when none)."""
    texts = ReportTexts.objects.filter(plan=plan).first()
    return {name: getattr(texts, name) if texts else "" for name in REPORT_TEXTS}


def stamp_report() -> list[Any]:
    """What changes with the report texts (`OuterRef("pk")`): their latest change."""
    from komplan.plans.models import latest_change

    return [latest_change(ReportTexts, "plan")]


def check_report(value: Any) -> list[tuple[str, str]]:
    """What is wrong with report texts read from plan JSON (paths relative to the part)."""
    if not isinstance(value, dict):
        return [("", "an object {evaluation: text, lessons: text}")]
    return [(name, "a text") for name in REPORT_TEXTS if not isinstance(value.get(name, ""), str)]


@transaction.atomic
def load_report(
    *,
    plan: Any,
    value: Mapping[str, Any],
    keys: Mapping[str, Mapping[str, int]],
    user: Any,
    replace: bool,
) -> None:
    """Write the report texts `value` into `plan`. Restoring a version (`replace`) gives the
    version's texts back, empty ones too; an import or a copy writes the texts it carries."""
    texts = {name: value.get(name) or "" for name in REPORT_TEXTS}
    if not replace and not any(texts.values()):
        return
    ReportTexts.objects.update_or_create(plan=plan, defaults={**texts, "updated_by": user})
