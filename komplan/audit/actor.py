"""Who is making the changes being recorded: the request's user (set by `ActorMiddleware`) or
whoever `acting_as` names, for management commands, services and tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from typing import Any

from django.http import HttpRequest


class _RequestUser:
    """The user of a request, read only when a change is recorded: no query for requests
    that change nothing, and the right person after a login or logout within the request."""

    __slots__ = ("request",)

    def __init__(self, request: HttpRequest) -> None:
        self.request = request


_actor: ContextVar[Any] = ContextVar("komplan_audit_actor", default=None)


def current_actor() -> Any:
    """The logged-in user making the current changes, or None."""
    source = _actor.get()
    user = getattr(source.request, "user", None) if isinstance(source, _RequestUser) else source
    return user if getattr(user, "is_authenticated", False) else None


def act_for_request(request: HttpRequest) -> Token[Any]:
    return _actor.set(_RequestUser(request))


def stop_acting(token: Token[Any]) -> None:
    _actor.reset(token)


@contextmanager
def acting_as(user: Any) -> Iterator[Any]:
    """Record the changes made in the block as `user`'s (None: nobody in particular)."""
    token = _actor.set(user)
    try:
        yield user
    finally:
        _actor.reset(token)
