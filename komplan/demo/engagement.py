"""The demo plan's engagement (invented): where its groups stand and must go, so the
engagement grid, its table and the overview's list have something to show."""

from __future__ import annotations

from komplan.accounts.models import User
from komplan.demo import content as c
from komplan.people.models import Engagement, EngagementChange, Level, Weight
from komplan.plans.models import Plan

L, W = Level, Weight

# group -> (current, desired, influence, interest)
ENGAGEMENT = {
    c.KS: (L.SUPPORTIVE, L.LEADING, W.VERY_HIGH, W.MEDIUM),
    c.STEERING: (L.LEADING, L.LEADING, W.VERY_HIGH, W.VERY_HIGH),
    c.MANAGERS: (L.NEUTRAL, L.SUPPORTIVE, W.HIGH, W.MEDIUM),
    c.OFFICERS: (L.RESISTANT, L.SUPPORTIVE, W.MEDIUM, W.VERY_HIGH),
    c.CARETAKERS: (L.UNAWARE, L.NEUTRAL, W.LOW, W.MEDIUM),
    c.HEADS: (L.RESISTANT, L.SUPPORTIVE, W.MEDIUM, W.HIGH),
    c.CLUBS: (L.NEUTRAL, L.SUPPORTIVE, W.MEDIUM, W.VERY_HIGH),
    c.RESIDENTS: (L.UNAWARE, L.NEUTRAL, W.LOW, W.LOW),
    c.PRESS: (L.NEUTRAL, L.NEUTRAL, W.HIGH, W.LOW),
    c.UNIONS: (L.NEUTRAL, L.SUPPORTIVE, W.MEDIUM, W.LOW),
}


def demo_engagement_create(plan: Plan, anna: User) -> None:
    """Assess the plan's groups named above, in Anna's name."""
    for group in plan.groups.filter(name__in=ENGAGEMENT):
        current, desired, influence, interest = ENGAGEMENT[group.name]
        levels = {
            "current": current,
            "desired": desired,
            "influence": influence,
            "interest": interest,
        }
        Engagement.objects.create(group=group, updated_by=anna, **levels)
        EngagementChange.objects.create(group=group, changed_by=anna, **levels)
