"""The audit trail of forums and meetings (`komplan.audit.recording.Tracked`): a forum, its
members, its meetings and each meeting's participants, agenda items, decisions and action
items are recorded like a plan's registers, naming who made each change (on the screens the
logged-in person, through the API the token's owner).

They belong to the organisation, not to one plan: each event keeps where it belongs as its
scope, "forum:3" for the forum and its members, "forum:3/meeting:12" for a meeting and what
is in it. The forum's and the meeting's history pages list them by it, and the history of each
plan a meeting is about lists that meeting's events too (`scopes`)."""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse

from komplan.audit.models import Action, AuditEvent
from komplan.audit.recording import Place, Tracked, track
from komplan.meetings.models import (
    ActionItem,
    AgendaItem,
    Decision,
    Forum,
    ForumMember,
    Meeting,
    Participant,
)
from komplan.plans.models import Plan

__all__ = ["connect", "forum_scope", "meeting_scope"]


def forum_scope(forum_id: int) -> str:
    return f"forum:{forum_id}"


def meeting_scope(forum_id: int, meeting_id: int) -> str:
    return f"forum:{forum_id}/meeting:{meeting_id}"


def _forum_place(forum: Forum) -> Place:
    return Place(forum.organization_id, scope=forum_scope(forum.pk))


def _member_place(member: ForumMember) -> Place:
    return Place(member.forum.organization_id, scope=forum_scope(member.forum_id))


def _meeting_place(meeting: Meeting) -> Place:
    return Place(meeting.forum.organization_id, scope=meeting_scope(meeting.forum_id, meeting.pk))


def _in_meeting_place(entry: Any) -> Place | None:
    meeting_field: Any = type(entry)._meta.get_field("meeting")
    if meeting_field.is_cached(entry) and Meeting.forum.is_cached(entry.meeting):  # type: ignore[attr-defined]
        return _meeting_place(entry.meeting)
    row = (
        Meeting.objects.filter(pk=entry.meeting_id)
        .values_list("forum_id", "forum__organization_id")
        .first()
    )
    if row is None:
        return None
    forum_id, organization_id = row
    return Place(organization_id, scope=meeting_scope(forum_id, entry.meeting_id))


def _url(event: AuditEvent) -> str:
    """The history page that lists `event`: its meeting's, or its forum's (a deleted
    meeting's too)."""
    parts = dict(part.split(":", 1) for part in event.scope.split("/") if ":" in part)
    meeting = parts.get("meeting")
    deleted_meeting = event.register == "meetings" and event.action == Action.DELETE
    if meeting is not None and not deleted_meeting:
        return reverse("meetings:meeting_history", args=[int(meeting)])
    if "forum" in parts and not (event.register == "forums" and event.action == Action.DELETE):
        return reverse("meetings:forum_history", args=[int(parts["forum"])])
    return ""


def _plan_meetings(plan: Plan) -> QuerySet[Any]:
    """The scopes of the meetings about `plan`, as a subquery (no query of its own)."""
    return (
        Meeting.objects.filter(plans=plan)
        .annotate(
            scope=Concat(
                Value("forum:"),
                Cast("forum_id", CharField()),
                Value("/meeting:"),
                Cast("pk", CharField()),
                output_field=CharField(),
            )
        )
        .values("scope")
    )


def connect() -> None:
    """Record forums and meetings from now on (from `MeetingsConfig.ready`)."""
    in_meeting = {
        "place": _in_meeting_place,
        "url": _url,
        "place_key": lambda entry: ("meeting", entry.meeting_id),
    }
    for tracked in [
        Tracked(
            Forum,
            "forums",
            ("name", "kind", "language", "description"),
            _forum_place,
            url=_url,
            in_plans=False,
        ),
        Tracked(
            ForumMember,
            "forum_members",
            ("name", "organization", "role", "email", "user"),
            _member_place,
            url=_url,
            in_plans=False,
        ),
        Tracked(
            Meeting,
            "meetings",
            ("title", "date", "start_time", "end_time", "place", "online_link", "note_taker"),
            _meeting_place,
            links=("plans",),
            url=_url,
            scopes=_plan_meetings,
        ),
        Tracked(
            Participant,
            "participants",
            ("name", "organization", "role", "attendance", "email", "user", "adjuster"),
            **in_meeting,
        ),
        Tracked(
            AgendaItem,
            "agenda_items",
            ("kind", "description", "responsible", "duration", "notes"),
            **in_meeting,
        ),
        Tracked(Decision, "decisions", ("item", "text", "plan", "plan_version"), **in_meeting),
        Tracked(
            ActionItem,
            "action_items",
            ("item", "text", "owner", "due_date", "status"),
            **in_meeting,
        ),
    ]:
        track(tracked)
