"""The history of a forum (its own changes, its members' and its meetings') and of one
meeting (its facts, participants, agenda, decisions and action items): who changed what and
when, as the audit trail recorded it (`komplan.meetings.history`)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from komplan.accounts.access import VIEW
from komplan.audit.models import AuditEvent
from komplan.audit.views import PAGE_SIZE, event_rows
from komplan.meetings.access import forum_view, meeting_view
from komplan.meetings.history import forum_scope, meeting_scope
from komplan.meetings.models import Forum, Meeting
from komplan.meetings.views.meetings import meeting_context


def _history(request: HttpRequest, events: Q, organization_id: int, context: dict) -> HttpResponse:  # type: ignore[type-arg]
    found = AuditEvent.objects.filter(events, organization_id=organization_id)
    page = Paginator(found.order_by("-at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    context.update({"page": page, "page_query": "", "rows": event_rows(page.object_list, False)})
    return render(request, "meetings/history.html", context)


@forum_view(VIEW)
def forum_history(request: HttpRequest, forum: Forum) -> HttpResponse:
    scope = forum_scope(forum.pk)
    return _history(
        request,
        Q(scope=scope) | Q(scope__startswith=f"{scope}/"),
        forum.organization_id,
        {"forum": forum, "name": forum.name, "meeting": None},
    )


@meeting_view(VIEW)
def meeting_history(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    context = meeting_context(meeting, "history")
    context["name"] = str(meeting)
    return _history(
        request,
        Q(scope=meeting_scope(meeting.forum_id, meeting.pk)),
        meeting.forum.organization_id,
        context,
    )
