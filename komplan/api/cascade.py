"""The plan's cascade in the API (docs/api.md): its steps in tree order with the days and
states computed for one material (`komplan.cascade.services.cascade_rows`, as the cascade
page shows them), and its material; and everything the cascade's screens change, through
their forms and services (`komplan.cascade.forms`, `komplan.cascade.services`): the steps,
the material, its approval and release, marking a step sent or confirmed, sending a step now,
and the approval settings."""

# No `from __future__ import annotations`: django-ninja reads the operations' annotations.

import datetime as dt
from typing import Annotated, Any

from django.db.models import Prefetch
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja import File as ApiFile
from ninja import Header, Path, Query, Router, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import Field as PydanticField
from pydantic import create_model

from komplan.accounts.access import EDIT, VIEW
from komplan.api import examples, schemas, writing
from komplan.api.auth import plan_for
from komplan.api.endpoints import (
    CHANGES,
    LOCKED,
    READS,
    DeleteIfMatch,
    IfMatch,
    Page,
    PlanId,
    _page,
    _read,
    api,
    model_out,
)
from komplan.cascade import services
from komplan.cascade.forms import (
    ApproveForm,
    AttachmentForm,
    MarkForm,
    MaterialForm,
    OverrideForm,
    SettingsForm,
    StepForm,
)
from komplan.cascade.models import (
    ApprovalKind,
    CascadeSettings,
    Dispatch,
    DispatchState,
    How,
    Material,
    MaterialAttachment,
    Step,
)
from komplan.cascade.views import STATE_TEXT
from komplan.meetings import uploads
from komplan.plans.editing import EditConflict
from komplan.plans.models import Message

STEP = examples.STEP
ACTIONS = examples.CASCADE_ACTIONS


def _field(kind: Any, name: str, description: str, **extra: Any) -> Any:
    return PydanticField(
        ..., description=description, examples=[STEP[name]], json_schema_extra=extra or None
    )


class StepStored(schemas.Schema):
    """A step's own fields, as stored (the cascade's read adds one material's days)."""

    id: int = _field(int, "id", "The step's id.")
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
    lock_version: int = PydanticField(
        ...,
        description="Its version for optimistic locking: the ETag of its read, the If-Match of "
        "a change.",
        examples=[examples.COMMON["lock_version"]],
    )


class StepOut(StepStored):
    number: str = _field(str, "number", "Its place in the tree: “1”, “1.2”.")
    depth: int = _field(int, "depth", "How deep in the tree: 0 is reached from the release.")
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
        "lock_version": step.lock_version,
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
    return _cascade(plan, chosen)


def _cascade(plan: Any, chosen: Material | None) -> dict[str, Any]:
    """The plan's steps with `chosen`'s days and states, as the cascade page computes them."""
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


# --- writing: the steps -------------------------------------------------------------------------
# As the screens write them (komplan/cascade/views.py): their forms, messages and services, the
# plan through the same gate (an editor changes), the version read in If-Match.

TARGET_KINDS = ["forum", "group", "channel"]
STEP_FIELDS = list(StepForm._meta.fields)  # the form's model fields; `reaches` is its own


def _step_in(name: str, kind: Any, description: str, *, required: bool, **extra: Any) -> Any:
    annotation = kind if required else kind | None
    return annotation, PydanticField(
        ... if required else None,
        description=description,
        examples=[STEP[name]],
        json_schema_extra=extra or None,
    )


