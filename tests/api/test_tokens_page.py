"""The token page on the profile: a token is made, shown once, listed by its start and
revoked; komplan keeps only its hash."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from komplan.accounts.models import Role
from komplan.api.models import ApiToken, digest
from tests.api.helpers import bearer, make_token
from tests.factories import make_member, make_organization, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(editor: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(editor)
    return client


def test_the_profile_links_to_the_token_page(client: Client) -> None:
    assert 'href="/profile/api-tokens/"' in client.get("/profile/").content.decode()


def test_a_new_token_is_shown_once_and_kept_hashed(
    client: Client, organization: Any, editor: Any
) -> None:
    page = client.post(
        "/profile/api-tokens/",
        {"name": "Intranätets projektlista", "organization": organization.pk, "scope": "read"},
    )
    html = page.content.decode()
    secret = re.search(r'value="(kp_[^"]+)"', html).group(1)  # type: ignore[union-attr]
    assert page["Cache-Control"] == "no-store"
    token = ApiToken.objects.get()
    assert (token.user, token.organization, token.scope) == (editor, organization, "read")
    assert token.hashed == digest(secret) and secret not in token.hashed
    assert token.prefix == secret[:11]
    again = client.get("/profile/api-tokens/").content.decode()
    assert secret not in again
    assert token.prefix in again and "Intranätets projektlista" in again
    plan = make_plan(organization)
    assert bearer(secret).get(f"/api/v1/plans/{plan.pk}").status_code == 200


def test_a_token_can_only_be_made_for_ones_own_organisations(client: Client) -> None:
    other = make_organization("Norrby kommun", "norrby")
    page = client.post(
        "/profile/api-tokens/", {"name": "X", "organization": other.pk, "scope": "write"}
    )
    assert page.status_code == 200
    assert not ApiToken.objects.exists()


def test_a_revoked_token_stops_working(client: Client, organization: Any, editor: Any) -> None:
    secret = make_token(editor, organization)
    plan = make_plan(organization)
    token = ApiToken.objects.get()
    response = client.post(f"/profile/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert bearer(secret).get(f"/api/v1/plans/{plan.pk}").status_code == 401
    assert "revoked" in client.get("/profile/api-tokens/").content.decode()


def test_nobody_revokes_another_persons_token(client: Client, organization: Any) -> None:
    other = make_member(organization, "cecilia", Role.ADMIN)
    make_token(other, organization)
    token = ApiToken.objects.get()
    assert client.post(f"/profile/api-tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_page_needs_a_login() -> None:
    assert Client().get("/profile/api-tokens/").status_code == 302


def test_the_browsable_page_is_served_from_komplan_itself(client: Client) -> None:
    html = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
