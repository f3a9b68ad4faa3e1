"""The share of a question's answers at or above a minimum ("answering 4 or 5"): a plain
count over Answer rows. Stands in for `komplan.surveys.results.share_at_least` until the
surveys app provides it; `shares_at_least` reads many questions in one query (the follow-up
page's count is pinned)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q

from komplan.surveys.models import Answer


@dataclass(frozen=True)
class Share:
    answered: int
    agreeing: int

    @property
    def percent(self) -> Decimal | None:
        if not self.answered:
            return None
        share = Decimal(100 * self.agreeing) / Decimal(self.answered)
        return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


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
    found = {row["question_id"]: row for row in rows}
    result = {}
    for question_id, minimum in pairs:
        row = found.get(question_id)
        result[(question_id, minimum)] = (
            Share(row["answered"], row[f"at_{minimum}"]) if row else Share(0, 0)
        )
    return result


def share_at_least(question: Any, minimum: int) -> Share:
    """The share of `question`'s answers at or above `minimum`."""
    return shares_at_least([(question.pk, minimum)])[(question.pk, minimum)]
