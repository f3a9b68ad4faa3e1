"""The one writer of a cascade's material: approval, release (dating every step through
`scheduling`, putting an information item on the next meetings' agendas and the material in
the activity plan), marking steps sent or confirmed, and overrides. Views and the CLI call
these; nothing here knows about requests. The day is always passed in (`today`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import BooleanField, CharField, ExpressionWrapper, Q, QuerySet, Value
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from komplan.cascade import scheduling
from komplan.cascade.models import (
    ApprovalKind,
    CascadeSettings,
    Dispatch,
    DispatchState,
    How,
    Material,
    Step,
    material_status,
)
from komplan.meetings.models import AgendaItem, Decision, ItemKind, Meeting, MinutesStatus
from komplan.plans.models import ActivityStatus, Plan
from komplan.plans.services import activities_status_set
from komplan.plans.writer import EntryData, PlanData, plan_write

__all__ = [
    "CascadeError",
    "Row",
    "ShownDispatch",
    "ShownMaterial",
    "ShownStep",
    "cascade_rows",
    "cascade_settings",
    "dispatch_mark",
    "forum_meetings",
    "material_approve",
    "material_release",
    "material_reschedule",
    "shown_dispatches",
    "shown_materials",
    "shown_steps",
    "step_override",
    "step_specs",
    "steps_of",
]

# How long the information item is planned to take on a meeting's agenda.
AGENDA_MINUTES = 10


class CascadeError(Exception):
    """A step the material's state does not allow; the message says why."""


def cascade_settings(plan: Plan) -> CascadeSettings:
    """The plan's settings; unsaved defaults (approval required) when it has none yet."""
    found = CascadeSettings.objects.select_related("approving_forum").filter(plan=plan).first()
    return found or CascadeSettings(plan=plan)


def steps_of(plan: Plan) -> QuerySet[Step]:
    """The plan's steps with what they reach; the step before one is among them (`after_id`):
    joining it again, with its forum, group and channel, doubled the rows' width for nothing."""
    return Step.objects.filter(plan=plan).select_related("forum", "group", "channel")


class ShownMaterial(NamedTuple):
    """A piece of material as the cascade's page lists it: read as a row of values, not
    built as a model object (a plan has a hundred)."""

    pk: int
    title: str
    released_on: dt.date | None
    approved_at: dt.datetime | None

    @property
    def is_released(self) -> bool:
        return self.released_on is not None

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    @property
    def status(self) -> Any:
        return material_status(released=self.is_released, approved=self.is_approved)


def shown_materials(plan: Plan) -> list[ShownMaterial]:
    """The plan's material as `ShownMaterial`s, the latest first, in one query."""
    rows = (
        Material.objects.filter(plan=plan)
        .order_by("-created_at", "-pk")
        .values_list(*ShownMaterial._fields)
    )
    return [ShownMaterial(*row) for row in rows]


class ShownStep(NamedTuple):
    """A step as the cascade's page and CLI show it, with the name of what it reaches: read
    as a row of values, not built as a model object with its forum, group or channel joined
    as three more (at 200 steps most of the page's reading)."""

    pk: int
    position: int
    after_id: int | None
    forum_id: int | None
    group_id: int | None
    channel_id: int | None
    how: str
    lead_days: int
    delegated: bool
    responsible: str
    from_phase: int | None
    from_date: dt.date | None
    target_name: str

    @property
    def target_kind(self) -> str:  # as Step.target_kind
        if self.forum_id:
            return _("Forum")
        if self.group_id:
            return _("Target group")
        return _("Channel")

    def get_how_display(self) -> str:
        return str(dict(How.choices).get(self.how, self.how))


def shown_steps(plan: Plan) -> list[ShownStep]:
    """The plan's steps as `ShownStep`s, in one query."""
    name = Coalesce("forum__name", "group__name", "channel__name", Value(""))
    rows = (
        Step.objects.filter(plan=plan)
        .annotate(target_label=Cast(name, output_field=CharField()))
        .order_by("position", "pk")
        .values_list(*(f if f != "target_name" else "target_label" for f in ShownStep._fields))
    )
    return [ShownStep(*row) for row in rows]


class ShownDispatch(NamedTuple):
    """A dispatch as the cascade's page and CLI show it: read as a row of values, not built
    as a model object (at 200 steps the objects were a tenth of the page's time)."""

    step_id: int
    day: dt.date | None
    reason: str
    state: str
    meeting_id: int | None
    meeting_held: bool  # the meeting's minutes are approved
    marked_at: dt.datetime | None
    override_by: str
    override_reason: str


