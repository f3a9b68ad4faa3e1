"""Recording changes to a plan and its registers as `AuditEvent`s.

Model signals (connected in `AuditConfig.ready`, for `Plan` and the six register models only)
record what goes through `save()`, `delete()` and the many-to-many managers:

- `pre_save` reads the stored row once (updates only) to know the old values; `post_save`
  records a create with the new object's non-empty fields, or an update with the fields that
  changed. A save that changes nothing a person can see records nothing.
- `pre_delete`/`post_delete` record a delete with the object's last values, links included.
  Deleting a plan records one event for the plan and none for the entries that go with it
  (Django names the plan as the deletion's `origin`); deleting an organisation records none.
- `m2m_changed` records a link field's names before and after, comma-joined and sorted.

Within one transaction, the changes to one object by one action are merged into one event:
a form's save (its fields, then each link field) or a create followed by adding links becomes
one event, each field from its first old value to its last new one. The events wait in a
batch per transaction level (the transaction, or the savepoint they were made in) and are
written in one insert **inside** that level, just before it is released or committed
(`komplan.core.transactions.before_commit`; at once when there is no transaction). So an
event commits with its change and only with it: a rolled-back change, savepoint or whole
transaction, takes its events along, and an event that cannot be written (a deadlock) fails
the change, which the request then runs again (`komplan.core.middleware`). Nothing here reads
Django's private transaction state: the levels and the hook before the commit come from
komplan's database backends, because Django has no such hook (see `komplan.core.transactions`).

Paths that bypass model signals tell plans' own signals (`komplan.plans.signals`), received
here: `entries_written` → `record_bulk` (bulk inserts and `update()`s; written at once, inside
the caller's transaction), `entry_moved` → `record_move` (`Ordered.move`) and `plan_written`
→ `record_plan_written`.

What is one event: a change to a plan people work in is one event per entry it creates,
changes or deletes (a form, a bulk edit, an import into the plan, restoring a version). A
plan made in one go by the writer of whole plans (a copy, a document imported as a new plan)
is ONE event, its creation: its facts, the plan it was copied from and the number of entries
per register; its entries have none of their own, and an entry's history shows the plan's
creation instead (`came_with_plan`) until it has a creation of its own. (Until #12 a copy
recorded an event per entry: 11,060 rows for the 10,000-activity plan.)

Every recorded change sends `komplan.plans.signals.plan_changed` immediately, and every write
of events sends `komplan.audit.signals.recorded` with what they say (the webhooks listen).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, router, transaction
from django.db.models import Exists, Q, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from komplan.audit.actor import current_actor
from komplan.audit.models import Action, AuditEvent
from komplan.audit.signals import Recorded, recorded
from komplan.core.bulk import insert_rows
from komplan.core.transactions import before_commit, level_data, open_levels
from komplan.plans import schema
from komplan.plans import signals as plans_signals
from komplan.plans.models import Plan
from komplan.plans.signals import plan_changed

__all__ = [
    "COPIED_FROM",
    "COPIED_FROM_LABEL",
    "POSITION_LABEL",
    "REGISTER_OF",
    "TRACKED",
    "Place",
    "Tracked",
    "came_with_plan",
    "connect",
    "record_bulk",
    "record_created",
    "record_move",
    "record_plan_written",
    "track",
    "tracked_fields",
    "tracked_links",
]

PLAN = "plan"
# The plan and its registers, from the schema: a register's slug is the name of its entries
# on the plan ("groups"), and what is recorded is what the schema calls content.
REGISTER_OF: dict[type[models.Model], str] = {
    Plan: PLAN,
    **{register.model: register.slug for register in schema.REGISTERS},
}
MODEL_OF: dict[str, type[models.Model]] = {slug: model for model, slug in REGISTER_OF.items()}
POSITION_LABEL = _("Position")
# The field of a plan's creation event naming the plan it was copied from (`record_plan_written`).
COPIED_FROM = "copied_from"
COPIED_FROM_LABEL = _("Copied from")
REPR_LENGTH = 300
# The columns `record_bulk` writes, in the order of its rows.
EVENT_FIELDS = (
    "organization",
    "plan",
    "plan_name",
    "register",
    "object_id",
    "object_repr",
    "action",
    "changes",
    "user",
    "user_name",
    "at",
)
LINK_CHUNK = 900  # ids per query: under SQLite's oldest limit of 999 parameters


# --- Fields and how their values read ----------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where an object tracked by an app above audit belongs (`Tracked.place`): its
    organisation, its plan if it has one, and `scope`, a path the app's pages find its
    events by ("forum:3/meeting:12")."""

    organization_id: int
    plan_id: int | None = None
    plan_name: str = ""
    scope: str = ""


