"""The home page and its one-click actions: mark my activity or my action item done.

The page lists only the organisations the person is a member of (`memberships_by_organization`
is its gate: every query is filtered by those ids); each action fetches its object through
`komplan.accounts.access.gate` and needs the editor role, like the pages it stands in for.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from komplan.accounts.access import EDIT, gate, memberships_by_organization
from komplan.home import work
from komplan.meetings.models import ActionItem, ActionStatus
from komplan.plans import services as plan_services
from komplan.plans.models import Activity, ActivityStatus


@login_required
def home(request: HttpRequest) -> HttpResponse:
    memberships = memberships_by_organization(request.user)
    organization_ids = list(memberships)
    week = work.Week(timezone.localdate())
    user = request.user
    editor_of = {org for org, m in memberships.items() if m.allows(EDIT)}
    activities = work.my_activities(user, organization_ids, week)
    actions = work.my_actions(user, organization_ids, week)
    # A viewer sees their work too, but marks it done (and opens forms) only as an editor.
    for activity in activities.items:
        activity.can_edit = activity.plan.organization_id in editor_of
    for action in actions.items:
        action.can_edit = action.meeting.forum.organization_id in editor_of
    context = {
        "week": week,
        "memberships": list(memberships.values()),
        "can_create": bool(editor_of),
        "activities": activities,
        "actions": actions,
        "steps": work.my_cascade_steps(user, organization_ids, week),
        "minutes": work.minutes_to_justera(user, organization_ids),
        "approvals": work.plans_to_approve(memberships),
        "changes": work.followed_changes(user, organization_ids),
        "follows_any": work.follows_any(user, organization_ids),
        "recent_days": work.RECENT_DAYS,
        "names": work.names_of(user),
    }
    return render(request, "home/home.html", context)


def _done(request: HttpRequest, template: str, context: dict[str, Any], text: str) -> HttpResponse:
    """The row saying it is done (htmx swaps it in), or back home with the same message."""
    if getattr(request, "htmx", False):
        return render(request, template, {**context, "text": text})
    messages.success(request, text)
    return redirect("home:home")


@login_required
@require_POST
def activity_done(request: HttpRequest, activity_id: int) -> HttpResponse:
    activities = Activity.objects.select_related("plan__organization")
    activity = gate(request.user, activities, activity_id, "plan.organization_id", EDIT)
    plan_services.activities_status_set(
        plan=activity.plan,
        activity_ids=[activity.pk],
        status=ActivityStatus.DONE,
        user=request.user,
    )
    text = _("“%(activity)s” is done.") % {"activity": activity.title}
    return _done(request, "home/_done.html", {"plan": activity.plan}, text)


@login_required
@require_POST
def action_done(request: HttpRequest, action_id: int) -> HttpResponse:
    actions = ActionItem.objects.select_related("meeting__forum")
    action = gate(request.user, actions, action_id, "meeting.forum.organization_id", EDIT)
    # Like following it up on the minutes page: the status may change after justering.
    ActionItem.objects.filter(pk=action.pk).exclude(status=ActionStatus.DONE).update(
        status=ActionStatus.DONE,
        lock_version=F("lock_version") + 1,  # a form opened before must not overwrite it
        updated_by=request.user,
        updated_at=timezone.now(),
    )
    text = _("The action item “%(action)s” is done.") % {"action": action.text}
    return _done(request, "home/_done.html", {}, text)
