"""Parts of a plan that apps above plans keep, carried in plan JSON and written by the one
writer without plans importing those apps: an app registers a `PlanPart` in its
`AppConfig.ready` (the cascade registers "cascade").

- `dump(plan, key)` returns the part of `plan` as JSON-ready data; `key(slug, pk)` gives the
  plan-JSON key ("group-3") of a register entry, None for an unknown one.
- `check(value)` lists what is wrong with a part read from plan JSON as (path, text) pairs,
  paths relative to the part ("steps[2].how"); the reader reports them like its own.
- `load(plan=, value=, keys=, user=, replace=)` writes the part into `plan` inside the
  writer's transaction, after the registers: `keys[slug][key]` is the database id of every
  register entry written or linked. With `replace` (restoring a version) the part replaces
  what the plan has; otherwise it is added.

- `personal(plan, key)`, when given, is `dump` with the personal details a part holds by
  reference only (the people's contacts: docs/gdpr.md), for an export that asks for them
  (`plan_to_json(plan, personal_data=True)`).

A part that is a list of objects each naming a register entry by its key (the follow-up's
indicators name goals, the engagement names groups) checks that shape with `keyed_objects`.

Apps may also tell coverage what they conveyed (`register_conveyed`), add a section to the
plan's overview (`register_overview`: the people app lists the groups furthest from their
desired engagement), and add links to a register entry's page (`register_entry_links`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = [
    "CONVEYED",
    "CONVEYED_STAMPS",
    "ENTRY_LINKS",
    "OVERVIEW",
    "PARTS",
    "OverviewPart",
    "PlanPart",
    "entry_links",
    "keyed_objects",
    "register",
    "register_conveyed",
    "register_entry_links",
    "register_overview",
]


@dataclass(frozen=True)
class PlanPart:
    name: str  # its name in plan JSON, beside the registers
    dump: Callable[[Any, Callable[[str, int | None], str | None]], Any]
    load: Callable[..., None]
    check: Callable[[Any], list[tuple[str, str]]] | None = None
    personal: Callable[[Any, Callable[[str, int | None], str | None]], Any] | None = None
    # Expressions on the plan (`OuterRef("pk")`) that change whenever the part does: they go
    # into `Plan.content_stamp`, so that kept documents and plan JSON of the plan are made anew.
    stamp: Callable[[], list[Any]] | None = None


PARTS: dict[str, PlanPart] = {}


def keyed_objects(
    value: Any, *, items: str, key: str, key_text: str
) -> tuple[list[tuple[str, str]], list[tuple[str, dict[str, Any]]]]:
    """Check a part `{items: [{key: "group-3", ...}, ...]}` as far as its shape goes: the
    problems (the list is not one, an item is not an object, its `key` is not a key or names
    an entry already named; `key_text` says what the key should be), and (path, item) of each
    object for the part to check the rest of."""
    if not isinstance(value, dict) or not isinstance(value.get(items, []), list):
        return [(items, "a list")], []
    problems: list[tuple[str, str]] = []
    objects: list[tuple[str, dict[str, Any]]] = []
    seen: set[Any] = set()
    for n, item in enumerate(value.get(items, [])):
        where = f"{items}[{n}]"
        if not isinstance(item, dict):
            problems.append((where, "not an object"))
            continue
        if not isinstance(item.get(key), str):
            problems.append((f"{where}.{key}", key_text))
        elif item[key] in seen:
            problems.append((f"{where}.{key}", "given twice"))
        seen.add(item.get(key))
        objects.append((where, item))
    return problems, objects


def register(part: PlanPart) -> None:
    """Carry `part` in every plan's JSON from now on (idempotent by name)."""
    PARTS[part.name] = part


# Sources of (group id, message id) pairs of a plan conveyed outside its activities (in a
# meeting or call with the group's people): coverage counts each as done. Each source is a
# function of the database's `quote_name` giving one SELECT of (group id, message id) rows
# with a single %s for the plan's id; `graph.plan_links` reads it in its one UNION query, so
# coverage pages keep their query count.
CONVEYED: dict[str, Callable[[Callable[[str], str]], str]] = {}
# Coverage is cached by the plan's content stamp (`Plan.content_stamp`), so each source also
# gives its part of that stamp: a function returning expressions over a plan (`OuterRef("pk")`)
# whose values change whenever the source's pairs may have.
CONVEYED_STAMPS: dict[str, Callable[[], list[Any]]] = {}


def register_conveyed(
    name: str,
    select: Callable[[Callable[[str], str]], str],
    stamp: Callable[[], list[Any]],
) -> None:
    """Count the pairs `select` reads as done in every plan's coverage, and let `stamp` tell
    when they change (idempotent)."""
    CONVEYED[name] = select
    CONVEYED_STAMPS[name] = stamp


@dataclass(frozen=True)
class OverviewPart:
    """A section an app above plans adds to the plan's overview, at the end of its target
    groups: `template` rendered with `context(plan)`, which must read a constant number of
    queries (the overview's count is pinned) and may return None to show nothing.

    The overview keeps its body, sections included, until the plan changes
    (`komplan.plans.overview`). `stamp` gives the expressions over a plan
    (`OuterRef("pk")`) whose values change whenever the section's context may, beyond the
    plan's row and its content stamp (`Plan.content_stamp(conveyed=True)`, which has every
    `PlanPart`'s stamp): `list` when the context reads nothing else. Without a `stamp` the
    section is made anew on every request."""

    name: str
    template: str
    context: Callable[[Any], dict[str, Any] | None]
    stamp: Callable[[], list[Any]] | None = None


OVERVIEW: dict[str, OverviewPart] = {}


def register_overview(part: OverviewPart) -> None:
    """Show `part` on every plan's overview from now on (idempotent by name)."""
    OVERVIEW[part.name] = part


# Links an app above plans adds to a register entry's edit page ("Log as interaction" on a
# held activity): per register slug, functions of the entry giving (label, url) pairs.
ENTRY_LINKS: dict[str, dict[str, Callable[[Any], list[tuple[str, str]]]]] = {}


def register_entry_links(
    slug: str, links: Callable[[Any], list[tuple[str, str]]], *, name: str = ""
) -> None:
    """Show `links(entry)` on the edit page of each entry of register `slug` (idempotent)."""
    ENTRY_LINKS.setdefault(slug, {})[name or links.__module__] = links


def entry_links(slug: str, entry: Any) -> list[tuple[str, str]]:
    """The (label, url) pairs the apps add to `entry`'s page; none for a new entry."""
    if entry is None:
        return []
    return [link for links in ENTRY_LINKS.get(slug, {}).values() for link in links(entry)]
