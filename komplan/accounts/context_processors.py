from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from komplan.accounts.access import user_memberships


def memberships(request: HttpRequest) -> dict[str, Any]:
    """The user's organisations for the header, in one query and only when a page shows them."""

    def load() -> list[Any]:
        return user_memberships(request.user)  # the gate's query, if it ran

    return {"nav_memberships": SimpleLazyObject(load)}