def _step_writing(*, partial: bool) -> dict[str, Any]:
    """A step as sent: what it reaches as the cascade's read names it (`target_kind`,
    `target`), the rest the screen's form's fields."""
    required = not partial
    enum = TARGET_KINDS if required else [*TARGET_KINDS, None]
    return {
        "target_kind": _step_in(
            "target_kind",
            str,
            "What the step reaches: a `forum` of the organisation, a target `group` or a "
            "`channel` of the plan.",
            required=required,
            enum=enum,
        ),
        "target": _step_in(
            "target",
            schemas.Id,
            "The id of that forum, target group or channel.",
            required=required,
        ),
        "after": _step_in(
            "after",
            schemas.Id,
            "The id of the step it comes after (not itself or a step below it); null: reached "
            "straight from the release.",
            required=False,
        ),
        "how": _step_in(
            "how",
            str,
            "How it is reached: "
            + ", ".join(f"`{value}` ({label})" for value, label in How.choices)
            + ". Only a forum has meetings.",
            required=required,
            enum=How.values if required else [*How.values, None],
        ),
        "lead_days": _step_in(
            "lead_days",
            int,
            "Days after the release, or after the step above when it passes it on (0–32767).",
            required=False,
        ),
        "delegated": _step_in(
            "delegated",
            bool,
            "Whether the step above passes it on (then `after` names it).",
            required=False,
        ),
        "responsible": _step_in(
            "responsible", str, "Who is responsible for the step.", required=False, maxLength=200
        ),
        "from_phase": _step_in(
            "from_phase", int, "Used from this phase on; null: every phase.", required=False
        ),
        "from_date": _step_in(
            "from_date", dt.date, "Used from this day on; null: always.", required=False
        ),
    }


StepNew = create_model("StepNew", __base__=schemas.Schema, **_step_writing(partial=False))  # type: ignore[call-overload]
StepChange = create_model("StepChange", __base__=schemas.Schema, **_step_writing(partial=True))  # type: ignore[call-overload]


class StepEntryOut(StepStored):
    position: int = PydanticField(
        ..., description="Its place among the plan's steps, 1..N.", examples=[ACTIONS["position"]]
    )
    updated_at: dt.datetime = PydanticField(
        ..., description="When it was last changed.", examples=[examples.COMMON["updated_at"]]
    )


def _step_entry_out(step: Step) -> dict[str, Any]:
    return {
        "id": step.pk,
        "position": step.position,
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
        "lock_version": step.lock_version,
        "updated_at": step.updated_at,
    }


StepId = Annotated[int, Path(description="The step's id.", example=8, ge=1, le=schemas.MAX_ID)]


def _step(plan: Any, step_id: int) -> Step:
    found = services.steps_of(plan).filter(pk=step_id).first()
    if found is None:
        raise Http404
    return found  # type: ignore[no-any-return]


def _save_step(
    request: HttpRequest,
    plan: Any,
    body: dict[str, Any],
    step: Step | None = None,
    if_match: str | None = None,
) -> Step:
    """Create (no `step`) or change a step through the screen's `StepForm`: what it reaches
    becomes the form's `reaches` (“forum-3”), and the form's errors about it are `target`'s."""
    stored = step if step is not None else Step(plan=plan)
    values = {k: v for k, v in model_to_dict(stored, fields=STEP_FIELDS).items() if v is not None}
    kind = body.pop("target_kind", _kind(step) if step is not None else None)
    target = body.pop(
        "target", (step.forum_id or step.group_id or step.channel_id) if step else None
    )
    values.update(body)
    values["reaches"] = f"{kind}-{target}" if kind and target else ""
    data = writing.form_data([*STEP_FIELDS, "reaches"], values)
    if step is not None:
        data["lock_version"] = str(writing.expected_version(if_match, step.lock_version))
    try:
        form = writing.valid(StepForm(data, instance=stored, plan=plan))
    except writing.FormInvalid as invalid:
        if "reaches" in invalid.errors:
            invalid.errors["target"] = invalid.errors.pop("reaches")
        raise
    try:
        saved = form.save_locked(user=request.user)
    except EditConflict:
        raise writing.Stale from None
    return _step(plan, saved.pk)  # with what it reaches, for its name


@cascade.get(
    "/{plan_id}/cascade/steps/{step_id}",
    response={200: StepEntryOut, **READS},
    operation_id="cascade_steps_read",
    summary="One step of the plan's cascade",
)
def step_read(
    request: HttpRequest, plan_id: PlanId, step_id: StepId, response: HttpResponse
) -> Any:
    return _read(response, _step(plan_for(request, plan_id, VIEW), step_id), _step_entry_out)


