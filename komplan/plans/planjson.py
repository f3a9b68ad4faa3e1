"""The plan JSON: one plan as plain, versioned data, the single input of every exporter.

`plan_to_json(plan)` reads a plan and its registers from the database in a constant number
of queries and returns a dict of JSON types only (str, int, bool, None, lists, dicts). The
Word, Excel and PDF builders take that dict, never the ORM, so a snapshot of a plan saved as
this JSON re-exports exactly as the plan did. The format is documented in docs/plan-json.md;
a change that old readers could misread raises `VERSION`.

What is written comes from the plan's schema (`komplan.plans.schema`): the facts, then each
register's entries with `key` and `id` (and a message's `number`) followed by its fields in
document order, each value at its JSON path and each reference as keys. Entries refer to each
other by keys numbered by document position ("group-1", "message-3"), not by database ids:
the same plan gives the same JSON in any database. Reading plan JSON back (validated, for the
writer) is `komplan.plans.planjson_read`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connections, router
from django.utils import timezone

from komplan.plans import extensions, schema
from komplan.plans.coverage import (
    ActivityNode,
    ChannelNode,
    GroupNode,
    MessageNode,
    PlanGraph,
    Status,
    TierNode,
)
from komplan.plans.models import Plan
from komplan.plans.revisions import revision_rows

__all__ = [
    "FORMAT",
    "VERSION",
    "PlanJSON",
    "check_plan_json",
    "encode",
    "many_field",
    "parse_date",
    "plan_graph_from_json",
    "plan_link_rows",
    "plan_links",
    "plan_revisions",
    "plan_to_json",
    "register_rows",
]

FORMAT = "komplan-plan"
VERSION = 1

PlanJSON = dict[str, Any]

# (register slug, reference field) -> source id -> target ids, in the order read.
Links = dict[tuple[str, str], dict[int, list[int]]]


def plan_to_json(plan: Plan, *, personal_data: bool = False) -> PlanJSON:
    """The plan as a plan-JSON dict (format `FORMAT`, version `VERSION`), in document order.
    Personal details held by reference (the contacts) are written only with `personal_data`."""
    rows = {register.slug: register_rows(register, plan.pk) for register in schema.REGISTERS}
    links = plan_links(plan.pk)
    keys = _Keys(rows)
    changed_at, changed_by = _last_change(plan, list(rows.values()))
    data: PlanJSON = {
        "format": FORMAT,
        "version": VERSION,
        "plan": _plan_facts(plan, changed_at, changed_by),
        "revisions": _revisions(plan, changed_at, changed_by),
    }
    for register in schema.REGISTERS:
        data[register.slug] = [_entry(register, row, keys, links) for row in rows[register.slug]]
    for part in extensions.PARTS.values():  # parts kept by apps above plans (the cascade)
        dump = part.personal if personal_data and part.personal else part.dump
        data[part.name] = dump(plan, keys.get)
    return data


def register_rows(register: schema.Register, plan_id: int) -> list[dict[str, Any]]:
    """The register's entries of the plan as value dicts, in document order."""
    single = [f"{ref.name}_id" for ref in register.refs if not ref.many]
    fields = [f.name for f in register.values]
    manager = register.model._default_manager
    return list(
        manager.filter(plan_id=plan_id)
        .order_by("position", "pk")
        .values("pk", "position", *fields, *single, "updated_at", "updated_by_id")
    )


def _entry(
    register: schema.Register, row: dict[str, Any], keys: _Keys, links: Links
) -> dict[str, Any]:
    """One entry: its key, id (and number), then its fields in the schema's order."""
    pk = row["pk"]
    entry: dict[str, Any] = {"key": keys.key(register.slug, pk), "id": pk}
    if register.numbered:
        entry["number"] = row["position"]
    for f in register.fields:
        if isinstance(f, schema.Ref):
            if f.many:
                value: Any = keys.refs(f.register, links[(register.slug, f.name)].get(pk, ()))
            else:
                value = keys.get(f.register, row[f"{f.name}_id"])
        else:
            value = encode(row[f.name])
        _put(entry, f.path, value)
    return entry


