"""What happens to organisations, told to the apps above accounts without accounts knowing them.

- `seasons_changed(sender=Organization, organization)`: the organisation's season system was
  just saved, inside the transaction; receivers return how many things they re-read (plans
  re-reads every activity's time), and the sender adds the answers up.
"""

from django.dispatch import Signal

seasons_changed = Signal()
