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
- `entry_moved(sender=model, entry, old_position, new_position)`: `entry` took another place
  (moves use `update()`, which sends no model signal). It is `komplan.core.signals.entry_moved`,
  which the ordering base in core sends for every ordered model, a meeting's agenda items too.
- `plan_changed(sender=model, plan_id, user, register, object_id, action)`: a person-visible
  change to a plan or one of its registers was recorded (the audit recorder sends it; the
  full contract is in `komplan.audit.recording`). The versions app starts the next draft.
"""

from django.dispatch import Signal

from komplan.core.signals import entry_moved

__all__ = ["entries_written", "entry_moved", "plan_changed"]

entries_written = Signal()
plan_changed = Signal()
