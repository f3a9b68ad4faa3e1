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
_stamp: Callable[[], list[Any]] | None = None
_frozen: Callable[[list[int]], dict[int, list[tuple[str, str]]]] | None = None


def set_source(
    reader: Callable[[Any], list[Any]], stamp: Callable[[], list[Any]] | None = None
) -> None:
    """Name the function that gives a plan's revision rows, oldest first, and the one that
    gives expressions over a plan (`OuterRef("pk")`) whose values change whenever those rows
    may: without it, pages that keep what they show until the plan changes (the overview)
    read the rows on every request."""
    global _source, _stamp
    _source, _stamp = reader, stamp


def revision_stamp_kind() -> str:
    """Which of `revision_stamp`'s answers it gives, without building it: "none" (no app
    keeps revisions), "missing" (no stamp) or "given"."""
    return "none" if _source is None else "missing" if _stamp is None else "given"


def revision_stamp() -> list[Any] | None:
    """The expressions of `set_source`'s `stamp`: none when no app keeps revisions, None
    when the app that does gave no stamp."""
    if _source is None:
        return []
    return None if _stamp is None else _stamp()


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
