"""The activity plan: the plan's activities as one table to filter, sort and follow up, the
bulk status change, and the live reading of an activity's time while it is written."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from komplan.accounts.access import EDIT, VIEW
from komplan.plans import extensions, services
from komplan.plans.access import plan_view
from komplan.plans.activity_plan import (
    ON_DEMAND,
    QUICK_VIEWS,
    SORTS,
    ActivityFilterForm,
    ActivityStatusForm,
    filter_options,
    period_summary,
    previewed,
)
from komplan.plans.forms import ActivityForm
from komplan.plans.models import ActivityStatus, Plan
from komplan.plans.registers import REGISTERS

ACTIVITIES = REGISTERS["activities"]


def _filters(params: QueryDict) -> QueryDict:
    """The query without the filters' search fields (they only find options to choose)."""
    query = params.copy()
    for name in ON_DEMAND:
        query.pop(f"{name}_term", None)
    return query


def _query(params: QueryDict, **changes: str) -> str:
    """`params` as a query string without the page number, with `changes` (empty: removed)."""
    query = _filters(params)
    query.pop("page", None)
    for key, value in changes.items():
        if value:
            query[key] = value
        else:
            query.pop(key, None)
    return query.urlencode()


def _links(request: HttpRequest, form: ActivityFilterForm) -> dict[str, Any]:
    """The column headers' sort links (keeping the filters) and the quick views' links."""
    sort_links = {
        key: "?" + _query(request.GET, sort="" if key == "position" else key) for key in SORTS
    }
    current = form.value("view") or ("" if not form.is_filtered else None)
    quick_links = [
        {"label": label, "url": f"?view={key}" if key else "?", "current": key == current}
        for key, label in [("", _("All activities")), *QUICK_VIEWS.items()]
    ]
    return {"sort_links": sort_links, "quick_links": quick_links}


ROW_LINKS = ("edit", "delete", "move")
_PK = "2147483647"  # stands for a row's id in a reversed link


def _row_links(plan: Plan, entries: Any) -> None:
    """Each row's edit, delete and move address as `entry.links`: one reverse per kind, not
    three per row (a page has 100 rows)."""
    patterns = {
        kind: reverse(f"plans:register_{kind}", args=[plan.pk, ACTIVITIES.slug, int(_PK)])
        for kind in ROW_LINKS
    }
    for entry in entries:
        entry.links = {kind: url.replace(_PK, str(entry.pk)) for kind, url in patterns.items()}


@plan_view(VIEW)
def activity_plan(request: HttpRequest, plan: Plan) -> HttpResponse:
    """The plan's activities filtered and sorted by the GET form, one page at a time.

    Reordering is offered only in document order without filters, where "up" means up.
    """
    form = ActivityFilterForm(request.GET, plan=plan)
    activities = form.apply(ACTIVITIES.entries(plan), timezone.localdate())
    page = Paginator(activities, settings.KOMPLAN_PAGE_SIZE).get_page(request.GET.get("page"))
    can_edit = plan.membership.allows(EDIT)
    if can_edit:
        _row_links(plan, page.object_list)
    context = {
        "plan": plan,
        "register": ACTIVITIES,
        "form": form,
        "page": page,
        "entries": page.object_list,
        "page_query": _query(request.GET),
        "current_query": _filters(request.GET).urlencode(),
        "sort": form.sort_key,
        "sort_label": SORTS[form.sort_key],
        "statuses": ActivityStatus.choices,
        "can_edit": can_edit,
        "can_reorder": can_edit and form.sort_key == "position" and not form.is_filtered,
        **_links(request, form),
    }
    return render(request, "plans/activity_plan/activity_plan.html", context)


