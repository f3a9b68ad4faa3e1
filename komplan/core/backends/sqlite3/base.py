"""Django's SQLite backend, keeping the transaction levels of `komplan.core.transactions`."""

from django.db.backends.sqlite3 import base

from komplan.core.transactions import TransactionLevels


class DatabaseWrapper(TransactionLevels, base.DatabaseWrapper):
    pass
