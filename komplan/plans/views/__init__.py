"""Views of the plan and its registers; larger features live in modules beside this one."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from komplan.accounts.access import EDIT, MANAGE, VIEW, writable_organizations
from komplan.plans import services
from komplan.plans.access import plan_view
from komplan.plans.coverage_display import coverage_summary
from komplan.plans.editing import save_form
from komplan.plans.forms import PlanCreateForm, PlanForm
from komplan.plans.models import Message, Plan, PriorityTier
from komplan.plans.registers import Register
from komplan.plans.revisions import revision_rows

# The overview reads like the document but stays fast for a 10,000-activity plan:
# each section shows its first entries and links to the whole register.
OVERVIEW_PREVIEW = 12


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = (
        Plan.objects.visible_to(request.user)
        .select_related("organization")
        .order_by("organization__name", "-updated_at")
    )
    return render(
        request,
        "plans/plan_list.html",
        {"plans": plans, "can_create": bool(writable_organizations(request.user))},
    )


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    organizations = writable_organizations(request.user)
    if not organizations:
        raise PermissionDenied
    form = PlanCreateForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        plan = services.plan_create(form=form, user=request.user)
        messages.success(request, _("The plan was created."))
        return redirect("plans:overview", plan_id=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": None})


@plan_view(VIEW)
def plan_overview(request: HttpRequest, plan: Plan) -> HttpResponse:
    counts = plan.register_counts()
    preview = OVERVIEW_PREVIEW
    context = {
        "plan": plan,
        "counts": counts,
        "preview": preview,
        "can_edit": plan.membership.allows(EDIT),
        "tiers": _tiers_with_first_messages(plan, preview),
        "goals": plan.goals.order_by("position")[:preview],
        "groups": plan.groups.select_related("tier").order_by("position")[:preview],
        "channels": plan.channels.order_by("position")[:preview],
        "activities": plan.activities.order_by("position")[:preview],
        "direct_messages": plan.messages.filter(tiers=None).order_by("position")[:preview],
        "coverage": coverage_summary(plan),
        "revision_rows": revision_rows(plan),
    }
    return render(request, "plans/plan_overview.html", context)


def _tiers_with_first_messages(plan: Plan, limit: int) -> list[PriorityTier]:
    """The plan's tiers, each with its first `limit` messages and its message count.

    A window function picks the first messages per tier in SQL: the overview of a plan
    with 600 messages must not load them all to show a dozen per tier.
    """
    tiers = list(plan.tiers.annotate(n_messages=Count("messages")).order_by("position"))
    links = (
        Message.tiers.through.objects.filter(prioritytier__plan=plan)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("prioritytier_id"),
                order_by=F("message__position").asc(),
            )
        )
        .filter(rank__lte=limit)
        .select_related("message")
        .order_by("prioritytier_id", "message__position")
    )
    first: dict[int, list[Message]] = {}
    for link in links:
        first.setdefault(link.prioritytier_id, []).append(link.message)
    for tier in tiers:
        tier.first_messages = first.get(tier.pk, [])
    return tiers


@plan_view(EDIT)
def plan_edit(request: HttpRequest, plan: Plan) -> HttpResponse:
    form = PlanForm(request.POST or None, instance=plan, on_saved=_refresh_periods_if_needed)
    return save_form(
        request,
        form,
        "plans/plan_form.html",
        {"plan": plan},
        reverse("plans:overview", args=[plan.pk]),
        _("The plan was saved."),
    )


def _refresh_periods_if_needed(form: PlanForm) -> None:
    # Times are read in the plan's language and within its period.
    if {"language", "start_date", "end_date"} & set(form.changed_data):
        services.plan_periods_refresh(plan=form.instance)


@plan_view(EDIT)
@require_POST
def plan_copy(request: HttpRequest, plan: Plan) -> HttpResponse:
    copy = services.plan_copy(plan=plan, user=request.user)
    messages.success(request, _("A new draft was made from the plan."))
    return redirect("plans:overview", plan_id=copy.pk)


@plan_view(MANAGE)
def plan_delete(request: HttpRequest, plan: Plan) -> HttpResponse:
    if request.method == "POST":
        plan.delete()
        messages.success(request, _("The plan was deleted."))
        return redirect("plans:list")
    return render(request, "plans/plan_delete.html", {"plan": plan})


def _register_page(request: HttpRequest, plan: Plan, register: Register) -> dict[str, Any]:
    paginator = Paginator(register.entries(plan), settings.KOMPLAN_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return {
        "plan": plan,
        "register": register,
        "page": page,
        "entries": page.object_list,
        "can_edit": plan.membership.allows(EDIT),
    }


@plan_view(VIEW)
def register_list(request: HttpRequest, plan: Plan, register: Register) -> HttpResponse:
    context = _register_page(request, plan, register)
    if request.htmx:
        return render(request, register.table_template, context)
    return render(request, "plans/register_list.html", context)


def _entry(plan: Plan, register: Register, pk: int) -> Any:
    try:
        return register.get(plan, pk)
    except register.model.DoesNotExist:
        raise Http404 from None


@plan_view(EDIT)
def register_create(request: HttpRequest, plan: Plan, register: Register) -> HttpResponse:
    form = register.form_class(request.POST or None, plan=plan)
    return save_form(
        request,
        form,
        "plans/register_form.html",
        {"plan": plan, "register": register},
        reverse("plans:register", args=[plan.pk, register.slug]),
        _("%(entry)s was added.") % {"entry": register.singular.capitalize()},
    )


@plan_view(EDIT)
def register_edit(request: HttpRequest, plan: Plan, register: Register, pk: int) -> HttpResponse:
    entry = _entry(plan, register, pk)
    form = register.form_class(request.POST or None, instance=entry, plan=plan)
    return save_form(
        request,
        form,
        "plans/register_form.html",
        {"plan": plan, "register": register, "entry": entry},
        reverse("plans:register", args=[plan.pk, register.slug]),
        _("%(entry)s was saved.") % {"entry": register.singular.capitalize()},
    )


@plan_view(EDIT)
def register_delete(request: HttpRequest, plan: Plan, register: Register, pk: int) -> HttpResponse:
    entry = _entry(plan, register, pk)
    if request.method == "POST":
        entry.delete()
        messages.success(request, _("%(entry)s was deleted.") % {"entry": entry})
        return redirect("plans:register", plan_id=plan.pk, register=register.slug)
    return render(
        request, "plans/register_delete.html", {"plan": plan, "register": register, "entry": entry}
    )


@plan_view(EDIT)
@require_POST
def register_move(request: HttpRequest, plan: Plan, register: Register, pk: int) -> HttpResponse:
    entry = _entry(plan, register, pk)
    entry.move(-1 if request.POST.get("direction") == "up" else 1)
    if request.htmx and not register.own_page:
        return render(request, register.table_template, _register_page(request, plan, register))
    url = reverse("plans:register", args=[plan.pk, register.slug])
    page = request.POST.get("page")
    return redirect(f"{url}?page={page}#entry-{entry.pk}" if page else f"{url}#entry-{entry.pk}")
