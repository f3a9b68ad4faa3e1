"""The activity plan: the plan's activities as one table to filter, sort and follow up, the
bulk status change, and the live reading of an activity's time while it is written."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
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
    in_effect,
    period_summary,
    previewed,
    time_marks,
)
from komplan.plans.forms import ActivityForm
from komplan.plans.models import Activity, ActivityStatus, Channel, Message, Plan, TargetGroup
from komplan.plans.periods import format_period
from komplan.plans.registers import REGISTERS
from komplan.plans.stamps import registers_stamp

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

# What a row of the table shows of an activity: read as these columns only, its groups',
# messages' and channels' names by one narrow query each (`_linked`), not as prefetched objects.
ROW_FIELDS = (
    "pk", "plan", "title", "status", "responsible", "time_text", "position", "starts_on", "ends_on",
    "open_ended", "preliminary", "end_override", "period_reason",
)  # fmt: skip


def _linked(entries: list[Activity]) -> dict[str, dict[int, list[str]]]:
    """For each of the table's linked columns, each activity's names (groups, channels) or
    numbers (messages) in the plan's order, by activity id: three queries for a page."""
    ids = [entry.pk for entry in entries]
    columns: dict[str, tuple[Any, str]] = {
        "groups": (Activity.groups.through, "targetgroup"),
        "messages": (Activity.messages.through, "message"),
        "channels": (Activity.channels.through, "channel"),
    }
    linked: dict[str, dict[int, list[str]]] = {}
    for name, (through, target) in columns.items():
        shown = "position" if name == "messages" else "name"
        rows = (
            through.objects.filter(activity_id__in=ids)
            .order_by(f"{target}__position", f"{target}__pk")
            .values_list("activity_id", f"{target}__{shown}")
        )
        by_activity: dict[int, list[str]] = {}
        for activity_id, text in rows:
            by_activity.setdefault(activity_id, []).append(str(text))
        linked[name] = by_activity
    return linked


@dataclass(frozen=True)
class RowOptions:
    """What every row of one page shares: who reads it and where its links go."""

    plan: Plan
    can_edit: bool
    can_reorder: bool
    page_number: int
    count: int  # activities in the whole list, for "move down" on the last one
    csrf_token: str = ""


def table_rows(entries: list[Activity], options: RowOptions) -> SafeString:
    """The `<tr>`s of the activity plan's table for `entries`, every text escaped: what the
    template's loop and its per-row include printed, without their cost (at 100 rows, the
    loop's ~6,000 variable lookups were most of the page's time;
    tests/plans/test_activity_rows.py holds the two equal)."""
    if not entries:
        return mark_safe("")
    plan = options.plan
    language = get_language() or "sv"
    linked = _linked(entries)
    labels = {
        key: escape(_(text))
        for key, text in (
            ("groups", "Target groups"), ("messages", "Messages"), ("channels", "Channel"),
            ("time", "Time"), ("responsible", "Responsible"), ("status", "Status"),
            ("edit", "Edit"), ("delete", "Delete"),
        )
    }  # fmt: skip
    statuses = {value: escape(label) for value, label in ActivityStatus.choices}
    patterns = {
        kind: reverse(f"plans:register_{kind}", args=[plan.pk, ACTIVITIES.slug, int(_PK)])
        for kind in ROW_LINKS
    }
    csrf = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', options.csrf_token
    )
    rows = []
    for entry in entries:
        pk = entry.pk
        title = escape(entry.title)
        done = ' class="done"' if entry.status == ActivityStatus.DONE else ""
        row = f'\n    <tr id="entry-{pk}"{done}>\n      '
        if options.can_edit:
            select = _("Select %(title)s") % {"title": title}
            row += (
                f'<td class="select"><input type="checkbox" name="activity" value="{pk}" '
                f'form="bulk-status" id="select-{pk}"><label for="select-{pk}" '
                f'class="visually-hidden">{select}</label></td>'
            )
        cells = []
        for name in ("groups", "messages", "channels"):
            names = linked[name].get(pk)
            cells.append(
                f'<td data-label="{labels[name]}">{escape(", ".join(names)) if names else "—"}</td>'
            )
        time = str(escape(entry.time_text))
        dates = format_period(in_effect(entry), language)
        if dates:
            time += f'<span class="period-line">{escape(dates)}</span>'
        for mark in time_marks(entry, plan):
            time += f'<span class="time-mark">{escape(mark)}</span>'
        row += (
            f'\n      <th scope="row">{title}</th>'
            f"\n      {cells[0]}\n      {cells[1]}\n      {cells[2]}"
            f'\n      <td data-label="{labels["time"]}">{time}</td>'
            f'\n      <td data-label="{labels["responsible"]}">{escape(entry.responsible)}</td>'
            f'\n      <td class="status-{escape(entry.status)}" data-label="{labels["status"]}">'
            f"{statuses.get(entry.status, escape(entry.status))}</td>\n      "
        )
        if options.can_edit:
            links = {kind: escape(url.replace(_PK, str(pk))) for kind, url in patterns.items()}
            hidden = f'<span class="visually-hidden">: {title}</span></a>'
            row += (
                f'<td><div class="actions">\n  <a href="{links["edit"]}">{labels["edit"]}{hidden}'
                f'\n  <a href="{links["delete"]}">{labels["delete"]}{hidden}\n  '
            )
            if options.can_reorder:
                up = _("Move %(entry)s up") % {"entry": title}
                down = _("Move %(entry)s down") % {"entry": title}
                first = " disabled" if entry.position == 1 else ""
                last = " disabled" if entry.position == options.count else ""
                row += (
                    f'<form method="post" action="{links["move"]}">\n    {csrf}'
                    f'<input type="hidden" name="page" value="{options.page_number}">'
                    f'\n    <button type="submit" name="direction" value="up" id="up-{pk}" '
                    f'class="small secondary"{first}>↑<span class="visually-hidden">{up}</span>'
                    "</button>"
                    f'\n    <button type="submit" name="direction" value="down" id="down-{pk}" '
                    f'class="small secondary"{last}>↓<span class="visually-hidden">{down}</span>'
                    "</button>\n  </form>"
                )
            row += "\n</div></td>\n"
        rows.append(row + "\n    </tr>")
    return mark_safe("".join(rows))  # every text above is escaped


