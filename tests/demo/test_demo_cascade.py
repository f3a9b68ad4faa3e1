"""The demo plan's dissemination cascade: invented forums, at least six steps, one passed on
by the step above, a parallel branch, one material released and one waiting for approval."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.utils import timezone

from komplan.cascade import scheduling, services
from komplan.cascade.models import DispatchState, Material, Step
from komplan.demo.cascade import RELEASED_ON
from komplan.demo.services import demo_organization_create
from komplan.plans.coverage import coverage
from komplan.plans.graph import plan_graph

pytestmark = pytest.mark.django_db


def test_the_demo_plan_has_a_cascade_with_a_delegated_step_and_parallel_branches() -> None:
    plan = demo_organization_create(cascade=True)
    steps = list(Step.objects.filter(plan=plan))
    assert len(steps) >= 6
    assert any(s.delegated and s.after_id for s in steps)
    roots = Counter(s.after_id for s in steps)
    assert roots[None] >= 2  # branches side by side from the release
    released, waiting = (
        Material.objects.filter(plan=plan, released_on__isnull=False).get(),
        Material.objects.filter(plan=plan, approved_at__isnull=True).get(),
    )
    assert released.approved_by_name == "Anna Lindqvist"
    assert released.dispatches.exclude(state=DispatchState.PLANNED).count() >= 2
    assert released.dispatches.filter(agenda_item__isnull=False).count() == 1
    assert not waiting.is_released
    # The released material is an activity of the plan without changing its gaps.
    assert released.activity is not None and released.activity.messages.exists()
    assert coverage(plan_graph(plan)).channel_mismatches == ()


def test_the_demo_cascade_is_dated_in_the_demos_own_time_not_when_it_was_loaded() -> None:
    """Approved the day before the release, each step marked on its own day: the page reads
    a lag of a few days and one step stuck (overdue), whenever the demo is loaded."""
    plan = demo_organization_create(cascade=True)
    released = Material.objects.get(plan=plan, released_on__isnull=False)
    assert timezone.localdate(released.approved_at) == RELEASED_ON - dt.timedelta(days=1)
    dispatches = list(released.dispatches.select_related("meeting"))
    marked = [d for d in dispatches if d.state != DispatchState.PLANNED]
    assert marked and all(timezone.localdate(d.marked_at) == d.day for d in marked)
    reached = [timezone.localdate(d.marked_at) for d in marked]
    assert 2 <= scheduling.lag_days(RELEASED_ON - dt.timedelta(days=1), reached) <= 14
    steps = list(Step.objects.filter(plan=plan).select_related("forum", "group", "channel"))
    rows = services.cascade_rows(steps, dispatches, dt.date(2026, 12, 1))
    overdue = [row.step.target_name for row in rows if row.overdue]
    assert overdue == ["Lokala samverkansgrupper (LSG)"]