def shown_dispatches(material: Material | ShownMaterial) -> list[ShownDispatch]:
    """The material's dispatches with whether each one's meeting is held, in one query."""
    held = ExpressionWrapper(
        Q(meeting__minutes_status=MinutesStatus.JUSTERED), output_field=BooleanField()
    )
    rows = (
        Dispatch.objects.filter(material_id=material.pk)
        .annotate(held=held)
        .order_by("pk")
        .values_list(
            "step_id",
            "day",
            "reason",
            "state",
            "meeting_id",
            "held",
            "marked_at",
            "override_by",
            "override_reason",
        )
    )
    return [ShownDispatch(*row[:5], bool(row[5]), *row[6:]) for row in rows]


def step_specs(steps: Iterable[Step]) -> list[scheduling.StepSpec]:
    return [
        scheduling.StepSpec(
            id=s.pk,
            parent_id=s.after_id,
            how=s.how,
            delegated=s.delegated,
            lead_days=s.lead_days,
            forum_id=s.forum_id if s.how == How.MEETING else None,
            from_phase=s.from_phase,
            from_date=s.from_date,
        )
        for s in steps
    ]


def forum_meetings(
    forum_ids: Iterable[int], since: dt.date
) -> dict[int, list[tuple[dt.date, int]]]:
    """Each forum's meetings on or after `since` as (day, meeting id), sorted; one query."""
    ids = sorted(set(forum_ids))
    found: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    if not ids:
        return found
    rows = (
        Meeting.objects.filter(forum_id__in=ids, date__gte=since)
        .order_by("forum_id", "date", "start_time", "pk")
        .values_list("forum_id", "date", "pk")
    )
    for forum_id, day, pk in rows:
        found[forum_id].append((day, pk))
    return found


# --- approval -----------------------------------------------------------------------------------


def _person(user: Any) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return str(user.get_full_name() or user.get_username())


@transaction.atomic
def material_approve(
    material: Material,
    *,
    user: Any,
    kind: str,
    meeting: Meeting | None = None,
    name: str = "",
) -> Material:
    """Record the approving body's approval of `material`: a decision written in `meeting`'s
    minutes (its forum approves), or its chair's approval on its behalf by `name`."""
    material = Material.objects.select_for_update().get(pk=material.pk)
    if material.is_approved:
        raise CascadeError(_("This material is already approved."))
    if kind == ApprovalKind.DECISION:
        if meeting is None:
            raise CascadeError(_("Choose the meeting whose decision approves the material."))
        if meeting.minutes_status != MinutesStatus.DRAFT:
            raise CascadeError(
                _("The minutes of that meeting are locked; choose a meeting still being written.")
            )
        with translation.override(meeting.forum.language):
            text = _("The material “%(title)s” is approved for dissemination.") % {
                "title": material.title
            }
        material.decision = Decision.objects.create(
            meeting=meeting, text=text, updated_by=_user(user)
        )
        material.approved_by_name = meeting.forum.name[:200]
    elif kind == ApprovalKind.CHAIR:
        if not name.strip():
            raise CascadeError(_("Name the chair who approves on the body's behalf."))
        material.approved_by_name = name.strip()[:200]
    else:
        raise CascadeError(_("Choose how the material is approved."))
    material.approval_kind = kind
    material.approved_at = timezone.now()
    material.approved_by = _user(user)
    material.lock_version += 1
    material.save()
    return material


# --- release and scheduling ---------------------------------------------------------------------


@transaction.atomic
def material_release(material: Material, *, user: Any, today: dt.date) -> list[Dispatch]:
    """Release `material` down the plan's cascade on `today`: refused while it waits for an
    approval the plan requires. Dates every step, puts an information item (I) on the agenda
    of each next meeting it reaches, and adds the material to the activity plan."""
    material = Material.objects.select_for_update().select_related("plan").get(pk=material.pk)
    plan = material.plan
    if material.is_released:
        raise CascadeError(_("This material has already been released."))
    if cascade_settings(plan).approval_required and not material.is_approved:
        raise CascadeError(
            _("The material is not approved yet: the approving body must approve it first.")
        )
    steps = list(steps_of(plan))
    material.released_on = today
    material.released_at = timezone.now()
    material.released_by = _user(user)
    dated = _schedule(material, steps, overrides=())
    dispatches = [
        Dispatch(
            material=material,
            step_id=d.step_id,
            day=d.day,
            reason=d.reason,
            meeting_id=d.meeting_id,
            updated_by=_user(user),
        )
        for d in dated.values()
    ]
    Dispatch.objects.bulk_create(dispatches)
    dispatches = list(material.dispatches.select_related("step", "meeting__forum"))
    for dispatch in dispatches:
        _put_on_agenda(dispatch, material, user)
    material.activity_id = _activity_for(material, steps, dated, user)
    material.lock_version += 1
    material.save()
    return dispatches