@plan_view(EDIT)
@require_POST
def activity_status_bulk(request: HttpRequest, plan: Plan) -> HttpResponse:
    """Set the status of the ticked activities in one transaction, then return to the same
    filtered page. Ids of other plans' activities are ignored; on an error nothing changes."""
    form = ActivityStatusForm(request.POST)
    back = reverse("plans:activity_plan", args=[plan.pk])
    query = QueryDict(request.POST.get("query", "")).urlencode()  # a query string, nothing else
    back = f"{back}?{query}" if query else back
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(error))
        return redirect(back)
    status = ActivityStatus(form.cleaned_data["status"])
    changed = services.activities_status_set(
        plan=plan,
        activity_ids=form.cleaned_data["activity"],
        status=status,
        user=request.user,
    )
    text = ngettext(
        "%(count)d activity was set to “%(status)s”.",
        "%(count)d activities were set to “%(status)s”.",
        changed,
    )
    messages.success(request, text % {"count": changed, "status": status.label})
    if status == ActivityStatus.DONE:
        _offer_entry_links(request, plan, form.cleaned_data["activity"])
    return redirect(back)


# Held activities whose follow-up links (the people's "Log as interaction") are offered after
# a bulk "done": a few, not one per row of a long selection.
OFFERED = 5


def _offer_entry_links(request: HttpRequest, plan: Plan, ids: Any) -> None:
    """What the apps above plans offer for the activities just marked done, as messages."""
    if not extensions.ENTRY_LINKS.get("activities"):
        return
    held = plan.activities.filter(pk__in=list(ids)).order_by("position")[:OFFERED]
    for activity in held:
        for label, url in extensions.entry_links("activities", activity):
            messages.info(
                request, format_html('{}: <a href="{}">{}</a>', activity.title, url, label)
            )


@plan_view(VIEW)
def activity_period(request: HttpRequest, plan: Plan) -> HttpResponse:
    """The fragment saying what komplan understood from `time_text` (and which dates are in
    effect with `start_override`/`end_override`), in the interface language; never an error."""
    activity = previewed(
        plan,
        request.GET.get("time_text", ""),
        request.GET.get("start_override", ""),
        request.GET.get("end_override", ""),
    )
    summary = period_summary(activity, get_language() or "sv")
    return render(request, "plans/activity_plan/_period.html", {"summary": summary})


@plan_view(VIEW)
def activity_messages(request: HttpRequest, plan: Plan) -> HttpResponse:
    """The activity form's message picker for the target groups in the query (`groups`),
    keeping the ticked messages (`messages`) ticked and "show all" open if it was
    (`show_all`); htmx swaps it in as groups change."""
    form = ActivityForm(request.GET, plan=plan)
    context = {"field": form["messages"], "fragment": True, "show_all": "show_all" in request.GET}
    return render(request, "plans/activity_plan/_message_field.html", context)


EMPTY_OPTION = {
    "group": gettext_lazy("All target groups"),
    "channel": gettext_lazy("All channels"),
    "message": gettext_lazy("All messages"),
}


@plan_view(VIEW)
def activity_filter_options(request: HttpRequest, plan: Plan, name: str) -> HttpResponse:
    """The options of the activity plan's group, channel or message filter (`name`) as HTML
    `<option>`s for htmx to put into its select: all of the plan's, or those matching
    `<name>_term`. The chosen one (`<name>`) stays chosen, listed even if it does not match."""
    if name not in ON_DEMAND:
        raise Http404
    term = request.GET.get(f"{name}_term", "")[:200].strip()
    chosen = request.GET.get(name, "")
    options = filter_options(plan, name, term)
    if term and chosen.isdecimal() and all(str(pk) != chosen for pk, _label in options):
        options = filter_options(plan, name, pk=int(chosen)) + options
    html = format_html('<option value="">{}</option>', EMPTY_OPTION[name])
    html += format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((pk, mark_safe(" selected") if str(pk) == chosen else "", label) for pk, label in options),
    )
    if term and not options:
        html += format_html(
            '<option value="" disabled>{}</option>',
            _("Nothing matches “%(term)s”") % {"term": term},
        )
    return HttpResponse(html)
