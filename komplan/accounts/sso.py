"""Single sign-on with the organisation's OpenID Connect provider (Microsoft Entra ID or any
other), through mozilla-django-oidc (docs/sso.md says why and how to configure it).

A person is matched by the email address the provider vouches for: an existing active
account with that address logs in; an unknown address with an open invitation gets an
account without a password (a former member's own, opened again, as the invitation's page
does: `services.invited_account_open`) and every open invitation to it is accepted, so the
first login lands in the invited organisations with the invited roles; an unknown address
without an invitation is refused (the `sso_refused` page)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from komplan.accounts import services
from komplan.accounts.models import Invitation


def _email(claims: dict[str, Any]) -> str:
    return str(claims.get("email") or "").strip()


def _accept_open_invitations(user: Any, email: str) -> None:
    for invitation in Invitation.objects.open().filter(email__iexact=email):
        try:
            services.invitation_accept(invitation=invitation, user=user)
        except services.InvitationClosedError:
            continue


class InvitedOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    def verify_claims(self, claims: dict[str, Any]) -> bool:
        # An address the provider has not verified is not one to match accounts by.
        return bool(_email(claims)) and claims.get("email_verified", True) is not False

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        users = get_user_model()._default_manager
        return users.filter(email__iexact=_email(claims), is_active=True)

    @transaction.atomic
    def create_user(self, claims: dict[str, Any]) -> Any:
        email = _email(claims)
        if not Invitation.objects.open().filter(email__iexact=email).exists():
            return None  # not invited: refused
        user = services.invited_account_open(
            email=email,
            first_name=str(claims.get("given_name") or "")[:150],
            last_name=str(claims.get("family_name") or "")[:150],
            password=None,
        )
        _accept_open_invitations(user, email)
        return user

    def update_user(self, user: Any, claims: dict[str, Any]) -> Any:
        _accept_open_invitations(user, _email(claims))
        return user


def sso_refused(request: HttpRequest) -> HttpResponse:
    """The provider vouched for a person komplan does not know and nobody invited."""
    return render(request, "registration/sso_refused.html", status=403)


def sso_login(request: HttpRequest) -> HttpResponse:
    """The login page: the password form, the SSO button, or both (KOMPLAN_PASSWORD_LOGIN,
    KOMPLAN_OIDC_CLIENT_ID). With passwords off a posted password is refused."""
    from django.conf import settings
    from django.contrib.auth.views import LoginView

    if settings.KOMPLAN_PASSWORD_LOGIN:
        return LoginView.as_view()(request)
    status = 405 if request.method == "POST" else 200
    return render(
        request, "registration/login.html", {"next": request.GET.get("next", "")}, status=status
    )