def _put(target: dict[str, Any], path: str, value: Any) -> None:
    """Set `value` at a dotted JSON path ("period.start"), making the objects on the way."""
    *parents, last = path.split(".")
    for name in parents:
        target = target.setdefault(name, {})
    target[last] = value


def encode(value: Any) -> Any:
    """A model field's value as plan JSON writes it: ISO days, decimals as digit strings
    without trailing zeros, choices as their stored value."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return _decimal(value)
    if isinstance(value, int):
        return value
    return str(value)


def plan_links(plan_id: int) -> Links:
    """Every many-to-many reference of the plan's registers (as the schema lists them), by
    register and field, then source id; in one query."""
    links: Links = {
        (r.slug, ref.name): defaultdict(list) for r in schema.REGISTERS for ref in r.links
    }
    for slug, name, _through_id, source_id, target_id in plan_link_rows(plan_id):
        links[(slug, name)][source_id].append(target_id)
    return links


def plan_link_rows(plan_id: int) -> list[tuple[str, str, int, int, int]]:
    """Every many-to-many link of the plan's registers as (register slug, field, through-row
    id, source id, target id), in one query.

    Hand-written SQL over the through tables, read together as one UNION ALL: ~80,000 links
    in a 10,000-activity plan, and the ORM's per-row work would cost more than the
    database's."""
    relations = [
        (r.slug, ref.name, many_field(r, ref)) for r in schema.REGISTERS for ref in r.links
    ]
    connection = connections[router.db_for_read(Plan)]
    quote = connection.ops.quote_name
    parts = []
    for n, (_slug, _name, field) in enumerate(relations):
        through, owner = field.remote_field.through._meta, field.model._meta
        source, target = quote(field.m2m_column_name()), quote(field.m2m_reverse_name())
        parts.append(
            f"SELECT {n}, t.{quote(through.pk.column)}, t.{source}, t.{target}"
            f" FROM {quote(through.db_table)} t"
            f" JOIN {quote(owner.db_table)} o ON o.{quote(owner.pk.column)} = t.{source}"
            f" WHERE o.{quote(owner.get_field('plan').column)} = %s"
        )
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), [plan_id] * len(parts))
        return [
            (relations[n][0], relations[n][1], through_id, source_id, target_id)
            for n, through_id, source_id, target_id in cursor.fetchall()
        ]


def many_field(register: schema.Register, ref: schema.Ref) -> Any:
    """The ManyToManyField of a many reference (typed loosely: the stubs cannot tell)."""
    return register.model._meta.get_field(ref.name)


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


class _Keys:
    """Stable keys ("group-3") by position for each register's database ids."""

    def __init__(self, rows: Mapping[str, list[dict[str, Any]]]) -> None:
        self._keys: dict[str, dict[int, str]] = {
            register.slug: {
                row["pk"]: f"{register.kind}-{n}"
                for n, row in enumerate(rows[register.slug], start=1)
            }
            for register in schema.REGISTERS
        }
        self._order = {
            slug: {pk: n for n, pk in enumerate(keys)} for slug, keys in self._keys.items()
        }

    def key(self, slug: str, pk: int) -> str:
        return self._keys[slug][pk]

    def get(self, slug: str, pk: int | None) -> str | None:
        return None if pk is None else self._keys[slug].get(pk)

    def refs(self, slug: str, pks: Iterable[int]) -> list[str]:
        """Keys of the entries `pks` that exist, in document order, each once."""
        order = self._order[slug]
        known = sorted({pk for pk in pks if pk in order}, key=order.__getitem__)
        return [self._keys[slug][pk] for pk in known]


def _plan_facts(plan: Plan, changed_at: date | None, changed_by: str) -> dict[str, Any]:
    facts: dict[str, Any] = {"name": plan.name, "organization": plan.organization.name}
    for f in schema.FACTS.fields:
        _put(facts, f.path, encode(getattr(plan, f.name)))
    for name in schema.FACTS.workflow:
        facts[name] = str(getattr(plan, name))
    facts["last_changed"] = _iso(changed_at)
    facts["changed_by"] = changed_by
    return facts


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
