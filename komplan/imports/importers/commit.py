"""Write an import into a new plan or an existing one: all of it in one transaction, or nothing.

`preview(draft, organization=…, plan=…)` reads the plan's present entries and resolves the draft
against them (what the preview page and `komplan import` show); `import_commit` resolves again
inside the transaction and hands exactly that to the one writer of whole plans
(`komplan.plans.writer`): the new entries, and the plan's entries they link to. The writer's
bulk inserts make a 5,000-row sheet a few dozen queries, not tens of thousands.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import get_language, override

from komplan.imports.importers.draft import ImportDraft, PlanFacts, fold
from komplan.imports.importers.resolve import (
    Entry,
    Existing,
    ImportPlan,
    Target,
    resolve,
    spokesperson_key,
)
from komplan.imports.importers.sync import ExistingActivity
from komplan.plans.models import DEFAULT_TIERS, Plan, Reach
from komplan.plans.planjson import plan_link_rows
from komplan.plans.writer import EntryData, PlanData, plan_write
from komplan.versions.services import record_imported_revisions

__all__ = [
    "ImportRefused",
    "ImportResult",
    "choices",
    "import_commit",
    "missing_choice",
    "plan_data",
    "preview",
]


class ImportRefused(Exception):
    """The draft has errors; nothing was written."""

    def __init__(self, plan: ImportPlan) -> None:
        super().__init__("; ".join(p.text for p in plan.errors))
        self.plan = plan


@dataclass(slots=True)
class ImportResult:
    plan: Plan
    created: dict[str, int] = field(default_factory=dict)
    # Activities of the plan the file changed or no longer had: {"changed": n, "deleted": n}.
    changed: dict[str, int] = field(default_factory=dict)


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
        activities=existing_activities(plan),
        goals={fold(text) for text in plan.goals.values_list("text", flat=True)},
        spokespersons={
            spokesperson_key(subject, name)
            for subject, name in plan.spokespersons.values_list("subject", "name")
        },
        risks={fold(text) for text in plan.risks.values_list("text", flat=True)},
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


_ACTIVITY_FIELDS = (
    "pk",
    "title",
    "time_text",
    "description",
    "responsible",
    "status",
    "follow_up",
    "budget",
    "starts_on",
    "ends_on",
    "start_override",
    "end_override",
)


def existing_activities(plan: Plan) -> list[ExistingActivity]:
    """The plan's activities with their links, for matching a re-imported file to them: two
    queries whatever the plan's size."""
    rows = {
        values["pk"]: ExistingActivity(**values)
        for values in plan.activities.order_by("position", "pk").values(*_ACTIVITY_FIELDS)
    }
    if not rows:
        return []
    for slug, name, _through, source, target in plan_link_rows(plan.pk):
        if slug == "activities" and source in rows and name in ("groups", "channels", "messages"):
            getattr(rows[source], name).append(target)
    return list(rows.values())


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
    if plan is None:
        # A new plan's times are read within the period the file gives the plan, as the
        # resolve step will set it (dates the wrong way round are left out); when the file
        # gives none, the plan spans its activities' times. Set before resolving, so that
        # the draft is resolved once.
        start, end = draft.facts.start_date, draft.facts.end_date
        if start is not None and end is not None and end < start:
            start = end = None
        target.start, target.end = start, end
    return resolve(draft, target)


@transaction.atomic
def import_commit(
    *,
    draft: ImportDraft,
    organization: Any,
    plan: Plan | None = None,
    user: Any = None,
    language: str = "",
    name: str = "",
    skip: set[str] | frozenset[str] = frozenset(),
) -> ImportResult:
    """Write `draft` into `plan`, or into a new plan of `organization`; ImportRefused (and
    nothing written) when the draft has errors. `skip` names the rows the user left out
    (new, changed or missing activities: `choices`); every other row the preview lists is
    written."""
    if plan is not None:
        # Resolved under the plan's lock (the writer takes it again): a second import into
        # the plan waits, then sees the entries this one wrote. of=("self",): not the
        # organisation's row, which audit events' key checks read.
        plans = Plan.objects.select_for_update(of=("self",)).select_related("organization")
        plan = plans.get(pk=plan.pk)
    result = preview(draft, organization=organization, plan=plan, language=language, name=name)
    if result.errors:
        raise ImportRefused(result)
    user = user if getattr(user, "pk", None) else None
    facts = dict(result.facts)
    version = str(facts.pop("version", "") or "")
    if plan is None:
        facts["language"] = result.target.language
    written = plan_write(
        data=plan_data(result, facts, skip),
        user=user,
        organization=organization,
        plan=plan,
        version=version,
    )
    if plan is None:
        # The document's revision table becomes the new plan's first rows.
        record_imported_revisions(written.plan, result.draft.revisions, user=user)
    created = {
        "tiers": written.created["tiers"],
        "groups": written.created["groups"],
        "channels": written.created["channels"],
        "messages": written.created["messages"],
        "activities": written.created["activities"],
        "goals": written.created["goals"],
        "spokespersons": written.created["spokespersons"],
        "risks": written.created["risks"],
    }
    changed = {
        "changed": written.updated.get("activities", 0),
        "deleted": written.deleted.get("activities", 0),
    }
    return ImportResult(written.plan, created, changed)


