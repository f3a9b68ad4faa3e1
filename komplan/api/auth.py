"""Who is calling the API: the browser's session (with its CSRF token on changes) or a
personal token (`Authorization: Bearer kp_…`). A token acts as its owner within its
organisation only, and a read token changes nothing; otherwise the screens' gate decides
(`komplan.accounts.access.gate`): 404 for outsiders, 403 for a role too low."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from komplan.accounts.access import VIEW, check_role, gate, user_memberships
from komplan.accounts.models import Organization
from komplan.api.models import ApiToken
from komplan.meetings.models import Forum, Meeting
from komplan.plans.models import Goal, Plan
from komplan.surveys.models import Survey

# How stale a token's "last used" may get: one write per token per interval, not per request.
USE_RECORDED_EVERY = dt.timedelta(minutes=5)


class TokenAuth(HttpBearer):
    openapi_description = (
        "A personal API token, made on your profile page (/profile/api-tokens/): "
        "`Authorization: Bearer kp_…`."
    )

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = ApiToken.find(token)
        if found is None or not found.user.is_active:
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > USE_RECORDED_EVERY:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        # Everything the request changes is the token owner's (the audit trail reads it).
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        return found


class BrowserSession(SessionAuth):
    """The logged-in browser (the browsable page); changes need the CSRF token."""

    openapi_description = "The browser's session; changes send the X-CSRFToken header."


AUTH = [TokenAuth(), BrowserSession(csrf=True)]


def token_of(request: HttpRequest) -> ApiToken | None:
    return getattr(request, "api_token", None)


def plans_for(request: HttpRequest) -> Any:
    """The plans the caller may reach at all: a token's organisation's only."""
    plans = Plan.objects.select_related("organization")
    token = token_of(request)
    if token is not None:
        plans = plans.filter(organization_id=token.organization_id)
    return plans


def check_scope(request: HttpRequest, role: str) -> None:
    """A read token may only read."""
    token = token_of(request)
    if token is not None and role != VIEW and not token.writes:
        raise PermissionDenied


def plan_for(request: HttpRequest, plan_id: int, role: str) -> Plan:
    """The plan `plan_id` through the screens' gate, then the token's scope."""
    plan = gate(request.user, plans_for(request), plan_id, "organization_id", role)
    check_scope(request, role)
    return plan  # type: ignore[no-any-return]


def _scoped(request: HttpRequest, queryset: Any, pk: int, organization: str, role: str) -> Any:
    """`queryset`'s object `pk` through the screens' gate, then the token's scope: another
    organisation than the token's is not found."""
    token = token_of(request)
    if token is not None:
        queryset = queryset.filter(**{organization.replace(".", "__"): token.organization_id})
    found = gate(request.user, queryset, pk, organization, role)
    check_scope(request, role)
    return found


def forums_for(request: HttpRequest) -> Any:
    """The forums the caller may reach at all: of the organisations they belong to (a token's
    only)."""
    forums = Forum.objects.select_related("organization").filter(
        organization__memberships__user=request.user
    )
    token = token_of(request)
    if token is not None:
        forums = forums.filter(organization_id=token.organization_id)
    return forums


def forum_for(request: HttpRequest, forum_id: int, role: str) -> Forum:
    forums = Forum.objects.select_related("organization")
    return _scoped(request, forums, forum_id, "organization_id", role)  # type: ignore[no-any-return]


def meeting_for(request: HttpRequest, meeting_id: int, role: str) -> Meeting:
    meetings = Meeting.objects.select_related("forum__organization")
    return _scoped(request, meetings, meeting_id, "forum.organization_id", role)  # type: ignore[no-any-return]


def goal_for(request: HttpRequest, goal_id: int, role: str) -> Goal:
    goals = Goal.objects.select_related("plan__organization")
    return _scoped(request, goals, goal_id, "plan.organization_id", role)  # type: ignore[no-any-return]


def survey_for(request: HttpRequest, survey_id: int, role: str) -> Survey:
    surveys = Survey.objects.select_related("plan__organization", "group")
    return _scoped(request, surveys, survey_id, "plan.organization_id", role)  # type: ignore[no-any-return]


def organization_for(request: HttpRequest, slug: str, role: str) -> Organization:
    """The organisation `slug`, gated like a plan: not found for an outsider and for another
    organisation than the token's, refused for a role too low; then the token's scope. One of
    the caller's memberships, so no query."""
    token = token_of(request)
    membership = next(
        (
            m
            for m in user_memberships(request.user)
            if m.organization.slug == slug
            and (token is None or m.organization_id == token.organization_id)
        ),
        None,
    )
    check_role(membership, role)
    check_scope(request, role)
    assert membership is not None
    return membership.organization
