"""Coverage pages: who must know what, and is it carried?

A matrix of target groups × messages (windowed on both axes), the gap list with one-click
fixes, and a briefing per group. Each page reads the plan with `plan_graph` (a fixed number
of queries) and asks the pure core in `komplan.plans.coverage`; `coverage_display` shapes
the answer for the templates. A fix changes one activity and returns to the gap list.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.contrib import messages as flash
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_POST

from komplan.accounts.access import EDIT, VIEW
from komplan.plans.access import plan_view
from komplan.plans.coverage_display import (
    BriefingPoint,
    Coverage,
    GapFilter,
    MatrixFilter,
    Summary,
    display_state,
    gap_sections,
    gaps_in_document_order,
    matrix_rows,
    plan_warnings,
)
from komplan.plans.models import Activity, ActivityStatus, Channel, Message, Plan, TargetGroup

MATRIX_ROWS = 25  # target groups per window of the matrix
MATRIX_COLUMNS = 30  # messages per window
GAPS_PER_PAGE = 25
WARNING_PREVIEW = 20  # entries of each kind of warning before "show all"


@plan_view(VIEW)
def coverage_matrix(request: HttpRequest, plan: Plan) -> HttpResponse:
    """Target groups × messages, one window of each at a time, each cell in words."""
    cov = Coverage.of(plan)
    form = MatrixFilter(request.GET, tiers=cov.graph.tiers)
    groups = form.select(cov.graph.groups)
    if form.value("gaps"):
        with_gaps = set(cov.report.gaps.group_ids())
        groups = [g for g in groups if g.id in with_gaps]
    rows = Paginator(groups, MATRIX_ROWS).get_page(request.GET.get("rows"))
    columns = Paginator(cov.graph.messages, MATRIX_COLUMNS).get_page(request.GET.get("cols"))
    context = {
        "plan": plan,
        "coverage_page": "matrix",
        "summary": Summary.of(cov.report),
        "form": form,
        "rows": rows,
        "columns": columns,
        "matrix": matrix_rows(cov, rows, columns.object_list),
        "gaps_url": reverse("plans:coverage_gaps", args=[plan.pk]),
        "columns_keep": [("cols", columns.number)],  # filtering keeps the message window
    }
    return render(request, "plans/coverage/matrix.html", context)


def gaps_context(plan: Plan, query: QueryDict) -> dict[str, Any]:
    """Everything the gap list shows for the filters and page in `query`; the page and the
    fragment returned after a fix (htmx) render from the same context."""
    cov = Coverage.of(plan)
    form = GapFilter(query, tiers=cov.graph.tiers)
    message = form.value("message")
    message = message if message in cov.messages else None
    groups = form.select(cov.graph.groups)
    page = Paginator(gaps_in_document_order(cov, groups, message), GAPS_PER_PAGE).get_page(
        query.get("page")
    )
    gaps_url = reverse("plans:coverage_gaps", args=[plan.pk])
    can_edit = plan.membership.allows(EDIT)
    return {
        "plan": plan,
        "coverage_page": "gaps",
        "can_edit": can_edit,
        "summary": Summary.of(cov.report),
        "form": form,
        "query": query,
        "filtered": message is not None or len(groups) < len(cov.graph.groups),
        "only_message": cov.messages[message] if message is not None else None,
        "only_group": cov.groups.get(form.value("group") or 0),
        "page": page,
        "sections": gap_sections(
            cov,
            page.object_list,
            add_url=reverse("plans:coverage_fix_add_message", args=[plan.pk]),
            create_url=reverse("plans:coverage_fix_new_activity", args=[plan.pk]),
        ),
        "warnings": plan_warnings(cov, preview=WARNING_PREVIEW, show_all=query.get("all")),
        "return_to": f"{gaps_url}?{query.urlencode()}" if query else gaps_url,
    }


@plan_view(VIEW)
def coverage_gaps(request: HttpRequest, plan: Plan) -> HttpResponse:
    """Every gap, grouped by target group, with suggestions and one-click fixes; then the
    plan's loose ends."""
    return render(request, "plans/coverage/gaps.html", gaps_context(plan, request.GET))


