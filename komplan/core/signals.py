"""What happens to ordered entries (`komplan.core.ordering`), told to whoever listens.

- `entry_moved(sender=model, entry, old_position, new_position)`: `entry` took another place
  among its siblings (moves write with `update()`, which sends no model signal). Sent inside the
  transaction that moves it. `komplan.plans.signals.entry_moved` is this signal.
"""

from django.dispatch import Signal

entry_moved = Signal()
