from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def memberships(request: HttpRequest) -> dict[str, Any]:
    """The user's organisations for the header, in one query and only when a page shows them."""

    def load() -> list[Any]:
        if not request.user.is_authenticated:
            return []
        return list(request.user.memberships.select_related("organization"))  # type: ignore[union-attr]

    return {"nav_memberships": SimpleLazyObject(load)}
