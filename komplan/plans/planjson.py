"""The plan JSON: one plan as plain, versioned data, the single input of every exporter.

`plan_to_json(plan)` reads a plan and its registers from the database in a constant number
of queries and returns a dict of JSON types only (str, int, bool, None, lists, dicts). The
Word, Excel and PDF builders take that dict, never the ORM, so a snapshot of a plan saved as
this JSON re-exports exactly as the plan did. The format is documented in docs/plan-json.md;
a change that old readers could misread raises `VERSION`.

Entries refer to each other by keys numbered by document position ("group-1", "message-3"),
not by database ids: the same plan gives the same JSON in any database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from komplan.plans import graph
from komplan.plans.coverage import (
    ActivityNode,
    ChannelNode,
    GroupNode,
    MessageNode,
    PlanGraph,
    Status,
    TierNode,
)
from komplan.plans.models import Activity, Channel, Goal, Message, Plan, TargetGroup
from komplan.plans.revisions import revision_rows

__all__ = [
    "FORMAT",
    "VERSION",
    "PlanJSON",
    "check_plan_json",
    "parse_date",
    "plan_graph_from_json",
    "plan_revisions",
    "plan_to_json",
]

FORMAT = "komplan-plan"
VERSION = 1

PlanJSON = dict[str, Any]

GROUP_FIELDS = ("pk", "name", "reach", "tier_id", "description", "updated_at", "updated_by_id")
MESSAGE_FIELDS = ("pk", "position", "text", "clarification", "updated_at", "updated_by_id")
CHANNEL_FIELDS = (
    "pk",
    "name",
    "description",
    "responsible",
    "reach",
    "cadence",
    "updated_at",
    "updated_by_id",
)
GOAL_FIELDS = ("pk", "text", "target_value", "unit", "deadline", "updated_at", "updated_by_id")
ACTIVITY_FIELDS = (
    "pk",
    "title",
    "description",
    "responsible",
    "time_text",
    "status",
    "parsed_start",
    "parsed_end",
    "open_ended",
    "preliminary",
    "period_note",
    "start_override",
    "end_override",
    "starts_on",
    "ends_on",
    "recurrence",
    "budget",
    "follow_up",
    "updated_at",
    "updated_by_id",
)


def plan_to_json(plan: Plan) -> PlanJSON:
    """The plan as a plan-JSON dict (format `FORMAT`, version `VERSION`), in document order."""
    tiers: list[dict[str, Any]] = [
        dict(tier)
        for tier in plan.tiers.order_by("position", "pk").values("pk", "name", "definition")
    ]
    groups = _rows(TargetGroup, plan, GROUP_FIELDS)
    messages = _rows(Message, plan, MESSAGE_FIELDS)
    channels = _rows(Channel, plan, CHANNEL_FIELDS)
    goals = _rows(Goal, plan, GOAL_FIELDS)
    activities = _rows(Activity, plan, ACTIVITY_FIELDS)
    links = graph.plan_links(plan.pk)
    activity_goals = _activity_goals(plan.pk)
    keys = _Keys(tiers, groups, messages, channels, goals, activities)
    changed_at, changed_by = _last_change(plan, [groups, messages, channels, goals, activities])
    return {
        "format": FORMAT,
        "version": VERSION,
        "plan": _plan_facts(plan, changed_at, changed_by),
        "revisions": _revisions(plan, changed_at, changed_by),
        "tiers": [
            {
                "key": keys.key("tier", t["pk"]),
                "id": t["pk"],
                "name": t["name"],
                "definition": t["definition"],
            }
            for t in tiers
        ],
        "groups": [
            {
                "key": keys.key("group", g["pk"]),
                "id": g["pk"],
                "name": g["name"],
                "reach": g["reach"],
                "tier": keys.get("tier", g["tier_id"]),
                "description": g["description"],
                "inherits_from": keys.refs("group", links[graph.INHERITS].get(g["pk"], ())),
            }
            for g in groups
        ],
        "messages": [
            {
                "key": keys.key("message", m["pk"]),
                "id": m["pk"],
                "number": m["position"],
                "text": m["text"],
                "clarification": m["clarification"],
                "tiers": keys.refs("tier", links[graph.MESSAGE_TIER].get(m["pk"], ())),
                "groups": keys.refs("group", links[graph.MESSAGE_GROUP].get(m["pk"], ())),
            }
            for m in messages
        ],
        "channels": [
            {
                "key": keys.key("channel", c["pk"]),
                "id": c["pk"],
                "name": c["name"],
                "description": c["description"],
                "responsible": c["responsible"],
                "reach": c["reach"],
                "cadence": c["cadence"],
                "groups": keys.refs("group", links[graph.CHANNEL_GROUP].get(c["pk"], ())),
            }
            for c in channels
        ],
        "goals": [
            {
                "key": keys.key("goal", g["pk"]),
                "id": g["pk"],
                "text": g["text"],
                "target_value": _decimal(g["target_value"]),
                "unit": g["unit"],
                "deadline": _iso(g["deadline"]),
            }
            for g in goals
        ],
        "activities": [_activity(a, keys, links, activity_goals) for a in activities],
    }


def _revisions(plan: Plan, changed_at: date | None, changed_by: str) -> list[dict[str, Any]]:
    """The revision table, oldest first; a plan without one gets a row for its current
    version, so that every document has a revision table."""
    rows = [
        {
            "version": row.version,
            "date": _iso(row.date),
            "status": row.status,
            "comment": row.comment,
            "changed_by": row.changed_by,
        }
        for row in revision_rows(plan)
        if not row.provisional  # a decision whose minutes are not justered yet
    ]
    return rows or [
        {
            "version": plan.version,
            "date": _iso(changed_at),
            "status": str(plan.status),
            "comment": "",
            "changed_by": changed_by,
        }
    ]


def plan_revisions(plan: Plan) -> list[dict[str, Any]]:
    """The plan's revision table as plan JSON has it (`revisions`)."""
    at, by = _last_change(plan, [])
    return _revisions(plan, at, by)


