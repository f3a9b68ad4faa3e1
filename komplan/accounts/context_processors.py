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


def sign_in(request: HttpRequest) -> dict[str, Any]:
    """How people log in here: with the organisation's provider, a password, or both."""
    from django.conf import settings

    return {
        "sso_enabled": bool(settings.KOMPLAN_OIDC_CLIENT_ID),
        "sso_label": settings.KOMPLAN_OIDC_BUTTON,
        "password_login": settings.KOMPLAN_PASSWORD_LOGIN,
    }
