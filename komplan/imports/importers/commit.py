"""Write an import into a new plan or an existing one: all of it in one transaction, or nothing.

`preview(draft, organization=…, plan=…)` reads the plan's present entries and resolves the draft
against them (what the preview page and `komplan import` show); `import_commit` resolves again
inside the transaction and writes exactly that with bulk inserts, so a 5,000-row sheet is a
few dozen queries, not tens of thousands.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import get_language, override

from komplan.imports.importers.draft import ImportDraft, PlanFacts, fold
from komplan.imports.importers.resolve import Entry, Existing, ImportPlan, Target, resolve
from komplan.plans.models import (
    DEFAULT_TIERS,
    Activity,
    Channel,
    Goal,
    Message,
    Plan,
    PriorityTier,
    Reach,
    TargetGroup,
    register_of,
)
from komplan.plans.services import entries_written, plan_periods_refresh
from komplan.versions.services import record_imported_revisions

__all__ = ["ImportRefused", "ImportResult", "import_commit", "preview"]

BATCH = 500


class ImportRefused(Exception):
    """The draft has errors; nothing was written."""

    def __init__(self, plan: ImportPlan) -> None:
        super().__init__("; ".join(p.text for p in plan.errors))
        self.plan = plan


@dataclass(slots=True)
class ImportResult:
    plan: Plan
    created: dict[str, int] = field(default_factory=dict)


def default_tiers(language: str) -> list[tuple[str, str, str]]:
    """The usual three tiers as (slot, name, definition) in `language`."""
    with override(language):
        return [
            (slot, str(name), str(definition))
            for slot, (name, definition) in zip(
                ("core", "primary", "secondary"), DEFAULT_TIERS, strict=True
            )
        ]


def existing_for(plan: Plan) -> Existing:
    """The plan's present entries, in a handful of queries whatever its size."""
    return Existing(
        tiers=list(plan.tiers.order_by("position", "pk").values_list("pk", "name")),
        groups=list(plan.groups.order_by("position", "pk").values_list("pk", "name")),
        channels=list(plan.channels.order_by("position", "pk").values_list("pk", "name")),
        messages=list(plan.messages.order_by("position", "pk").values_list("pk", "text")),
        activities={
            (fold(title), fold(time))
            for title, time in plan.activities.values_list("title", "time_text")
        },
        goals={fold(text) for text in plan.goals.values_list("text", flat=True)},
        facts=PlanFacts(
            name=plan.name,
            diary_number=plan.diary_number,
            client=plan.client,
            funder=plan.funder,
            project_lead=plan.project_lead,
            start_date=plan.start_date,
            end_date=plan.end_date,
            background=plan.background,
            purpose=plan.purpose,
        ),
    )


def target_for(
    organization: Any, plan: Plan | None = None, *, language: str = "", name: str = ""
) -> Target:
    if plan is not None:
        return Target(
            language=plan.language,
            start=plan.start_date,
            end=plan.end_date,
            seasons=organization.season_system,
            existing=existing_for(plan),
            new_plan=False,
            default_tiers=default_tiers(plan.language),
        )
    language = language or "sv"
    return Target(
        language=language,
        seasons=organization.season_system,
        new_plan=True,
        default_tiers=default_tiers(language),
        name=name,
    )


def preview(
    draft: ImportDraft,
    *,
    organization: Any,
    plan: Plan | None = None,
    language: str = "",
    name: str = "",
) -> ImportPlan:
    """What importing `draft` would do: into `plan`, or into a new plan of `organization`."""
    target = target_for(organization, plan, language=language or draft.language, name=name)
    target.display_language = get_language() or target.language  # periods as the page speaks
    result = resolve(draft, target)
    if plan is None and result.facts.get("start_date"):
        # A new plan's times are read within the plan's own period.
        target.start = result.facts.get("start_date")  # type: ignore[assignment]
        target.end = result.facts.get("end_date")  # type: ignore[assignment]
        result = resolve(draft, target)
    return result


@transaction.atomic
def import_commit(
    *,
    draft: ImportDraft,
    organization: Any,
    plan: Plan | None = None,
    user: Any = None,
    language: str = "",
    name: str = "",
) -> ImportResult:
    """Write `draft` into `plan`, or into a new plan of `organization`; ImportRefused (and
    nothing written) when the draft has errors."""
    if plan is not None:
        # Two imports into one plan at once must not both take the same positions.
        # of=("self",): not the organisation's row, which audit events' key checks read.
        plans = Plan.objects.select_for_update(of=("self",)).select_related("organization")
        plan = plans.get(pk=plan.pk)
    result = preview(draft, organization=organization, plan=plan, language=language, name=name)
    if result.errors:
        raise ImportRefused(result)
    user = user if getattr(user, "pk", None) else None
    if plan is None:
        facts = dict(result.facts)
        plan = Plan(
            organization=organization,
            language=result.target.language,
            updated_by=user,
            **facts,
        )
        plan.save()
        # The document's revision table becomes the new plan's first rows.
        record_imported_revisions(plan, result.draft.revisions, user=user)
    elif result.facts:
        for fact, value in result.facts.items():
            setattr(plan, fact, value)
        plan.lock_version += 1  # a form opened before the import must not overwrite it
        plan.updated_by = user
        plan.save()
        if {"start_date", "end_date"} & set(result.facts):
            plan_periods_refresh(plan=plan)  # the plan's period bounds its activities' times
    plan.organization = organization
    return ImportResult(plan, _write(result, plan, user))


