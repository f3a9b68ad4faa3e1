"""A plan's history: every recorded change, newest first, and the history of one entry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from komplan.accounts.access import EDIT, VIEW
from komplan.audit.display import field_changes, register_label
from komplan.audit.models import Action, AuditEvent
from komplan.audit.recording import PLAN, TRACKED, came_with_plan
from komplan.plans.access import plan_view
from komplan.plans.models import Plan
from komplan.plans.registers import REGISTERS, Register

PAGE_SIZE = 50


@dataclass
class EventRow:
    """One event as a page shows it."""

    event: AuditEvent
    action: str
    register: str
    url: str
    deleted: bool
    changes: list[dict[str, str]]


def _object_url(event: AuditEvent) -> str:
    register, plan_id = event.register, event.plan_id
    tracked = TRACKED.get(register)
    if tracked is not None:
        if tracked.url is not None:
            return tracked.url(event)
        if plan_id is None:
            return ""
        return reverse("audit:entry_history", args=[plan_id, register, event.object_id])
    if plan_id is None:
        return ""
    if register == PLAN:
        return reverse("audit:plan_facts_history", args=[plan_id])
    return reverse("audit:object_history", args=[plan_id, register, event.object_id])


def event_rows(events: Any, deleted: bool | None = None) -> list[EventRow]:
    """`events` (a page's) as the history pages show them: in the reader's language, each
    linked to its object's history."""
    labels = dict(Action.choices)
    return [
        EventRow(
            event=event,
            action=str(labels.get(event.action, event.action)),
            register=register_label(event.register),
            url=_object_url(event),
            deleted=getattr(event, "object_deleted", False) if deleted is None else deleted,
            changes=field_changes(event),
        )
        for event in events
    ]


def _rows(plan: Plan, page: Page[AuditEvent], deleted: bool | None = None) -> list[EventRow]:
    return event_rows(page.object_list, deleted)


def plan_events(plan: Plan) -> Q:
    """The plan's events, and those of what belongs to it without being its register (a
    meeting about the plan: `Tracked.scopes`, a subquery: no query of its own)."""
    found = Q(plan=plan)
    for tracked in TRACKED.values():
        if tracked.scopes is not None:
            scopes = tracked.scopes(plan)
            found |= Q(organization_id=plan.organization_id, scope__in=scopes)
    return found


def _page(request: HttpRequest, events: QuerySet[AuditEvent]) -> Page[AuditEvent]:
    return Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(params: QueryDict) -> str:
    query = params.copy()
    query.pop("page", None)
    return query.urlencode()


class HistoryFilterForm(forms.Form):
    register = forms.ChoiceField(label=_("Part of the plan"), required=False)
    person = forms.TypedChoiceField(label=_("Person"), required=False, coerce=int)

    def __init__(self, data: Any, *, people: list[tuple[int, str]]) -> None:
        super().__init__(data)
        self.fields["register"].choices = [
            ("", _("All parts")),
            (PLAN, _("The plan's facts")),
            *[(slug, capfirst(register.title)) for slug, register in REGISTERS.items()],
            *[
                (slug, capfirst(tracked.model._meta.verbose_name_plural))
                for slug, tracked in TRACKED.items()
                if tracked.in_plans
            ],
        ]
        self.fields["person"].choices = [("", _("Everyone")), *people]

    def value(self, name: str) -> Any:
        return self.cleaned_data.get(name) if self.is_valid() else None


def _people(plan: Plan) -> list[tuple[int, str]]:
    """Everyone who changed the plan, by the name they had at their latest change."""
    names: dict[int, str] = {}
    rows = (
        AuditEvent.objects.filter(plan_events(plan), user__isnull=False)
        .values_list("user_id", "user_name")
        .annotate(last=Max("at"))
        .order_by("last")
    )
    for user_id, name, _last in rows:
        names[user_id] = name
    return sorted(names.items(), key=lambda item: (item[1].casefold(), item[0]))


@plan_view(VIEW)
def plan_history(request: HttpRequest, plan: Plan) -> HttpResponse:
    form = HistoryFilterForm(request.GET, people=_people(plan))
    deleted = AuditEvent.objects.filter(
        plan_id=OuterRef("plan_id"),
        register=OuterRef("register"),
        object_id=OuterRef("object_id"),
        action=Action.DELETE,
    )
    events = AuditEvent.objects.filter(plan_events(plan)).annotate(object_deleted=Exists(deleted))
    if register := form.value("register"):
        events = events.filter(register=register)
    if person := form.value("person"):
        events = events.filter(user_id=person)
    page = _page(request, events.order_by("-at", "-pk"))
    context = {
        "plan": plan,
        "nav": "history",
        "form": form,
        "is_filtered": bool(register or person),
        "page": page,
        "page_query": _query_without_page(request.GET),
        "rows": _rows(plan, page),
    }
    return render(request, "audit/plan_history.html", context)


def _object_page(
    request: HttpRequest, plan: Plan, register: str, object_id: int, current: Any
) -> HttpResponse:
    own = Q(register=register, object_id=object_id)
    events = AuditEvent.objects.filter(plan=plan)
    if register != PLAN:
        # An entry without a creation of its own came with its plan, written in one go (a
        # copy, an imported document): the plan's creation says so, listed last (it is the
        # oldest), in the same query.
        events = events.filter(own | came_with_plan(plan.pk, register, object_id))
    else:
        events = events.filter(own)
    page = _page(request, events.order_by("-at", "-pk"))
    rows = _rows(plan, page, deleted=current is None)
    origin = [row for row in rows if row.event.register != register]
    rows = [row for row in rows if row.event.register == register]
    if current is None and not rows and not page.has_previous():
        raise Http404  # never an entry of the plan (the plan's event alone says nothing)
    for row in origin:
        row.deleted = False
    name = str(current) if current is not None else (rows[0].event.object_repr if rows else "")
    open_url = ""
    if current is not None and plan.membership.allows(EDIT):
        tracked = TRACKED.get(register)
        if tracked is not None:
            open_url = tracked.open_url(current) if tracked.open_url is not None else ""
        elif register != PLAN:
            open_url = reverse("plans:register_edit", args=[plan.pk, register, current.pk])
    context = {
        "plan": plan,
        "nav": "history",
        "open_url": open_url,
        "register_label": register_label(register),
        "register_slug": register,
        "name": name,
        "current": current,
        "can_edit": plan.membership.allows(EDIT),
        "page": page,
        "page_query": "",
        "rows": rows,
        "origin_rows": origin,
    }
    return render(request, "audit/object_history.html", context)


@plan_view(VIEW)
def object_history(
    request: HttpRequest, plan: Plan, register: Register, object_id: int
) -> HttpResponse:
    """An entry's history, also after it was deleted (404 if it never existed)."""
    current = register.model._default_manager.filter(plan=plan, pk=object_id).first()
    return _object_page(request, plan, register.slug, object_id, current)


@plan_view(VIEW)
def entry_history(request: HttpRequest, plan: Plan, register: str, object_id: int) -> HttpResponse:
    """The history of an object of the plan that is not in its registers (a goal's
    measurement), also after it was deleted."""
    tracked = TRACKED.get(register)
    if tracked is None or tracked.current is None:
        raise Http404
    return _object_page(request, plan, register, object_id, tracked.current(plan, object_id))


@plan_view(VIEW)
def plan_facts_history(request: HttpRequest, plan: Plan) -> HttpResponse:
    """The history of the plan's own facts: name, dates, background and so on."""
    return _object_page(request, plan, PLAN, plan.pk, plan)
