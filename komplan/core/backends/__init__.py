"""Django's SQLite and PostgreSQL backends with hooks that run before a commit
(see `komplan.core.transactions`); settings choose them for `DATABASE_URL`'s engine."""
