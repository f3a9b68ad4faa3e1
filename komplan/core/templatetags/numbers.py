"""`{{ value|percent }}`: a whole percentage in the interface language's form."""

from __future__ import annotations

from django import template

from komplan.core.numbers import percent_text

register = template.Library()


@register.filter
def percent(number: int) -> str:
    return percent_text(number)
