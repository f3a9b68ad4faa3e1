"""What every app may use: optimistic locking, the languages, the ordering of entries."""
