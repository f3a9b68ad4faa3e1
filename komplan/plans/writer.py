"""The one writer of whole plans: copies, every import and restoring a frozen version.

`plan_write(data=…, user=…, organization=… | plan=…)` writes plain plan data (`PlanData`, as
`komplan.plans.planjson_read` reads it from plan JSON or an importer builds it) in one
transaction. The rules:

- **Where.** With `organization`, a new plan is made from the data's facts. With `plan`, the
  entries go into that plan: appended after its own, or, with `replace=True`, in place of its
  content (restoring a version): its facts become the data's, an entry whose `id` is one of
  the plan's entries of that register is updated in place (so it keeps its history, its
  links from meetings and its identity in comparisons), and so is one without an `id` that
  has an entry's name (`match`); the others are created, and the plan's entries that the
  data does not hold are deleted.
- **Positions.** The plan's row is locked (`select_for_update`) before any position is
  computed, so two writers into one plan queue instead of taking the same places. Appended
  entries follow the plan's own in data order; a replaced register is numbered 1..n.
- **References** are keys within the data (`EntryData.key`). An entry with `pk` stands for
  the plan's existing entry (an import that found it already there): it is not written, its
  key resolves to it, and in append mode the many-to-many links the data gives it are added.
  References to keys the data does not have are left out (readers report them first).
- **Values.** Only content fields are taken from the data (`schema`): text is cut to the
  model's length (`schema.clip`); choices must be valid (ValueError otherwise: readers check
  them). Derived fields (an activity's period) are computed by the model's `refresh_period`.
- **Audit and drafts.** Bulk writes send no model signals. A new plan (a copy, a document
  imported as a plan) is one `plans.signals.plan_written` with the number of entries per
  register: the audit trail records it as the plan's one creation event, not an event per
  entry (a whole plan is 10,000 entries: their events were most of what the database had to
  check at the commit). Writing into a plan (an import into it, restoring a version) tells
  each change: one `plans.signals.entries_written` per register and action (one event per
  entry, links included). The audit app's recording sends `plan_changed`, which starts the
  next draft of a plan that is not a draft (the versions app). Deletions go through the ORM
  and its signals.
- **Queries.** A constant number per register whatever the data's size, apart from the
  database's batches of bulk inserts and updates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from django.db import connections, models, router, transaction
from django.db.models import F, Max
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init
from django.utils import timezone

from komplan.core.bulk import gc_paused, insert_rows
from komplan.plans import extensions, schema
from komplan.plans.models import Activity, Follow, Plan
from komplan.plans.planjson import plan_link_rows, plan_links, register_rows
from komplan.plans.signals import entries_written as _entries_written
from komplan.plans.signals import plan_written

__all__ = [
    "BATCH",
    "EntryData",
    "PlanData",
    "RevisionData",
    "Written",
    "entries_written",
    "match",
    "plan_data",
    "plan_periods_refresh",
    "plan_write",
]

BATCH = 500  # rows per update; SQLite's parameter limit may make batches smaller
CHUNK = 900  # ids per `IN (…)`: under SQLite's oldest limit of 999 parameters
PERIOD_FIELDS = (
    "parsed_start",
    "parsed_end",
    "open_ended",
    "preliminary",
    "period_note",
    "period_reason",
    "starts_on",
    "ends_on",
)


@dataclass(slots=True)
class EntryData:
    """One register entry to write: its content values and references by model field name.

    `values` holds content fields only (missing ones take the model's default); `refs` a key
    (or None) for a foreign key and a list of keys for many-to-many links. `id` is the entry's
    identity in the document it came from (restoring matches on it); `pk` the target plan's
    entry it stands for, when an import found it already there."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)
    refs: dict[str, Any] = field(default_factory=dict)
    id: int | None = None
    pk: int | None = None
    # With `pk`, in append mode: the plan's entry takes `values` and, for each field `refs`
    # names, exactly those links (a re-imported sheet changing an activity); the fields the
    # data does not name are left as they are.
    update: bool = False


@dataclass(slots=True)
class RevisionData:
    """A row of a document's revision table: kept by the versions app, not by the writer."""

    version: str = ""
    date: str = ""  # as written; plan JSON writes ISO days
    status: str = ""
    comment: str = ""
    changed_by: str = ""


@dataclass(slots=True)
class PlanData:
    """A whole plan as plain data: content facts by field name and each register's entries
    (by slug, in document order)."""

    facts: dict[str, Any] = field(default_factory=dict)
    registers: dict[str, list[EntryData]] = field(default_factory=dict)
    revisions: list[RevisionData] = field(default_factory=list)
    # What the document said of its own workflow (status, version, organisation); never written.
    workflow: dict[str, Any] = field(default_factory=dict)
    # Parts kept by apps above plans (`extensions.PARTS`), by name, as plan JSON has them.
    parts: dict[str, Any] = field(default_factory=dict)
    # In append mode: the plan's entries to delete, by register slug (a re-imported sheet
    # no longer has them).
    delete: dict[str, list[int]] = field(default_factory=dict)

    def entries(self, slug: str) -> list[EntryData]:
        return self.registers.get(slug, [])


@dataclass(slots=True)
class Written:
    """What `plan_write` did: the plan, and per register how many entries it created,
    updated and deleted, and the database id of every key."""

    plan: Plan
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    pks: dict[str, dict[str, int]] = field(default_factory=dict)


@gc_paused()
def plan_data(plan: Plan) -> PlanData:
    """The plan as the writer's data, read from the database in the queries its plan JSON
    takes (`planjson.plan_to_json`) and holding what that would give the writer after the
    reader: content values as stored, references as keys, ids. For a copy, without the
    detour through JSON text."""
    data = PlanData(facts={f.name: getattr(plan, f.name) for f in schema.FACTS.fields})
    links = plan_links(plan.pk)
    keys: dict[str, dict[int, str]] = {}
    for register in schema.REGISTERS:
        rows = register_rows(register, plan.pk)
        own = keys[register.slug] = {
            row["pk"]: f"{register.kind}-{n}" for n, row in enumerate(rows, 1)
        }
        # The fields sorted out once, not per row (10,000 activities).
        plain = [f.name for f in register.content if not isinstance(f, schema.Ref)]
        single = [
            (f.name, f"{f.name}_id", keys[f.register])
            for f in register.content
            if isinstance(f, schema.Ref) and not f.many
        ]
        many = [
            (f.name, links[(register.slug, f.name)], keys[f.register])
            for f in register.content
            if isinstance(f, schema.Ref) and f.many
        ]
        entries = []
        for row in rows:
            pk = row["pk"]
            refs: dict[str, Any] = {name: known.get(row[column]) for name, column, known in single}
            for name, by_source, known in many:
                refs[name] = [known[target] for target in by_source.get(pk, ()) if target in known]
            entries.append(
                EntryData(key=own[pk], values={name: row[name] for name in plain}, refs=refs, id=pk)
            )
        data.registers[register.slug] = entries
    for part in extensions.PARTS.values():
        data.parts[part.name] = part.dump(plan, lambda slug, pk: keys[slug].get(pk or 0))
    return data


def _real(user: Any) -> Any:
    return user if getattr(user, "pk", None) else None


@gc_paused()
@transaction.atomic
def plan_write(
    *,
    data: PlanData,
    user: Any,
    organization: Any = None,
    plan: Plan | None = None,
    replace: bool = False,
    copied_from: Plan | None = None,
    version: str = "",
) -> Written:
    """Write `data` as a new plan of `organization` (`copied_from` and `version`, if given,
    set on it), or into `plan`: after its entries, or in place of its content (`replace`).
    All in one transaction; see the module's rules."""
    user = _real(user)
    if plan is None:
        if organization is None:
            raise ValueError("plan_write needs a plan or an organisation")
        target = _new_plan(data, organization, user, copied_from, version)
        current: dict[str, list[Any]] = {}
        links: dict[tuple[str, str], dict[int, dict[int, int]]] = {}
    else:
        # Positions are computed under this lock: a second writer into the plan waits here.
        target = (
            Plan.objects.select_for_update(of=("self",))
            .select_related("organization")
            .get(pk=plan.pk)
        )
        adds_links = not replace and _adds_links(data)
        if replace:
            current = _current(target)
        elif _links_to_plan(data) or data.delete:
            # The plan's entries the data stands for, with their names for the audit trail;
            # of its activities only those the data changes or deletes.
            current = _current(target, skip={"activities"})
            touched = _touched(data, "activities")
            if touched:
                current["activities"] = list(
                    Activity.objects.filter(plan_id=target.pk, pk__in=touched).order_by(
                        "position", "pk"
                    )
                )
        else:
            current = {}
        links = _current_links(target) if replace or adds_links or data.delete else {}
        _set_facts(target, data.facts, user, refresh=not replace)
    writer = _Writer(target, user, current, links, new_plan=plan is None)
    if replace:
        for register in reversed(schema.REGISTERS):  # referring entries before referred ones
            writer.delete_missing(register, data.entries(register.slug))
    elif data.delete:
        for register in reversed(schema.REGISTERS):
            if data.delete.get(register.slug):
                writer.delete_rows(register, set(data.delete[register.slug]))
    for register in schema.REGISTERS:
        writer.write(register, data.entries(register.slug), replace=replace)
    for name, value in data.parts.items():  # after the registers: parts refer to entries
        if name in extensions.PARTS:
            extensions.PARTS[name].load(
                plan=target, value=value, keys=writer.written.pks, user=user, replace=replace
            )
    if plan is None:  # the audit trail records the new plan with its content as one event
        plan_written.send(
            Plan,
            plan=target,
            user=user,
            created=dict(writer.written.created),
            copied_from=copied_from,
        )
    return writer.written


def _new_plan(
    data: PlanData, organization: Any, user: Any, copied_from: Plan | None, version: str
) -> Plan:
    facts = _facts(data.facts)
    plan = Plan(organization=organization, updated_by=user, copied_from=copied_from, **facts)
    if version:
        plan.version = schema.clip(Plan, "version", version)
    plan.save()  # through the model: the audit trail records the plan's creation
    plan.organization = organization
    if user is not None:
        Follow.objects.create(user=user, plan=plan)  # whoever makes a plan follows it
    return plan


def _facts(given: dict[str, Any]) -> dict[str, Any]:
    """The content facts of `given`, text cut to the model's lengths."""
    facts = {}
    for f in schema.FACTS.fields:
        if f.name in given:
            value = given[f.name]
            facts[f.name] = schema.clip(Plan, f.name, value) if isinstance(value, str) else value
    return facts


def _set_facts(plan: Plan, given: dict[str, Any], user: Any, *, refresh: bool) -> None:
    """Give the plan the facts in `given`; re-read its activities' times when what they are
    read within (language, dates) changed and they are not all written anyway."""
    changed = {k: v for k, v in _facts(given).items() if getattr(plan, k) != v}
    if not changed:
        return
    for name, value in changed.items():
        setattr(plan, name, value)
    plan.lock_version += 1  # a form opened before this write must not overwrite it
    plan.updated_by = user
    plan.save()  # through the model: the audit trail records which facts changed
    if refresh and {"language", "start_date", "end_date"} & set(changed):
        plan_periods_refresh(plan=plan)


def _links_to_plan(data: PlanData) -> bool:
    """True when some of the data's entries are the plan's own (an import found them)."""
    return any(e.pk is not None for r in schema.REGISTERS for e in data.entries(r.slug))


def _touched(data: PlanData, slug: str) -> list[int]:
    """The plan's entries of `slug` the data updates or deletes (append mode)."""
    updated = [e.pk for e in data.entries(slug) if e.update and e.pk is not None]
    return [*updated, *data.delete.get(slug, [])]


def _adds_links(data: PlanData) -> bool:
    """True when entries already in the plan get links from the data (an import)."""
    return any(
        entry.pk is not None and any(entry.refs.get(ref.name) for ref in register.links)
        for register in schema.REGISTERS
        for entry in data.entries(register.slug)
    )


def _current(plan: Plan, skip: Iterable[str] = ()) -> dict[str, list[Any]]:
    """The plan's entries of every register but those in `skip`, in document order."""
    return {
        register.slug: list(
            register.model._default_manager.filter(plan_id=plan.pk).order_by("position", "pk")
        )
        for register in schema.REGISTERS
        if register.slug not in skip
    }


def _current_links(plan: Plan) -> dict[tuple[str, str], dict[int, dict[int, int]]]:
    """(register, field) -> source id -> target id -> through-row id, in one query."""
    found: dict[tuple[str, str], dict[int, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    for slug, name, through_id, source, target in plan_link_rows(plan.pk):
        found[(slug, name)][source][target] = through_id
    return found


class _Writer:
    """Writes one register after another; keeps every key's entry for the references of the
    registers after it."""

    def __init__(
        self,
        plan: Plan,
        user: Any,
        current: dict[str, list[Any]],
        links: dict[tuple[str, str], dict[int, dict[int, int]]],
        *,
        new_plan: bool,
    ) -> None:
        self.plan = plan
        self.user = user
        self.current = current
        self.links = links
        self.new_plan = new_plan
        self.seasons = plan.organization.season_system
        self.now = timezone.now()
        # Time texts read for this plan's facts: its activities repeat them.
        self.periods: dict[str, Any] = {}
        self.written = Written(plan)
        self.gone: dict[str, set[int]] = {}  # slug -> pks deleted (replace mode)
        self.matches: dict[str, list[int | None]] = {}  # slug -> _match's answer
        # slug -> key -> the entry's instance (new, updated or, for linked ones, a stub).
        self.by_key: dict[str, dict[str, Any]] = {}
        # slug -> pk -> instance of every entry known: the current ones and the new ones.
        self.known: dict[str, dict[int, Any]] = {
            slug: {row.pk: row for row in rows} for slug, rows in current.items()
        }

    # --- matching --------------------------------------------------------------------------

    def _match(self, register: schema.Register, entries: Sequence[EntryData]) -> list[int | None]:
        """The pk of the plan's entry each data entry is written over (replace mode), None for
        new ones (see `match`); worked out once per register."""
        if register.slug not in self.matches:
            name = register.name_field
            self.matches[register.slug] = match(
                [
                    (e.pk if e.pk is not None else e.id, str(e.values.get(name, "")))
                    for e in entries
                ],
                [(row.pk, str(getattr(row, name))) for row in self.current.get(register.slug, [])],
            )
        return self.matches[register.slug]

    def delete_missing(self, register: schema.Register, entries: Sequence[EntryData]) -> None:
        """Delete the plan's entries of `register` that `entries` do not hold (replace mode).
        What points at them from elsewhere lets go as its foreign key says (a meeting's
        action item keeps its text), their links go with them, and the audit trail records
        each with its last values and links."""
        keep = {pk for pk in self._match(register, entries) if pk is not None}
        self.delete_rows(register, {row.pk for row in self.current.get(register.slug, [])} - keep)

    def delete_rows(self, register: schema.Register, pks: set[int]) -> None:
        """Delete the plan's entries `pks` of `register` (see `delete_missing`)."""
        keep = {row.pk for row in self.current.get(register.slug, [])} - pks
        rows = [row for row in self.current.get(register.slug, []) if row.pk not in keep]
        gone = [row.pk for row in rows]
        if gone and not _delete_in_bulk(register.model, gone):
            # Something holds on to these entries in a way only the ORM knows to follow:
            # delete through it (its signals tell the audit trail, entry by entry).
            manager = register.model._default_manager
            for start in range(0, len(gone), CHUNK):
                manager.filter(pk__in=gone[start : start + CHUNK]).delete()
        elif gone:
            entries_written(
                self.plan,
                register.slug,
                self._last_values(register, rows),
                "delete",
                user=self.user,
            )
        self.gone[register.slug] = set(gone)
        self.written.deleted[register.slug] = len(gone)
        self.current[register.slug] = [
            row for row in self.current.get(register.slug, []) if row.pk in keep
        ]

    def _last_values(
        self, register: schema.Register, rows: list[Any]
    ) -> list[tuple[Any, dict[str, tuple[Any, Any]]]]:
        """Deleted entries as the audit trail records them: each content value and link (as
        names) going to nothing; the values are at hand, so nothing is read again."""
        found = []
        for row in rows:
            given: dict[str, tuple[Any, Any]] = {}
            for f in register.content:
                if isinstance(f, schema.Ref) and f.many:
                    targets = self.links.get((register.slug, f.name), {}).get(row.pk, {})
                    value: Any = _names(self.known.get(f.register, {}), targets) or None
                elif isinstance(f, schema.Ref):
                    target_id = getattr(row, f"{f.name}_id")
                    value = self.known.get(f.register, {}).get(target_id, target_id)
                else:
                    value = getattr(row, f.name)
                if value is not None and value != "":
                    given[f.name] = (value, None)
            found.append((row, given))
        return found

    # --- writing ---------------------------------------------------------------------------

    def write(
        self, register: schema.Register, entries: Sequence[EntryData], *, replace: bool
    ) -> None:
        model = register.model
        slug = register.slug
        matched = self._match(register, entries) if replace else [e.pk for e in entries]
        known = self.known.setdefault(slug, {})
        rows: list[Any] = []  # the row of each entry, in data order
        new_rows: list[Any] = []
        changed: list[tuple[Any, dict[str, tuple[Any, Any]]]] = []
        columns: list[tuple[Any, set[str]]] = []  # the changed rows and their changed fields
        if replace:
            self._make_room(register, entries, matched)
            position = 0
        else:
            appends = any(pk is None for pk in matched)
            position = self._last_position(model) if appends and not self.new_plan else 0
        for entry, pk in zip(entries, matched, strict=True):
            if pk is None:
                position += 1
                row = self._build(register, entry, position)
                new_rows.append(row)
            elif replace:
                position += 1
                row = known[pk]
                changes, derived = self._update(register, row, entry)
                if changes or derived:
                    changed.append((row, changes))
                    columns.append((row, {*changes, *derived, *_STAMPS, "position"}))
                elif row.position != position:
                    columns.append((row, {"position"}))  # moved, not changed
                row.position = position
            elif entry.update and pk in known:  # an entry already in the plan, changed
                row = known[pk]
                changes, derived = self._update(register, row, entry, only=True)
                if changes or derived:
                    changed.append((row, changes))
                    columns.append((row, {*changes, *derived, *_STAMPS}))
            else:  # an entry already in the plan: linked, not written
                row = known.get(pk) or model(pk=pk, plan=self.plan)
                known.setdefault(pk, row)
            rows.append(row)
        _insert(model, new_rows)
        for row in new_rows:
            known[row.pk] = row
        _update_columns(model, columns)
        self.by_key[slug] = {entry.key: row for entry, row in zip(entries, rows, strict=True)}
        self.written.pks[slug] = {key: row.pk for key, row in self.by_key[slug].items()}
        old = [(entry, row) for entry, row, pk in zip(entries, rows, matched, strict=True) if pk]
        created_links, link_changes = self._write_links(
            register, entries, rows, old, replace=replace
        )
        updates = {row.pk: (row, dict(changes)) for row, changes in changed}
        for row, changes in link_changes:
            updates.setdefault(row.pk, (row, {}))[1].update(changes)
        self._record(register, new_rows, created_links, [u for u in updates.values() if u[1]])
        self.written.created[slug] = len(new_rows)
        self.written.updated[slug] = sum(1 for _row, changes in updates.values() if changes)

    def pks_of(self, slug: str) -> dict[str, int]:
        """Key -> id of the register's written entries (made once, as the register is
        written): the links of 10,000 activities look up 70,000 ids, and a model's `pk` is a
        property call each time."""
        return self.written.pks.get(slug, {})

    def _last_position(self, model: type[models.Model]) -> int:
        last = model._default_manager.filter(plan_id=self.plan.pk).aggregate(last=Max("position"))
        return int(last["last"] or 0)

    def _make_room(
        self, register: schema.Register, entries: Sequence[EntryData], matched: list[int | None]
    ) -> None:
        """Before a replaced register is numbered 1..n: when a kept entry changes places,
        move every entry out of the way first, so that no two share a place at any moment
        (positions are unique within a plan)."""
        rows = {row.pk: row for row in self.current.get(register.slug, [])}
        targets = {pk: n for n, pk in enumerate(matched, start=1) if pk is not None}
        if all(rows[pk].position == n for pk, n in targets.items()):
            return  # the kept entries are already in place; new ones take the free places
        offset = max([len(entries), *(row.position for row in rows.values())]) + 1
        register.model._default_manager.filter(plan_id=self.plan.pk).update(
            position=F("position") + offset
        )
        for row in rows.values():
            row.position += offset

    def _values(self, register: schema.Register, entry: EntryData) -> dict[str, Any]:
        """The entry's content values as the model stores them: defaults for missing ones,
        text cut to the model's length, foreign keys resolved through the keys written."""
        values: dict[str, Any] = {}
        given = entry.values
        for name, target, default, limit, choices in _content(register):
            if target:  # a foreign key
                key = entry.refs.get(name)
                values[name] = self.by_key.get(target, {}).get(key) if key else None
                continue
            value = given[name] if name in given else default()
            if isinstance(value, str) and limit is not None and len(value) > limit:
                value = value[:limit]  # schema.clip, with the limit looked up once
            if choices is not None and value is not None and value not in choices:
                raise ValueError(f"{register.slug}.{name}: {value!r} is not a choice")
            values[name] = value
        return values

    def _build(self, register: schema.Register, entry: EntryData, position: int) -> Any:
        values = self._values(register, entry)
        values["plan"], values["position"], values["updated_by"] = self.plan, position, self.user
        row = _instance(register.model, values)
        if isinstance(row, Activity):  # save() is not called: the insert is in bulk
            row.refresh_period(self.plan, seasons=self.seasons, read=self.periods)
        return row

    def _update(
        self, register: schema.Register, row: Any, entry: EntryData, *, only: bool = False
    ) -> tuple[dict[str, tuple[Any, Any]], set[str]]:
        """Set the entry's values on the plan's `row` (`only`: just those the entry names):
        the content changes a person sees (field -> (old, new)), and the derived values that
        changed (an activity's period)."""
        changes: dict[str, tuple[Any, Any]] = {}
        single = {ref.name: ref.register for ref in register.refs if not ref.many}
        values = self._values(register, entry)
        if only:
            values = {k: v for k, v in values.items() if k in entry.values or k in entry.refs}
        for name, value in values.items():
            if name in single:
                # Compared by id: reading the related row through the field costs a query.
                old_id, new_id = getattr(row, f"{name}_id"), getattr(value, "pk", None)
                if old_id != new_id:
                    old = self.known.get(single[name], {}).get(old_id, old_id)
                    changes[name] = (old, value)
                    setattr(row, name, value)
                continue
            old = getattr(row, name)
            if old != value:
                changes[name] = (old, value)
                setattr(row, name, value)
        derived: set[str] = set()
        if isinstance(row, Activity):
            derived = _read_period(row, self.plan, seasons=self.seasons, read=self.periods)
        if changes or derived:
            row.lock_version += 1  # a form opened before the restore must not overwrite it
            row.updated_by = self.user
            row.updated_at = self.now
        return changes, derived

    def _write_links(
        self,
        register: schema.Register,
        entries: Sequence[EntryData],
        rows: list[Any],
        old: list[tuple[EntryData, Any]],
        *,
        replace: bool,
    ) -> tuple[dict[int, dict[str, str]], list[tuple[Any, dict[str, tuple[str, str]]]]]:
        """Write the register's many-to-many links: new entries get theirs; entries that were
        there get exactly theirs (replace) or theirs added (append). Returns, for the audit
        trail, the new entries' links (pk -> field -> names) and the changes of the links of
        the entries that were there (names before and after)."""
        created: dict[int, dict[str, str]] = defaultdict(dict)
        changes: dict[int, tuple[Any, dict[str, tuple[str, str]]]] = {}
        old_rows = {id(row) for _entry, row in old}
        for ref in register.links:
            field: Any = register.model._meta.get_field(ref.name)
            targets = self.pks_of(ref.register)
            gone = self.gone.get(ref.register, set())
            existing = self.links.get((register.slug, ref.name), {})
            names = self.known.get(ref.register, {})
            add: list[tuple[int, int]] = []
            for entry, row in zip(entries, rows, strict=True):
                if id(row) not in old_rows:
                    want = _wanted(entry, ref.name, targets)
                    add += [(row.pk, pk) for pk in want]
                    if want and not self.new_plan:  # a new plan's entries are not told
                        created[row.pk][ref.name] = _names(names, want)
            remove: list[int] = []
            for entry, row in old:
                had = existing.get(row.pk, {})
                want = _wanted(entry, ref.name, targets)
                # An updated entry gets exactly the links its data names for this field.
                exact = replace or (entry.update and ref.name in entry.refs)
                now = want if exact else [*had, *(pk for pk in want if pk not in had)]
                add += [(row.pk, pk) for pk in want if pk not in had]
                if exact:
                    # Links to entries deleted above went with them (the database cascades).
                    remove += [
                        link for pk, link in had.items() if pk not in set(want) and pk not in gone
                    ]
                if set(now) != set(had):
                    before, after = _names(names, had), _names(names, now)
                    changes.setdefault(row.pk, (row, {}))[1][ref.name] = (before, after)
            through: Any = field.remote_field.through
            for start in range(0, len(remove), CHUNK):
                through._default_manager.filter(pk__in=remove[start : start + CHUNK]).delete()
            _insert_links(field, add)
        return created, list(changes.values())

    def _record(
        self,
        register: schema.Register,
        new_rows: list[Any],
        created_links: dict[int, dict[str, str]],
        updates: list[tuple[Any, dict[str, tuple[Any, Any]]]],
    ) -> None:
        """Tell the audit trail: the created entries with their values and links, and the
        changed ones field by field; links as the names of what they point at. The writer
        names the values itself (it has them at hand), so the trail reads nothing back. The
        entries of a new plan are told as the plan's content (`plan_written`), not here."""
        created = []
        for row in new_rows if not self.new_plan else ():
            given: dict[str, tuple[Any, Any]] = {}
            for f in register.content:
                if isinstance(f, schema.Ref) and f.many:
                    value: Any = created_links.get(row.pk, {}).get(f.name)
                else:
                    value = getattr(row, f.name)  # a foreign key's target is at hand: no query
                if value is not None and value != "":
                    given[f.name] = (None, value)
            created.append((row, given))
        slug = register.slug
        entries_written(self.plan, slug, created, "create", user=self.user, links=True)
        entries_written(self.plan, slug, updates, "update", user=self.user)


def _delete_in_bulk(model: type[models.Model], pks: list[int]) -> bool:
    """Delete the `model` rows `pks` with plain statements, doing what their relations ask:
    the links of many-to-many fields to and from them go, foreign keys that point at them
    and say SET_NULL are emptied. False, and nothing done, when some relation asks for more
    (a cascade, a protection) than that: the ORM must delete them then."""
    links: list[tuple[Any, str]] = []  # (through model, its column pointing at `model`)
    emptied: list[tuple[Any, str]] = []  # (model, its foreign key pointing at `model`)
    for f in model._meta.many_to_many:
        field: Any = f
        links.append((field.remote_field.through, field.m2m_column_name()))
        if field.related_model is model:  # related to itself: its rows are targets too
            links.append((field.remote_field.through, field.m2m_reverse_name()))
    for relation in model._meta.related_objects:
        rel: Any = relation
        if rel.many_to_many:
            links.append((rel.through, rel.field.m2m_reverse_name()))
        elif rel.on_delete is models.SET_NULL:
            emptied.append((rel.related_model, rel.field.name))
        else:
            return False
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for start in range(0, len(pks), 1000):
            # Integers komplan read from the database: written into the statement.
            ids = ", ".join(str(int(pk)) for pk in pks[start : start + 1000])
            for through, column in dict.fromkeys(links):
                table = quote(through._meta.db_table)
                cursor.execute(f"DELETE FROM {table} WHERE {quote(column)} IN ({ids})")
            for other, name in emptied:
                key: Any = other._meta.get_field(name)
                cursor.execute(
                    f"UPDATE {quote(other._meta.db_table)} SET {quote(key.column)} = NULL"
                    f" WHERE {quote(key.column)} IN ({ids})"
                )
            table, pk = quote(model._meta.db_table), quote(str(model._meta.pk.column))
            cursor.execute(f"DELETE FROM {table} WHERE {pk} IN ({ids})")
    return True


_STAMPS = ("lock_version", "updated_by", "updated_at")


def _update_columns(model: type[models.Model], rows: list[tuple[Any, set[str]]]) -> None:
    """Write the changed fields of changed rows: one UPDATE per batch, setting each column
    some row of the batch changed by a CASE over just those rows (the others keep their
    value). `bulk_update` sets every column of every row, resolving an expression per row
    and column: 25 s for 500 activities of a re-import."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    meta = model._meta
    table, pk = quote(meta.db_table), quote(str(meta.pk.column))
    cast = connection.features.requires_casted_case_in_updates
    limit = min(connection.features.max_query_params or 10_000, 10_000)
    order = {f.name: n for n, f in enumerate(meta.concrete_fields)}
    batches: list[list[tuple[Any, set[str]]]] = [[]]
    params = 0
    for row, names in rows:
        if batches[-1] and (params + len(names) > limit or len(batches[-1]) >= BATCH):
            batches.append([])
            params = 0
        batches[-1].append((row, names))
        params += len(names)
    with connection.cursor() as cursor:
        for batch in batches:
            wanted = {name for _row, changed in batch for name in changed}
            sets, values = [], []
            for name in sorted(wanted, key=lambda name: order[name]):
                f: Any = meta.get_field(name)
                whens = []
                for row, changed in batch:
                    if name in changed:
                        # Ids are integers komplan made: written into the statement.
                        whens.append(f"WHEN {int(row.pk)} THEN %s")
                        values.append(f.get_db_prep_save(getattr(row, f.attname), connection))
                column = quote(f.column)
                case = f"CASE {pk} {' '.join(whens)} ELSE {column} END"
                if cast:
                    case = f"CAST({case} AS {f.db_type(connection)})"
                sets.append(f"{column} = {case}")
            ids = ", ".join(str(int(row.pk)) for row, _changed in batch)
            cursor.execute(f"UPDATE {table} SET {', '.join(sets)} WHERE {pk} IN ({ids})", values)


_MAKERS: dict[type[models.Model], tuple[tuple[str, str, bool, Any, bool], ...]] = {}


def _instance(model: type[models.Model], values: dict[str, Any]) -> Any:
    """A new `model` instance with `values` by field name (related objects for foreign
    keys), the other fields at their defaults: what `model(**values)` makes. When the model
    has Django's `__init__` and no one listens to its `pre_init`/`post_init` (checked per
    call), its columns are set as `Model.__init__` sets positional values, without the
    call: that is, and the keyword arguments before it were, most of the client's time of
    building 10,000 activities."""
    makers = _MAKERS.get(model)
    if makers is None:
        makers = _MAKERS[model] = tuple(_maker(f) for f in model._meta.concrete_fields)
    plain = model.__init__ is models.Model.__init__ and not (
        pre_init.has_listeners(model) or post_init.has_listeners(model)
    )
    columns: dict[str, Any] = {}
    related = []
    for name, attname, relation, default, constant in makers:
        if name in values:
            value = values[name]
            if relation:
                related.append((name, value))
                value = None if value is None else value.pk
        else:
            value = default if constant else default()
        columns[attname] = value
    if plain:
        row = model.__new__(model)
        row._state = ModelState()
        row.__dict__.update(columns)
    else:
        row = model(*columns.values())
    cache = row._state.fields_cache
    for name, value in related:  # as `row.<name> = value` leaves it: no query to read it
        cache[name] = value
    return row


def _maker(f: Any) -> tuple[str, str, bool, Any, bool]:
    """(name, column attribute, whether a foreign key, its default or default's maker,
    whether the default is one value for every row): a default that is not a callable is
    that value, always."""
    constant = not (f.has_default() and callable(f.default))
    return (
        f.name,
        f.attname,
        f.is_relation,
        f.get_default() if constant else f.get_default,
        constant,
    )


def _insert(model: type[models.Model], rows: list[Any]) -> None:
    """Insert new entries (model instances) and give them their ids: `bulk_create`'s work
    through `komplan.core.bulk.insert_rows`, which sends the values as they are."""
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    stamped = [
        f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    for row in rows:
        for f in stamped:
            f.pre_save(row, True)
    names = [f.attname for f in fields]
    values = itemgetter(*names) if len(names) > 1 else lambda d: (d[names[0]],)
    ids = insert_rows(
        model,
        [f.name for f in fields],
        [values(row.__dict__) for row in rows],
        returning=True,
    )
    using = router.db_for_write(model)
    for row, pk in zip(rows, ids, strict=True):
        row.pk = pk
        row._state.adding = False
        row._state.db = using


def _insert_links(field: Any, pairs: list[tuple[int, int]]) -> None:
    """Insert many-to-many links (source id, target id) into `field`'s through table: in one
    statement, without a model instance for each (a 10,000-activity plan has 70,000 links)."""
    through = field.remote_field.through
    insert_rows(through, [field.m2m_field_name(), field.m2m_reverse_field_name()], pairs)


def match(
    entries: Sequence[tuple[int | None, str]], current: Sequence[tuple[int, str]]
) -> list[int | None]:
    """Which of a register's `current` entries (id, name) each of the data's `entries`
    (id or None, name) stands for, None for a new one: the entry with its id; for an entry
    without an id (a document written before ids), the first entry of the same casefolded
    name that nothing else took, as the comparison of versions matches them."""
    ids = {pk for pk, _name in current}
    used: set[int] = set()
    matched: list[int | None] = []
    for pk, _name in entries:
        if pk is not None and pk in ids and pk not in used:
            used.add(pk)
            matched.append(pk)
        else:
            matched.append(None)
    by_name: dict[str, list[int]] = defaultdict(list)
    for pk, name in current:
        if pk not in used:
            by_name[name.casefold()].append(pk)
    for n, (pk, name) in enumerate(entries):
        if pk is None and by_name.get(name.casefold()):
            matched[n] = by_name[name.casefold()].pop(0)
    return matched


_CONTENT: dict[str, tuple[tuple[str, str, Any, int | None, frozenset[Any] | None], ...]] = {}


def _content(
    register: schema.Register,
) -> tuple[tuple[str, str, Any, int | None, frozenset[Any] | None], ...]:
    """A register's content fields as the writer reads them, looked up once: (name, the
    register a foreign key points into or "", the default's maker, the length limit, the
    choices). Kept by slug: hashing the register itself hashes every field's lazy label,
    which translates it, for each entry."""
    if register.slug not in _CONTENT:
        _CONTENT[register.slug] = _content_of(register)
    return _CONTENT[register.slug]


def _content_of(
    register: schema.Register,
) -> tuple[tuple[str, str, Any, int | None, frozenset[Any] | None], ...]:
    found: list[tuple[str, str, Any, int | None, frozenset[Any] | None]] = []
    for f in register.content:
        if isinstance(f, schema.Ref):
            if not f.many:
                found.append((f.name, f.register, None, None, None))
            continue
        field: Any = register.model._meta.get_field(f.name)
        # The stored values as they are: text for text fields, numbers for a risk's scales.
        choices = frozenset(v for v, _label in field.flatchoices) if field.choices else None
        found.append((f.name, "", field.get_default, register.max_length(f.name), choices))
    return tuple(found)


def _wanted(entry: EntryData, name: str, targets: dict[str, int]) -> list[int]:
    """The ids of the entries `entry` links to through field `name`, each once, in order;
    keys the data does not have are left out. `targets`: key -> id (`_Writer.pks_of`)."""
    keys = entry.refs.get(name)
    if not keys:
        return []
    found = [targets[key] for key in keys if key in targets]
    return found if len(set(found)) == len(found) else list(dict.fromkeys(found))


def _names(known: dict[int, Any], pks: Iterable[int]) -> str:
    """Linked entries as the audit trail shows them: their names, sorted and comma-joined."""
    return ", ".join(sorted(str(known[pk]) if pk in known else str(pk) for pk in pks))


def entries_written(
    plan: Plan, register: str, entries: list[Any], action: str, *, user: Any, links: bool = False
) -> None:
    """Tell the listeners that `entries` of `plan`'s `register` were written in bulk, where
    no model signal was sent (see `komplan.plans.signals`)."""
    if not entries:
        return
    model = type(entries[0][0] if isinstance(entries[0], tuple) else entries[0])
    _entries_written.send(
        model,
        plan=plan,
        register=register,
        entries=entries,
        action=action,
        user=user,
        links=links,
    )


def _read_period(activity: Activity, plan: Plan, **reading: Any) -> set[str]:
    """Read the activity's time anew (`Activity.refresh_period`); the period fields that
    changed."""
    before = [getattr(activity, name) for name in PERIOD_FIELDS]
    activity.refresh_period(plan, **reading)
    return {
        name
        for name, old in zip(PERIOD_FIELDS, before, strict=True)
        if getattr(activity, name) != old
    }


@transaction.atomic
def plan_periods_refresh(*, plan: Plan) -> int:
    """Re-read every activity's time after the plan's language, dates or seasons changed."""
    activities = list(plan.activities.all())
    read: dict[str, Any] = {}
    changed = [(a, names) for a in activities if (names := _read_period(a, plan, read=read))]
    _update_columns(Activity, changed)  # only what a new reading changed
    return len(activities)