@cascade.post(
    "/{plan_id}/cascade/steps",
    response={201: StepEntryOut, **CHANGES},
    operation_id="cascade_steps_create",
    summary="Add a step to the plan's cascade",
)
def step_create(
    request: HttpRequest,
    plan_id: PlanId,
    body: StepNew,
    response: HttpResponse,  # type: ignore[valid-type]
) -> Any:
    plan = plan_for(request, plan_id, EDIT)
    saved = _save_step(request, plan, body.model_dump(exclude_unset=True))  # type: ignore[attr-defined]
    return Status(201, _read(response, saved, _step_entry_out))


@cascade.patch(
    "/{plan_id}/cascade/steps/{step_id}",
    response={200: StepEntryOut, **LOCKED},
    operation_id="cascade_steps_update",
    summary="Change a step of the plan's cascade",
)
def step_update(
    request: HttpRequest,
    plan_id: PlanId,
    step_id: StepId,
    body: StepChange,  # type: ignore[valid-type]
    response: HttpResponse,
    if_match: IfMatch = None,
) -> Any:
    plan = plan_for(request, plan_id, EDIT)
    step = _step(plan, step_id)
    saved = _save_step(request, plan, body.model_dump(exclude_unset=True), step, if_match)  # type: ignore[attr-defined]
    return _read(response, saved, _step_entry_out)


@cascade.delete(
    "/{plan_id}/cascade/steps/{step_id}",
    response={204: None, **CHANGES},
    operation_id="cascade_steps_delete",
    summary="Delete a step, with the steps after it and its record for every material",
)
def step_delete(
    request: HttpRequest, plan_id: PlanId, step_id: StepId, if_match: DeleteIfMatch = None
) -> Any:
    writing.delete(_step(plan_for(request, plan_id, EDIT), step_id), if_match)
    return Status(204, None)


# --- writing: the material ----------------------------------------------------------------------


def _material(plan: Any, material_id: int) -> Material:
    found = _materials(plan).filter(pk=material_id).first()
    if found is None:
        raise Http404
    return found  # type: ignore[no-any-return]


ActionIfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description='Optional. The ETag of your read of the material (`"3"`): refused with 412 '
        "if it changed since.",
    ),
]


def _unchanged_since(material: Material, if_match: str | None) -> None:
    """An action on a material may name the version it saw (`If-Match`); a stale one is
    refused (412), as a change's is."""
    if if_match and writing.expected_version(if_match, material.lock_version) != (
        material.lock_version
    ):
        raise writing.Stale


@cascade.post(
    "/{plan_id}/cascade/materials",
    response={201: material_documents.out, **CHANGES},
    operation_id="materials_create",
    summary="Write a piece of material; the approving body approves it before it is released",
)
def material_create(
    request: HttpRequest,
    plan_id: PlanId,
    body: material_documents.new,  # type: ignore[name-defined]
    response: HttpResponse,
) -> Any:
    plan = plan_for(request, plan_id, EDIT)
    saved = writing.save(
        request,
        MaterialForm,
        body.model_dump(exclude_unset=True),
        new=Material(plan=plan),
        plan=plan,
    )
    return Status(201, _read(response, saved, _material_out))


@cascade.patch(
    "/{plan_id}/cascade/materials/{material_id}",
    response={200: material_documents.out, **LOCKED},
    operation_id="materials_update",
    summary="Change a piece of material not yet released",
)
def material_update(
    request: HttpRequest,
    plan_id: PlanId,
    material_id: MaterialId,
    body: material_documents.change,  # type: ignore[name-defined]
    response: HttpResponse,
    if_match: IfMatch = None,
) -> Any:
    plan = plan_for(request, plan_id, EDIT)
    material = _material(plan, material_id)
    if material.is_released:
        raise HttpError(409, _("Released material is no longer changed."))
    saved = writing.save(
        request,
        MaterialForm,
        body.model_dump(exclude_unset=True),
        instance=material,
        if_match=if_match,
        plan=plan,
    )
    return _read(response, saved, _material_out)