# The table (caption, rows, pages), rendered, by the plan's activities, groups, messages and
# channels, the query and who reads it; the move forms' CSRF token is filled in per request.
TABLE_CACHE = "komplan:activity-table:v1"
TABLE_SECONDS = 3600
CSRF_MARK = "\x00csrf-token\x00"


def table_key(plan: Plan, query: QueryDict, today: Any, can_edit: bool) -> str:
    """The cache key of the activity plan's table: it changes with the shown registers'
    `registers_stamp` (one query), the plan's last change and dates (the time marks), the
    day (the quick views), the language, the query and whether the reader may edit."""
    asked = sorted((key, query.getlist(key)) for key in _filters(query))
    facts = (
        registers_stamp(plan, (Activity, TargetGroup, Message, Channel)),
        # Changes that write entries with `update()` bump it (erasing a person's name).
        plan.updated_at,
        plan.start_date,
        plan.end_date,
        today,
        get_language(),
        asked,
        can_edit,
    )
    digest = hashlib.sha256(repr(facts).encode()).hexdigest()[:32]
    return f"{TABLE_CACHE}:{plan.pk}:{digest}"


def _table(
    request: HttpRequest, plan: Plan, form: ActivityFilterForm, today: Any, can_edit: bool
) -> str:
    """The table for the request, the CSRF token left as CSRF_MARK."""
    activities = form.apply(plan.activities.only(*ROW_FIELDS), today)
    page = Paginator(activities, settings.KOMPLAN_PAGE_SIZE).get_page(request.GET.get("page"))
    can_reorder = can_edit and form.sort_key == "position" and not form.is_filtered
    options = RowOptions(
        plan=plan,
        can_edit=can_edit,
        can_reorder=can_reorder,
        page_number=page.number,
        count=page.paginator.count,
        csrf_token=CSRF_MARK,
    )
    context = {
        "plan": plan,
        "form": form,
        "page": page,
        "rows": table_rows(list(page.object_list), options),
        "page_query": _query(request.GET),
        "sort": form.sort_key,
        "sort_label": SORTS[form.sort_key],
        "can_edit": can_edit,
        **_links(request, form),
    }
    return render_to_string("plans/activity_plan/_table.html", context)


@plan_view(VIEW)
def activity_plan(request: HttpRequest, plan: Plan) -> HttpResponse:
    """The plan's activities filtered and sorted by the GET form, one page at a time.

    Reordering is offered only in document order without filters, where "up" means up. The
    table is rendered once per content and query (`table_key`), then read from the cache.
    """
    form = ActivityFilterForm(request.GET, plan=plan)
    today = timezone.localdate()
    can_edit = plan.membership.allows(EDIT)

    def table() -> SafeString:
        """Called by the page's template where the table goes."""
        key = table_key(plan, request.GET, today, can_edit)
        html = cache.get(key)
        if html is None:
            html = _table(request, plan, form, today, can_edit)
            cache.set(key, html, timeout=TABLE_SECONDS)
        if CSRF_MARK in html:
            html = html.replace(CSRF_MARK, get_token(request))
        return mark_safe(html)  # rendered by _table, every text escaped there

    context = {
        "plan": plan,
        "register": ACTIVITIES,
        "form": form,
        "table": table,
        "current_query": _filters(request.GET).urlencode(),
        "statuses": ActivityStatus.choices,
        "can_edit": can_edit,
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
