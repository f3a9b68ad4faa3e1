"""Which organisation's graphic profile a page wears (base.html's header), without a query."""

from __future__ import annotations

from typing import Any

from django import template

from komplan.accounts.models import Organization

register = template.Library()


def _cached(obj: Any, relation: str) -> Any:
    """`obj.relation` when it is already loaded, else None: the header never queries."""
    state = getattr(obj, "_state", None)
    return state.fields_cache.get(relation) if state is not None else None


@register.simple_tag(takes_context=True)
def page_organization(context: template.Context) -> Organization | None:
    """The organisation the page belongs to (its `organization`, or its plan's, forum's or
    meeting's), or the user's only organisation on pages that belong to none; None for a
    visitor who is not a member of it, who never sees its profile."""
    memberships = context.get("nav_memberships") or []
    mine = {m.organization_id: m.organization for m in memberships}
    candidates = [context.get("organization")]
    candidates.append(_cached(context.get("plan"), "organization"))
    candidates.append(_cached(context.get("forum"), "organization"))
    candidates.append(_cached(_cached(context.get("meeting"), "forum"), "organization"))
    for candidate in candidates:
        if isinstance(candidate, Organization):
            return mine.get(candidate.pk)
    if len(mine) == 1:
        return next(iter(mine.values()))
    return None