@dataclass(frozen=True)
class Tracked:
    """A model of an app above audit whose changes are recorded like a register's (`track`):
    `fields` and `links` are what a person edits, `place(instance)` where it belongs (None:
    gone, nothing to record). Optional, for the history pages: `url(event)` the page that
    shows the object's events, `current(plan, object_id)` the object if it is still the
    plan's (its own history page under the plan's history), `open_url(obj)` its screen, and
    `scopes(plan)` the scopes whose events the plan's history lists too (a meeting about the
    plan); `in_plans` False when a plan's history never lists it (a forum: not offered as
    its filter). Its changes are not the plan's content: they start no new draft of the
    plan."""

    model: type[models.Model]
    register: str
    fields: tuple[str, ...]
    place: Callable[[Any], Place | None]
    links: tuple[str, ...] = ()
    url: Callable[[Any], str] | None = None
    current: Callable[[Plan, int], Any] | None = None
    open_url: Callable[[Any], str] | None = None
    scopes: Callable[[Plan], Any] | None = None
    in_plans: bool = True
    # What the place depends on ("meeting", 12): read once per transaction for all the
    # objects that share it (an agenda's items moved at once), not once per object.
    place_key: Callable[[Any], Any] | None = None


TRACKED: dict[str, Tracked] = {}  # by register
_TRACKED_MODELS: dict[type[models.Model], Tracked] = {}


def track(tracked: Tracked) -> None:
    """Record the changes to `tracked.model` from now on (idempotent; from an app's
    `ready`). Its events read like a register's: its fields' labels, its name."""
    TRACKED[tracked.register] = tracked
    _TRACKED_MODELS[tracked.model] = tracked
    REGISTER_OF[tracked.model] = tracked.register
    MODEL_OF[tracked.register] = tracked.model
    _FIELDS.pop(tracked.model, None)
    _LINK_FIELDS.pop(tracked.model, None)
    _connect_model(tracked.model, tracked.register)


def _content(model: type[models.Model]) -> list[Any]:
    """The model fields the schema calls content: the plan's facts, a register's content."""
    if model in _TRACKED_MODELS:
        tracked = _TRACKED_MODELS[model]
        return [model._meta.get_field(name) for name in (*tracked.fields, *tracked.links)]
    names = (
        [f.name for f in schema.FACTS.fields]
        if model is Plan
        else [f.name for f in schema.by_model(model).content]
    )
    return [model._meta.get_field(name) for name in names]


_FIELDS: dict[type[models.Model], tuple[Any, ...]] = {}
_LINK_FIELDS: dict[type[models.Model], tuple[Any, ...]] = {}


def tracked_fields(model: type[models.Model]) -> tuple[Any, ...]:
    """The concrete fields of `model` a person edits, in the schema's document order."""
    if model not in _FIELDS:
        _FIELDS[model] = tuple(f for f in _content(model) if not f.many_to_many)
    return _FIELDS[model]


def tracked_links(model: type[models.Model]) -> tuple[Any, ...]:
    """The many-to-many fields of `model` a person edits."""
    if model not in _LINK_FIELDS:
        _LINK_FIELDS[model] = tuple(f for f in _content(model) if f.many_to_many)
    return _LINK_FIELDS[model]


def _concrete(model: type[models.Model]) -> type[models.Model]:
    return model._meta.concrete_model or model


def _label(f: Any) -> str:
    return str(capfirst(f.verbose_name))


def show(f: Any, value: Any, choices: dict[Any, Any] | None = None) -> str:
    """A value of field `f` as a person reads it (a related object's name for a foreign key);
    `choices`: the field's choices as a dict, when the caller has them at hand."""
    if value is None:
        return ""
    if f.choices:
        return str((choices or dict(f.flatchoices)).get(value, value))
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, Decimal) and getattr(f, "decimal_places", None) is not None:
        return str(value.quantize(Decimal(1).scaleb(-f.decimal_places)))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def change(
    f: Any,
    old: Any,
    new: Any,
    *,
    label: str | None = None,
    choices: dict[Any, Any] | None = None,
) -> dict[str, Any]:
    """One entry of `AuditEvent.changes`: field `f` from `old` to `new` (raw values).
    `label` and `choices` spare looking them up again for many objects."""
    entry = {
        "field": f.name,
        "label": _label(f) if label is None else label,
        "old": show(f, old, choices),
        "new": show(f, new, choices),
    }
    if f.choices:
        entry["old_value"] = "" if old is None else str(old)
        entry["new_value"] = "" if new is None else str(new)
    return entry


def _empty(value: Any) -> bool:
    """Nothing entered: not listed when an object is created or deleted."""
    return value is None or value == ""


def _joined(names: dict[int, str]) -> str:
    return ", ".join(sorted(names.values()))


def _value(instance: models.Model, f: Any) -> Any:
    """The field's value on `instance`: the related object itself for a foreign key."""
    if f.is_relation:
        if getattr(instance, f.attname) is None:
            return None
        return getattr(instance, f.name)
    return getattr(instance, f.attname)


def _same(f: Any, old: Any, new: Any) -> bool:
    try:
        return bool(f.to_python(old) == f.to_python(new))
    except (ValidationError, TypeError, ValueError):
        return bool(old == new)


def _repr(instance: models.Model) -> str:
    return str(instance)[:REPR_LENGTH]


