"""Import plan JSON (komplan's own format, docs/plan-json.md): into a new plan, or into an
existing one. The validating reader (`komplan.plans.planjson_read`) turns the file into the
writer's data; this module decides, like the other importers' resolve step, what the file
adds to an existing plan; `json_commit` hands that to the one writer in one transaction.

Into a new plan everything is written as the file holds it (`id`s aside: the new plan's
entries get their own), and the file's revision table becomes the new plan's first rows:
export, import and export again give the same document apart from ids and the workflow's
facts. Into an existing plan the file's tiers, groups, channels and messages that the plan
already has (the same name, ignoring case and accents) are linked, not duplicated, and get
the file's links added; its activities with the same title and time and its goals with the
same text are skipped; the plan's facts are only filled where the plan has none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from komplan.core.bulk import gc_paused
from komplan.imports.importers.commit import ImportResult
from komplan.imports.importers.draft import ERROR, ImportDraft, Problem, RevisionDraft, fold
from komplan.imports.importers.mapping import tier_slot
from komplan.imports.importers.report import (
    ActivityRow,
    EntryRow,
    ProblemRow,
    RegisterTable,
    Report,
    goal_row,
    severity_label,
)
from komplan.plans import schema
from komplan.plans.models import ActivityStatus, Plan, Reach
from komplan.plans.periods import format_period, parse_period
from komplan.plans.planjson_read import PlanJSONError, load_plan_json
from komplan.plans.writer import EntryData, PlanData, plan_write
from komplan.versions.services import record_imported_revisions

__all__ = ["JsonImport", "JsonRefused", "json_commit", "json_preview", "json_report"]

# Facts an import into an existing plan may fill where the plan has none (never its name or
# language: those are the plan's own).
FILLABLE = ("diary_number", "client", "funder", "project_lead", "start_date", "end_date",
            "background", "purpose")  # fmt: skip


@dataclass(slots=True)
class _Target:
    language: str


@dataclass(slots=True)
class JsonImport:
    """What importing a plan-JSON file would do; shaped like the other importers' result so
    that the preview page and `komplan import` show both alike."""

    draft: ImportDraft
    target: _Target
    data: PlanData | None = None  # None when the file cannot be read
    facts: dict[str, Any] = field(default_factory=dict)  # the facts to write
    linked: dict[str, int] = field(default_factory=dict)  # register -> entries found there
    skipped: list[int] = field(default_factory=list)  # indexes of activities already there
    problems: list[Problem] = field(default_factory=list)
    version: str = ""  # what the file says the plan's version was

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def activities(self) -> list[EntryData]:
        return self.data.entries("activities") if self.data is not None else []

    def new(self, slug: str) -> list[EntryData]:
        return [e for e in self.data.entries(slug) if e.pk is None] if self.data else []

    @property
    def writes_nothing(self) -> bool:
        if self.data is None:
            return True
        return not (self.facts or any(self.new(r.slug) for r in schema.REGISTERS)) and not any(
            e.pk is not None and any(e.refs.get(ref.name) for ref in r.links)
            for r in schema.REGISTERS
            for e in self.data.entries(r.slug)
        )


class JsonRefused(Exception):
    """The file has errors; nothing was written."""

    def __init__(self, result: JsonImport) -> None:
        super().__init__("; ".join(f"{p.where}: {p.text}" for p in result.errors))
        self.result = result


def json_preview(
    content: bytes, *, filename: str, organization: Any, plan: Plan | None = None, name: str = ""
) -> JsonImport:
    """What importing the plan-JSON file `content` would do, into `plan` or into a new plan of
    `organization`; nothing is written. Never raises on a bad file: its problems are listed."""
    draft = ImportDraft(kind="json", filename=filename)
    result = JsonImport(draft, _Target(plan.language if plan is not None else "sv"))
    try:
        data = load_plan_json(content)
    except PlanJSONError as error:
        result.problems = [Problem(p.path, p.text, ERROR) for p in error.problems]
        if error.more:
            more = ngettext("…and %(n)s more problem.", "…and %(n)s more problems.", error.more)
            result.problems.append(Problem("", more % {"n": error.more}, ERROR))
        return result
    result.data = data
    result.version = str(data.workflow.get("version", ""))
    draft.revisions = [
        RevisionDraft(r.version, r.date, r.comment, r.changed_by, where=f"$.revisions[{n}]")
        for n, r in enumerate(data.revisions)
    ]
    if plan is None:
        result.facts = dict(data.facts)
        if name:
            result.facts["name"] = name
        result.target.language = str(data.facts.get("language") or "sv")
    else:
        result.facts = {
            fact: data.facts[fact]
            for fact in FILLABLE
            if data.facts.get(fact) not in ("", None) and getattr(plan, fact) in ("", None)
        }
        _link_existing(result, data, plan)
    draft.language = result.target.language
    return result


def _link_existing(result: JsonImport, data: PlanData, plan: Plan) -> None:
    """Mark the file's entries that the plan already has (by name) as linked, and drop its
    activities that are there already; a few queries whatever the sizes."""

    def names(slug: str, field_name: str) -> dict[str, int]:
        model = schema.by_slug(slug).model
        found: dict[str, int] = {}
        rows = model._default_manager.filter(plan_id=plan.pk).order_by("position", "pk")
        for pk, text in rows.values_list("pk", field_name):
            found.setdefault(_tier_key(text) if slug == "tiers" else fold(text), pk)
        return found

    for register in schema.REGISTERS:
        if register.slug == "activities":
            continue
        there = names(register.slug, register.name_field)
        count = 0
        for entry in data.entries(register.slug):
            text = str(entry.values.get(register.name_field, ""))
            pk = there.get(_tier_key(text) if register.slug == "tiers" else fold(text))
            if pk is not None:
                entry.pk = pk
                count += 1
        result.linked[register.slug] = count
    activities = {
        (fold(title), fold(time))
        for title, time in plan.activities.values_list("title", "time_text")
    }
    kept = []
    for n, entry in enumerate(data.entries("activities")):
        if (fold(entry.values["title"]), fold(entry.values.get("time_text", ""))) in activities:
            result.skipped.append(n)
        else:
            kept.append(entry)
    data.registers["activities"] = kept


def _tier_key(name: str) -> str:
    return tier_slot(name) or fold(name)


@gc_paused()  # to the commit: see komplan.core.bulk
@transaction.atomic
def json_commit(
    content: bytes,
    *,
    filename: str,
    organization: Any,
    plan: Plan | None = None,
    user: Any = None,
    name: str = "",
) -> ImportResult:
    """Import the plan-JSON file `content` into `plan`, or into a new plan of `organization`,
    in one transaction; JsonRefused (and nothing written) when the file has errors."""
    if plan is not None:
        # Matched against the plan's entries under its lock: a second import waits.
        plan = Plan.objects.select_for_update().select_related("organization").get(pk=plan.pk)
    result = json_preview(
        content, filename=filename, organization=organization, plan=plan, name=name
    )
    if result.errors or result.data is None:
        raise JsonRefused(result)
    user = user if getattr(user, "pk", None) else None
    result.data.facts = result.facts
    written = plan_write(data=result.data, user=user, organization=organization, plan=plan)
    if plan is None:
        # The file's revision table becomes the new plan's first rows, as a Word plan's does.
        record_imported_revisions(written.plan, result.data.revisions, user=user)
    return ImportResult(written.plan, {r.slug: written.created[r.slug] for r in schema.REGISTERS})


# --- the preview in words ---------------------------------------------------------------------

# Registers the preview shows in sections of their own.
_OWN = frozenset({"goals", "activities"})


def json_report(result: JsonImport, *, limit: int = 200) -> Report:
    """The words of the preview of a plan-JSON import, as `report.report` gives the others'."""
    data = result.data or PlanData()
    problems = [ProblemRow(p.where, severity_label(p.severity), p.text, p.severity)
                for p in result.problems]  # fmt: skip
    names = {
        register.slug: {
            e.key: str(e.values.get(register.name_field, "")) for e in data.entries(register.slug)
        }
        for register in schema.REGISTERS
    }
    lines = []
    texts = {
        "groups": _("%(n)s new target groups"),
        "channels": _("%(n)s new channels"),
        "messages": _("%(n)s new messages"),
        "tiers": _("%(n)s new priority tiers"),
    }
    # Goals and activities have lines and tables of their own below; every other register of
    # the schema is listed, the ones without words of their own by their name.
    listed = [*texts, *(r.slug for r in schema.REGISTERS if r.slug not in {*texts, *_OWN})]
    for slug in listed:
        new, linked = len(result.new(slug)), result.linked.get(slug, 0)
        entries = schema.by_slug(slug).model._meta.verbose_name_plural
        text = texts.get(slug, _("%(n)s new %(entries)s"))
        parts = [text % {"n": new, "entries": entries}] if new else []
        if linked:
            parts.append(_("%(n)s already in the plan") % {"n": linked})
        if parts:
            lines.append("; ".join(parts))
    goals = len(result.new("goals"))
    if goals:
        lines.append(
            ngettext("%(n)s new communication goal", "%(n)s new communication goals", goals)
            % {"n": goals}
        )
    statuses = dict(ActivityStatus.choices)
    language = result.target.language
    start, end = data.facts.get("start_date"), data.facts.get("end_date")
    rows = []
    for n, entry in enumerate(result.activities[:limit]):
        time_text = str(entry.values.get("time_text", ""))
        period = parse_period(time_text, language, plan_start=start, plan_end=end)
        status = str(entry.values.get("status", ActivityStatus.PLANNED))
        rows.append(
            ActivityRow(
                where=f"$.activities[{n}]",
                title=str(entry.values["title"]),
                time_text=time_text,
                understood=format_period(period, language),
                channels=[names["channels"].get(k, k) for k in entry.refs.get("channels", [])],
                groups=[names["groups"].get(k, k) for k in entry.refs.get("groups", [])],
                status=str(statuses.get(status, status)),
                done=status == ActivityStatus.DONE,
                duplicate=False,
            )
        )
    reach = dict(Reach.choices)
    registers = [
        RegisterTable(
            slug,
            title,
            [
                EntryRow(
                    str(e.values.get(schema.by_slug(slug).name_field, "")),
                    e.pk is None,
                    str(reach.get(e.values.get("reach"), "")) if e.pk is None else "",
                )
                for e in data.entries(slug)
            ],
        )
        for slug, title in (
            ("tiers", _("Priority tiers")),
            ("groups", _("Target groups")),
            ("messages", _("Messages")),
            ("channels", _("Channels")),
            *(
                (r.slug, r.title)
                for r in schema.REGISTERS
                if r.slug not in {"tiers", "groups", "messages", "channels", *_OWN}
            ),
        )
    ]
    labels = {f.name: str(f.label(Plan)) for f in schema.FACTS.fields}
    facts = [
        (
            labels[fact],
            date_format(value, "DATE_FORMAT") if hasattr(value, "isoformat") else str(value),
        )
        for fact, value in result.facts.items()
        if value not in ("", None)
    ]
    activities = result.activities
    return Report(
        kind_label=_("plan data (JSON)"),
        counts={
            "activities": len(activities),
            "done": sum(1 for e in activities if e.values.get("status") == ActivityStatus.DONE),
            "duplicates": len(result.skipped),
            "rows": len(activities) + len(result.skipped),
        },
        register_lines=lines,
        problems=problems,
        facts=facts,
        activity_rows=rows,
        hidden_activities=max(0, len(activities) - limit),
        registers=registers,
        goals=[
            goal_row(
                str(e.values.get("text", "")),
                e.values.get("target_value"),
                str(e.values.get("unit") or ""),
                e.values.get("deadline"),
                guessed=False,
            )
            for e in result.new("goals")
        ],
        nothing_to_do=result.writes_nothing and not result.errors,
    )
