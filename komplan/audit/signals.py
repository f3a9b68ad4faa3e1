"""`plan_changed` (defined in `komplan.plans.signals`): a plan or one of its registers was
changed, sent by the audit recorder as the change is recorded.

Contract
--------
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

from komplan.plans.signals import plan_changed

__all__ = ["plan_changed"]