@plan_view(VIEW)
def coverage_briefing(request: HttpRequest, plan: Plan, group_id: int) -> HttpResponse:
    """A briefing for one group: what it must know, how each point reaches it, and the
    channels that reach it."""
    cov = Coverage.of(plan)
    group = cov.groups.get(group_id)
    if group is None:
        raise Http404
    briefing = cov.report.for_group(group_id)
    clarifications = dict(  # of this group's messages only: a plan may have hundreds
        Message.objects.filter(plan=plan, pk__in=[item.message_id for item in briefing.items])
        .exclude(clarification="")
        .values_list("pk", "clarification")
    )
    activities = {
        row["pk"]: {**row, "status_label": ActivityStatus(row["status"]).label}
        for row in Activity.objects.filter(plan=plan, groups=group_id).values(
            "pk", "title", "time_text", "responsible", "status"
        )
    }
    points = [
        BriefingPoint(
            cov.messages[item.message_id],
            clarifications.get(item.message_id, ""),
            display_state(item.state),
            [activities[a] for a in item.activity_ids if a in activities],
            [cov.channels[c] for c in item.channel_ids],
        )
        for item in briefing.items
    ]
    context = {
        "plan": plan,
        "coverage_page": "briefing",
        "group": group,
        "tier": cov.tier_name(group),
        "inherits": [cov.groups[g] for g in group.inherits_from if g in cov.groups],
        "points": points,
        "gap_count": sum(point.state == "gap" for point in points),
        "extras": [cov.messages[m] for m in briefing.extra_message_ids],
        "channels": Channel.objects.filter(plan=plan, groups=group_id).order_by("position"),
        "gaps_url": reverse("plans:coverage_gaps", args=[plan.pk]),
    }
    return render(request, "plans/coverage/briefing.html", context)


# --- One-click fixes --------------------------------------------------------------------------


def _own(model: type[Any], plan: Plan, raw: str | None) -> Any:
    """The plan's `model` entry with the posted id; 404 for anything else."""
    try:
        pk = int(raw or "")
    except ValueError:
        raise Http404 from None
    return get_object_or_404(model, plan=plan, pk=pk)


def _touch(activity: Activity, user: Any) -> None:
    # A new version, so that an edit form opened before the fix cannot silently undo it.
    Activity.objects.filter(pk=activity.pk).update(
        lock_version=F("lock_version") + 1, updated_by=user, updated_at=timezone.now()
    )


def _after_fix(request: HttpRequest, plan: Plan) -> HttpResponse:
    """Back to the gap list the fix was made from: redirect, or its fragment for htmx."""
    gaps_url = reverse("plans:coverage_gaps", args=[plan.pk])
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if not safe or urlsplit(target).path != gaps_url:
        target = gaps_url
    if request.htmx:
        context = gaps_context(plan, QueryDict(urlsplit(target).query))
        return render(request, "plans/coverage/_gaps.html", context)
    return redirect(target)


@plan_view(EDIT)
@require_POST
def fix_add_message(request: HttpRequest, plan: Plan) -> HttpResponse:
    """Add the posted message to the posted activity, both of this plan."""
    activity = _own(Activity, plan, request.POST.get("activity"))
    message = _own(Message, plan, request.POST.get("message"))
    with transaction.atomic():
        activity.messages.add(message)
        _touch(activity, request.user)
    flash.success(
        request,
        _("Message %(number)s was added to the activity “%(activity)s”.")
        % {"number": message.number, "activity": activity.title},
    )
    return _after_fix(request, plan)


@plan_view(EDIT)
@require_POST
def fix_new_activity(request: HttpRequest, plan: Plan) -> HttpResponse:
    """Create a planned activity in the posted channel carrying the message to the group."""
    channel = _own(Channel, plan, request.POST.get("channel"))
    group = _own(TargetGroup, plan, request.POST.get("group"))
    message = _own(Message, plan, request.POST.get("message"))
    with override(plan.language):  # the title is plan content, in the plan's language
        title = _("%(channel)s: message %(number)s to %(group)s") % {
            "channel": channel.name,
            "number": message.number,
            "group": group.name,
        }
    with transaction.atomic():
        activity = Activity(
            plan=plan,
            title=title[:500],
            responsible=channel.responsible,
            updated_by=request.user,
        )
        activity.save()
        activity.groups.add(group)
        activity.messages.add(message)
        activity.channels.add(channel)
    flash.success(
        request,
        _(
            "The activity “%(activity)s” was created in %(channel)s, carrying message "
            "%(number)s to %(group)s. Give it a time and a responsible person."
        )
        % {
            "activity": activity.title,
            "channel": channel.name,
            "number": message.number,
            "group": group.name,
        },
    )
    return _after_fix(request, plan)