@cascade.delete(
    "/{plan_id}/cascade/materials/{material_id}",
    response={204: None, **CHANGES},
    operation_id="materials_delete",
    summary="Delete a piece of material with its attachments and its record at every step",
)
def material_delete(
    request: HttpRequest, plan_id: PlanId, material_id: MaterialId, if_match: DeleteIfMatch = None
) -> Any:
    writing.delete(_material(plan_for(request, plan_id, EDIT), material_id), if_match)
    return Status(204, None)


class ApproveIn(schemas.Schema):
    kind: str = PydanticField(
        ...,
        description="How the approving body approves it: "
        + ", ".join(f"`{value}` ({label})" for value, label in ApprovalKind.choices)
        + ".",
        examples=[ACTIONS["kind"]],
        json_schema_extra={"enum": ApprovalKind.values},
    )
    meeting: int | None = PydanticField(
        None,
        ge=1,
        le=schemas.MAX_ID,
        description="With `decision`: the id of the meeting whose minutes get the decision, a "
        "meeting of the approving body (if the plan names one) still being written.",
        examples=[ACTIONS["meeting"]],
    )
    name: str = PydanticField(
        "",
        max_length=200,
        description="With `chair`: the name of the chair who approves on the body's behalf.",
        examples=[ACTIONS["name"]],
    )


class ReleaseIn(schemas.Schema):
    day: dt.date | None = PydanticField(
        None,
        ge=dt.date(2000, 1, 1),
        le=dt.date(2999, 12, 31),
        description="The day of the release, from which every step is dated; null or left "
        "out: today, as on the screen.",
        examples=[ACTIONS["day"]],
    )


@cascade.post(
    "/{plan_id}/cascade/materials/{material_id}/approve",
    response={200: material_documents.out, **CHANGES},
    operation_id="materials_approve",
    summary="Record the approving body's approval: a meeting's decision or the chair's",
)
def material_approve(
    request: HttpRequest,
    plan_id: PlanId,
    material_id: MaterialId,
    body: ApproveIn,
    response: HttpResponse,
    if_match: ActionIfMatch = None,
) -> Any:
    plan = plan_for(request, plan_id, EDIT)
    material = _material(plan, material_id)
    _unchanged_since(material, if_match)
    settings = services.cascade_settings(plan)
    data = writing.form_data(["kind", "meeting", "name"], body.model_dump())
    form = writing.valid(ApproveForm(data, plan=plan, forum=settings.approving_forum))
    try:
        services.material_approve(
            material,
            user=request.user,
            kind=form.cleaned_data["kind"],
            meeting=form.cleaned_data.get("meeting"),
            name=form.cleaned_data.get("name") or "",
        )
    except services.CascadeError as error:
        raise HttpError(409, str(error)) from None
    return _read(response, _material(plan, material_id), _material_out)


@cascade.post(
    "/{plan_id}/cascade/materials/{material_id}/release",
    response={200: material_documents.out, **CHANGES},
    operation_id="materials_release",
    summary="Release the material down the cascade: every step dated, meetings' agendas, "
    "an activity",
)
def material_release(
    request: HttpRequest,
    plan_id: PlanId,
    material_id: MaterialId,
    body: ReleaseIn,
    response: HttpResponse,
    if_match: ActionIfMatch = None,
) -> Any:
    plan = plan_for(request, plan_id, EDIT)
    material = _material(plan, material_id)
    _unchanged_since(material, if_match)
    try:
        services.material_release(
            material, user=request.user, today=body.day or timezone.localdate()
        )
    except services.CascadeError as error:
        raise HttpError(409, str(error)) from None
    return _read(response, _material(plan, material_id), _material_out)


# --- writing: one step of one material ----------------------------------------------------------


