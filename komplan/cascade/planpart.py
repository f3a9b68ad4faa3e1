"""The cascade in plan JSON (`"cascade"`, see docs/plan-json.md): its settings, its steps and
its material with approvals, releases and each step's record, written back by the plan's one
writer (`komplan.plans.extensions`).

Steps and material refer to each other by keys ("step-2", "material-1", by position) and to
the plan's registers by their plan-JSON keys ("group-3"); forums, which belong to the
organisation, by name (a forum the organisation lacks is made). Attachments are listed by
name and size; their files are not carried. Links to meetings (the agenda item, the
decision) and to the material's activity stay behind: they belong to this database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.db import transaction
from django.utils.dateparse import parse_datetime

from komplan.cascade.models import (
    ApprovalKind,
    CascadeSettings,
    Dispatch,
    DispatchState,
    How,
    Material,
    Step,
)
from komplan.meetings.models import Forum, ForumKind

__all__ = ["check", "dump", "load"]

Key = Callable[[str, int | None], str | None]


def dump(plan: Any, key: Key) -> dict[str, Any]:
    """The plan's cascade as JSON-ready data, in a constant number of queries."""
    settings = CascadeSettings.objects.filter(plan=plan).select_related("approving_forum").first()
    steps = list(Step.objects.filter(plan=plan).select_related("forum").order_by("position", "pk"))
    step_key = {s.pk: f"step-{n}" for n, s in enumerate(steps, start=1)}
    materials = list(
        Material.objects.filter(plan=plan)
        .order_by("created_at", "pk")
        .prefetch_related("messages", "attachments", "dispatches")
    )
    return {
        "approving_forum": settings.approving_forum.name
        if settings and settings.approving_forum
        else None,
        "approval_required": settings.approval_required if settings else True,
        "steps": [
            {
                "key": step_key[s.pk],
                "id": s.pk,
                "after": step_key.get(s.after_id or 0),
                "reaches": _reaches(s, key),
                "how": s.how,
                "delegated": s.delegated,
                "lead_days": s.lead_days,
                "responsible": s.responsible,
                "from_phase": s.from_phase,
                "from_date": _iso(s.from_date),
            }
            for s in steps
        ],
        "materials": [
            {
                "key": f"material-{n}",
                "id": m.pk,
                "title": m.title,
                "text": m.text,
                "phase": m.phase,
                "messages": [
                    k for msg in m.messages.all() if (k := key("messages", msg.pk)) is not None
                ],
                "approval": {
                    "kind": m.approval_kind,
                    "by": m.approved_by_name,
                    "at": m.approved_at.isoformat(),
                }
                if m.approved_at
                else None,
                "released_on": _iso(m.released_on),
                "attachments": [{"name": a.name, "size": a.size} for a in m.attachments.all()],
                "dispatches": [
                    {
                        "step": step_key[d.step_id],
                        "date": _iso(d.day),
                        "reason": d.reason,
                        "state": d.state,
                        "override": {
                            "by": d.override_by,
                            "why": d.override_reason,
                            "day": _iso(d.override_day),
                        }
                        if d.override_day
                        else None,
                    }
                    for d in sorted(m.dispatches.all(), key=lambda d: d.pk)
                    if d.step_id in step_key
                ],
            }
            for n, m in enumerate(materials, start=1)
        ],
    }


def _reaches(step: Step, key: Key) -> dict[str, Any]:
    if step.forum_id:
        return {"forum": step.forum.name if step.forum else ""}
    if step.group_id:
        return {"group": key("groups", step.group_id)}
    return {"channel": key("channels", step.channel_id)}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


# --- reading --------------------------------------------------------------------------------


def stamp() -> list[Any]:
    """What changes with the cascade of a plan (`OuterRef("pk")`): its settings, steps,
    material and their dispatches, each counted with its latest change."""
    from komplan.plans.models import count_of, latest_change

    parts: list[Any] = []
    for model, plan in (
        (CascadeSettings, "plan"),
        (Step, "plan"),
        (Material, "plan"),
        (Dispatch, "material__plan"),
    ):
        parts += [count_of(model, plan), latest_change(model, plan)]
    return parts


