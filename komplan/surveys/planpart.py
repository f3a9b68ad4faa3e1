"""The plan's surveys in plan JSON ("surveys"): written by the surveys app through
`komplan.plans.extensions` and written back by the one writer (copies, imports, restored
versions). docs/plan-json.md describes the shape.

What travels: each survey's title, introduction, status, closing date, anonymity and target
group (by key), its questions (kind, text, position) and its answers **as totals only**: per
question how many gave each value (a free-text question: how many answered, not what), and
how many questionnaires were submitted. No tokens, invitations, contacts, dates of answers
or texts: nothing that could say who answered what.

What a survey read back is: a draft stays a draft; an open or closed one comes back closed
(its invitations and link stayed behind, so nobody could answer it), with its totals kept as
read-only earlier results (`EarlierTotal`) that its results page and the goals measured by
it count with any answers given later. A restore keeps the plan's surveys that are still
there as they are, with their own answers (they are newer than any version, and people gave
them), and brings back those deleted since; it deletes none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from komplan.plans.planjson import encode
from komplan.surveys.models import (
    EarlierTotal,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyStatus,
)
from komplan.surveys.results import value_counts

Key = Callable[[str, int | None], str | None]

# A question's totals by option name, per kind; a free text's count is of its answers.
OPTIONS: dict[str, dict[str, int | None]] = {
    QuestionKind.LIKERT: {str(v): v for v in (1, 2, 3, 4, 5)},
    QuestionKind.YES_NO: {"yes": 1, "no": 0},
    QuestionKind.TEXT: {"answered": None},
}


def dump(plan: Any, key: Key) -> dict[str, Any]:
    """The plan's surveys, oldest first, each with its questions in order and their totals
    (four queries)."""
    surveys = list(
        Survey.objects.filter(plan=plan)
        .annotate(given=Count("responses"))
        .order_by("created_at", "pk")
    )
    questions: dict[int, list[Question]] = {s.pk: [] for s in surveys}
    for q in Question.objects.filter(survey__plan=plan).order_by("position", "pk"):
        questions[q.survey_id].append(q)
    counts = value_counts(Question.objects.filter(survey__plan=plan))
    return {
        "surveys": [
            {
                "id": s.pk,
                "title": s.title,
                "introduction": s.introduction,
                "status": s.status,
                "closes_on": encode(s.closes_on),
                "anonymous": s.anonymous,
                "group": key("groups", s.group_id) if s.group_id else None,
                "responses": s.given + s.earlier_responses,
                "questions": [
                    {
                        "position": q.position,
                        "kind": q.kind,
                        "text": q.text,
                        "totals": {
                            name: counts.get(q.pk, {}).get(value, 0)
                            for name, value in OPTIONS[q.kind].items()
                        },
                    }
                    for q in questions[s.pk]
                ],
            }
            for s in surveys
        ]
    }


def stamp() -> list[Any]:
    """What changes with a plan's surveys (`OuterRef("pk")`): how many surveys, questions and
    submitted questionnaires, the latest change of a survey, and the sum of their lock
    versions (opening and closing bump it, not the change time)."""
    from komplan.plans.models import count_of, latest_change

    locks = (
        Survey.objects.filter(plan=OuterRef("pk"))
        .order_by()
        .values("plan")
        .annotate(v=Sum("lock_version"))
        .values("v")
    )
    return [
        count_of(Survey),
        count_of(Question, "survey__plan"),
        count_of(Response, "survey__plan"),
        latest_change(Survey),
        Coalesce(Subquery(locks), 0),
    ]


# --- reading -----------------------------------------------------------------------------------


def _whole(value: Any, *, least: int = 0) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= least


def _text(value: Any, *, required: bool = False) -> bool:
    return isinstance(value, str) and (bool(value.strip()) or not required)


def check(value: Any) -> list[tuple[str, str]]:
    """What is wrong with surveys read from plan JSON (paths relative to the part)."""
    if not isinstance(value, dict) or not isinstance(value.get("surveys", []), list):
        return [("surveys", "a list")]
    problems: list[tuple[str, str]] = []
    for n, item in enumerate(value.get("surveys", [])):
        where = f"surveys[{n}]"
        if not isinstance(item, dict):
            problems.append((where, "not an object"))
            continue
        problems += _check_survey(where, item)
    return problems


def _check_survey(where: str, item: dict[str, Any]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if not _text(item.get("title"), required=True):
        problems.append((f"{where}.title", "a text, not empty"))
    if not _text(item.get("introduction", "")):
        problems.append((f"{where}.introduction", "a text"))
    if item.get("status", SurveyStatus.DRAFT) not in SurveyStatus.values:
        problems.append((f"{where}.status", f"one of {', '.join(SurveyStatus.values)}"))
    closes_on = item.get("closes_on")
    if closes_on is not None:
        try:
            dt.date.fromisoformat(str(closes_on))
        except ValueError:
            problems.append((f"{where}.closes_on", "null or a date (YYYY-MM-DD)"))
    if not isinstance(item.get("anonymous", True), bool):
        problems.append((f"{where}.anonymous", "true or false"))
    if item.get("group") is not None and not isinstance(item.get("group"), str):
        problems.append((f"{where}.group", "null or the key of a target group"))
    if not _whole(item.get("responses", 0)):
        problems.append((f"{where}.responses", "a whole number, 0 or more"))
    if item.get("id") is not None and not _whole(item.get("id"), least=1):
        problems.append((f"{where}.id", "null or a whole number, 1 or more"))
    questions = item.get("questions", [])
    if not isinstance(questions, list):
        return [*problems, (f"{where}.questions", "a list")]
    positions: set[int] = set()
    for m, question in enumerate(questions):
        at = f"{where}.questions[{m}]"
        if not isinstance(question, dict):
            problems.append((at, "not an object"))
            continue
        kind = question.get("kind")
        if kind not in QuestionKind.values:
            problems.append((f"{at}.kind", f"one of {', '.join(QuestionKind.values)}"))
        if not _text(question.get("text"), required=True):
            problems.append((f"{at}.text", "a text, not empty"))
        position = question.get("position", m + 1)
        if not _whole(position, least=1):
            problems.append((f"{at}.position", "a whole number, 1 or more"))
        elif position in positions:
            problems.append((f"{at}.position", "given twice"))
        else:
            positions.add(position)
        totals = question.get("totals", {})
        if not isinstance(totals, dict):
            problems.append((f"{at}.totals", "an object of counts"))
            continue
        options = OPTIONS.get(kind, {}) if isinstance(kind, str) else {}
        for name, count in totals.items():
            if options and name not in options:
                problems.append((f"{at}.totals.{name}", f"one of {', '.join(options)}"))
            elif not _whole(count):
                problems.append((f"{at}.totals.{name}", "a whole number, 0 or more"))
    return problems


def _missing(plan: Any, items: list[Any]) -> list[Any]:
    """The surveys of `items` that the plan does not have: a survey is the plan's whose `id`
    it carries, else (a survey brought back by an earlier restore has a new id) the plan's
    survey of its title that no other item is; each of the plan's surveys is one item's."""
    have = dict(Survey.objects.filter(plan=plan).values_list("pk", "title"))
    taken = {item.get("id") for item in items if item.get("id") in have}
    missing = []
    for item in items:
        if item.get("id") in taken:
            continue
        title = item.get("title")
        same = next((pk for pk, t in have.items() if t == title and pk not in taken), None)
        if same is not None:
            taken.add(same)
        else:
            missing.append(item)
    return missing


@transaction.atomic
def load(
    *,
    plan: Any,
    value: Mapping[str, Any],
    keys: Mapping[str, Mapping[str, int]],
    user: Any,
    replace: bool,
) -> None:
    """Write the surveys `value` into `plan` (see `komplan.plans.extensions` and this
    module's docstring): each as a draft or closed survey with its totals as earlier results.
    In a restore (`replace`), only the surveys the plan no longer has are written
    (`_missing`)."""
    items = list(value.get("surveys", []))
    if replace:
        items = _missing(plan, items)
    groups = keys.get("groups", {})
    now = timezone.now()
    totals: list[EarlierTotal] = []
    for item in items:
        closed = item.get("status", SurveyStatus.DRAFT) != SurveyStatus.DRAFT
        questions = sorted(
            enumerate(item.get("questions", [])), key=lambda q: (q[1].get("position", 0), q[0])
        )
        answered = [sum(q.get("totals", {}).values()) for _, q in questions if q.get("totals")]
        closes_on = item.get("closes_on")
        survey = Survey.objects.create(
            plan=plan,
            title=item["title"][:300],
            introduction=item.get("introduction", ""),
            group_id=groups.get(item.get("group") or ""),
            anonymous=item.get("anonymous", True),
            status=SurveyStatus.CLOSED if closed else SurveyStatus.DRAFT,
            closed_at=now if closed else None,
            closes_on=dt.date.fromisoformat(closes_on) if closes_on else None,
            # Never fewer questionnaires than the answers of a question.
            earlier_responses=max([item.get("responses", 0), *answered]),
            updated_by=user,
        )
        made = Question.objects.bulk_create(
            Question(survey=survey, position=n, kind=q["kind"], text=q["text"][:500])
            for n, (_, q) in enumerate(questions, start=1)
        )
        for question, (_, q) in zip(made, questions, strict=True):
            options = OPTIONS[question.kind]
            totals += [
                EarlierTotal(question=question, value=options[name], count=count)
                for name, count in q.get("totals", {}).items()
                if count
            ]
    EarlierTotal.objects.bulk_create(totals)
