"""The counting of answers: the pure core (with properties) and the database reading."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from komplan.surveys import services
from komplan.surveys.models import SurveyStatus
from komplan.surveys.results import (
    Share,
    count_at_least,
    percent,
    share_at_least,
    shares_at_least,
)
from tests.surveys.factories import likert, make_survey

values = st.lists(st.one_of(st.none(), st.integers(min_value=1, max_value=5)), max_size=60)


def test_nobody_answering_is_no_percentage_not_zero() -> None:
    assert count_at_least([None, None], 4) == Share(0, 0)
    assert Share(0, 0).percent is None


def test_a_share_is_rounded_half_up_to_one_decimal() -> None:
    assert Share(3, 2).percent == Decimal("66.7")
    assert Share(8, 1).percent == Decimal("12.5")
    assert percent(1, 3) == Decimal("33.3")


@given(values, st.integers(min_value=1, max_value=5))
def test_the_share_counts_every_given_value_at_or_above_the_minimum(
    given_values: list[int | None], minimum: int
) -> None:
    share = count_at_least(given_values, minimum)
    answered = [v for v in given_values if v is not None]
    assert share.answered == len(answered)
    assert share.agreeing == len([v for v in answered if v >= minimum])
    assert 0 <= share.agreeing <= share.answered
    if share.answered:
        assert share.percent is not None and Decimal(0) <= share.percent <= Decimal(100)


@given(values, st.integers(min_value=1, max_value=4))
def test_a_higher_minimum_never_gives_a_larger_share(
    given_values: list[int | None], minimum: int
) -> None:
    assert (
        count_at_least(given_values, minimum + 1).agreeing
        <= count_at_least(given_values, minimum).agreeing
    )


@given(values, st.integers(min_value=1, max_value=5))
def test_one_more_answer_at_the_minimum_never_lowers_the_share(
    given_values: list[int | None], minimum: int
) -> None:
    before = count_at_least(given_values, minimum)
    after = count_at_least([*given_values, minimum], minimum)
    assert after.answered == before.answered + 1
    if before.percent is not None:
        assert after.percent is not None and after.percent >= before.percent


@pytest.mark.django_db
def test_the_database_counts_as_the_pure_core_does(plan: Any, entries: dict[str, Any]) -> None:
    survey = make_survey(plan, entries["groups"], status=SurveyStatus.OPEN)
    question = likert(survey)
    given_values = [5, 4, None, 4, 2, 1, None, 3]
    for value in given_values:
        answers = {question.pk: "" if value is None else str(value)}
        services.response_submit(services.Entry(survey, None), answers, today=dt.date(2031, 5, 12))
    minimums = range(1, 6)
    shares = shares_at_least((question.pk, m) for m in minimums)
    for minimum in minimums:
        expected = count_at_least(given_values, minimum)
        assert shares[(question.pk, minimum)] == expected
        assert share_at_least(question, minimum) == expected