def _linked_names(
    model: type[models.Model], f: Any, pks: Iterable[int]
) -> dict[int, dict[int, str]]:
    """For each of the `model` objects `pks`: the objects linked through `f`, pk -> name."""
    through: Any = f.remote_field.through
    source, target = f.m2m_field_name(), f.m2m_reverse_field_name()
    found: dict[int, dict[int, str]] = defaultdict(dict)
    pks = list(pks)
    for start in range(0, len(pks), LINK_CHUNK):
        links = through._base_manager.filter(
            **{f"{source}_id__in": pks[start : start + LINK_CHUNK]}
        ).select_related(target)
        for link in links:
            other = getattr(link, target)
            found[getattr(link, f"{source}_id")][other.pk] = str(other)
    return found


def _prefetched_names(instance: models.Model, name: str) -> dict[int, str] | None:
    """The links `name` of `instance` as already loaded with prefetch_related, else None."""
    objects = getattr(instance, "_prefetched_objects_cache", {}).get(name)
    if objects is None or any(o.get_deferred_fields() for o in objects):
        return None
    return {o.pk: str(o) for o in objects}


# --- Who ---------------------------------------------------------------------------------------


def _real(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def _user_for(instance: models.Model | None) -> Any:
    """The person changing `instance`: the current actor, else its `updated_by`."""
    actor = current_actor()
    if actor is not None or instance is None:
        return actor
    if getattr(instance, "updated_by_id", None) is None:
        return None
    return instance.updated_by  # type: ignore[attr-defined]


def user_name(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())[:300]


# --- Pending events and their batches ----------------------------------------------------------


@dataclass
class _Links:
    field: Any  # a ManyToManyField
    before: dict[int, str]
    now: dict[int, str]


@dataclass
class _Pending:
    """One event in the making: an object's changes by one action within one transaction."""

    model: type[models.Model]
    object_id: int
    action: str
    plan_id: int | None
    plan_name: str
    organization_id: int
    object_repr: str
    user: Any
    at: dt.datetime
    scope: str = ""
    changes: dict[str, dict[str, Any]] = field(default_factory=dict)
    links: dict[str, _Links] = field(default_factory=dict)

    def merge(self, entries: Iterable[dict[str, Any]]) -> None:
        """Add field changes; a field changed before keeps its first old value."""
        for entry in entries:
            known = self.changes.get(entry["field"])
            if known is None:
                self.changes[entry["field"]] = dict(entry)
            else:
                known["new"] = entry["new"]
                if "new_value" in entry:
                    known["new_value"] = entry["new_value"]

    def event(self) -> AuditEvent | None:
        entries = list(self.changes.values())
        entries += [
            {"field": name, "label": _label(links.field), "old": old, "new": new}
            for name, links in self.links.items()
            if (old := _joined(links.before)) != (new := _joined(links.now))
        ]
        entries = [e for e in entries if e["old"] != e["new"]]
        if not entries and self.action in (Action.UPDATE, Action.MOVE):
            return None
        meta = self.model._meta
        order = {f.name: f.creation_counter for f in [*meta.concrete_fields, *meta.many_to_many]}
        # Other entries (a written plan's counts per register) after the fields, as given.
        entries.sort(key=lambda e: order.get(e["field"], 1 << 30))
        return AuditEvent(
            organization_id=self.organization_id,
            plan_id=self.plan_id,
            plan_name=self.plan_name[:300],
            register=REGISTER_OF[self.model],
            object_id=self.object_id,
            object_repr=self.object_repr,
            action=self.action,
            changes=entries,
            user=self.user,
            user_name=user_name(self.user),
            at=self.at,
            scope=self.scope,
        )


class _Batch:
    """The pending events of one transaction level, written at its end (see the module)."""

    def __init__(self, using: str) -> None:
        self.using = using
        self.pending: dict[tuple[type[models.Model], int, str], _Pending] = {}
        self.plans: dict[int, tuple[str, int]] = {}  # plan pk -> (name, organisation pk)
        self.places: dict[Any, Place] = {}  # a tracked object's place, by `Tracked.place_key`
        # Links loaded with prefetch_related before a save: (model, pk) -> field -> names.
        self.loaded_links: dict[tuple[type[models.Model], int], dict[str, dict[int, str]]] = {}
        self.deleting: _Deleting | None = None  # the queryset delete under way, if any
        self.armed = False

    def arm(self) -> None:
        """Write the batch at the end of its transaction level (now, if there is none)."""
        if not self.armed:
            self.armed = True
            before_commit(self.flush, using=self.using)

    def flush(self) -> None:
        events = [e for p in self.pending.values() if (e := p.event()) is not None]
        self.pending.clear()
        self.loaded_links.clear()
        self.deleting = None
        if events:
            _write(events, self.using)


def _write(events: list[AuditEvent], using: str) -> None:
    _tell(
        Recorded(
            e.organization_id,
            e.plan_id,
            e.register,
            e.object_id,
            e.object_repr,
            e.action,
            e.changes,
            e.user_id,
        )
        for e in events
    )
    if not transaction.get_autocommit(using):
        # Inside the change's transaction. Django's foreign keys are checked at the commit:
        # a plan or person deleted meanwhile fails the change with its events, keeping none.
        AuditEvent.objects.using(using).bulk_create(events)
        return
    try:
        with transaction.atomic(using=using):
            AuditEvent.objects.using(using).bulk_create(events)
    except IntegrityError:
        # A plan or person deleted by another transaction since: keep the events, with the
        # plan's and the person's names only.
        from django.contrib.auth import get_user_model

        plans = set(
            Plan.objects.using(using)
            .filter(pk__in={e.plan_id for e in events})
            .values_list("pk", flat=True)
        )
        users = set(
            get_user_model()
            ._default_manager.using(using)
            .filter(pk__in={e.user_id for e in events})
            .values_list("pk", flat=True)
        )
        for event in events:
            event.pk = None
            if event.plan_id not in plans:
                event.plan = None
            if event.user_id not in users:
                event.user = None
        AuditEvent.objects.using(using).bulk_create(events)


def _tell(changes: Iterable[Recorded]) -> None:
    """Send `komplan.audit.signals.recorded` for the events (when anyone listens)."""
    if recorded.has_listeners(AuditEvent):
        told = list(changes)
        if told:
            recorded.send(sender=AuditEvent, changes=told)


_BATCH = "komplan.audit.batch"  # its key in the transaction level's data


def _batch(using: str) -> _Batch:
    """The batch collecting the current transaction level's events; a new one outside a
    transaction (written as soon as it is armed)."""
    data = level_data(using)
    if data is None:
        return _Batch(using)
    batch: _Batch | None = data.get(_BATCH)
    if batch is None:
        batch = data[_BATCH] = _Batch(using)
    return batch


def _forget_plan(plan_id: int, using: str) -> None:
    """The plan is being deleted: pending events keep its name but no longer point to it."""
    for level in open_levels(using):
        batch = level.data.get(_BATCH)
        for pending in batch.pending.values() if batch is not None else ():
            if pending.plan_id == plan_id:
                pending.plan_id = None


def _plan_facts(batch: _Batch, instance: models.Model) -> tuple[int | None, str, int, str] | None:
    """(plan pk, plan name, organisation pk, scope) of `instance`; None if its plan is gone."""
    tracked = _TRACKED_MODELS.get(_concrete(type(instance)))
    if tracked is not None:
        key = tracked.place_key(instance) if tracked.place_key is not None else None
        place = batch.places.get(key) if key is not None else None
        if place is None:
            place = tracked.place(instance)
            if place is None:
                return None
            if key is not None:
                batch.places[key] = place
        return place.plan_id, place.plan_name, place.organization_id, place.scope
    if isinstance(instance, Plan):
        return instance.pk, instance.name, instance.organization_id, ""
    plan_id = instance.plan_id  # type: ignore[attr-defined]
    plan_field: Any = instance._meta.get_field("plan")
    if plan_field.is_cached(instance):
        plan = instance.plan  # type: ignore[attr-defined]
        batch.plans[plan_id] = (plan.name, plan.organization_id)
    elif plan_id not in batch.plans:
        row = (
            Plan.objects.using(batch.using)
            .filter(pk=plan_id)
            .values_list("name", "organization_id")
            .first()
        )
        if row is None:
            return None
        batch.plans[plan_id] = row
    name, organization_id = batch.plans[plan_id]
    return plan_id, name, organization_id, ""


def _pending(batch: _Batch, instance: models.Model, action: str) -> _Pending | None:
    """The event being made for `instance` and `action`; an update of an object created in
    the same transaction goes into its create event."""
    model = _concrete(type(instance))
    key = (model, instance.pk, action)
    if action == Action.UPDATE and (model, instance.pk, Action.CREATE) in batch.pending:
        key = (model, instance.pk, Action.CREATE)
    pending = batch.pending.get(key)
    if pending is None:
        facts = _plan_facts(batch, instance)
        if facts is None:
            return None
        plan_id, plan_name, organization_id, scope = facts
        pending = _Pending(
            model=model,
            object_id=instance.pk,
            action=key[2],
            plan_id=plan_id,
            plan_name=plan_name,
            organization_id=organization_id,
            object_repr="",
            user=_user_for(instance),
            at=timezone.now(),
            scope=scope,
        )
        batch.pending[key] = pending
    pending.object_repr = _repr(instance)
    return pending


def _announce(pending: _Pending, *, object_id: int | None = None) -> None:
    if pending.plan_id is None or pending.model in _TRACKED_MODELS:
        return
    plan_changed.send(
        sender=pending.model,
        plan_id=pending.plan_id,
        user=pending.user,
        register=REGISTER_OF[pending.model],
        object_id=pending.object_id if object_id is None else object_id,
        action=pending.action,
    )


# --- Signal receivers --------------------------------------------------------------------------

_BEFORE = "_audit_before"  # instance attribute: stored values read by pre_save
_LAST = "_audit_last"  # instance attribute: the values a deleted object had
_CLEARED = "_audit_cleared"  # instance attribute: owners whose links a reverse clear removes


def _before_save(
    sender: type[models.Model],
    instance: models.Model,
    raw: bool = False,
    using: str = "default",
    update_fields: Any = None,
    **kwargs: Any,
) -> None:
    if raw or instance.pk is None:
        return
    fields = tracked_fields(sender)
    if update_fields is not None:
        fields = tuple(f for f in fields if f.name in update_fields or f.attname in update_fields)
    row: dict[str, Any] | None = {}
    if fields:
        row = (
            sender._base_manager.using(using)
            .filter(pk=instance.pk)
            .values(*[f.attname for f in fields])
            .first()
        )
    instance.__dict__[_BEFORE] = (fields, row)
    # A form saves the fields, then sets the links, and Django drops the prefetched links
    # before it signals: keep them for this transaction, to spare a query per link field.
    links = {}
    for f in tracked_links(sender):
        names = _prefetched_names(instance, f.name)
        if names is not None:
            links[f.name] = names
    if links:
        batch = _batch(using)
        batch.loaded_links[(_concrete(sender), instance.pk)] = links
        batch.arm()


def _after_save(
    sender: type[models.Model],
    instance: models.Model,
    created: bool,
    raw: bool = False,
    using: str = "default",
    **kwargs: Any,
) -> None:
    if raw:
        return
    fields, row = instance.__dict__.pop(_BEFORE, ((), None))
    if created:
        entries = [
            change(f, None, _value(instance, f))
            for f in tracked_fields(sender)
            if not _empty(getattr(instance, f.attname))
        ]
        action = Action.CREATE
    else:
        entries = []
        for f in fields:
            old = row.get(f.attname) if row else None
            new = getattr(instance, f.attname)
            if _same(f, old, new):
                continue
            if f.is_relation:
                old = f.related_model._base_manager.using(using).filter(pk=old).first() or old
            entry = change(f, old, _value(instance, f))
            if entry["old"] != entry["new"]:
                entries.append(entry)
        if not entries:
            return
        action = Action.UPDATE
    batch = _batch(using)
    pending = _pending(batch, instance, action)
    if pending is None:
        return
    pending.merge(entries)
    batch.arm()
    _announce(pending)


def _cascaded(instance: models.Model, origin: Any) -> bool:
    """True when `instance` goes only because something above it is deleted: a register
    entry with its plan, a plan with its organisation."""
    if origin is None:
        return False
    origin_model = origin.model if isinstance(origin, QuerySet) else type(origin)
    own = Plan if isinstance(instance, Plan) else type(instance)
    return not issubclass(origin_model, own)


def _before_delete(
    sender: type[models.Model],
    instance: models.Model,
    using: str = "default",
    origin: Any = None,
    **kwargs: Any,
) -> None:
    if _cascaded(instance, origin):
        return
    known = _deleting(sender, origin, using)
    entries = []
    for f in tracked_fields(sender):
        value = getattr(instance, f.attname)
        if _empty(value):
            continue
        if f.is_relation:
            if f.is_cached(instance) or known is None:
                value = getattr(instance, f.name)
            else:
                value = known.related[f.name].get(value, value)
        entries.append(change(f, value, None))
    for f in tracked_links(sender):
        names = _prefetched_names(instance, f.name)
        if names is None and known is not None:
            names = known.links[f.name].get(instance.pk, {})
        if names is None:
            names = _linked_names(sender, f, [instance.pk]).get(instance.pk, {})
        entries.append({"field": f.name, "label": _label(f), "old": _joined(names), "new": ""})
    instance.__dict__[_LAST] = [e for e in entries if e["old"]]


@dataclass
class _Deleting:
    """What the entries of one queryset delete were linked to, read once for all of them."""

    origin: QuerySet[Any]
    related: dict[str, dict[Any, Any]]
    links: dict[str, dict[int, dict[int, str]]]
    announced: set[int | None] = field(default_factory=set)  # plans told of it


def _deleting(sender: type[models.Model], origin: Any, using: str) -> _Deleting | None:
    """For a queryset delete (`origin`), its entries' related objects and links, read in a
    query per field at its first entry (all rows still exist before the first delete)."""
    if not isinstance(origin, QuerySet) or origin.model is not sender:
        return None
    batch = _batch(using)
    known = batch.deleting
    if known is None or known.origin is not origin:
        pks = list(origin.using(using).values_list("pk", flat=True))
        related = {}
        for f in tracked_fields(sender):
            if f.is_relation:
                ids = set(origin.using(using).values_list(f.attname, flat=True)) - {None}
                target: Any = f.related_model
                related[f.name] = target._base_manager.using(using).in_bulk(ids)
        links = {f.name: _linked_names(sender, f, pks) for f in tracked_links(sender)}
        known = batch.deleting = _Deleting(origin, related, links)
        batch.arm()
    return known


def _after_delete(
    sender: type[models.Model],
    instance: models.Model,
    using: str = "default",
    **kwargs: Any,
) -> None:
    entries = instance.__dict__.pop(_LAST, None)
    if entries is None:
        return
    batch = _batch(using)
    pending = _pending(batch, instance, Action.DELETE)
    if pending is None:
        return
    pending.merge(entries)
    batch.arm()
    if isinstance(instance, Plan):
        _forget_plan(instance.pk, using)  # it is gone: its events keep only its name
        pending.plan_id = None
        return
    deleting = batch.deleting
    if deleting is not None and deleting.origin is kwargs.get("origin"):
        # A queryset delete: once per plan is enough.
        if pending.plan_id in deleting.announced:
            return
        deleting.announced.add(pending.plan_id)
    _announce(pending)


def _on_links(
    sender: type[models.Model],
    instance: models.Model,
    action: str,
    reverse: bool,
    model: type[models.Model],
    pk_set: set[int] | None,
    using: str = "default",
    **kwargs: Any,
) -> None:
    owner, f = _THROUGH[sender]
    if action in ("pre_add", "pre_remove", "post_add", "post_remove") and not pk_set:
        return
    if not reverse:
        objects = [instance]
    else:
        # `instance` is on the far side: the changed objects are the owners in `pk_set`.
        if action == "pre_clear":
            through_source, through_target = f.m2m_field_name(), f.m2m_reverse_field_name()
            pks = list(
                sender._base_manager.using(using)
                .filter(**{f"{through_target}_id": instance.pk})
                .values_list(f"{through_source}_id", flat=True)
            )
            instance.__dict__.setdefault(_CLEARED, {})[f.name] = pks
        elif action == "post_clear":
            pks = instance.__dict__.get(_CLEARED, {}).pop(f.name, [])
        else:
            pks = list(pk_set or ())
        if not pks:
            return
        owners = owner._base_manager.using(using).filter(pk__in=pks)
        if owner not in _TRACKED_MODELS:
            owners = owners.select_related("plan")
        objects = list(owners)
    batch = _batch(using)
    if action.startswith("pre_"):
        _links_before(batch, owner, f, objects, using)
        batch.arm()
        return
    added: dict[int, str] = {}
    if action == "post_add" and not reverse:
        added = {o.pk: str(o) for o in model._base_manager.using(using).filter(pk__in=pk_set)}
    announced: set[int | None] = set()
    for obj in objects:
        pending = _pending(batch, obj, Action.UPDATE)
        if pending is None:
            continue
        links = pending.links.get(f.name)
        if links is None:  # no pre_ signal seen (a receiver connected mid-transaction)
            now = _linked_names(owner, f, [obj.pk]).get(obj.pk, {})
            links = pending.links[f.name] = _Links(f, dict(now), now)
            continue
        if action == "post_add":
            links.now.update(added if not reverse else {instance.pk: str(instance)})
        elif action == "post_remove":
            for pk in pk_set if not reverse else [instance.pk]:  # type: ignore[union-attr]
                links.now.pop(pk, None)
        elif action == "post_clear":
            if reverse:
                links.now.pop(instance.pk, None)
            else:
                links.now.clear()
        if pending.plan_id not in announced:
            announced.add(pending.plan_id)
            _announce(pending)
    batch.arm()


def _links_before(
    batch: _Batch,
    owner: type[models.Model],
    f: models.ManyToManyField[Any, Any],
    objects: Sequence[models.Model],
    using: str,
) -> None:
    """Note the links of `objects` before their first change in this transaction."""
    unknown = []
    for obj in objects:
        pending = _pending(batch, obj, Action.UPDATE)
        if pending is None or f.name in pending.links:
            continue
        if pending.action == Action.CREATE:
            before: dict[int, str] | None = {}  # created in this transaction: no links yet
        else:
            loaded = batch.loaded_links.get((_concrete(owner), obj.pk), {})
            before = loaded.pop(f.name, None)
        if before is None:
            unknown.append(obj)
            continue
        pending.links[f.name] = _Links(f, dict(before), dict(before))
    if unknown:
        found = _linked_names(owner, f, [obj.pk for obj in unknown])
        for obj in unknown:
            before = found.get(obj.pk, {})
            pending = _pending(batch, obj, Action.UPDATE)
            assert pending is not None
            pending.links[f.name] = _Links(f, dict(before), dict(before))


_THROUGH: dict[type[models.Model], tuple[type[models.Model], Any]] = {}  # through -> owner, field


def _connect_model(model: type[models.Model], slug: str) -> None:
    uid = f"audit.{slug}"
    pre_save.connect(_before_save, sender=model, dispatch_uid=f"{uid}.pre_save")
    post_save.connect(_after_save, sender=model, dispatch_uid=f"{uid}.post_save")
    pre_delete.connect(_before_delete, sender=model, dispatch_uid=f"{uid}.pre_delete")
    post_delete.connect(_after_delete, sender=model, dispatch_uid=f"{uid}.post_delete")
    for f in tracked_links(model):
        through: Any = f.remote_field.through
        _THROUGH[through] = (model, f)
        m2m_changed.connect(_on_links, sender=through, dispatch_uid=f"{uid}.{f.name}.m2m")


def connect() -> None:
    """Connect the receivers for the plan and its registers (from `AuditConfig.ready`)."""
    for model, slug in REGISTER_OF.items():
        _connect_model(model, slug)
    plans_signals.entry_moved.connect(_on_moved, dispatch_uid="audit.entry_moved")
    plans_signals.entries_written.connect(_on_written, dispatch_uid="audit.entries_written")
    plans_signals.plan_written.connect(_on_plan_written, dispatch_uid="audit.plan_written")


def _on_moved(
    sender: Any, entry: models.Model, old_position: int, new_position: int, **_: Any
) -> None:
    if type(entry) in REGISTER_OF:
        record_move(entry, old_position, new_position)


def _on_written(
    sender: Any,
    plan: Plan,
    register: str,
    entries: list[Any],
    action: str,
    user: Any = None,
    links: bool = False,
    **_: Any,
) -> None:
    record_bulk(plan, register, entries, action, user=user, links=links)


def _on_plan_written(
    sender: Any,
    plan: Plan,
    created: dict[str, int],
    user: Any = None,
    copied_from: Plan | None = None,
    **_: Any,
) -> None:
    record_plan_written(plan, created, copied_from=copied_from, user=user)


# --- Explicit recording for paths without signals ----------------------------------------------


def record_plan_written(
    plan: Plan, created: dict[str, int], *, copied_from: Plan | None = None, user: Any = None
) -> None:
    """`plan` was made in one go with `created` entries per register (a copy of
    `copied_from`, an imported document): one event for the plan and its content. The
    plan's creation event (recorded by its save, in this transaction) gets where it was
    copied from and the number of entries of each register; the entries get no event of
    their own (their history pages show this one, see `came_with_plan`)."""
    using = router.db_for_write(Plan, instance=plan)
    batch = _batch(using)
    pending = _pending(batch, plan, Action.CREATE)
    if pending is None:
        return
    if pending.user is None:
        pending.user = _real(user)
    entries: list[dict[str, Any]] = []
    if copied_from is not None:
        entries.append(
            {
                "field": COPIED_FROM,
                "label": str(COPIED_FROM_LABEL),
                "old": "",
                "new": str(copied_from.name)[:REPR_LENGTH],
            }
        )
    for register in schema.REGISTERS:
        if count := created.get(register.slug, 0):
            label = str(capfirst(register.model._meta.verbose_name_plural))
            entries.append(
                {
                    # Not the slug alone: a plan has fields of register names ("goals").
                    "field": f"entries.{register.slug}",
                    "label": label,
                    "old": "",
                    "new": str(count),
                    "register": register.slug,
                    "count": count,
                }
            )
    pending.merge(entries)
    batch.arm()
    _announce(pending)


def record_created(objects: Iterable[models.Model], *, user: Any = None) -> None:
    """`objects` were created without signals (`bulk_create`): a creation event each, as a
    save records it, written with the transaction's other events."""
    for obj in objects:
        model = _concrete(type(obj))
        using = router.db_for_write(model, instance=obj)
        batch = _batch(using)
        pending = _pending(batch, obj, Action.CREATE)
        if pending is None:
            continue
        if pending.user is None:
            pending.user = _real(user)
        pending.merge(
            change(f, None, _value(obj, f))
            for f in tracked_fields(model)
            if not _empty(getattr(obj, f.attname))
        )
        batch.arm()
        _announce(pending)


def came_with_plan(plan_id: int, register: str, object_id: int) -> Q:
    """The creation event of plan `plan_id` when the plan was written in one go with
    entries of `register` (`record_plan_written`) and its entry `object_id` has no creation
    event of its own: the event that entry came with. A filter of `AuditEvent`s."""
    own_creation = AuditEvent.objects.filter(
        plan_id=plan_id, register=register, object_id=object_id, action=Action.CREATE
    )
    plan_created = Q(
        register=PLAN,
        object_id=plan_id,
        action=Action.CREATE,
        # The count's key as JSON text: both databases write it so (and SQLite has no
        # JSON containment).
        changes__icontains=f'"register": "{register}"',
    )
    return cast(Q, plan_created & ~Exists(own_creation))


def record_move(obj: models.Model, old_position: int, new_position: int) -> None:
    """`obj` moved from `old_position` to `new_position` (moves use `update()`)."""
    if old_position == new_position:
        return
    using = router.db_for_write(type(obj), instance=obj)
    batch = _batch(using)
    pending = _pending(batch, obj, Action.MOVE)
    if pending is None:
        return
    label = str(POSITION_LABEL)
    pending.merge(
        [{"field": "position", "label": label, "old": str(old_position), "new": str(new_position)}]
    )
    batch.arm()
    _announce(pending)


Row = tuple[models.Model, dict[str, tuple[Any, Any]]]


def record_bulk(
    plan: Plan,
    register: str,
    objects_or_rows: Iterable[models.Model | Row],
    action: str,
    user: Any = None,
    *,
    links: bool = False,
) -> int:
    """Record one event per object of `plan`'s `register` written without signals (bulk
    inserts, `update()`), in one bulk insert; returns how many events were recorded.

    Give model instances for a create or delete: their non-empty fields are listed (with
    `links`, also their many-to-many links, read in a few queries). Give (instance,
    {field name: (old, new)}) pairs for an update, with raw values (related objects for
    foreign keys); unchanged fields are left out, and so are objects with no change left.
    `user`: who did it; by default the current actor, else each object's `updated_by`.
    """
    rows = list(objects_or_rows)
    if not rows:
        return 0
    model = MODEL_OF[register]
    objects = [row[0] if isinstance(row, tuple) else row for row in rows]
    user = _real(user) or current_actor()
    users = _fallback_users(objects) if user is None else {}
    listed = _listed_values(model, [row for row in rows if not isinstance(row, tuple)], links)
    sign = -1 if action == Action.DELETE else 1
    described: dict[str, tuple[Any, str, dict[Any, Any] | None]] = {}
    at = timezone.now()
    names: dict[Any, str] = {}  # person -> name, read once
    events = []
    for row in rows:
        if isinstance(row, tuple):
            obj, given = row
            entries = [_given(model, n, o, v, described) for n, (o, v) in given.items()]
        else:
            obj = row
            entries = [
                {**e, "old": e["new"], "new": "", **_swap_values(e)} if sign < 0 else e
                for e in listed.get(obj.pk, [])
            ]
        entries = [e for e in entries if e["old"] != e["new"]]
        if not entries and action in (Action.UPDATE, Action.MOVE):
            continue
        person = user if user is not None else users.get(getattr(obj, "updated_by_id", None))
        if person not in names:
            names[person] = user_name(person)
        events.append(
            (
                plan.organization_id,
                plan.pk,
                plan.name[:300],
                register,
                obj.pk,
                _repr(obj),
                action,
                entries,
                getattr(person, "pk", None),
                names[person],
                at,
            )
        )
    # Rows, not AuditEvent instances, through the fast insert: a whole plan's write records
    # 10,000 events.
    insert_rows(AuditEvent, EVENT_FIELDS, events)
    _tell(Recorded(e[0], e[1], e[3], e[4], e[5], e[6], e[7], e[8]) for e in events)
    if events:
        plan_changed.send(
            sender=model,
            plan_id=plan.pk,
            user=user,
            register=register,
            object_id=None,
            action=action,
        )
    return len(events)


def _given(
    model: type[models.Model],
    name: str,
    old: Any,
    new: Any,
    described: dict[str, tuple[Any, str, dict[Any, Any] | None]],
) -> dict[str, Any]:
    """`change` for a field given by name; its label and choices looked up once per call of
    `record_bulk` (translating a label costs more than the rest of a change)."""
    if name not in described:
        f: Any = model._meta.get_field(name)
        described[name] = (f, _label(f), dict(f.flatchoices) if f.choices else None)
    f, label, choices = described[name]
    if choices is None and type(old) in _TEXT and type(new) in _TEXT:
        # Text, or nothing: as `change` gives it, without its look at the field (most
        # values of a whole plan's entries are text; this is per value of 10,000 entries).
        return {
            "field": name,
            "label": label,
            "old": "" if old is None else old,
            "new": "" if new is None else new,
        }
    return change(f, old, new, label=label, choices=choices)


_TEXT = frozenset({str, type(None)})


def _swap_values(entry: dict[str, Any]) -> dict[str, Any]:
    if "new_value" not in entry:
        return {}
    return {"old_value": entry["new_value"], "new_value": ""}


def _fallback_users(objects: Sequence[models.Model]) -> dict[int | None, Any]:
    from django.contrib.auth import get_user_model

    ids = {getattr(o, "updated_by_id", None) for o in objects} - {None}
    return dict(get_user_model()._default_manager.in_bulk(ids)) if ids else {}


def _listed_values(
    model: type[models.Model], objects: Sequence[models.Model], links: bool
) -> dict[int, list[dict[str, Any]]]:
    """For each object: its non-empty fields as changes from nothing, in a query per foreign
    key (and, with `links`, per many-to-many field) whatever the number of objects."""
    if not objects:
        return {}
    related: dict[str, dict[Any, Any]] = {}
    for f in tracked_fields(model):
        if f.is_relation:
            ids = {getattr(o, f.attname) for o in objects} - {None}
            target: Any = f.related_model
            related[f.name] = target._base_manager.in_bulk(ids) if ids else {}
    names: dict[str, dict[int, dict[int, str]]] = {}
    if links:
        pks = [o.pk for o in objects]
        names = {f.name: _linked_names(model, f, pks) for f in tracked_links(model)}
    fields = tracked_fields(model)
    labels = {f.name: _label(f) for f in [*fields, *tracked_links(model)]}
    choices = {f.name: dict(f.flatchoices) for f in fields if f.choices}
    listed = {}
    for obj in objects:
        entries = []
        for f in fields:
            value = getattr(obj, f.attname)
            if _empty(value):
                continue
            if f.is_relation:
                value = related[f.name].get(value, value)
            entries.append(
                change(f, None, value, label=labels[f.name], choices=choices.get(f.name))
            )
        entries += [
            {"field": n, "label": labels[n], "old": "", "new": _joined(v)}
            for n, by_object in names.items()
            if (v := by_object.get(obj.pk))
        ]
        listed[obj.pk] = [e for e in entries if e["new"]]
    return listed