def _schedule(
    material: Material, steps: Sequence[Step], overrides: Iterable[scheduling.Override]
) -> dict[int, scheduling.Dated]:
    assert material.released_on is not None
    forums = [s.forum_id for s in steps if s.how == How.MEETING and s.forum_id]
    return scheduling.schedule(
        step_specs(steps),
        release=material.released_on,
        phase=material.phase,
        meetings=forum_meetings(forums, material.released_on),
        overrides=overrides,
    )


def _put_on_agenda(dispatch: Dispatch, material: Material, user: Any) -> None:
    """An information item for the material on the agenda of the dispatch's meeting, while
    that meeting's minutes are still being written."""
    meeting = dispatch.meeting
    if meeting is None or meeting.minutes_status != MinutesStatus.DRAFT:
        return
    url = reverse("cascade:material", args=[material.plan_id, material.pk])
    with translation.override(meeting.forum.language):
        description = _("Information: %(title)s") % {"title": material.title}
        notes = _("Material from the communication plan's cascade: %(url)s") % {"url": url}
    dispatch.agenda_item = AgendaItem.objects.create(
        meeting=meeting,
        kind=ItemKind.INFORMATION,
        description=description[:500],
        responsible=dispatch.step.responsible,
        duration=AGENDA_MINUTES,
        notes=notes,
        updated_by=_user(user),
    )
    dispatch.save(update_fields=["agenda_item", "updated_at"])


def _activity_for(
    material: Material, steps: Sequence[Step], dated: dict[int, scheduling.Dated], user: Any
) -> int:
    """The material as an activity of the plan, written by the plan's one writer: the target
    groups and channels of the steps it reaches, the messages it carries, from the release to
    the last dated step. Coverage counts it for those groups."""
    reached = [s for s in steps if not dated[s.pk].skipped]
    groups = sorted({s.group_id for s in reached if s.group_id})
    channels = sorted({s.channel_id for s in reached if s.channel_id})
    messages = sorted(material.messages.values_list("pk", flat=True))
    days = [d.day for d in dated.values() if d.day is not None]
    assert material.released_on is not None
    last = max([material.released_on, *days])
    responsible = next((s.responsible for s in reached if s.responsible), "") or _person(user)
    with translation.override(material.plan.language):
        title = _("Dissemination: %(title)s") % {"title": material.title}
        description = _("Released down the cascade; approved by %(name)s.") % {
            "name": material.approved_by_name or _("nobody (no approval required)")
        }
    data = PlanData(
        registers={
            "groups": [EntryData(key=f"group-{pk}", pk=pk) for pk in groups],
            "channels": [EntryData(key=f"channel-{pk}", pk=pk) for pk in channels],
            "messages": [EntryData(key=f"message-{pk}", pk=pk) for pk in messages],
            "activities": [
                EntryData(
                    key="material",
                    values={
                        "title": title,
                        "description": description,
                        "responsible": responsible[:200],
                        # Written as a person would, read back as the same period.
                        "time_text": f"{material.released_on.isoformat()} – {last.isoformat()}",
                        "status": ActivityStatus.IN_PROGRESS,
                    },
                    refs={
                        "groups": [f"group-{pk}" for pk in groups],
                        "channels": [f"channel-{pk}" for pk in channels],
                        "messages": [f"message-{pk}" for pk in messages],
                    },
                )
            ],
        }
    )
    written = plan_write(data=data, user=_user(user), plan=material.plan)
    return written.pks["activities"]["material"]


# --- tracking -----------------------------------------------------------------------------------


@transaction.atomic
def dispatch_mark(dispatch: Dispatch, *, state: str, user: Any) -> Dispatch:
    """The responsible marks a step sent or confirmed (or back to planned); when every step
    the material reaches is sent or confirmed its activity is done."""
    if state not in DispatchState.values:
        raise CascadeError(_("Unknown state."))
    dispatch = (
        Dispatch.objects.select_for_update().select_related("material__plan").get(pk=dispatch.pk)
    )
    dispatch.state = state
    dispatch.marked_at = timezone.now()
    dispatch.marked_by = _person(user)
    dispatch.lock_version += 1
    dispatch.updated_by = _user(user)
    dispatch.save()
    material = dispatch.material
    if material.activity_id:
        open_steps = (
            material.dispatches.exclude(reason="skipped")
            .filter(state=DispatchState.PLANNED)
            .exists()
        )
        status = ActivityStatus.IN_PROGRESS if open_steps else ActivityStatus.DONE
        activities_status_set(
            plan=material.plan, activity_ids=[material.activity_id], status=status, user=_user(user)
        )
    return dispatch


