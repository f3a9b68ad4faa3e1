"""Where plans reads a plan's revision table from, without knowing the app that keeps it.

The revision table (approvals, publications, free entries, meeting decisions) is kept by the
versions app, above plans; plan JSON and the overview need it. The versions app names its
reader here in its `AppConfig.ready`; without one, a plan has no revision rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_source: Callable[[Any], list[Any]] | None = None


def set_source(reader: Callable[[Any], list[Any]]) -> None:
    """Name the function that gives a plan's revision rows, oldest first."""
    global _source
    _source = reader


def revision_rows(plan: Any) -> list[Any]:
    """The plan's revision rows (objects with version, date, status, comment, changed_by and
    provisional), oldest first; empty when no app keeps revisions."""
    return [] if _source is None else _source(plan)
