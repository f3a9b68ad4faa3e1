"""Following a plan (its changes are listed on the home page) and hiding its checklist of
first steps. Both are the reader's own choices: any member who may see the plan makes them."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from komplan.accounts.access import VIEW
from komplan.plans.access import plan_view
from komplan.plans.models import ChecklistDismissal, Follow, Plan


@plan_view(VIEW)
@require_POST
def plan_follow(request: HttpRequest, plan: Plan) -> HttpResponse:
    """Follow the plan, or stop following it when the form says `follow=0`."""
    if request.POST.get("follow") == "0":
        Follow.objects.filter(user=request.user, plan=plan).delete()
        messages.success(request, _("You no longer follow this plan."))
    else:
        Follow.objects.get_or_create(user=request.user, plan=plan)
        messages.success(
            request, _("You follow this plan: its changes are listed on your home page.")
        )
    return redirect("plans:overview", plan_id=plan.pk)


@plan_view(VIEW)
@require_POST
def checklist_dismiss(request: HttpRequest, plan: Plan) -> HttpResponse:
    ChecklistDismissal.objects.get_or_create(user=request.user, plan=plan)
    messages.success(request, _("The checklist is hidden. Each register is in the plan's menu."))
    return redirect("plans:overview", plan_id=plan.pk)
