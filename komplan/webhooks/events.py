"""Where the events come from, what their deliveries say, and how they reach the queue.

The five events happen in four apps; nothing is added to them. This app (above them all in
the layers) listens:

- plan approved / published: a `Revision` of that kind is created (komplan.versions);
- activity status changed: the audit trail recorded an activity's `status` changing
  (`komplan.audit.signals.recorded`), whatever changed it: its form, a bulk edit, the cascade;
- material released: a cascade `Material` is saved with a release time it did not have;
- minutes justered: a meeting's `MinutesVersion` is saved as justered.

Each is announced after its transaction commits (`transaction.on_commit`): a change rolled
back announces nothing, and a receiver never hears of a change it could not yet read back.
The announcement reads the organisation's webhooks (one query; nothing more when none wants
the event), writes one `Delivery` per webhook with the body to send (a bulk status change's
all at once), and enqueues one `webhook_deliver` task per delivery (komplan.webhooks.tasks),
retried with backoff.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_init, post_save
from django.urls import reverse
from django.utils import timezone

from komplan.accounts.models import Organization
from komplan.audit.models import AuditEvent
from komplan.audit.signals import Recorded, recorded
from komplan.cascade.models import Material
from komplan.meetings.models import Meeting, MinutesStatus, MinutesVersion
from komplan.plans.models import Plan
from komplan.versions.models import Revision, RevisionKind
from komplan.webhooks.models import Delivery, Event, Webhook

API_VERSION = 1


def absolute(name: str, *args: Any) -> str:
    return settings.KOMPLAN_SITE_URL + reverse(name, args=args)


def plan_data(plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "name": plan.name,
        "version": plan.version,
        "status": plan.status,
        "url": absolute("plans:overview", plan.pk),
    }


def announce(
    organization_id: int, event: str, data: Callable[[], dict[str, Any]]
) -> list[Delivery]:
    """Write and enqueue a delivery of `event` to each of the organisation's webhooks that
    wants it; `data()` (called only then) gives the event's own part of the body."""
    return announce_each(organization_id, event, [data])


def announce_each(
    organization_id: int, event: str, occurrences: Sequence[Callable[[], dict[str, Any]]]
) -> list[Delivery]:
    """`announce` for several occurrences of `event` at once (a bulk status change): the
    webhooks and the organisation are read once and the deliveries written in one insert,
    however many there are; each occurrence has its own id and body."""
    from komplan.webhooks.tasks import webhook_deliver

    hooks = [
        hook
        for hook in Webhook.objects.filter(organization_id=organization_id, active=True)
        if event in hook.events
    ]
    if not hooks or not occurrences:
        return []
    organization = Organization.objects.get(pk=organization_id)
    made = []
    for data in occurrences:
        event_id = uuid.uuid4()
        payload = {
            "id": str(event_id),
            "type": event,
            "api_version": API_VERSION,
            "created": timezone.now().isoformat(timespec="seconds"),
            "organization": {"slug": organization.slug, "name": organization.name},
            "data": data(),
        }
        made += [
            Delivery(webhook=hook, event=event, event_id=event_id, payload=payload)
            for hook in hooks
        ]
    deliveries = Delivery.objects.bulk_create(made)
    for delivery in deliveries:
        webhook_deliver.enqueue(delivery_id=delivery.pk, organization_id=organization_id)
    return deliveries


def announce_after_commit(
    organization_of: Callable[[], int], event: str, data: Callable[[], dict[str, Any]]
) -> None:
    """Announce once the transaction commits; nothing is read before (the pages that make
    these changes keep their query counts)."""
    transaction.on_commit(lambda: announce(organization_of(), event, data))


def _organization_of_plan(plan_id: int) -> int:
    return int(Plan.objects.values_list("organization_id", flat=True).get(pk=plan_id))


# --- plan approved, plan published -------------------------------------------------------------

REVISION_EVENTS = {
    RevisionKind.APPROVED.value: Event.PLAN_APPROVED.value,
    RevisionKind.PUBLISHED.value: Event.PLAN_PUBLISHED.value,
}


def _on_revision(sender: Any, instance: Revision, created: bool, **kwargs: Any) -> None:
    event = REVISION_EVENTS.get(instance.kind)
    if not created or event is None:
        return
    revision_id, plan_id = instance.pk, instance.plan_id

    def data() -> dict[str, Any]:
        revision = Revision.objects.select_related("plan").get(pk=revision_id)
        return {
            "plan": plan_data(revision.plan),
            "version": revision.version,
            "comment": revision.comment,
            "by": revision.changed_by,
            "on_behalf_of": revision.on_behalf_of,
        }

    announce_after_commit(lambda: _organization_of_plan(plan_id), event, data)


