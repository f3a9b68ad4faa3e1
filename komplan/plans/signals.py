"""What happens to plans, told to the apps above plans (audit, versions, …) without plans
knowing them: plans sends, the others subscribe in their `AppConfig.ready`.

Every signal is sent synchronously, inside the transaction that makes the change, so a
receiver's writes commit or roll back with it. All arguments are keyword arguments.

- `entries_written(sender=model, plan, register, entries, action, user, links)`: entries of
  `plan`'s `register` were written without model signals (bulk inserts, `update()`).
  `entries` is a list of instances for "create" and "delete", or of (instance, {field:
  (old, new)}) pairs for "update" — and for any action when the sender has the values at
  hand (the writer of whole plans names links by the names of what they point at);
  `links` says whether their many-to-many links were written too; `user` is who did it
  (None: the current actor).
- `plan_written(sender=Plan, plan, user, created, copied_from)`: the writer of whole plans
  made `plan` in one go (a copy, a document imported as a new plan) with `created`, the
  number of entries per register slug; `copied_from` is the plan it copies, or None. Its
  entries are not told one by one (`entries_written` is not sent for them): the audit trail
  records the whole plan as one event.
- `entry_moved(sender=model, entry, old_position, new_position)`: `entry` took another place
  (moves use `update()`, which sends no model signal). It is `komplan.core.signals.entry_moved`,
  which the ordering base in core sends for every ordered model, a meeting's agenda items too.
- `plan_changed(sender=model, plan_id, user, register, object_id, action)`: a person-visible
  change to a plan or one of its registers was recorded. The versions app starts the next
  draft on it. Its contract:

  Sent by `komplan.audit.recording` **immediately**, inside the transaction that makes the change
  (never deferred to its commit), each time a user-visible change to a plan or any of its
  registers is recorded: a create, update, delete or move of the plan or a register entry, a
  change to a register's many-to-many links, and every `record_bulk` call that recorded
  something (once per call). It is *not* sent when a plan itself is deleted, nor for the
  register entries that go with it, nor for saves that change nothing a person can see (only
  `lock_version`, `updated_at`, `updated_by`, positions renumbered after a delete, the plan's
  `status`/`version`/`copied_from`, an activity's derived period fields).

  Arguments, all keyword:

  - `sender`: the model class that changed (`Plan` or a register model).
  - `plan_id`: the pk of the plan the change belongs to.
  - `user`: the person who made it (the request's user or `acting_as`), else the object's
    `updated_by`; None when unknown.
  - `register`: "plan", "tiers", "groups", "messages", "channels", "goals" or "activities".
  - `object_id`: the pk of the changed object; None for a `record_bulk` call (many objects).
  - `action`: "create", "update", "delete" or "move".

  One save through a form may send it several times (the fields, then each many-to-many field
  that changed): receivers must be idempotent and cheap. A receiver may change the plan, e.g.
  `Plan.objects.filter(pk=plan_id).update(status=…, version=…)`: `update()` sends no model
  signals, so it does not come back here. Note that the caller's in-memory objects do not see
  such an update.
"""

from django.dispatch import Signal

from komplan.core.signals import entry_moved

__all__ = ["entries_written", "entry_moved", "plan_changed", "plan_written"]

entries_written = Signal()
plan_written = Signal()
plan_changed = Signal()
