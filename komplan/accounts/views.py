from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from komplan.accounts import services
from komplan.accounts.access import MANAGE, VIEW, invitation_view, organization_view
from komplan.accounts.forms import (
    InvitationAccountForm,
    MemberAddForm,
    MembershipRoleForm,
    OrganizationSettingsForm,
)
from komplan.accounts.models import Invitation, Membership, Organization


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
    # Only the address: until the person accepts, nothing of their account is shown.
    invitations = organization.invitations.pending().select_related("invited_by")
    return render(
        request,
        "accounts/member_list.html",
        {
            "organization": organization,
            "rows": rows,
            "invitations": invitations.order_by("email", "-created_at"),
            "can_manage": can_manage,
        },
    )


@organization_view(MANAGE)
def member_add(
    request: HttpRequest, organization: Organization, membership: Membership
) -> HttpResponse:
    form = MemberAddForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.invitation_create(
            organization=organization,
            email=data["email"],
            role=data["role"],
            can_approve=data["can_approve"],
            invited_by=membership.user,
            request=request,
        )
        messages.success(
            request,
            _("An invitation was sent to %(email)s. They become a member when they accept it.")
            % data,
        )
        return redirect("accounts:members", slug=organization.slug)
    return render(request, "accounts/member_add.html", {"organization": organization, "form": form})


@organization_view(MANAGE)
@require_POST
def invitation_withdraw(
    request: HttpRequest, organization: Organization, _membership: Membership, invitation_id: int
) -> HttpResponse:
    invitation = get_object_or_404(organization.invitations.pending(), pk=invitation_id)
    services.invitation_withdraw(invitation=invitation)
    messages.success(
        request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email}
    )
    return redirect("accounts:members", slug=organization.slug)


@invitation_view
def invitation(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    """The invited person's page: who invites them to what; accept or decline. Someone without
    an account chooses their name and password here."""
    new_person = not request.user.is_authenticated
    answer = request.POST.get("answer")
    form = None
    if new_person:
        data = request.POST if answer == "accept" else None
        form = InvitationAccountForm(data, invitation=invitation)
    if request.method == "POST" and answer in {"accept", "decline"}:
        organization = invitation.organization
        try:
            if answer == "decline":
                services.invitation_decline(invitation=invitation)
                messages.success(
                    request,
                    _("You declined the invitation to %(org)s.") % {"org": organization.name},
                )
                return redirect("invitations:invitation", token=invitation.token)
            if form is None:
                services.invitation_accept(invitation=invitation, user=request.user)
            elif form.is_valid():
                user = services.invitation_accept_new_account(invitation=invitation, form=form)
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            else:
                return _invitation_page(request, invitation, form, status=400)
        except services.InvitationClosedError:
            return redirect("invitations:invitation", token=invitation.token)
        messages.success(
            request, _("You are now a member of %(org)s.") % {"org": organization.name}
        )
        return redirect("plans:list")
    return _invitation_page(request, invitation, form)


def _invitation_page(
    request: HttpRequest, invitation: Invitation, form: Any, status: int = 200
) -> HttpResponse:
    context = {"invitation": invitation, "organization": invitation.organization, "form": form}
    return render(request, "accounts/invitation.html", context, status=status)


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