def _next_position(model: type[Any], plan: Plan) -> int:
    last = model.objects.filter(plan=plan).order_by("-position").values_list("position", flat=True)
    return (last.first() or 0) + 1


def _create(
    model: type[Any], plan: Plan, entries: list[Entry], build: Any, made: list[list[Any]]
) -> dict[str, int]:
    """Insert the new entries in order after the plan's own; key -> pk of every entry.
    The inserted rows are added to `made`, for the audit trail."""
    position = _next_position(model, plan)
    rows = []
    new = [e for e in entries if e.is_new]
    for offset, entry in enumerate(new):
        rows.append(build(entry, position + offset))
    model.objects.bulk_create(rows, batch_size=BATCH)
    made.append(rows)
    for entry, row in zip(new, rows, strict=True):
        entry.pk = row.pk
    return {e.key: e.pk for e in entries if e.pk is not None}


def _link(through: Any, source: str, target: str, pairs: set[tuple[int, int]]) -> None:
    through.objects.bulk_create(
        [through(**{source: s, target: t}) for s, t in sorted(pairs)],
        batch_size=BATCH,
        ignore_conflicts=True,
    )


def _write(result: ImportPlan, plan: Plan, user: Any) -> dict[str, int]:
    created = {
        "tiers": len(result.new(result.tiers)),
        "groups": len(result.new(result.groups)),
        "channels": len(result.new(result.channels)),
        "messages": len(result.new(result.messages)),
        "activities": len(result.new_activities),
        "goals": len(result.goals),
    }
    common = {"plan": plan, "updated_by": user}
    made: list[list[Any]] = []  # the inserted rows of each register
    tiers = _create(
        PriorityTier,
        plan,
        result.tiers,
        lambda e, p: PriorityTier(position=p, name=e.name, definition=e.definition, **common),
        made,
    )

    def reach(value: str) -> str:
        return value if value in Reach.values else Reach.INTERNAL

    groups = _create(
        TargetGroup,
        plan,
        result.groups,
        lambda e, p: TargetGroup(
            position=p,
            name=e.name,
            reach=reach(e.reach),
            tier_id=tiers.get(e.tier),
            description=e.description,
            **common,
        ),
        made,
    )
    channels = _create(
        Channel,
        plan,
        result.channels,
        lambda e, p: Channel(
            position=p,
            name=e.name,
            description=e.description,
            responsible=e.responsible,
            reach=reach(e.reach),
            cadence=e.cadence,
            **common,
        ),
        made,
    )
    messages = _create(
        Message,
        plan,
        result.messages,
        lambda e, p: Message(position=p, text=e.name, clarification=e.clarification, **common),
        made,
    )
    _link(
        TargetGroup.inherits_from.through,
        "from_targetgroup_id",
        "to_targetgroup_id",
        {(groups[e.key], groups[k]) for e in result.groups for k in e.inherits_from},
    )
    _link(
        Channel.groups.through,
        "channel_id",
        "targetgroup_id",
        {(channels[e.key], groups[k]) for e in result.channels for k in e.groups},
    )
    _link(
        Message.groups.through,
        "message_id",
        "targetgroup_id",
        {(messages[e.key], groups[k]) for e in result.messages for k in e.groups},
    )
    _link(
        Message.tiers.through,
        "message_id",
        "prioritytier_id",
        {(messages[e.key], tiers[k]) for e in result.messages for k in e.tiers},
    )
    position = _next_position(Goal, plan)
    goals = [
        Goal(position=position + i, text=goal.text, **common) for i, goal in enumerate(result.goals)
    ]
    Goal.objects.bulk_create(goals, batch_size=BATCH)
    made.append(goals)
    made.append(_activities(result, plan, common, groups, channels, messages))
    _record(plan, made, user)
    return created


def _record(plan: Plan, made: list[list[Any]], user: Any) -> None:
    """One "create" audit event per inserted entry, with its links (bulk inserts send no
    signals); a few queries per register whatever the number of rows."""
    for rows in made:
        if rows:
            entries_written(plan, register_of(type(rows[0])), rows, "create", user=user, links=True)


def _activities(
    result: ImportPlan,
    plan: Plan,
    common: dict[str, Any],
    groups: dict[str, int],
    channels: dict[str, int],
    messages: dict[str, int],
) -> list[Activity]:
    planned = result.new_activities
    position = _next_position(Activity, plan)
    seasons = result.target.seasons
    rows = []
    for offset, item in enumerate(planned):
        draft = item.draft
        activity = Activity(
            position=position + offset,
            title=draft.title[:500],
            description=draft.description,
            responsible=draft.responsible[:200],
            time_text=draft.time_text[:200],
            status=draft.status,
            follow_up=draft.follow_up,
            budget=draft.budget,
            start_override=item.start_override,
            end_override=item.end_override,
            **common,
        )
        activity.refresh_period(plan, seasons=seasons)  # bulk_create skips save()
        rows.append(activity)
    Activity.objects.bulk_create(rows, batch_size=BATCH)
    for field_name, source, keys, column in (
        ("groups", groups, "groups", "targetgroup_id"),
        ("channels", channels, "channels", "channel_id"),
        ("messages", messages, "messages", "message_id"),
    ):
        through = getattr(Activity, field_name).through
        _link(
            through,
            "activity_id",
            column,
            {
                (row.pk, source[key])
                for row, item in zip(rows, planned, strict=True)
                for key in getattr(item, keys)
            },
        )
    return rows
