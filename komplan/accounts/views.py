from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from komplan.accounts import services
from komplan.accounts.access import MANAGE, VIEW, get_organization_for
from komplan.accounts.forms import MemberAddForm, MembershipRoleForm


@login_required
def member_list(request: HttpRequest, slug: str) -> HttpResponse:
    organization, membership = get_organization_for(request.user, slug, VIEW)
    members = organization.memberships.select_related("user").order_by("user__username")
    can_manage = membership.allows(MANAGE)
    rows = [(m, MembershipRoleForm(instance=m, prefix=f"m{m.pk}")) for m in members]
    return render(
        request,
        "accounts/member_list.html",
        {"organization": organization, "rows": rows, "can_manage": can_manage},
    )


@login_required
def member_add(request: HttpRequest, slug: str) -> HttpResponse:
    organization, _membership = get_organization_for(request.user, slug, MANAGE)
    form = MemberAddForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        membership, created = services.member_add(
            organization=organization, email=data["email"], first_name=data["first_name"],
            last_name=data["last_name"], role=data["role"], request=request,
        )
        if created:
            messages.success(
                request, _("%(email)s was invited by email to set a password.") % data
            )
        else:
            messages.success(request, _("%(user)s was added.") % {"user": membership.user})
        return redirect("accounts:members", slug=organization.slug)
    return render(request, "accounts/member_add.html", {"organization": organization, "form": form})


@login_required
@require_POST
def member_role(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    organization, _membership = get_organization_for(request.user, slug, MANAGE)
    target = get_object_or_404(organization.memberships, pk=membership_id)
    form = MembershipRoleForm(request.POST, instance=target, prefix=f"m{target.pk}")
    if form.is_valid():
        try:
            services.member_set_role(membership=target, role=form.cleaned_data["role"])
            messages.success(request, _("The role of %(user)s was changed.") % {"user": target.user})
        except services.LastAdminError as error:
            messages.error(request, str(error))
    return redirect("accounts:members", slug=organization.slug)


@login_required
def member_remove(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    organization, _membership = get_organization_for(request.user, slug, MANAGE)
    target = get_object_or_404(organization.memberships.select_related("user"), pk=membership_id)
    if request.method == "POST":
        try:
            services.member_remove(membership=target)
            messages.success(request, _("%(user)s was removed.") % {"user": target.user})
        except services.LastAdminError as error:
            messages.error(request, str(error))
        return redirect("accounts:members", slug=organization.slug)
    return render(
        request,
        "accounts/member_remove.html",
        {"organization": organization, "membership": target},
    )
