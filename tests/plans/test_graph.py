"""Ekby kommun's plan read into the coverage core's nodes: every register and every link."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from komplan.plans.coverage import coverage
from komplan.plans.graph import plan_graph
from komplan.plans.models import Activity, ActivityStatus, Channel, Message, Reach, TargetGroup

pytestmark = pytest.mark.django_db


def test_every_register_and_link_is_read(plan: Any, entries: dict[str, Any]) -> None:
    core, primary, secondary = plan.tiers.order_by("position")
    board = TargetGroup.objects.get(plan=plan, name="Kommunstyrelsen")
    staff = entries["groups"]
    press = TargetGroup.objects.create(
        plan=plan, name="Lokalpressen", reach=Reach.EXTERNAL, tier=secondary
    )
    budget = Message.objects.create(plan=plan, text="Budgeten beslutas i juni.")
    budget.groups.add(press)
    budget.tiers.add(primary, secondary)
    cancelled = Activity.objects.create(
        plan=plan, title="Inställd pressträff", status=ActivityStatus.CANCELLED
    )
    cancelled.groups.add(press)

    graph = plan_graph(plan)

    assert [(t.id, t.order) for t in graph.tiers] == [
        (core.pk, 1),
        (primary.pk, 2),
        (secondary.pk, 3),
    ]
    assert [g.name for g in graph.groups] == ["Kommunstyrelsen", "Handläggare", "Lokalpressen"]
    by_id = {g.id: g for g in graph.groups}
    assert by_id[staff.pk].inherits_from == (board.pk,)
    assert by_id[staff.pk].tier_id == primary.pk
    assert by_id[press.pk].internal is False and by_id[board.pk].internal is True
    first, second = graph.messages
    assert (first.number, first.tier_ids, first.group_ids) == (1, (core.pk,), ())
    assert (second.number, second.text) == (2, "Budgeten beslutas i juni.")
    assert set(second.tier_ids) == {primary.pk, secondary.pk}
    assert second.group_ids == (press.pk,)
    (channel,) = graph.channels
    assert (channel.id, channel.name, channel.group_ids) == (
        entries["channels"].pk,
        "Intranätet",
        (staff.pk,),
    )
    assert [a.status for a in graph.activities] == ["done", "planned", "planned", "cancelled"]
    news = graph.activities[0]
    assert set(news.group_ids) == {staff.pk, board.pk}
    assert news.message_ids == (entries["messages"].pk,)
    assert news.channel_ids == (channel.id,)
    assert graph.activities[-1].message_ids == ()


def test_another_plans_links_stay_out(plan: Any, entries: dict[str, Any]) -> None:
    from tests.factories import fill_plan, make_plan

    other = make_plan(plan.organization, name="Ny webbplats")
    fill_plan(other)
    graph = plan_graph(plan)
    ids = {a.id for a in graph.activities}
    assert ids == set(plan.activities.values_list("pk", flat=True))
    linked = {g for a in graph.activities for g in a.group_ids}
    assert linked == set(plan.groups.values_list("pk", flat=True))


def test_the_graph_is_read_in_six_queries_whatever_the_size(
    plan: Any, entries: dict[str, Any]
) -> None:
    with CaptureQueriesContext(connection) as small:
        plan_graph(plan)
    for number in range(20):
        activity = Activity.objects.create(plan=plan, title=f"Möte {number}")
        activity.groups.add(entries["groups"])
        activity.messages.add(entries["messages"])
        activity.channels.add(entries["channels"])
    Channel.objects.create(plan=plan, name="Nyhetsbrevet").groups.add(entries["groups"])
    with CaptureQueriesContext(connection) as large:
        graph = plan_graph(plan)
    assert len(small) == len(large) == 6
    assert coverage(graph).carried_count == 2