def _rows(model: Any, plan: Plan, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    return list(
        model._default_manager.filter(plan_id=plan.pk).order_by("position", "pk").values(*fields)
    )


def _activity_goals(plan_id: int) -> dict[int, list[int]]:
    """Activity id → goal ids; the one link `graph.plan_links` does not read."""
    through = Activity.goals.through
    found: dict[int, list[int]] = {}
    rows = through._default_manager.filter(activity__plan_id=plan_id).values_list(
        "activity_id", "goal_id"
    )
    for activity_id, goal_id in rows:
        found.setdefault(activity_id, []).append(goal_id)
    return found


class _Keys:
    """Stable keys ("group-3") by position for each register's database ids."""

    def __init__(self, *registers: list[dict[str, Any]]) -> None:
        kinds = ("tier", "group", "message", "channel", "goal", "activity")
        self._keys: dict[str, dict[int, str]] = {
            kind: {row["pk"]: f"{kind}-{n}" for n, row in enumerate(rows, start=1)}
            for kind, rows in zip(kinds, registers, strict=True)
        }
        self._order = {
            kind: {pk: n for n, pk in enumerate(keys)} for kind, keys in self._keys.items()
        }

    def key(self, kind: str, pk: int) -> str:
        return self._keys[kind][pk]

    def get(self, kind: str, pk: int | None) -> str | None:
        return None if pk is None else self._keys[kind].get(pk)

    def refs(self, kind: str, pks: Iterable[int]) -> list[str]:
        """Keys of the entries `pks` that exist, in document order, each once."""
        order = self._order[kind]
        known = sorted({pk for pk in pks if pk in order}, key=order.__getitem__)
        return [self._keys[kind][pk] for pk in known]


def _activity(
    a: dict[str, Any], keys: _Keys, links: graph.Links, goals: Mapping[int, list[int]]
) -> dict[str, Any]:
    pk = a["pk"]
    return {
        "key": keys.key("activity", pk),
        "id": pk,
        "title": a["title"],
        "description": a["description"],
        "groups": keys.refs("group", links[graph.ACTIVITY_GROUP].get(pk, ())),
        "messages": keys.refs("message", links[graph.ACTIVITY_MESSAGE].get(pk, ())),
        "channels": keys.refs("channel", links[graph.ACTIVITY_CHANNEL].get(pk, ())),
        "goals": keys.refs("goal", goals.get(pk, ())),
        "responsible": a["responsible"],
        "time_text": a["time_text"],
        "period": {
            "start": _iso(a["starts_on"]),
            "end": _iso(a["ends_on"]),
            "open_ended": a["open_ended"],
            "preliminary": a["preliminary"],
            "note": a["period_note"],
            "parsed_start": _iso(a["parsed_start"]),
            "parsed_end": _iso(a["parsed_end"]),
            "start_override": _iso(a["start_override"]),
            "end_override": _iso(a["end_override"]),
        },
        "recurrence": a["recurrence"],
        "status": a["status"],
        "budget": _decimal(a["budget"]),
        "follow_up": a["follow_up"],
    }


def _plan_facts(plan: Plan, changed_at: date | None, changed_by: str) -> dict[str, Any]:
    return {
        "name": plan.name,
        "organization": plan.organization.name,
        "diary_number": plan.diary_number,
        "client": plan.client,
        "funder": plan.funder,
        "project_lead": plan.project_lead,
        "start_date": _iso(plan.start_date),
        "end_date": _iso(plan.end_date),
        "language": str(plan.language),
        "background": plan.background,
        "purpose": plan.purpose,
        "status": str(plan.status),
        "version": plan.version,
        "last_changed": _iso(changed_at),
        "changed_by": changed_by,
    }


def _last_change(plan: Plan, registers: list[list[dict[str, Any]]]) -> tuple[date | None, str]:
    """The local day of the plan's latest change, to it or any entry, and who made it."""
    at, by = plan.updated_at, plan.updated_by_id
    for rows in registers:
        for row in rows:
            if at is None or row["updated_at"] > at:
                at, by = row["updated_at"], row["updated_by_id"]
    day = timezone.localdate(at) if isinstance(at, datetime) and timezone.is_aware(at) else None
    return day, _person(by)


def _person(user_id: int | None) -> str:
    if user_id is None:
        return ""
    from django.contrib.auth import get_user_model

    user = get_user_model()._default_manager.filter(pk=user_id).first()
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _decimal(value: Decimal | None) -> str | None:
    """A decimal as plain digits without trailing zeros ("80", "12.5"), None for none."""
    if value is None:
        return None
    return format(value.normalize(), "f")


# --- reading -------------------------------------------------------------------------------


def check_plan_json(data: Mapping[str, Any]) -> None:
    """Raise ValueError unless `data` is plan JSON of a version this code reads."""
    if data.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} document: format is {data.get('format')!r}")
    if data.get("version") != VERSION:
        raise ValueError(f"{FORMAT} version {data.get('version')!r} is not supported")