def check(value: Any) -> list[tuple[str, str]]:
    """What is wrong with a cascade read from plan JSON (paths relative to it)."""
    problems: list[tuple[str, str]] = []
    if not isinstance(value, dict):
        return [("", "not an object")]
    steps = value.get("steps", [])
    if not isinstance(steps, list):
        return [("steps", "not a list")]
    keys = set()
    for n, step in enumerate(steps):
        where = f"steps[{n}]"
        if not isinstance(step, dict):
            problems.append((where, "not an object"))
            continue
        keys.add(step.get("key"))
        if step.get("how") not in How.values:
            problems.append((f"{where}.how", f"one of {', '.join(How.values)}"))
        reaches = step.get("reaches")
        if not isinstance(reaches, dict) or len(reaches) != 1:
            problems.append((f"{where}.reaches", "one of forum, group or channel"))
        for name in ("from_date",):
            problems += _bad_date(step.get(name), f"{where}.{name}")
        lead = step.get("lead_days", 0)
        if not isinstance(lead, int) or isinstance(lead, bool) or not 0 <= lead <= 32767:
            problems.append((f"{where}.lead_days", "a whole number of days, 0 or more"))
    for n, step in enumerate(s for s in steps if isinstance(s, dict)):
        if step.get("after") is not None and step["after"] not in keys:
            problems.append((f"steps[{n}].after", f"no step has the key {step['after']!r}"))
    materials = value.get("materials", [])
    if not isinstance(materials, list):
        return [*problems, ("materials", "not a list")]
    for n, material in enumerate(materials):
        where = f"materials[{n}]"
        if not isinstance(material, dict) or not str(material.get("title", "")).strip():
            problems.append((f"{where}.title", "required"))
            continue
        problems += _bad_date(material.get("released_on"), f"{where}.released_on")
        for k, d in enumerate(material.get("dispatches") or []):
            if not isinstance(d, dict) or d.get("state") not in DispatchState.values:
                problems.append((f"{where}.dispatches[{k}].state", "planned, sent or confirmed"))
            elif d.get("step") not in keys:
                problems.append((f"{where}.dispatches[{k}].step", "no such step"))
            else:
                problems += _bad_date(d.get("date"), f"{where}.dispatches[{k}].date")
    return problems


def _bad_date(value: Any, where: str) -> list[tuple[str, str]]:
    if value is None:
        return []
    try:
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return [(where, "a date YYYY-MM-DD")]
    return []


@transaction.atomic
def load(
    *,
    plan: Any,
    value: Mapping[str, Any],
    keys: Mapping[str, Mapping[str, int]],
    user: Any,
    replace: bool,
) -> None:
    """Write the cascade `value` into `plan` (see `komplan.plans.extensions`)."""
    if replace:
        Material.objects.filter(plan=plan).delete()
        Step.objects.filter(plan=plan).delete()
    forums = {f.name: f for f in Forum.objects.filter(organization_id=plan.organization_id)}

    def forum(name: str | None) -> Forum | None:
        if not name:
            return None
        if name not in forums:
            forums[name] = Forum.objects.create(
                organization_id=plan.organization_id, name=name[:200], kind=ForumKind.OTHER
            )
        return forums[name]

    settings, _made = CascadeSettings.objects.get_or_create(plan=plan)
    if replace or value.get("approving_forum"):
        settings.approving_forum = forum(value.get("approving_forum"))
    settings.approval_required = bool(value.get("approval_required", True))
    settings.save()
    made: dict[str, Step] = {}
    pending: list[tuple[Step, str]] = []
    for item in value.get("steps", []):
        reaches = item.get("reaches") or {}
        step = Step(
            plan=plan,
            how=item["how"],
            delegated=bool(item.get("delegated")),
            lead_days=int(item.get("lead_days") or 0),
            responsible=str(item.get("responsible") or "")[:200],
            from_phase=item.get("from_phase"),
            from_date=_date(item.get("from_date")),
            updated_by=user,
        )
        if "forum" in reaches:
            step.forum = forum(reaches["forum"])
        elif "group" in reaches:
            step.group_id = keys.get("groups", {}).get(reaches["group"])
        else:
            step.channel_id = keys.get("channels", {}).get(reaches.get("channel"))
        if not (step.forum_id or step.group_id or step.channel_id):
            continue  # what it reached is not in the data
        step.save()
        made[item["key"]] = step
        if item.get("after"):
            pending.append((step, item["after"]))
    for step, after in pending:
        if after in made:
            Step.objects.filter(pk=step.pk).update(after=made[after])
    for item in value.get("materials", []):
        approval = item.get("approval") or {}
        material = Material.objects.create(
            plan=plan,
            title=str(item["title"])[:300],
            text=str(item.get("text") or ""),
            phase=int(item.get("phase") or 1),
            approval_kind=approval.get("kind")
            if approval.get("kind") in ApprovalKind.values
            else "",
            approved_by_name=str(approval.get("by") or "")[:200],
            approved_at=parse_datetime(approval["at"]) if approval.get("at") else None,
            released_on=_date(item.get("released_on")),
            updated_by=user,
        )
        messages = keys.get("messages", {})
        material.messages.set([messages[k] for k in item.get("messages", []) if k in messages])
        Dispatch.objects.bulk_create(
            Dispatch(
                material=material,
                step=made[d["step"]],
                day=_date(d.get("date")),
                reason=str(d.get("reason") or "lead")[:12],
                state=d["state"],
                override_by=str((d.get("override") or {}).get("by") or "")[:200],
                override_reason=str((d.get("override") or {}).get("why") or ""),
                override_day=_date((d.get("override") or {}).get("day")),
                updated_by=user,
            )
            for d in item.get("dispatches", [])
            if d.get("step") in made
        )
