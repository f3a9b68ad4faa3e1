"""What a survey's answers say: counts and percentages per question, and the share of the
answers at or above a value (what a goal measured by a survey reads).

The rules:
- A question's answers are the values given to it; a respondent who skipped it is not
  counted for it (the share of a question is of those who answered that question).
- Scale questions take 1–5; yes/no questions 1 (yes) and 0 (no); `share_at_least(q, 1)` of a
  yes/no question is the share answering yes.
- A percentage is rounded half up to one decimal; with no answers it is None (not 0 %):
  "nobody answered" is not "nobody agreed".
- A survey that came with a copied, imported or restored plan brings its earlier answers as
  totals (`EarlierTotal`, plan JSON carries no single answers): they count with the answers
  given since, everywhere: results, shares, goals and the plan JSON written again.

`count_at_least` and `percent` are the pure core (plain values, no database); the functions
of questions and surveys read their values in one query each.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, Sum, Value
from django.db.models.functions import Coalesce

from komplan.surveys.models import (
    Answer,
    EarlierTotal,
    Invitation,
    Question,
    QuestionKind,
    Response,
    Survey,
)

__all__ = [
    "QuestionResult",
    "Rate",
    "Share",
    "ValueCount",
    "count_at_least",
    "percent",
    "question_results",
    "response_rate",
    "share_at_least",
    "value_counts",
]

SCALE = (1, 2, 3, 4, 5)
YES_NO = (1, 0)


def percent(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` in per cent, rounded half up to one decimal; None when `whole` is 0."""
    if whole <= 0:
        return None
    value = Decimal(part) * 100 / Decimal(whole)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Share:
    """Of the `answered`, `agreeing` gave a value at or above the minimum."""

    answered: int
    agreeing: int

    @property
    def percent(self) -> Decimal | None:
        return percent(self.agreeing, self.answered)


def count_at_least(values: Iterable[int | None], minimum: int) -> Share:
    """The share of the given values (None: no answer, not counted) at or above `minimum`."""
    given = [v for v in values if v is not None]
    return Share(answered=len(given), agreeing=sum(1 for v in given if v >= minimum))


def share_at_least(question: Question, minimum: int) -> Share:
    """The share of `question`'s answers at or above `minimum` (one query): `shares_at_least`
    of the one pair."""
    return shares_at_least([(question.pk, minimum)])[(question.pk, minimum)]


def shares_at_least(wanted: Iterable[tuple[int, int]]) -> dict[tuple[int, int], Share]:
    """For each (question id, minimum) pair, the share of its answers with a value at or
    above the minimum, in one query."""
    pairs = set(wanted)
    if not pairs:
        return {}
    ids = {q for q, _ in pairs}
    minimums = sorted({m for _, m in pairs})
    rows = (
        Answer.objects.filter(question_id__in=ids, value__isnull=False)
        .order_by()
        .values("question_id")
        .annotate(
            answered=Count("pk"),
            **{f"at_{m}": Count("pk", filter=Q(value__gte=m)) for m in minimums},
        )
    )
    earlier = (
        EarlierTotal.objects.filter(question_id__in=ids, value__isnull=False)
        .order_by()
        .values("question_id")
        .annotate(
            answered=Coalesce(Sum("count"), Value(0)),
            **{
                f"at_{m}": Coalesce(Sum("count", filter=Q(value__gte=m)), Value(0))
                for m in minimums
            },
        )
    )
    found: dict[int, dict[str, int]] = {}
    for row in rows.union(earlier, all=True):  # the answers given here, and earlier totals
        sums = found.setdefault(row["question_id"], {})
        for name, n in row.items():
            if name != "question_id":
                sums[name] = sums.get(name, 0) + n
    result: dict[tuple[int, int], Share] = {}
    for question_id, minimum in pairs:
        got = found.get(question_id)
        result[(question_id, minimum)] = (
            Share(got["answered"], got[f"at_{minimum}"]) if got else Share(0, 0)
        )
    return result


def value_counts(questions: Any) -> dict[int, dict[int | None, int]]:
    """Question id -> value -> how many gave it, for the questions of the queryset
    `questions`, earlier totals included (one query). A free-text question's count is
    under None: its non-empty answers."""
    given = (
        Answer.objects.filter(question__in=questions)
        .filter(Q(value__isnull=False) | ~Q(text=""))
        .order_by()
        .values_list("question_id", "value")
        .annotate(n=Count("pk"))
    )
    earlier = EarlierTotal.objects.filter(question__in=questions).values_list(
        "question_id", "value", "count"
    )
    counts: dict[int, dict[int | None, int]] = {}
    for question_id, value, n in given.union(earlier.order_by(), all=True):
        of = counts.setdefault(question_id, {})
        of[value] = of.get(value, 0) + n
    return counts


@dataclass(frozen=True)
class ValueCount:
    value: int
    label: str
    count: int
    percent: Decimal | None


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    answered: int
    values: list[ValueCount] = field(default_factory=list)  # scale and yes/no
    texts: list[str] = field(default_factory=list)  # free text, oldest first
    earlier_texts: int = 0  # free texts answered before the survey came here (not carried)


def value_label(kind: str, value: int) -> str:
    from django.utils.translation import gettext as _

    if kind == QuestionKind.YES_NO:
        return _("Yes") if value == 1 else _("No")
    return str(value)


def tally(kind: str, counts: dict[int, int]) -> list[ValueCount]:
    """Every possible value of a question of `kind` with its count and percentage."""
    answered = sum(counts.values())
    values = SCALE if kind == QuestionKind.LIKERT else YES_NO
    return [
        ValueCount(v, value_label(kind, v), counts.get(v, 0), percent(counts.get(v, 0), answered))
        for v in values
    ]


def question_results(survey: Survey) -> list[QuestionResult]:
    """Each question of `survey` in order with its counts, percentages and free texts
    (three queries whatever the number of questions and answers)."""
    questions = list(survey.questions.all())
    found = value_counts(Question.objects.filter(survey=survey))
    counts: dict[int, dict[int, int]] = {
        q.pk: {v: n for v, n in found.get(q.pk, {}).items() if v is not None} for q in questions
    }
    texts: dict[int, list[str]] = {q.pk: [] for q in questions}
    free = (
        Answer.objects.filter(question__survey=survey, question__kind=QuestionKind.TEXT)
        .exclude(text="")
        .order_by("response__submitted_at", "pk")
        .values_list("question_id", "text")
    )
    for question_id, text in free:
        texts[question_id].append(text)
    results = []
    for q in questions:
        if q.kind == QuestionKind.TEXT:
            # The texts given here are counted in `value_counts` too: the rest came earlier.
            answered = found.get(q.pk, {}).get(None, 0)
            results.append(
                QuestionResult(
                    q, answered, texts=texts[q.pk], earlier_texts=answered - len(texts[q.pk])
                )
            )
        else:
            results.append(
                QuestionResult(q, sum(counts[q.pk].values()), values=tally(q.kind, counts[q.pk]))
            )
    return results


@dataclass(frozen=True)
class Rate:
    invited: int
    answered: int  # invitations used
    responses: int  # every response, shared link included

    @property
    def percent(self) -> Decimal | None:
        return percent(self.answered, self.invited)


def response_rate(survey: Survey) -> Rate:
    """How many of the invited answered (two queries); responses through the shared link are
    counted apart, having no invitation to be a rate of."""
    row = Invitation.objects.filter(survey=survey, sent_at__isnull=False).aggregate(
        invited=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False))
    )
    responses = Response.objects.filter(survey=survey).count() + survey.earlier_responses
    return Rate(row["invited"], row["answered"], responses)