# --- activity status changed -------------------------------------------------------------------


def _on_recorded(sender: Any, changes: list[Recorded], **kwargs: Any) -> None:
    found: dict[int, list[tuple[Recorded, dict[str, Any]]]] = {}
    for told in changes:
        if told.register != "activities" or told.action != "update" or told.plan_id is None:
            continue
        for entry in told.changes:
            if entry.get("field") == "status":
                found.setdefault(told.organization_id, []).append((told, entry))
    for organization_id, rows in found.items():
        transaction.on_commit(lambda o=organization_id, r=rows: _announce_statuses(o, r))


def _announce_statuses(organization_id: int, rows: list[tuple[Recorded, dict[str, Any]]]) -> None:
    plans = {p.pk: p for p in Plan.objects.filter(pk__in={told.plan_id for told, _ in rows})}

    def data(plan: Plan, told: Recorded, entry: dict[str, Any]) -> Callable[[], dict[str, Any]]:
        return lambda: {
            "plan": plan_data(plan),
            "activity": {
                "id": told.object_id,
                "name": told.object_repr,
                "url": absolute("plans:activity_plan", plan.pk),
            },
            "old_status": entry.get("old_value", ""),
            "new_status": entry.get("new_value", ""),
        }

    occurrences = [
        data(plans[told.plan_id], told, entry)
        for told, entry in rows
        if told.plan_id in plans  # a plan deleted meanwhile
    ]
    announce_each(organization_id, Event.ACTIVITY_STATUS_CHANGED, occurrences)


# --- material released -------------------------------------------------------------------------

_RELEASED = "_webhooks_released"


def _material_loaded(sender: Any, instance: Material, **kwargs: Any) -> None:
    # From __dict__: a deferred field is not read (no query).
    setattr(instance, _RELEASED, instance.__dict__.get("released_at") is not None)


def _on_material(sender: Any, instance: Material, **kwargs: Any) -> None:
    if instance.released_at is None or getattr(instance, _RELEASED, False):
        return
    setattr(instance, _RELEASED, True)
    material_id = instance.pk

    def data() -> dict[str, Any]:
        material = Material.objects.select_related("plan", "released_by").get(pk=material_id)
        plan = material.plan
        return {
            "plan": plan_data(plan),
            "material": {
                "id": material.pk,
                "title": material.title,
                "text": material.text,
                "released_on": material.released_on.isoformat() if material.released_on else None,
                "url": absolute("cascade:material", plan.pk, material.pk),
            },
            "by": str(material.released_by or ""),
        }

    plan_id = instance.plan_id
    announce_after_commit(lambda: _organization_of_plan(plan_id), Event.MATERIAL_RELEASED, data)


# --- minutes justered --------------------------------------------------------------------------

_STATUS = "_webhooks_status"


def _minutes_loaded(sender: Any, instance: MinutesVersion, **kwargs: Any) -> None:
    setattr(instance, _STATUS, instance.__dict__.get("status"))


def _on_minutes(sender: Any, instance: MinutesVersion, **kwargs: Any) -> None:
    if instance.status != MinutesStatus.JUSTERED or getattr(instance, _STATUS, None) == (
        MinutesStatus.JUSTERED
    ):
        return
    setattr(instance, _STATUS, instance.status)
    version_id = instance.pk

    def data() -> dict[str, Any]:
        version = MinutesVersion.objects.select_related("meeting__forum").get(pk=version_id)
        meeting = version.meeting
        return {
            "meeting": {
                "id": meeting.pk,
                "title": meeting.display_title,
                "date": meeting.date.isoformat(),
                "forum": meeting.forum.name,
                "url": absolute("meetings:meeting", meeting.pk),
            },
            "minutes_version": version.number,
            "justered_at": version.justered_at.isoformat() if version.justered_at else None,
        }

    meeting_id = instance.meeting_id

    def organization_of() -> int:
        meetings = Meeting.objects.values_list("forum__organization_id", flat=True)
        return int(meetings.get(pk=meeting_id))

    announce_after_commit(organization_of, Event.MINUTES_JUSTERED, data)


def connect() -> None:
    post_save.connect(_on_revision, sender=Revision, dispatch_uid="webhooks.revision")
    recorded.connect(_on_recorded, sender=AuditEvent, dispatch_uid="webhooks.recorded")
    post_init.connect(_material_loaded, sender=Material, dispatch_uid="webhooks.material_init")
    post_save.connect(_on_material, sender=Material, dispatch_uid="webhooks.material")
    post_init.connect(_minutes_loaded, sender=MinutesVersion, dispatch_uid="webhooks.minutes_init")
    post_save.connect(_on_minutes, sender=MinutesVersion, dispatch_uid="webhooks.minutes")
