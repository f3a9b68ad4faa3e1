"""Views of the plan and its registers; larger features live in modules beside this one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from komplan.accounts.access import EDIT, MANAGE, VIEW, scoped_view, writable_organizations
from komplan.plans import extensions, services
from komplan.plans.access import plan_view
from komplan.plans.activity_plan import time_warnings
from komplan.plans.editing import save_form
from komplan.plans.forms import PlanCreateForm, PlanForm
from komplan.plans.models import Plan
from komplan.plans.overview import get_overview_plan, overview_page
from komplan.plans.register_views import RegisterPages, register_views
from komplan.plans.registers import Register


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


@scoped_view("plan_id", get_overview_plan, VIEW)  # `plan_view`'s gate, with the stamps
def plan_overview(request: HttpRequest, plan: Plan) -> HttpResponse:
    # Kept until the plan changes (`komplan.plans.overview`).
    context = {
        "plan": plan,
        "can_edit": plan.membership.allows(EDIT),
        "can_manage": plan.membership.allows(MANAGE),
    }
    return HttpResponse(overview_page(request, plan, context))


@plan_view(EDIT)
def plan_edit(request: HttpRequest, plan: Plan) -> HttpResponse:
    form = PlanForm(request.POST or None, instance=plan)
    return save_form(
        request,
        form,
        "plans/plan_form.html",
        {"plan": plan},
        reverse("plans:overview", args=[plan.pk]),
        _("The plan was saved."),
    )


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


_PK = 2147483647  # stands for an entry's id in a reversed link


@dataclass(frozen=True)
class RowActions:
    """What the actions of every row of a register's list page share."""

    plan: Plan
    slug: str  # the register
    sort: str  # another order than the plan's: no moving
    page: Any  # the list's page: its number, and the list's length
    csrf_token: str = ""


def row_actions(entries: list[Any], shared: RowActions) -> None:
    """Each entry's edit, delete and move links as `entry.actions`, every text escaped: what
    the per-row include printed (three reversed addresses, three translations per row), built
    with one reverse per kind of link (tests/plans/test_register_rows.py holds them equal)."""
    links = {
        kind: reverse(f"plans:register_{kind}", args=[shared.plan.pk, shared.slug, _PK])
        for kind in ("edit", "delete", "move")
    }
    edit, delete = escape(_("Edit")), escape(_("Delete"))
    count = shared.page.paginator.count
    csrf = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', shared.csrf_token
    )
    for entry in entries:
        pk, name = str(entry.pk), escape(str(entry))
        url = {kind: escape(link.replace(str(_PK), pk)) for kind, link in links.items()}
        hidden = f'<span class="visually-hidden">: {name}</span></a>'
        html = (
            f'<td class="actions">\n  <a href="{url["edit"]}">{edit}{hidden}'
            f'\n  <a href="{url["delete"]}">{delete}{hidden}\n  '
        )
        if not shared.sort:
            moved = _("“%(entry)s” moved to position %(position)s of %(count)s") % {
                "entry": name,
                "position": entry.position,
                "count": count,
            }
            up = _("Move %(entry)s up") % {"entry": name}
            down = _("Move %(entry)s down") % {"entry": name}
            first = " disabled" if entry.position == 1 else ""
            last = " disabled" if entry.position == count else ""
            html += (
                f'<form method="post" action="{url["move"]}" data-hx-post="{url["move"]}" '
                f'data-hx-target="#register-table" data-reorder="{pk}" data-moved="{moved}">'
                f'\n    {csrf}<input type="hidden" name="page" value="{shared.page.number}">'
                f'\n    <button type="submit" name="direction" value="up" id="up-{pk}" '
                f'class="small secondary"{first}>↑<span class="visually-hidden">{up}</span>'
                "</button>"
                f'\n    <button type="submit" name="direction" value="down" id="down-{pk}" '
                f'class="small secondary"{last}>↓<span class="visually-hidden">{down}</span>'
                "</button>\n  </form>"
            )
        entry.actions = mark_safe(html + "\n</td>")  # every text above is escaped


class PlanRegisterPages(RegisterPages):
    """A plan's register (`komplan.plans.registers`): every register shares its templates."""

    parent_name = "plan"
    form_template = "plans/register_form.html"
    delete_template = "plans/register_delete.html"
    list_template = "plans/register_list.html"

    def __init__(self, register: Register) -> None:
        self.register = register
        self.model = register.model
        self.form_class = register.form_class
        # The activities are listed by the activity plan, which reloads after a move.
        self.table_template = "" if register.own_page else register.table_template
        # Target groups and channels can be added from the activity form.
        if register.slug in ("groups", "channels"):
            self.inline_template = "plans/activity_plan/_added_option.html"
        # Made for each request: the texts are in the language of the page.
        entry = register.singular.capitalize()
        self.added = _("%(entry)s was added.") % {"entry": entry}
        self.saved = _("%(entry)s was saved.") % {"entry": entry}
        self.deleted = _("%(entry)s was deleted.")

    def get(self, plan: Plan, pk: int) -> Any:
        return self.register.get(plan, pk)

    def warnings(self, plan: Plan, entry: Any) -> list[str]:
        if self.register.slug != "activities":
            return []
        return time_warnings(entry, plan, get_language() or "sv")

    def list_context(self, request: HttpRequest, plan: Plan) -> dict[str, Any]:
        # Another order than the plan's (the risks' highest score first), when asked for.
        sort = request.GET.get("sort", "")
        sort = sort if sort in self.register.orderings else ""
        paginator = Paginator(self.register.entries(plan, sort), settings.KOMPLAN_PAGE_SIZE)
        # A move posts the page it was made on: htmx re-renders that page, not the first.
        page = paginator.get_page(request.GET.get("page") or request.POST.get("page"))
        entries = list(page.object_list)
        can_edit = plan.membership.allows(EDIT)
        if can_edit:
            token = "" if sort else get_token(request)
            row_actions(entries, RowActions(plan, self.register.slug, sort, page, token))
        return {
            "plan": plan,
            "register": self.register,
            "page": page,
            "entries": entries,
            "can_edit": can_edit,
            "sort": sort,
            "page_query": f"sort={sort}" if sort else "",
        }

    def context(self, plan: Plan, entry: Any | None) -> dict[str, Any]:
        return {
            "plan": plan,
            "register": self.register,
            "entry": entry,
            "entry_links": extensions.entry_links(self.register.slug, entry),
        }

    def list_url(self, plan: Plan) -> str:
        return reverse("plans:register", args=[plan.pk, self.register.slug])

    def moved_url(self, request: HttpRequest, plan: Plan, entry: Any) -> str:
        url, page = self.list_url(plan), request.POST.get("page")
        return f"{url}?page={page}#entry-{entry.pk}" if page else f"{url}#entry-{entry.pk}"


_registers = register_views(PlanRegisterPages, gate=plan_view)
register_list = _registers.list
register_create = _registers.create
register_edit = _registers.edit
register_delete = _registers.delete
register_move = _registers.move
