"""Template filters that write an activity's period in the interface language."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from komplan.plans import activity_plan
from komplan.plans.activity_plan import in_effect
from komplan.plans.models import Activity, Plan
from komplan.plans.periods import format_period

register = template.Library()


@register.filter
def period_in_effect(activity: Activity) -> str:
    """The dates the activity is listed at, e.g. "from 1 Sep 2018, ongoing"; "" without any."""
    return format_period(in_effect(activity), get_language() or "sv")


@register.filter
def time_marks(activity: Activity, plan: Plan) -> list[Any]:
    """What the activity plan marks beside the time: not read, outside the plan's dates."""
    return activity_plan.time_marks(activity, plan)
