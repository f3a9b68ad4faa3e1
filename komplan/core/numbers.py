"""Shares as people read them: whole percent, rounded, in the language's form."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import pgettext


def whole_percent(part: int, whole: int) -> int:
    """`part` of `whole` (0 ≤ part ≤ whole, whole > 0) in whole percent, rounded half up
    (2 of 3: 67), except that only all of it reads 100 and only none of it 0: one gap in
    200 reads 99 %, one point carried of 300 reads 1 %. Integer arithmetic, so that no
    float makes 0.5 round down."""
    if whole <= 0 or not 0 <= part <= whole:
        raise ValueError(f"{part} of {whole} is not a share")
    rounded = (200 * part + whole) // (2 * whole)
    if 0 < part < whole:
        return min(max(rounded, 1), 99)
    return rounded


def percent_text(number: int) -> str:
    """A percentage as the interface language writes it: "67 %" (sv, da, nb, with a
    no-break space), "67%" (en)."""
    return pgettext("percentage", "%(number)s %%") % {"number": number_format(number)}
