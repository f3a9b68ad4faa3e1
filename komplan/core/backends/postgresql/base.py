"""Django's PostgreSQL backend, keeping the transaction levels of `komplan.core.transactions`."""

from django.db.backends.postgresql import base

from komplan.core.transactions import TransactionLevels


class DatabaseWrapper(TransactionLevels, base.DatabaseWrapper):
    pass
