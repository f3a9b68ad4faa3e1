"""The "Spridning" section of the plan's Word and PDF documents, built from plan JSON alone
(a frozen version's snapshot exports as it was): the cascade's diagram and its table, with
the dates and states of the material released last. Registered with the exports app's
`SECTION_BUILDERS` (exports does not import the cascade)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from komplan.cascade.diagram import Node, cascade_svg, cascade_svg_pieces
from komplan.cascade.models import DispatchState, How
from komplan.exports.content import ExtraSection, Heading, Table, fitted_widths
from komplan.exports.text import clean

__all__ = ["spridning_section"]

# Rows of the diagram on one landscape A4 page of the Word file, drawn 0.6 pt a pixel.
ROWS_PER_PAGE = 7


def spridning_section(data: Mapping[str, Any], number: str) -> ExtraSection | None:
    cascade = data.get("cascade") or {}
    steps = cascade.get("steps") or []
    if not steps:
        return None
    with translation.override(data["plan"]["language"]):
        return _section(data, cascade, steps, number)


def _section(
    data: Mapping[str, Any], cascade: Mapping[str, Any], steps: list[Any], number: str
) -> ExtraSection:
    names = {g["key"]: g["name"] for g in data.get("groups", [])}
    names |= {c["key"]: c["name"] for c in data.get("channels", [])}
    released = [m for m in cascade.get("materials", []) if m.get("released_on")]
    material = max(released, key=lambda m: m["released_on"]) if released else None
    dispatches = {d["step"]: d for d in (material or {}).get("dispatches", [])}
    how = dict(How.choices)
    states = dict(DispatchState.choices)
    by_key = {s["key"]: s for s in steps}
    ordered = _tree(steps)
    rows, nodes = [], []
    for step, depth, place in ordered:
        reaches = step["reaches"]
        name = clean(
            reaches.get("forum") or names.get(reaches.get("group") or reaches.get("channel"), "")
        )
        after = by_key.get(step.get("after") or "")
        passed_on = _name(after, names) if step.get("delegated") and after else "–"
        dispatch = dispatches.get(step["key"])
        if dispatch is None:
            day, state, state_key = "", "", ""
        elif dispatch["reason"] == "skipped":
            day, state, state_key = "", _("Not in this phase"), "skipped"
        else:
            day = dispatch.get("date") or _("no meeting planned")
            state, state_key = str(states.get(dispatch["state"], "")), dispatch["state"]
        way = str(how.get(step["how"], step["how"]))
        rows.append(
            (place, name, way, passed_on, clean(step.get("responsible")) or "–", day, state)
        )
        nodes.append(
            Node(
                key=len(nodes),
                parent=next(
                    (i for i, (s, _d, _p) in enumerate(ordered) if s["key"] == step.get("after")),
                    None,
                ),
                depth=depth,
                title=f"{place} {name}",
                detail=f"{way} · {day}" if day else way,
                state=state_key,
                state_text=state,
            )
        )
    header = (
        _("Step"),
        _("Reaches"),
        _("How"),
        _("Passed on by"),
        _("Responsible"),
        _("Date"),
        _("State"),
    )
    paragraphs = []
    forum = cascade.get("approving_forum")
    if forum and cascade.get("approval_required", True):
        paragraphs.append(
            _("%(forum)s approves every piece of material before it is released.")
            % {"forum": clean(forum)}
        )
    if material is not None:
        title = _("Cascade of “%(title)s”") % {"title": clean(material["title"])}
        paragraphs.append(title + " · " + _("released %(day)s") % {"day": material["released_on"]})
    else:
        title = _("Cascade of %(plan)s") % {"plan": clean(data["plan"]["name"])}
    description = _("%(count)s steps; the table below says the same.") % {"count": len(rows)}
    return ExtraSection(
        heading=Heading(1, number, _("Dissemination")),
        paragraphs=paragraphs,
        svg=cascade_svg(nodes, title=title, description=description),
        table=Table(header, rows, fitted_widths((1, 4, 3, 3, 3, 2, 2), header, rows, 145)),
        pieces=cascade_svg_pieces(
            nodes, title=title, description=description, rows_per_piece=ROWS_PER_PAGE
        ),
        alt=f"{title}: {description}",
    )


def _name(step: Mapping[str, Any], names: Mapping[str, str]) -> str:
    reaches = step["reaches"]
    return clean(
        reaches.get("forum") or names.get(reaches.get("group") or reaches.get("channel"), "")
    )


def _tree(steps: list[Mapping[str, Any]]) -> list[tuple[Mapping[str, Any], int, str]]:
    """The steps parents first, siblings in order, with their depth and number ("2.1")."""
    keys = {s["key"] for s in steps}
    children: dict[str | None, list[Mapping[str, Any]]] = {}
    for step in steps:
        after = step.get("after") if step.get("after") in keys else None
        children.setdefault(after, []).append(step)
    out: list[tuple[Mapping[str, Any], int, str]] = []
    seen: set[str] = set()

    def walk(parent: str | None, depth: int, prefix: str) -> None:
        for n, step in enumerate(children.get(parent, []), start=1):
            if step["key"] in seen:
                continue
            seen.add(step["key"])
            out.append((step, depth, f"{prefix}{n}"))
            walk(step["key"], depth + 1, f"{prefix}{n}.")

    walk(None, 0, "")
    return out
