"""The plan's cascade in the API, read only (docs/api.md): its steps in tree order with the
days and states computed for one material (`komplan.cascade.services.cascade_rows`, as the
cascade page shows them), and its material. Approving and releasing stay on the screens."""

# No `from __future__ import annotations`: django-ninja reads the operations' annotations.

import datetime as dt
from typing import Annotated, Any

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone, translation
from ninja import Path, Query, Router
from pydantic import Field as PydanticField

from komplan.accounts.access import VIEW
from komplan.api import examples, schemas
from komplan.api.auth import plan_for
from komplan.api.endpoints import READS, Page, PlanId, _page, _read, api, model_out
from komplan.cascade import services
from komplan.cascade.models import How, Material
from komplan.plans.models import Message

STEP = examples.STEP


def _field(kind: Any, name: str, description: str, **extra: Any) -> Any:
    return PydanticField(
        ..., description=description, examples=[STEP[name]], json_schema_extra=extra or None
    )


class StepOut(schemas.Schema):
    id: int = _field(int, "id", "The step's id.")
    number: str = _field(str, "number", "Its place in the tree: “1”, “1.2”.")
    depth: int = _field(int, "depth", "How deep in the tree: 0 is reached from the release.")
    after: int | None = _field(int, "after", "The id of the step it comes after; null: none.")
    target_kind: str = _field(
        str,
        "target_kind",
        "What the step reaches: a `forum`, a target `group` or a `channel`.",
        enum=["forum", "group", "channel"],
    )
    target: int = _field(int, "target", "The id of the forum, target group or channel.")
    target_name: str = _field(str, "target_name", "Its name.")
    how: str = _field(
        str,
        "how",
        "How it is reached: "
        + ", ".join(f"`{value}` ({label})" for value, label in How.choices)
        + ".",
        enum=How.values,
    )
    lead_days: int = _field(
        int, "lead_days", "Days after the release, or after the step above when it passes it on."
    )
    delegated: bool = _field(bool, "delegated", "Whether the step above passes it on.")
    responsible: str = _field(str, "responsible", "Who is responsible for the step.")
    from_phase: int | None = _field(
        int, "from_phase", "Used from this phase on; null: every phase."
    )
    from_date: dt.date | None = _field(dt.date, "from_date", "Used from this day on; null: always.")
    day: dt.date | None = _field(
        dt.date,
        "day",
        "The day the material reaches the step (computed; for a meeting step, the forum's next "
        "meeting); null: no material, or the step is skipped.",
    )
    state: str = _field(
        str,
        "state",
        "The material at this step: `planned`, `sent`, `confirmed` (also when the meeting's "
        "minutes are approved), `skipped` (the step is not used in the material's phase or "
        "on its day), or empty: no material.",
        enum=["planned", "sent", "confirmed", "skipped", ""],
    )
    overdue: bool = _field(bool, "overdue", "Planned for a day before today and not yet sent.")


class CascadeOut(schemas.Schema):
    material: int | None = PydanticField(
        ...,
        description="The material whose days and states the steps show: the one asked for, "
        "else the latest released; null: none.",
        examples=[5],
    )
    steps: list[StepOut] = PydanticField(
        ..., description="The steps in tree order: parents first, siblings by position."
    )


class CascadeFilters(schemas.Schema):
    material: int | None = PydanticField(
        None,
        ge=1,
        le=schemas.MAX_ID,
        description="Show the days and states of this material (its id); without it, of the "
        "latest released material.",
        examples=[5],
    )


def _kind(step: Any) -> str:
    return "forum" if step.forum_id else "group" if step.group_id else "channel"


def _step_out(row: services.Row) -> dict[str, Any]:
    step = row.step
    return {
        "id": step.pk,
        "number": row.number,
        "depth": row.depth,
        "after": step.after_id,
        "target_kind": _kind(step),
        "target": step.forum_id or step.group_id or step.channel_id,
        "target_name": step.target_name,
        "how": step.how,
        "lead_days": step.lead_days,
        "delegated": step.delegated,
        "responsible": step.responsible,
        "from_phase": step.from_phase,
        "from_date": step.from_date,
        "day": row.day,
        "state": row.state,
        "overdue": row.overdue,
    }


with translation.override("en"):
    material_documents = schemas.Documents(
        Material,
        examples.MATERIAL,
        written=["title", "text", "phase", "messages"],
        read=[
            "approval_kind",
            "approved_by_name",
            "approved_at",
            "decision",
            "released_on",
            "activity",
        ],
        described={
            "messages": "The messages it carries: ids of the plan's messages.",
            "decision": "The meeting's decision that approved it: the decision's id, or null.",
            "activity": "The plan activity its release made: its id, or null.",
        },
        extra={
            "status": (
                str,
                PydanticField(
                    ...,
                    description="`waiting` (for approval), `approved` (not released) or "
                    "`released`.",
                    examples=["released"],
                    json_schema_extra={"enum": ["waiting", "approved", "released"]},
                ),
            )
        },
    )


def _status(material: Material) -> str:
    if material.is_released:
        return "released"
    return "approved" if material.is_approved else "waiting"


_material_out = model_out(
    Material,
    material_documents.fields,
    status=_status,
)

cascade = Router(tags=["cascade"])
MaterialId = Annotated[
    int, Path(description="The material's id.", example=5, ge=1, le=schemas.MAX_ID)
]


def _materials(plan: Any) -> Any:
    return (
        Material.objects.filter(plan=plan)
        .prefetch_related(Prefetch("messages", queryset=Message.objects.only("pk")))
        .order_by("-created_at", "-pk")
    )


@cascade.get(
    "/{plan_id}/cascade",
    response={200: CascadeOut, **READS},
    operation_id="cascade_read",
    summary="The plan's cascade: its steps with one material's days and states",
)
def cascade_read(request: HttpRequest, plan_id: PlanId, filters: Query[CascadeFilters]) -> Any:
    plan = plan_for(request, plan_id, VIEW)
    materials = Material.objects.filter(plan=plan)
    if filters.material is not None:
        chosen = materials.filter(pk=filters.material).first()
        if chosen is None:
            raise Http404
    else:
        released = materials.filter(released_on__isnull=False)
        chosen = released.order_by("-released_on", "-pk").first()
    dispatches = list(chosen.dispatches.select_related("meeting")) if chosen else []
    rows = services.cascade_rows(list(services.steps_of(plan)), dispatches, timezone.localdate())
    return {"material": chosen.pk if chosen else None, "steps": [_step_out(row) for row in rows]}


@cascade.get(
    "/{plan_id}/cascade/materials",
    response={200: material_documents.page, **READS},
    operation_id="materials_list",
    summary="The plan's cascade material, newest first",
)
def material_list(request: HttpRequest, plan_id: PlanId, page: Query[Page]) -> Any:
    return _page(_materials(plan_for(request, plan_id, VIEW)), page, _material_out)


@cascade.get(
    "/{plan_id}/cascade/materials/{material_id}",
    response={200: material_documents.out, **READS},
    operation_id="materials_read",
    summary="One piece of the plan's cascade material",
)
def material_read(
    request: HttpRequest, plan_id: PlanId, material_id: MaterialId, response: HttpResponse
) -> Any:
    found = _materials(plan_for(request, plan_id, VIEW)).filter(pk=material_id).first()
    if found is None:
        raise Http404
    return _read(response, found, _material_out)


api.add_router("/plans", cascade)