class MarkIn(schemas.Schema):
    state: str = PydanticField(
        ...,
        description="The step's state for the material: "
        + ", ".join(f"`{value}` ({label})" for value, label in DispatchState.choices)
        + ". When every step it reaches is sent or confirmed, its activity is done.",
        examples=[ACTIONS["state"]],
        json_schema_extra={"enum": DispatchState.values},
    )


class OverrideIn(schemas.Schema):
    why: str = PydanticField(
        ...,
        max_length=2000,
        description="Why the step is sent now, out of its turn: kept with the step, with your "
        "name and the time.",
        examples=[ACTIONS["why"]],
    )


def _dispatch(plan: Any, material_id: int, step_id: int) -> Dispatch:
    """The material's record at the step: there is one once the material is released."""
    material = _material(plan, material_id)
    found = (
        Dispatch.objects.filter(material=material, step_id=step_id)
        .select_related("step__forum", "step__group", "step__channel", "material", "meeting")
        .first()
    )
    if found is None:
        raise Http404
    return found  # type: ignore[no-any-return]


def _state(dispatch: Dispatch) -> str:
    """The step's state as the cascade page shows it (a held meeting confirms it)."""
    row = services.cascade_rows([dispatch.step], [dispatch], timezone.localdate())[0]
    return row.state


@cascade.post(
    "/{plan_id}/cascade/materials/{material_id}/steps/{step_id}/mark",
    response={200: CascadeOut, **CHANGES},
    operation_id="dispatches_mark",
    summary="Mark a step of a released material sent or confirmed (or planned again)",
)
def dispatch_mark(
    request: HttpRequest, plan_id: PlanId, material_id: MaterialId, step_id: StepId, body: MarkIn
) -> Any:
    plan = plan_for(request, plan_id, EDIT)
    dispatch = _dispatch(plan, material_id, step_id)
    if _state(dispatch) == "skipped":  # the page offers no marking of a skipped step
        raise HttpError(409, _("This step is skipped for this material: there is nothing to mark."))
    data = writing.form_data(["state"], body.model_dump())
    form = writing.valid(MarkForm(data))
    services.dispatch_mark(dispatch, state=form.cleaned_data["state"], user=request.user)
    return _cascade(plan, dispatch.material)


@cascade.post(
    "/{plan_id}/cascade/materials/{material_id}/steps/{step_id}/override",
    response={200: CascadeOut, **CHANGES},
    operation_id="dispatches_override",
    summary="Send a planned step now, out of its turn: dated today, the steps above brought "
    "forward",
)
def dispatch_override(
    request: HttpRequest,
    plan_id: PlanId,
    material_id: MaterialId,
    step_id: StepId,
    body: OverrideIn,
) -> Any:
    plan = plan_for(request, plan_id, EDIT)
    dispatch = _dispatch(plan, material_id, step_id)
    state = _state(dispatch)
    if state != "planned":  # the page offers “Send now” for a planned step alone
        raise HttpError(
            409,
            _("Only a planned step is sent now, out of its turn; this one is %(state)s.")
            % {"state": str(STATE_TEXT[state]).lower()},
        )
    form = writing.valid(OverrideForm(writing.form_data(["why"], body.model_dump())))
    try:
        services.step_override(
            dispatch, user=request.user, why=form.cleaned_data["why"], today=timezone.localdate()
        )
    except services.CascadeError as error:
        raise writing.FormInvalid({"why": [str(error)]}) from None
    return _cascade(plan, dispatch.material)


# --- writing: the approval settings -------------------------------------------------------------


class SettingsOut(schemas.Schema):
    approving_forum: int | None = PydanticField(
        ...,
        description="The approving body: the id of the forum of the organisation that approves "
        "material before it goes out, or null.",
        examples=[ACTIONS["approving_forum"]],
    )
    approval_required: bool = PydanticField(
        ...,
        description="Whether material must be approved before it is released.",
        examples=[ACTIONS["approval_required"]],
    )
    lock_version: int = PydanticField(
        ...,
        description="Its version for optimistic locking: the ETag of its read, the If-Match of "
        "a change (0 until first saved).",
        examples=[examples.COMMON["lock_version"]],
    )
    updated_at: dt.datetime | None = PydanticField(
        ...,
        description="When it was last changed; null: never (the defaults).",
        examples=[examples.COMMON["updated_at"]],
    )


