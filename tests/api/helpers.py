"""A token for a member, and a client that sends it."""

from __future__ import annotations

from typing import Any

from django.test import Client

from komplan.api.models import ApiToken, Scope


def make_token(user: Any, organization: Any, scope: str = Scope.WRITE) -> str:
    token = ApiToken(user=user, organization=organization, name="Intranätet", scope=scope)
    secret = token.issue()
    token.save()
    return secret


def bearer(secret: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en")
