"""Django's SQLite backend, keeping the transaction levels of `komplan.core.transactions`."""

from django.db.backends.sqlite3 import base
from django.db.backends.utils import CursorWrapper

from komplan.core.transactions import TransactionLevels


class DatabaseWrapper(TransactionLevels, base.DatabaseWrapper):
    def prepared_cursor(self) -> CursorWrapper:
        """Django's cursor: Python's sqlite3 keeps the statements it compiled (per connection,
        the last 128) already, so there is nothing to prepare (see the PostgreSQL backend)."""
        return self.cursor()