@transaction.atomic
def step_override(dispatch: Dispatch, *, user: Any, why: str, today: dt.date) -> list[Dispatch]:
    """ "Send now": date the dispatch's step on `today`, recording who and why; the steps
    above it that come later are pulled to the same day (see `scheduling`)."""
    who = _person(user)
    if not why.strip():
        raise CascadeError(_("Say why the order is overridden."))
    dispatch = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
    dispatch.override_by = who[:200]
    dispatch.override_reason = why.strip()
    dispatch.override_day = today
    dispatch.override_at = timezone.now()
    dispatch.save()
    return material_reschedule(dispatch.material, user=user)


def material_reschedule(material: Material, *, user: Any) -> list[Dispatch]:
    """Date the released material's steps again (after an override, or once new meetings
    are planned); steps already sent keep their day."""
    material = Material.objects.select_related("plan").get(pk=material.pk)
    steps = list(steps_of(material.plan))
    dispatches = {d.step_id: d for d in material.dispatches.select_related("step", "meeting")}
    overrides = [
        scheduling.Override(d.step_id, d.override_day, d.override_by or "?", d.override_reason)
        for d in dispatches.values()
        if d.override_day is not None
    ]
    dated = _schedule(material, steps, overrides)
    changed = []
    for step_id, d in dated.items():
        dispatch = dispatches.get(step_id)
        if dispatch is None:  # a step added after the release
            dispatch = Dispatch(material=material, step_id=step_id, updated_by=_user(user))
        elif dispatch.state != DispatchState.PLANNED:
            continue
        moved_meeting = dispatch.meeting_id != d.meeting_id
        dispatch.day, dispatch.reason, dispatch.meeting_id = d.day, d.reason, d.meeting_id
        if moved_meeting:
            dispatch.agenda_item = None
        dispatch.save()
        if moved_meeting:
            dispatch = Dispatch.objects.select_related("step", "meeting__forum").get(pk=dispatch.pk)
            _put_on_agenda(dispatch, material, user)
        changed.append(dispatch)
    return changed


# --- reading ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Row:
    """One step of the cascade as the page, the documents and the CLI show it."""

    step: Step | ShownStep
    depth: int
    number: str  # "1", "1.2": its place in the tree
    day: dt.date | None
    state: str  # planned / sent / confirmed / skipped / "" (no material)
    overdue: bool
    dispatch: Dispatch | ShownDispatch | None


def cascade_rows(
    steps: Sequence[Step | ShownStep],
    dispatches: Iterable[Dispatch | ShownDispatch],
    today: dt.date,
) -> list[Row]:
    """The steps in tree order (parents first, siblings by position) with one material's
    dispatches: day, state (a meeting with approved minutes confirms its step) and whether
    the step is overdue on `today`."""
    by_step = {d.step_id: d for d in dispatches}
    known = {s.pk for s in steps}
    children: dict[int | None, list[Step | ShownStep]] = defaultdict(list)
    for step in sorted(steps, key=lambda s: (s.position, s.pk)):
        children[step.after_id if step.after_id in known else None].append(step)
    rows: list[Row] = []
    seen: set[int] = set()

    def walk(parent: int | None, depth: int, prefix: str) -> None:
        for n, step in enumerate(children.get(parent, []), start=1):
            if step.pk in seen:
                continue
            seen.add(step.pk)
            number = f"{prefix}{n}"
            dispatch = by_step.get(step.pk)
            if dispatch is None:
                day, state = None, ""
            elif dispatch.reason == "skipped":
                day, state = None, "skipped"
            else:
                held = _held(dispatch)
                day = dispatch.day
                state = scheduling.step_state(dispatch.state, meeting_held=held)
            overdue = scheduling.is_overdue(state, day, today)
            rows.append(Row(step, depth, number, day, state, overdue, dispatch))
            walk(step.pk, depth + 1, number + ".")

    walk(None, 0, "")
    return rows


def _held(dispatch: Dispatch | ShownDispatch) -> bool:
    """Whether the dispatch's meeting is held (its minutes approved)."""
    if isinstance(dispatch, ShownDispatch):
        return dispatch.meeting_held
    return bool(
        dispatch.meeting_id
        and dispatch.meeting is not None
        and dispatch.meeting.minutes_status == MinutesStatus.JUSTERED
    )


def _user(user: Any) -> Any:
    return user if user is not None and getattr(user, "is_authenticated", False) else None
