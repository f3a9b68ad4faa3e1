from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.staticfiles import finders
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from komplan.accounts import branding, extensions, services
from komplan.accounts.access import MANAGE, VIEW, invitation_view, organization_view
from komplan.accounts.forms import (
    InvitationAccountForm,
    MemberAddForm,
    MembershipRoleForm,
    OrganizationSettingsForm,
)
from komplan.accounts.models import Invitation, Membership, Organization
from komplan.core import tasks as core_tasks
from komplan.core.models import TaskFailure


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
            deactivated = services.member_remove(membership=target)
            messages.success(request, _("%(user)s was removed.") % {"user": target.user})
            if deactivated:
                messages.info(
                    request,
                    _("Their login was deactivated: they belong to no other organisation."),
                )
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
    # A copy: a form that fails validation must not leave its values on the organisation
    # the page's header shows (its accent colour, for one).
    form = OrganizationSettingsForm(
        request.POST or None, request.FILES or None, instance=copy.copy(organization)
    )
    if request.method == "POST" and form.is_valid():
        profile = {"accent_color", "logo", "remove_logo"}
        if profile & set(form.changed_data):
            services.organization_profile_set(
                organization=organization,
                accent_color=form.cleaned_data["accent_color"],
                logo=form.cleaned_data["logo"],
                remove_logo=form.cleaned_data.get("remove_logo", False),
            )
        if "approver_must_differ" in form.changed_data:
            services.organization_approval_rule_set(
                organization=organization,
                approver_must_differ=form.cleaned_data["approver_must_differ"],
            )
        if "retention_months" in form.changed_data:
            services.organization_retention_set(
                organization=organization, months=form.cleaned_data["retention_months"]
            )
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
        {
            "organization": organization,
            "form": form,
            "more_settings": extensions.settings_links(organization.slug),
        },
    )


# --- the graphic profile's files: per organisation, cached for a year under a versioned address


@organization_view(VIEW)
def brand_stylesheet(
    request: HttpRequest, organization: Organization, _membership: Membership
) -> HttpResponse:
    """The accent colour as a stylesheet (the policy allows no inline style); without one,
    a stylesheet that changes nothing."""
    css = branding.brand_css(organization.accent_color) if organization.accent_color else ""
    return _cached(HttpResponse(css, content_type="text/css"))


@organization_view(VIEW)
def brand_logo(
    request: HttpRequest, organization: Organization, _membership: Membership
) -> HttpResponse:
    """The organisation's logo: komplan's own re-encoded PNG of the uploaded picture; without
    one (or should its file be gone), komplan's own mark."""
    try:
        picture = organization.logo.open("rb") if organization.logo else None
    except FileNotFoundError:
        picture = None
    if picture is None:
        mark = finders.find("komplan/apple-touch-icon.png")
        picture = open(mark, "rb")  # noqa: SIM115 - FileResponse closes it
    return _cached(FileResponse(picture, content_type="image/png"))


def _cached(response: HttpResponse) -> HttpResponse:
    # The address carries the profile's version (Organization.brand_version); private, as
    # only members see it.
    response["Cache-Control"] = "private, max-age=31536000, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- failed work: tasks that failed after their last try (komplan.core.tasks) ----------------

FAILURES_SHOWN = 100


@organization_view(MANAGE)
def task_failures(
    request: HttpRequest, organization: Organization, _membership: Membership
) -> HttpResponse:
    """Work done in the background for the organisation that failed, newest first."""
    rows = TaskFailure.objects.filter(organization_id=organization.pk).order_by(
        "gave_up", "-last_failed_at", "-pk"
    )
    failures = list(rows[:FAILURES_SHOWN])
    for failure in failures:
        failure.label = core_tasks.label_of(failure.task_path)
    return render(
        request,
        "accounts/task_failures.html",
        {"organization": organization, "failures": failures},
    )


@organization_view(MANAGE)
@require_POST
def task_failure_retry(
    request: HttpRequest, organization: Organization, _membership: Membership, failure_id: int
) -> HttpResponse:
    failure = get_object_or_404(
        TaskFailure, pk=failure_id, organization_id=organization.pk, gave_up=True
    )
    core_tasks.failure_retry(failure)
    messages.success(request, _("The work will be tried again."))
    return redirect("accounts:task_failures", organization.slug)


@organization_view(MANAGE)
@require_POST
def task_failure_dismiss(
    request: HttpRequest, organization: Organization, _membership: Membership, failure_id: int
) -> HttpResponse:
    failure = get_object_or_404(TaskFailure, pk=failure_id, organization_id=organization.pk)
    failure.delete()
    messages.success(request, _("The failure was removed from the list."))
    return redirect("accounts:task_failures", organization.slug)
