"""The counting of answers: the pure core (with properties) and the database reading."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from komplan.surveys.results import Share, count_at_least, percent

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
