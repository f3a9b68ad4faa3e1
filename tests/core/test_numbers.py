"""Shares in whole percent: rounded, not truncated, and never "100 %" with a gap left."""

from __future__ import annotations

from fractions import Fraction

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from komplan.core.numbers import percent_text, whole_percent


@st.composite
def shares(draw: st.DrawFn) -> tuple[int, int]:
    whole = draw(st.integers(min_value=1, max_value=100_000))
    return draw(st.integers(min_value=0, max_value=whole)), whole


def test_two_of_three_is_67_not_66() -> None:
    assert whole_percent(2, 3) == 67
    assert whole_percent(1, 3) == 33
    assert whole_percent(1, 8) == 13  # 12.5: half rounds up
    assert whole_percent(1, 200) == 1  # 0.5


@given(shares())
def test_a_share_is_its_exact_percentage_rounded(share: tuple[int, int]) -> None:
    part, whole = share
    exact = Fraction(100 * part, whole)
    shown = whole_percent(part, whole)
    if 0 < part < whole and (exact < Fraction(1, 2) or exact >= Fraction(199, 2)):
        # Only rounding to 0 or 100 is held back: 1 and 99 are the nearest honest numbers.
        assert shown == (1 if exact < 1 else 99)
    else:
        assert shown - Fraction(1, 2) <= exact < shown + Fraction(1, 2)


@given(shares())
def test_only_all_reads_100_and_only_nothing_reads_0(share: tuple[int, int]) -> None:
    part, whole = share
    assert (whole_percent(part, whole) == 100) == (part == whole)
    assert (whole_percent(part, whole) == 0) == (part == 0)


@given(shares())
def test_more_of_the_same_whole_never_reads_less(share: tuple[int, int]) -> None:
    part, whole = share
    if part < whole:
        assert whole_percent(part, whole) <= whole_percent(part + 1, whole)


@pytest.mark.parametrize(("part", "whole"), [(1, 0), (-1, 3), (4, 3)])
def test_what_is_not_a_share_is_refused(part: int, whole: int) -> None:
    with pytest.raises(ValueError):
        whole_percent(part, whole)


@pytest.mark.parametrize(
    ("language", "shown"),
    [("sv", "67\u00a0%"), ("da", "67\u00a0%"), ("nb", "67\u00a0%"), ("en", "67%")],
)
def test_a_percentage_is_written_as_the_language_writes_it(language: str, shown: str) -> None:
    with translation.override(language):
        assert percent_text(67) == shown
