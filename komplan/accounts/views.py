from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from komplan.accounts import services
from komplan.accounts.access import MANAGE, VIEW, organization_view
from komplan.accounts.forms import MemberAddForm, MembershipRoleForm, OrganizationSettingsForm
from komplan.accounts.models import Membership, Organization


@organization_view(VIEW)
def member_list(
    request: HttpRequest, organization: Organization, membership: Membership
) -> HttpResponse:
    members = organization.memberships.select_related("user").order_by("user__username")
    can_manage = membership.allows(MANAGE)
    rows = [
        (
            m,
            MembershipRoleForm(
                initial={"role": m.role, "can_approve": m.can_approve}, prefix=f"m{m.pk}"
            ),
        )
        for m in members
    ]
    return render(
        request,
        "accounts/member_list.html",
        {"organization": organization, "rows": rows, "can_manage": can_manage},
    )


@organization_view(MANAGE)
def member_add(
    request: HttpRequest, organization: Organization, _membership: Membership
) -> HttpResponse:
    form = MemberAddForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        membership, created = services.member_add(
            organization=organization,
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            role=data["role"],
            can_approve=data["can_approve"],
            request=request,
        )
        if created:
            messages.success(request, _("%(email)s was invited by email to set a password.") % data)
        else:
            messages.success(request, _("%(user)s was added.") % {"user": membership.user})
        return redirect("accounts:members", slug=organization.slug)
    return render(request, "accounts/member_add.html", {"organization": organization, "form": form})


@organization_view(MANAGE)
@require_POST
def member_role(
    request: HttpRequest, organization: Organization, _membership: Membership, membership_id: int
) -> HttpResponse:
    target = get_object_or_404(organization.memberships, pk=membership_id)
    form = MembershipRoleForm(request.POST, prefix=f"m{target.pk}")
    if form.is_valid():
        try:
            services.member_set_role(
                membership=target,
                role=form.cleaned_data["role"],
                can_approve=form.cleaned_data["can_approve"],
            )
            messages.success(
                request, _("The role of %(user)s was changed.") % {"user": target.user}
            )
        except services.LastAdminError as error:
            messages.error(request, str(error))
    return redirect("accounts:members", slug=organization.slug)


@organization_view(MANAGE)
def member_remove(
    request: HttpRequest, organization: Organization, _membership: Membership, membership_id: int
) -> HttpResponse:
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


@organization_view(MANAGE)
def organization_settings(
    request: HttpRequest, organization: Organization, _membership: Membership
) -> HttpResponse:
    """The organisation's settings; a change of seasons re-reads every activity's time."""
    form = OrganizationSettingsForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        if "season_system" in form.changed_data:
            count = services.organization_seasons_set(
                organization=organization, season_system=form.cleaned_data["season_system"]
            )
            text = ngettext(
                "The seasons were changed; %(count)d activity's time was read again.",
                "The seasons were changed; %(count)d activities' times were read again.",
                count,
            )
            messages.success(request, text % {"count": count})
        else:
            messages.success(request, _("The settings were saved."))
        return redirect("accounts:settings", slug=organization.slug)
    return render(
        request,
        "accounts/organization_settings.html",
        {"organization": organization, "form": form},
    )