def parse_date(value: str | None) -> date | None:
    """An ISO date of the plan JSON, or None."""
    return None if not value else date.fromisoformat(value)


def plan_graph_from_json(data: Mapping[str, Any]) -> PlanGraph:
    """The coverage core's graph of a plan JSON; node ids are 1-based document positions.

    References to keys that do not exist are dropped; an unknown activity status counts as
    planned (a snapshot from a later version must still export)."""

    def ids(kind: str) -> dict[str, int]:
        return {item["key"]: n for n, item in enumerate(data[kind], start=1)}

    tier, group, message, channel = ids("tiers"), ids("groups"), ids("messages"), ids("channels")

    def refs(index: dict[str, int], keys: Iterable[str]) -> tuple[int, ...]:
        return tuple(index[k] for k in keys if k in index)

    return PlanGraph(
        tiers=tuple(TierNode(n, t["name"], n) for n, t in enumerate(data["tiers"], start=1)),
        groups=tuple(
            GroupNode(
                group[g["key"]],
                g["name"],
                g["reach"] == "internal",
                tier.get(g["tier"]) if g["tier"] else None,
                refs(group, g["inherits_from"]),
            )
            for g in data["groups"]
        ),
        messages=tuple(
            MessageNode(
                message[m["key"]],
                m["number"],
                m["text"],
                refs(tier, m["tiers"]),
                refs(group, m["groups"]),
            )
            for m in data["messages"]
        ),
        channels=tuple(
            ChannelNode(channel[c["key"]], c["name"], refs(group, c["groups"]))
            for c in data["channels"]
        ),
        activities=tuple(
            ActivityNode(
                n,
                a["title"],
                _status(a["status"]),
                refs(group, a["groups"]),
                refs(message, a["messages"]),
                refs(channel, a["channels"]),
            )
            for n, a in enumerate(data["activities"], start=1)
        ),
    )


def _status(status: str) -> Status:
    if status == "in_progress":
        return "in_progress"
    if status == "done":
        return "done"
    if status == "cancelled":
        return "cancelled"
    return "planned"
