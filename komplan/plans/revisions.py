"""Where plans reads a plan's revision table and frozen versions from, without knowing the
app that keeps them.

The revision table (approvals, publications, free entries, meeting decisions) and the frozen
versions are kept by the versions app, above plans; plan JSON, the overview and a meeting's
decisions need them. The versions app names its readers here in its `AppConfig.ready`;
without them, a plan has no revision rows and no frozen versions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_source: Callable[[Any], list[Any]] | None = None
_frozen: Callable[[list[int]], dict[int, list[tuple[str, str]]]] | None = None


def set_source(reader: Callable[[Any], list[Any]]) -> None:
    """Name the function that gives a plan's revision rows, oldest first."""
    global _source
    _source = reader


def revision_rows(plan: Any) -> list[Any]:
    """The plan's revision rows (objects with version, date, status, comment, changed_by and
    provisional), oldest first; empty when no app keeps revisions."""
    return [] if _source is None else _source(plan)


def set_frozen_source(reader: Callable[[list[int]], dict[int, list[tuple[str, str]]]]) -> None:
    """Name the function that gives plans' frozen versions (see `frozen_versions`)."""
    global _frozen
    _frozen = reader


def frozen_versions(plan_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """Plan id -> its frozen versions, oldest first, each once: (version, what it was frozen
    as, e.g. "Approved, Published"). Plans without any are left out."""
    return {} if _frozen is None else _frozen(plan_ids)
