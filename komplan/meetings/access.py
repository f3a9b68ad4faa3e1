"""Forum- and meeting-scoped views through the one gate, `komplan.accounts.access`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpResponse

from komplan.accounts.access import gate, scoped_view
from komplan.meetings.models import Forum, Meeting


def get_forum_for(user: Any, forum_id: int, role: str) -> Forum:
    """The forum `forum_id` if `user` holds at least `role` in its organisation."""
    forums = Forum.objects.select_related("organization")
    return gate(user, forums, forum_id, "organization_id", role)  # type: ignore[no-any-return]


def get_meeting_for(user: Any, meeting_id: int, role: str) -> Meeting:
    """The meeting `meeting_id` if `user` holds at least `role` in its forum's organisation."""
    meetings = Meeting.objects.select_related("forum__organization", "note_taker")
    return gate(user, meetings, meeting_id, "forum.organization_id", role)  # type: ignore[no-any-return]


def forum_view(role: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a view taking `forum_id`: it receives the checked `forum` instead."""
    return scoped_view("forum_id", get_forum_for, role)


def meeting_view(role: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a view taking `meeting_id`: it receives the checked `meeting` instead, with
    `meeting.membership`. Outsiders get 404, members below `role` 403."""
    return scoped_view("meeting_id", get_meeting_for, role)
