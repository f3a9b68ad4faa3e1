"""Single sign-on against a real OpenID Connect provider started on 127.0.0.1 by the test
(oidc-provider-mock): the first login of an invited address lands in the invited
organisation with the invited role; an uninvited address is refused; passwords can be off."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from django.test import Client
from django.utils import timezone
from oidc_provider_mock import User as ProviderUser
from oidc_provider_mock import run_server_in_thread

from komplan.accounts.models import Invitation, Membership, Role, User

pytestmark = pytest.mark.django_db

PEOPLE = [
    ProviderUser(
        sub="anna",
        claims={
            "email": "anna.berg@ekby.example",
            "email_verified": True,
            "given_name": "Anna",
            "family_name": "Berg",
        },
    ),
    ProviderUser(sub="okand", claims={"email": "okand@ekby.example", "email_verified": True}),
]


@pytest.fixture
def provider(settings: Any) -> Iterator[str]:
    with run_server_in_thread(user_claims=PEOPLE) as server:
        base = f"http://127.0.0.1:{server.server_port}"
        settings.KOMPLAN_OIDC_CLIENT_ID = settings.OIDC_RP_CLIENT_ID = "komplan"
        settings.OIDC_RP_CLIENT_SECRET = "hemligt"
        settings.OIDC_OP_AUTHORIZATION_ENDPOINT = base + "/oauth2/authorize"
        settings.OIDC_OP_TOKEN_ENDPOINT = base + "/oauth2/token"
        settings.OIDC_OP_USER_ENDPOINT = base + "/userinfo"
        settings.OIDC_OP_JWKS_ENDPOINT = base + "/jwks"
        settings.OIDC_TIMEOUT = 5
        settings.OIDC_VERIFY_KID = False  # the mock's one key has no id; Entra ID's do
        settings.AUTHENTICATION_BACKENDS = [
            *settings.AUTHENTICATION_BACKENDS,
            "komplan.accounts.sso.InvitedOIDCBackend",
        ]
        yield base


def sign_in(client: Client, sub: str) -> Any:
    """Through the provider's login page as `sub`; the response of komplan's callback."""
    start = client.get("/oidc/authenticate/")
    assert start.status_code == 302
    with httpx.Client(timeout=5) as browser:
        answer = browser.post(start["Location"], data={"sub": sub})
    assert answer.status_code in (302, 303), answer.text[:300]
    back = urlsplit(answer.headers["location"])
    assert back.path == "/oidc/callback/"
    return client.get(f"{back.path}?{back.query}")


def invite(organization: Any, email: str, role: str) -> Invitation:
    return Invitation.objects.create(
        organization=organization,
        email=email,
        role=role,
        expires_at=timezone.now() + dt.timedelta(days=7),
    )


def test_the_first_login_of_an_invited_address_lands_in_the_organisation_with_its_role(
    provider: str, organization: Any
) -> None:
    invite(organization, "Anna.Berg@ekby.example", Role.VIEWER)
    client = Client()
    done = sign_in(client, "anna")
    assert done.status_code == 302 and done["Location"] == "/"
    user = User.objects.get(email__iexact="anna.berg@ekby.example")
    assert (user.first_name, user.last_name) == ("Anna", "Berg")
    assert not user.has_usable_password()
    membership = Membership.objects.get(user=user)
    assert (membership.organization, membership.role) == (organization, Role.VIEWER)
    assert Invitation.objects.get().accepted_at is not None
    assert client.get(f"/orgs/{organization.slug}/members/").status_code == 200
    # The second login finds the same account.
    again = Client()
    assert sign_in(again, "anna").status_code == 302
    assert User.objects.filter(email__iexact="anna.berg@ekby.example").count() == 1


def test_an_uninvited_unknown_address_is_refused_with_a_page_that_says_why(
    provider: str, organization: Any
) -> None:
    client = Client()
    done = sign_in(client, "okand")
    assert done.status_code == 302 and done["Location"] == "/accounts/sso/refused/"
    page = client.get(done["Location"])
    assert page.status_code == 403
    assert "bjuda in" in page.content.decode()  # "ask an administrator to invite you"
    assert not User.objects.filter(email="okand@ekby.example").exists()
    assert client.get("/").status_code == 302  # not logged in


def test_with_passwords_off_the_login_page_offers_only_the_provider(
    provider: str, settings: Any, admin_user: Any
) -> None:
    settings.KOMPLAN_PASSWORD_LOGIN = False
    client = Client()
    page = client.get("/accounts/login/").content.decode()
    assert 'href="/oidc/authenticate/"' in page
    assert 'type="password"' not in page
    refused = client.post("/accounts/login/", {"username": "alice", "password": "x"})
    assert refused.status_code == 405
    assert client.get("/").status_code == 302


def test_with_both_on_the_login_page_offers_both(provider: str) -> None:
    page = Client().get("/accounts/login/").content.decode()
    assert 'href="/oidc/authenticate/"' in page and 'type="password"' in page


def test_a_former_member_invited_again_gets_their_own_account_back(
    provider: str, organization: Any
) -> None:
    # Removed from their last organisation (accounts.services.member_remove): login ended.
    former = User.objects.create_user(
        username="anna.berg@ekby.example", email="anna.berg@ekby.example", is_active=False
    )
    invite(organization, "anna.berg@ekby.example", Role.EDITOR)
    assert sign_in(Client(), "anna").status_code == 302
    assert list(User.objects.filter(email__iexact="anna.berg@ekby.example")) == [former]
    former.refresh_from_db()
    assert former.is_active and (former.first_name, former.last_name) == ("Anna", "Berg")
    assert Membership.objects.get(user=former).role == Role.EDITOR