class SettingsChange(schemas.Schema):
    approving_forum: int | None = PydanticField(
        None,
        ge=1,
        le=schemas.MAX_ID,
        description="The id of a forum of the plan's organisation, or null: none.",
        examples=[ACTIONS["approving_forum"]],
    )
    approval_required: bool | None = PydanticField(
        None,
        description="Whether material must be approved before it is released.",
        examples=[ACTIONS["approval_required"]],
    )


def _settings_out(settings: CascadeSettings) -> dict[str, Any]:
    return {
        "approving_forum": settings.approving_forum_id,
        "approval_required": settings.approval_required,
        "lock_version": settings.lock_version,
        "updated_at": settings.updated_at,
    }


@cascade.get(
    "/{plan_id}/cascade/settings",
    response={200: SettingsOut, **READS},
    operation_id="cascade_settings_read",
    summary="Who approves the plan's material, and whether it must be approved",
)
def settings_read(request: HttpRequest, plan_id: PlanId, response: HttpResponse) -> Any:
    plan = plan_for(request, plan_id, VIEW)
    return _read(response, services.cascade_settings(plan), _settings_out)


@cascade.patch(
    "/{plan_id}/cascade/settings",
    response={200: SettingsOut, **LOCKED},
    operation_id="cascade_settings_update",
    summary="Change who approves the plan's material, and whether it must be approved",
)
def settings_update(
    request: HttpRequest,
    plan_id: PlanId,
    body: SettingsChange,
    response: HttpResponse,
    if_match: IfMatch = None,
) -> Any:
    plan = plan_for(request, plan_id, EDIT)
    values = body.model_dump(exclude_unset=True)
    if values.get("approval_required", True) is None:
        values.pop("approval_required")  # null: as stored
    saved = writing.save(
        request, SettingsForm, values, instance=services.cascade_settings(plan), if_match=if_match
    )
    return _read(response, saved, _settings_out)


# --- writing: a material's attachments ----------------------------------------------------------
# As on the material's page: uploaded through the screen's `AttachmentForm` (its kinds, its
# size and its check that the content matches the name), stored and served by
# `komplan.meetings.uploads`. An attachment is never changed, only added and removed: its
# version is always 0.


class AttachmentOut(schemas.Schema):
    id: int = PydanticField(..., description="The attachment's id.", examples=[ACTIONS["id"]])
    name: str = PydanticField(
        ..., description="The file's name as uploaded.", examples=[ACTIONS["file_name"]]
    )
    size: int = PydanticField(..., description="Its size in bytes.", examples=[ACTIONS["size"]])
    kind: str = PydanticField(
        ...,
        description="What it holds, as checked on upload: "
        + ", ".join(f"`{kind}`" for kind in uploads.CONTENT_TYPES)
        + ".",
        examples=[ACTIONS["file_kind"]],
        json_schema_extra={"enum": list(uploads.CONTENT_TYPES)},
    )
    uploaded_at: dt.datetime = PydanticField(
        ..., description="When it was uploaded.", examples=[examples.COMMON["updated_at"]]
    )


AttachmentPage = schemas.page_of(AttachmentOut, "Attachment")
AttachmentId = Annotated[
    int, Path(description="The attachment's id.", example=21, ge=1, le=schemas.MAX_ID)
]
ATTACHMENT_VERSION = writing.etag(0)


def _attachment_out(attachment: MaterialAttachment) -> dict[str, Any]:
    return {
        "id": attachment.pk,
        "name": attachment.name,
        "size": attachment.size,
        "kind": attachment.kind,
        "uploaded_at": attachment.uploaded_at,
    }


