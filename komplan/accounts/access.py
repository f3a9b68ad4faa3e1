"""The one place that says who may see or change what.

Every organisation- or plan-scoped view fetches its object through these helpers.
An outsider never learns that another organisation's object exists (404); a member
whose role is too low is told so (403).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from komplan.accounts.models import APPROVE, Invitation, Membership, Organization, Role, User

VIEW = Role.VIEWER
EDIT = Role.EDITOR
MANAGE = Role.ADMIN
__all__ = ["APPROVE", "EDIT", "MANAGE", "VIEW"]  # APPROVE: the approver flag


def membership_for(user: Any, organization_id: int) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, organization_id=organization_id).first()


def check_role(membership: Membership | None, role: str) -> None:
    """Raise 404 for non-members and 403 for members below `role`."""
    if membership is None:
        raise Http404
    if not membership.allows(role):
        raise PermissionDenied


def get_organization_for(user: Any, slug: str, role: str) -> tuple[Organization, Membership]:
    organization = get_object_or_404(Organization, slug=slug)
    membership = membership_for(user, organization.pk)
    check_role(membership, role)
    assert membership is not None
    return organization, membership


def get_plan_for(user: Any, plan_id: int, role: str) -> Any:
    """The plan `plan_id` if `user` holds at least `role` in its organisation."""
    from komplan.plans.models import Plan

    plan = get_object_or_404(Plan.objects.select_related("organization", "updated_by"), pk=plan_id)
    membership = membership_for(user, plan.organization_id)
    check_role(membership, role)
    plan.membership = membership
    return plan


def writable_organizations(user: Any) -> list[Organization]:
    """Organisations in which `user` may create plans."""
    return [
        m.organization
        for m in Membership.objects.filter(user=user, role__in=[EDIT, MANAGE]).select_related(
            "organization"
        )
    ]


def organization_view(
    role: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a view taking `slug`: it receives the checked organisation and membership."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            organization, membership = get_organization_for(request.user, slug, role)
            return view(request, organization, membership, *args, **kwargs)

        return wrapper

    return decorator


def plan_view(role: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a view taking `plan_id`: it receives the checked `plan` instead.

    GET-only roles are not inferred: a view that changes data asks for EDIT itself.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, plan_id: int, *args: Any, **kwargs: Any) -> HttpResponse:
            plan = get_plan_for(request.user, plan_id, role)
            return view(request, plan, *args, **kwargs)

        return wrapper

    return decorator


def get_forum_for(user: Any, forum_id: int, role: str) -> Any:
    """The forum `forum_id` if `user` holds at least `role` in its organisation."""
    from komplan.meetings.models import Forum

    forum = get_object_or_404(Forum.objects.select_related("organization"), pk=forum_id)
    membership = membership_for(user, forum.organization_id)
    check_role(membership, role)
    forum.membership = membership
    return forum


def get_meeting_for(user: Any, meeting_id: int, role: str) -> Any:
    """The meeting `meeting_id` if `user` holds at least `role` in its forum's organisation."""
    from komplan.meetings.models import Meeting

    meeting = get_object_or_404(
        Meeting.objects.select_related("forum__organization", "note_taker"), pk=meeting_id
    )
    membership = membership_for(user, meeting.forum.organization_id)
    check_role(membership, role)
    meeting.membership = membership
    return meeting


def _scoped_view(
    param: str, fetch: Callable[[Any, int, str], Any], role: str
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            scoped = fetch(request.user, kwargs.pop(param), role)
            return view(request, scoped, *args, **kwargs)

        return wrapper

    return decorator


def forum_view(role: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a view taking `forum_id`: it receives the checked `forum` instead."""
    return _scoped_view("forum_id", get_forum_for, role)


def meeting_view(role: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a view taking `meeting_id`: it receives the checked `meeting` instead, with
    `meeting.membership`. Outsiders get 404, members below `role` 403."""
    return _scoped_view("meeting_id", get_meeting_for, role)


def invitation_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate a view taking an invitation's secret `token`: it receives the invitation when
    the visitor may answer it. Unknown token: 404. A closed invitation (answered, withdrawn,
    expired): a page saying so (410), naming no organisation. Logged in with another email
    address: a page saying so (403). Not logged in while the address has an account: the
    login page. Not logged in and no account: the view, to let the person create one."""

    @wraps(view)
    def wrapper(request: HttpRequest, token: str, *args: Any, **kwargs: Any) -> HttpResponse:
        invitation = get_object_or_404(
            Invitation.objects.select_related("organization", "invited_by"), token=token
        )
        if not invitation.is_open:
            context = {"invitation": invitation}
            return render(request, "accounts/invitation_closed.html", context, status=410)
        if request.user.is_authenticated:
            if not invitation.is_for(request.user):
                return render(request, "accounts/invitation_not_yours.html", status=403)
        elif User.objects.filter(email__iexact=invitation.email).exists():
            return redirect_to_login(request.get_full_path())
        return view(request, invitation, *args, **kwargs)

    return wrapper
