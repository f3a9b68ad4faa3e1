"""Load one plan's registers into the coverage core's plain nodes (see `coverage.py`).

Six queries whatever the plan's size: one per register and one for all the links between
them (the many-to-many tables, read together as one UNION ALL),;
the messages conveyed outside activities (`extensions.CONVEYED`, e.g. in the people's
interactions) are read in the same UNION. Groups, messages and
channels keep the plan's document order (position); the core orders its own output.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, cast

from django.db import connections, router

from komplan.plans.coverage import (
    STATUSES,
    ActivityNode,
    ChannelNode,
    GroupNode,
    MessageNode,
    PlanGraph,
    Status,
    TierNode,
)
from komplan.plans.extensions import CONVEYED
from komplan.plans.models import Activity, Channel, Message, Plan, Reach, TargetGroup

# Link kinds, the tag of each row of the UNION.
INHERITS, MESSAGE_TIER, MESSAGE_GROUP, CHANNEL_GROUP = 1, 2, 3, 4
ACTIVITY_GROUP, ACTIVITY_MESSAGE, ACTIVITY_CHANNEL = 5, 6, 7
CONVEYED_PAIRS = 8  # group id -> message ids, from the sources in `extensions.CONVEYED`

# (kind, the many-to-many relation, read from its owner's side)
LINK_RELATIONS: list[tuple[int, Any]] = [
    (INHERITS, TargetGroup.inherits_from),
    (MESSAGE_TIER, Message.tiers),
    (MESSAGE_GROUP, Message.groups),
    (CHANNEL_GROUP, Channel.groups),
    (ACTIVITY_GROUP, Activity.groups),
    (ACTIVITY_MESSAGE, Activity.messages),
    (ACTIVITY_CHANNEL, Activity.channels),
]

Links = dict[int, dict[int, list[int]]]  # kind -> source id -> target ids


def plan_graph(plan: Plan) -> PlanGraph:
    """The plan as the coverage core sees it, read in a constant number of queries."""
    pk = plan.pk
    links = plan_links(pk)
    tiers, groups, messages = _owed_parts(plan, links)
    channels = tuple(
        ChannelNode(channel_id, name, _linked(links, CHANNEL_GROUP, channel_id))
        for channel_id, name in Channel.objects.filter(plan_id=pk)
        .order_by("position", "pk")
        .values_list("pk", "name")
    )
    # A plain loop with the link maps at hand: it runs once per activity and sets the pace.
    groups_of, messages_of, channels_of = (
        links[kind] for kind in (ACTIVITY_GROUP, ACTIVITY_MESSAGE, ACTIVITY_CHANNEL)
    )
    none: list[int] = []
    activities = []
    for activity_id, title, status in (
        Activity.objects.filter(plan_id=pk)
        .order_by("position", "pk")
        .values_list("pk", "title", "status")
    ):
        activities.append(
            ActivityNode(
                activity_id,
                title,
                _status(activity_id, status),
                tuple(groups_of.get(activity_id, none)),
                tuple(messages_of.get(activity_id, none)),
                tuple(channels_of.get(activity_id, none)),
            )
        )
    conveyed = tuple((g, m) for g, targets in links[CONVEYED_PAIRS].items() for m in targets)
    return PlanGraph(tiers, groups, messages, channels, tuple(activities), conveyed)


def owed_graph(plan: Plan) -> PlanGraph:
    """The part of the plan that says who must know what (tiers, groups, messages and their
    links), without channels and activities: enough for `coverage.owed_messages`, in four
    queries that do not grow with the number of activities."""
    links = plan_links(plan.pk, kinds=(INHERITS, MESSAGE_TIER, MESSAGE_GROUP))
    return PlanGraph(*_owed_parts(plan, links))


def _linked(links: Links, kind: int, source: int) -> tuple[int, ...]:
    return tuple(links[kind].get(source, ()))


def _owed_parts(
    plan: Plan, links: Links
) -> tuple[tuple[TierNode, ...], tuple[GroupNode, ...], tuple[MessageNode, ...]]:
    """Tiers, groups and messages with the links that say who owes what (three queries)."""
    pk = plan.pk
    tiers = tuple(
        TierNode(tier_id, name, position)
        for tier_id, name, position in plan.tiers.order_by("position", "pk").values_list(
            "pk", "name", "position"
        )
    )
    groups = tuple(
        GroupNode(
            group_id, name, reach == Reach.INTERNAL, tier_id, _linked(links, INHERITS, group_id)
        )
        for group_id, name, reach, tier_id in TargetGroup.objects.filter(plan_id=pk)
        .order_by("position", "pk")
        .values_list("pk", "name", "reach", "tier_id")
    )
    messages = tuple(
        MessageNode(
            message_id,
            position,
            text,
            _linked(links, MESSAGE_TIER, message_id),
            _linked(links, MESSAGE_GROUP, message_id),
        )
        for message_id, position, text in Message.objects.filter(plan_id=pk)
        .order_by("position", "pk")
        .values_list("pk", "position", "text")
    )
    return tiers, groups, messages


def _status(activity_id: int, status: str) -> Status:
    if status not in STATUSES:
        raise ValueError(f"activity {activity_id}: unknown status {status!r}")
    return cast(Status, status)


def plan_links(plan_id: int, kinds: tuple[int, ...] | None = None) -> Links:
    """Every many-to-many link of the plan's registers (or of the `kinds` named) in one
    query, by kind and source.

    Hand-written SQL over the through tables: ~70,000 links in a 10,000-activity plan, and the
    ORM's per-row work would cost more than the database's.
    """
    connection = connections[router.db_for_read(Activity)]
    quote = connection.ops.quote_name
    parts = []
    relations = [(k, r) for k, r in LINK_RELATIONS if kinds is None or k in kinds]
    for kind, relation in relations:
        field = relation.field
        through, owner = field.remote_field.through._meta, field.model._meta
        source, target = quote(field.m2m_column_name()), quote(field.m2m_reverse_name())
        parts.append(
            f"SELECT {kind}, t.{source}, t.{target} FROM {quote(through.db_table)} t"
            f" JOIN {quote(owner.db_table)} o ON o.{quote(owner.pk.column)} = t.{source}"
            f" WHERE o.{quote(owner.get_field('plan').column)} = %s"
        )
    if kinds is None:
        parts += [
            f"SELECT {CONVEYED_PAIRS}, c.* FROM ({select(quote)}) c" for select in CONVEYED.values()
        ]
    links: Links = {kind: defaultdict(list) for kind, _ in LINK_RELATIONS}
    links[CONVEYED_PAIRS] = defaultdict(list)
    if not parts:
        return links
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), [plan_id] * len(parts))
        for kind, source_id, target_id in cursor.fetchall():
            links[kind][source_id].append(target_id)
    return links
