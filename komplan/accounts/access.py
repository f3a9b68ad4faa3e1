"""The one place that says who may see or change what.

Every organisation- or plan-scoped view fetches its object through these helpers.
An outsider never learns that another organisation's object exists (404); a member
whose role is too low is told so (403).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from operator import attrgetter
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from komplan.accounts.models import APPROVE, Invitation, Membership, Organization, Role, User
from komplan.core.prepared import PreparedObjects

VIEW = Role.VIEWER
EDIT = Role.EDITOR
MANAGE = Role.ADMIN
__all__ = ["APPROVE", "EDIT", "MANAGE", "VIEW"]  # APPROVE: the approver flag


def user_memberships(user: Any) -> list[Membership]:
    """The user's memberships with their organisations, in the header's order: one query per
    request, shared by the permission gate and the header (kept on the request's user)."""
    if not user.is_authenticated:
        return []
    found = getattr(user, "_komplan_memberships", None)
    if found is None:
        found = _MEMBERSHIPS(user.pk)
        user._komplan_memberships = found
    return found


# Compiled once (`komplan.core.prepared`): every page reads it.
_MEMBERSHIPS = PreparedObjects(
    Membership,
    lambda user_id: Membership.objects.filter(user_id=user_id).select_related("organization"),
)


def forget_memberships(user: Any) -> None:
    """After the user's own memberships change within a request: read them again."""
    user.__dict__.pop("_komplan_memberships", None)


def membership_for(user: Any, organization_id: int) -> Membership | None:
    for membership in user_memberships(user):
        if membership.organization_id == organization_id:
            return membership
    return None


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


def gate(user: Any, queryset: QuerySet[Any], pk: int, organization_id: str, role: str) -> Any:
    """The object `pk` of `queryset` if `user` holds at least `role` in the organisation whose
    id the object's attribute path `organization_id` gives ("forum.organization_id"); 404 for
    a missing object and for outsiders alike, 403 for members below `role`. The object gets
    the user's `membership`. Each app builds its lookups (`plan_view`, `meeting_view`) on this.
    """
    return gate_object(user, get_object_or_404(queryset, pk=pk), organization_id, role)


def gate_object(user: Any, scoped: Any, organization_id: str, role: str) -> Any:
    """`gate` for an object already read: `scoped` if `user` holds at least `role` in its
    organisation, with their `membership`; 404 for outsiders, 403 for members below `role`."""
    membership = membership_for(user, attrgetter(organization_id)(scoped))
    check_role(membership, role)
    scoped.membership = membership
    return scoped


def memberships_by_organization(user: Any) -> dict[int, Membership]:
    """The user's memberships by organisation id, in one query: pages that list work across
    organisations (the home page) filter every query by these ids and check roles on them."""
    return {m.organization_id: m for m in user_memberships(user)}


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


def scoped_view(
    param: str, fetch: Callable[[Any, int, str], Any], role: str
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a view taking the URL argument `param`: it receives the object that
    `fetch(user, value, role)` gives (through `gate`) in its place."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            scoped = fetch(request.user, kwargs.pop(param), role)
            return view(request, scoped, *args, **kwargs)

        return wrapper

    return decorator


def invitation_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate a view taking an invitation's secret `token`: it receives the invitation when
    the visitor may answer it. Unknown token: 404. A closed invitation (answered, withdrawn,
    expired): a page saying so (410), naming no organisation. Logged in with another email
    address: a page saying so (403). Not logged in while the address has an active account: the
    login page. Not logged in and no account, or one whose login ended with its last
    membership: the view, to let the person choose a name and password."""

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
        elif User.objects.filter(email__iexact=invitation.email, is_active=True).exists():
            return redirect_to_login(request.get_full_path())
        return view(request, invitation, *args, **kwargs)

    return wrapper
