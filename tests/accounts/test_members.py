"""An organisation's administrator adds, re-roles and removes members."""

from __future__ import annotations

from typing import Any

import pytest

from komplan.accounts.models import Membership, Role, User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_member_cannot_be_added_twice(admin_client_: Any, organization: Any, editor: Any) -> None:
    response = admin_client_.post(
        f"/orgs/{organization.slug}/members/add/", {"email": editor.email, "role": "admin"}
    )
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert editor.memberships.get().role == Role.EDITOR


def test_the_admin_changes_a_role(admin_client_: Any, organization: Any, editor: Any) -> None:
    membership = editor.memberships.get()
    admin_client_.post(
        f"/orgs/{organization.slug}/members/{membership.pk}/role/",
        {f"m{membership.pk}-role": "viewer"},
    )
    membership.refresh_from_db()
    assert membership.role == Role.VIEWER


def test_the_admin_makes_a_member_an_approver_and_back(
    admin_client_: Any, organization: Any, viewer: Any
) -> None:
    membership = viewer.memberships.get()
    url = f"/orgs/{organization.slug}/members/{membership.pk}/role/"
    prefix = f"m{membership.pk}"
    admin_client_.post(url, {f"{prefix}-role": "viewer", f"{prefix}-can_approve": "on"})
    membership.refresh_from_db()
    assert (membership.role, membership.can_approve) == (Role.VIEWER, True)
    page = admin_client_.get(f"/orgs/{organization.slug}/members/").content.decode()
    assert f'name="{prefix}-can_approve"' in page and "checked" in page
    admin_client_.post(url, {f"{prefix}-role": "viewer"})  # the box left unticked
    membership.refresh_from_db()
    assert membership.can_approve is False


def test_an_editor_cannot_make_anyone_an_approver(
    editor_client: Any, organization: Any, editor: Any
) -> None:
    membership = editor.memberships.get()
    url = f"/orgs/{organization.slug}/members/{membership.pk}/role/"
    response = editor_client.post(
        url, {f"m{membership.pk}-role": "editor", f"m{membership.pk}-can_approve": "on"}
    )
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.can_approve is False


def test_the_last_admin_cannot_leave_or_step_down(
    admin_client_: Any, organization: Any, admin_user: Any
) -> None:
    membership = admin_user.memberships.get()
    admin_client_.post(f"/orgs/{organization.slug}/members/{membership.pk}/remove/")
    admin_client_.post(
        f"/orgs/{organization.slug}/members/{membership.pk}/role/",
        {f"m{membership.pk}-role": "editor"},
    )
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN


def test_removing_a_member_keeps_their_account(
    admin_client_: Any, organization: Any, editor: Any
) -> None:
    membership = editor.memberships.get()
    page = admin_client_.get(f"/orgs/{organization.slug}/members/{membership.pk}/remove/")
    assert page.status_code == 200
    admin_client_.post(f"/orgs/{organization.slug}/members/{membership.pk}/remove/")
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert User.objects.filter(pk=editor.pk).exists()


def test_log_in_change_password_and_log_out(client: Any, editor: Any) -> None:
    response = client.post("/accounts/login/", {"username": editor.username, "password": PASSWORD})
    assert response["Location"] == "/"  # My work
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "Bokstav-Sallad-88",
            "new_password2": "Bokstav-Sallad-88",
        },
    )
    assert response.status_code == 302
    client.post("/accounts/logout/")
    assert client.get("/plans/").status_code == 302
    assert client.login(username=editor.username, password="Bokstav-Sallad-88")


def test_a_wrong_password_is_refused_with_a_message(client: Any, editor: Any) -> None:
    response = client.post("/accounts/login/", {"username": editor.username, "password": "fel"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_superusers_keep_the_django_admin(db: Any, client: Any) -> None:
    User.objects.create_superuser("root", "root@example.org", PASSWORD)
    client.login(username="root", password=PASSWORD)
    assert client.get("/admin/plans/plan/").status_code == 200
    assert client.get("/admin/accounts/organization/").status_code == 200