def _attachment(plan: Any, material_id: int, attachment_id: int) -> MaterialAttachment:
    found = MaterialAttachment.objects.filter(
        pk=attachment_id, material_id=_material(plan, material_id).pk
    ).first()
    if found is None:
        raise Http404
    return found  # type: ignore[no-any-return]


@cascade.get(
    "/{plan_id}/cascade/materials/{material_id}/attachments",
    response={200: AttachmentPage, **READS},
    operation_id="attachments_list",
    summary="A piece of material's attachments, in the order uploaded",
)
def attachment_list(
    request: HttpRequest, plan_id: PlanId, material_id: MaterialId, page: Query[Page]
) -> Any:
    material = _material(plan_for(request, plan_id, VIEW), material_id)
    return _page(material.attachments.order_by("pk"), page, _attachment_out)


@cascade.get(
    "/{plan_id}/cascade/materials/{material_id}/attachments/{attachment_id}",
    response={200: AttachmentOut, **READS},
    operation_id="attachments_read",
    summary="One attachment of a piece of material: its name, size and kind",
)
def attachment_read(
    request: HttpRequest,
    plan_id: PlanId,
    material_id: MaterialId,
    attachment_id: AttachmentId,
    response: HttpResponse,
) -> Any:
    found = _attachment(plan_for(request, plan_id, VIEW), material_id, attachment_id)
    response["ETag"] = ATTACHMENT_VERSION
    return _attachment_out(found)


@cascade.get(
    "/{plan_id}/cascade/materials/{material_id}/attachments/{attachment_id}/file",
    response={200: None, **READS},
    operation_id="attachments_download",
    summary="Download an attachment: the file itself, with its own name",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file, as uploaded; its content type is its kind's.",
                "content": {
                    content_type: {"schema": {"type": "string", "format": "binary"}}
                    for content_type in uploads.CONTENT_TYPES.values()
                },
            }
        }
    },
)
def attachment_download(
    request: HttpRequest, plan_id: PlanId, material_id: MaterialId, attachment_id: AttachmentId
) -> Any:
    return uploads.download(
        _attachment(plan_for(request, plan_id, VIEW), material_id, attachment_id)
    )


@cascade.post(
    "/{plan_id}/cascade/materials/{material_id}/attachments",
    response={201: AttachmentOut, **CHANGES},
    operation_id="attachments_create",
    summary="Attach a file to a piece of material: PDF, Word, Excel, PNG or JPEG, at most 10 MB",
)
def attachment_create(
    request: HttpRequest,
    plan_id: PlanId,
    material_id: MaterialId,
    response: HttpResponse,
    file: UploadedFile | None = ApiFile(  # noqa: B008 (django-ninja's way to name a file)
        None,
        description="The file, as `multipart/form-data`: PDF, Word (.docx), Excel (.xlsx), "
        "PNG or JPEG, at most 10 MB, its content matching its name.",
    ),
) -> Any:
    # The gate first: a file missing or refused is the form's to say, once the caller may.
    material = _material(plan_for(request, plan_id, EDIT), material_id)
    form = writing.valid(AttachmentForm({}, {"file": file} if file is not None else {}))
    attachment = uploads.attach(
        MaterialAttachment, form.cleaned_data["file"], request.user, material=material
    )
    response["ETag"] = ATTACHMENT_VERSION
    return Status(201, _attachment_out(attachment))


@cascade.delete(
    "/{plan_id}/cascade/materials/{material_id}/attachments/{attachment_id}",
    response={204: None, **CHANGES},
    operation_id="attachments_delete",
    summary="Remove an attachment from a piece of material",
)
def attachment_delete(
    request: HttpRequest,
    plan_id: PlanId,
    material_id: MaterialId,
    attachment_id: AttachmentId,
    if_match: DeleteIfMatch = None,
) -> Any:
    found = _attachment(plan_for(request, plan_id, EDIT), material_id, attachment_id)
    if if_match and writing.expected_version(if_match, 0) != 0:  # never changed: version 0
        raise writing.Stale
    found.delete()
    return Status(204, None)


api.add_router("/plans", cascade)