def choices(result: ImportPlan) -> list[str]:
    """The name of every row the user may leave out: new and changed activities, and the
    plan's activities missing from the file."""
    rows = [a.choice for a in result.activities if a.is_new or a.changes]
    return rows + [missing_choice(row.pk) for row in result.missing]


def missing_choice(pk: int) -> str:
    return f"missing-{pk}"


def plan_data(
    result: ImportPlan, facts: dict[str, Any], skip: set[str] | frozenset[str] = frozenset()
) -> PlanData:
    """What the resolve step decided, as the writer's data: new entries with their values,
    the plan's entries that were found (with `pk`: linked, and given the links the file
    names), the plan's activities the file changes (`update`) and those missing from it
    (deleted), references as the resolve step's keys. `skip`: see `import_commit`."""

    def wanted(choice: str) -> bool:
        return choice not in skip

    def entry(e: Entry, values: dict[str, Any], **refs: Any) -> EntryData:
        return EntryData(key=e.key, values=values, refs=refs, pk=e.pk)

    def reach(value: str) -> str:
        return value if value in Reach.values else Reach.INTERNAL

    activities = [
        EntryData(
            key=f"activity-{n}",
            values={
                "title": item.draft.title,
                "description": item.draft.description,
                "responsible": item.draft.responsible,
                "time_text": item.draft.time_text,
                "status": item.draft.status,
                "follow_up": item.draft.follow_up,
                "budget": item.draft.budget,
                "start_override": item.start_override,
                "end_override": item.end_override,
            },
            refs={"groups": item.groups, "channels": item.channels, "messages": item.messages},
        )
        for n, item in enumerate(result.new_activities, start=1)
        if wanted(item.choice)
    ]
    activities += [
        EntryData(
            key=f"changed-{n}",
            values=dict(item.values),
            refs=dict(item.links),
            pk=item.pk,
            update=True,
        )
        for n, item in enumerate(result.changed_activities, start=1)
        if wanted(item.choice)
    ]
    deleted = [row.pk for row in result.missing if wanted(missing_choice(row.pk))]
    return PlanData(
        delete={"activities": deleted} if deleted else {},
        facts=facts,
        registers={
            "tiers": [entry(e, {"name": e.name, "definition": e.definition}) for e in result.tiers],
            "groups": [
                entry(
                    e,
                    {"name": e.name, "reach": reach(e.reach), "description": e.description},
                    tier=e.tier or None,
                    inherits_from=e.inherits_from,
                )
                for e in result.groups
            ],
            "messages": [
                entry(
                    e,
                    {"text": e.name, "clarification": e.clarification},
                    tiers=e.tiers,
                    groups=e.groups,
                )
                for e in result.messages
            ],
            "channels": [
                entry(
                    e,
                    {
                        "name": e.name,
                        "description": e.description,
                        "responsible": e.responsible,
                        "reach": reach(e.reach),
                        "cadence": e.cadence,
                    },
                    groups=e.groups,
                )
                for e in result.channels
            ],
            "goals": [
                EntryData(
                    key=f"goal-{n}",
                    values={
                        "text": goal.text,
                        "target_value": goal.target_value,
                        "unit": goal.unit,
                        "deadline": goal.deadline,
                    },
                )
                for n, goal in enumerate(result.goals, start=1)
            ],
            "activities": activities,
            "spokespersons": [
                EntryData(
                    key=f"spokesperson-{n}",
                    values={
                        "subject": person.subject,
                        "name": person.name,
                        "role": person.role,
                        "contact": person.contact,
                    },
                )
                for n, person in enumerate(result.spokespersons, start=1)
            ],
            "risks": [
                EntryData(
                    key=f"risk-{n}",
                    values={
                        "text": risk.text,
                        "likelihood": risk.likelihood,
                        "consequence": risk.consequence,
                        "mitigation": risk.mitigation,
                        "owner": risk.owner,
                        "status": risk.status,
                    },
                )
                for n, risk in enumerate(result.risks, start=1)
            ],
        },
    )
